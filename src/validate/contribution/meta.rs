//! The `_meta` sheet: which template and programme a contribution was made from.

use super::*;

impl SubmissionReader<'_> {
    pub(super) fn read_meta(&mut self, book: &mut Workbook, names: &[String]) {
        let Some(name) = names.iter().find(|n| n.as_str() == SHEET_META) else {
            self.file_problem(Problem::MissingMeta);
            return;
        };
        let sheet = match book.sheet(name) {
            Ok(sheet) => sheet,
            Err(err) => return self.read_failure(err),
        };
        let meta = key_values(&sheet);
        let get = |key: &str| meta.get(key).cloned();
        match get(META_KEYS[0]) {
            Some((id, _)) if id == IMPORT_REPORT_ID => {
                self.not_a_contribution = true;
                return self.file_problem(Problem::ImportReport);
            }
            Some((id, cell)) if id != TEMPLATE_ID => {
                return self.cell_problem(
                    SHEET_META,
                    cell,
                    None,
                    Problem::NotATemplate { template_id: id },
                );
            }
            None => return self.file_problem(Problem::MissingMeta),
            _ => {}
        }
        if let Some((version, cell)) = get(META_KEYS[1]) {
            if version != TEMPLATE_VERSION {
                self.cell_problem(
                    SHEET_META,
                    cell,
                    None,
                    Problem::UnknownTemplateVersion {
                        version: version.clone(),
                    },
                );
            }
            self.submission.template_version = Some(version);
        }
        self.prefilled = get(META_PREFILLED).is_some_and(|(by, _)| by == PREFILLED_BY);
        let expected = [
            (META_KEYS[2], self.programme.municipality_code.clone()),
            (META_KEYS[3], self.programme.period_start.to_string()),
            (META_KEYS[4], self.programme.period_end.to_string()),
        ];
        for (key, expected) in expected {
            if let Some((found, cell)) = get(key)
                && found != expected
            {
                self.cell_problem(
                    SHEET_META,
                    cell,
                    None,
                    Problem::OtherProgramme {
                        key,
                        found,
                        expected,
                    },
                );
            }
        }
        if let Some((sha, cell)) = get(META_KEYS[5])
            && sha != self.programme.sha256
            && !self.file_rejected
        {
            self.cell_problem(SHEET_META, cell, None, Problem::ConfigChanged);
        }
    }
}
