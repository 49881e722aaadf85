//! The `Институция` sheet: who submits, found by the labels in column A.

use super::*;

impl SubmissionReader<'_> {
    pub(super) fn read_institution(&mut self, book: &mut Workbook, names: &[String]) {
        let Some(name) = find_sheet(names, SHEET_INSTITUTION) else {
            self.file_problem(Problem::MissingInstitutionSheet);
            return self.file_problem(Problem::MissingInstitution);
        };
        let sheet = match book.sheet(&name) {
            Ok(sheet) => sheet,
            Err(err) => return self.read_failure(err),
        };
        // Rows are found by their label in column A, not by number.
        let mut values: HashMap<&'static str, (Option<&Data>, (u32, u16))> = HashMap::new();
        for row in sheet.rows().take_while(|row| *row < 100) {
            let Some(label) = cell_text(sheet.get(row, 0)) else {
                continue;
            };
            let key = header_key(&label);
            if let Some(field) = INSTITUTION_FIELDS.iter().find(|f| fold_key(f.label) == key) {
                // The value is in the cell right of the label (column B); the template's
                // "задължително"/"по желание" hints in C are never taken for a value.
                let value_col = 1;
                let data = sheet.get(row, value_col);
                values
                    .entry(field.label)
                    .or_insert(((!is_blank(data)).then_some(data), (row, value_col)));
            }
        }
        let mut cells: Vec<(&'static str, Data, (u32, u16))> = values
            .iter()
            .map(|(label, (data, cell))| (*label, data.cloned().unwrap_or_default(), *cell))
            .collect();
        cells.sort_by_key(|(_, _, cell)| *cell);
        self.submission.institution_cells = cells;
        let text_of = |label: &str| {
            values
                .get(label)
                .and_then(|(data, _)| data.and_then(cell_text))
        };
        let cell_of = |label: &str| values.get(label).map(|(_, cell)| *cell);

        match (text_of("Институция"), cell_of("Институция")) {
            (Some(institution), Some(cell)) => match self.matcher.find(&institution) {
                Some(index) => self.submission.institution = Some(index),
                None => self.cell_problem(
                    &name,
                    cell,
                    None,
                    Problem::UnknownInstitution { name: institution },
                ),
            },
            (None, Some(cell)) => self.cell_problem(&name, cell, None, Problem::MissingInstitution),
            (_, None) => self.sheet_problem(&name, Problem::MissingInstitution),
        }

        let person = text_of("Лице за контакт");
        if person.is_none() {
            self.field_missing(&name, cell_of("Лице за контакт"), "Лице за контакт");
        }
        let email = text_of("Имейл");
        match (&email, cell_of("Имейл")) {
            (None, cell) => self.field_missing(&name, cell, "Имейл"),
            (Some(email), Some(cell)) if !is_email(email) => self.cell_problem(
                &name,
                cell,
                None,
                Problem::InvalidEmail {
                    value: email.clone(),
                },
            ),
            _ => {}
        }
        let phone = values
            .get("Телефон")
            .and_then(|(data, _)| data.map(phone_text))
            .flatten();
        if let (Some(phone), Some(cell)) = (&phone, cell_of("Телефон"))
            && !is_bulgarian_phone(phone)
        {
            self.cell_problem(
                &name,
                cell,
                None,
                Problem::InvalidPhone {
                    value: phone.clone(),
                },
            );
        }
        let date = match values.get("Дата") {
            Some((Some(data), cell)) => {
                let date = cell_date(data);
                if date.is_none() {
                    let value = cell_text(data).unwrap_or_default();
                    self.cell_problem(&name, *cell, None, Problem::InvalidDate { value });
                }
                date
            }
            _ => None,
        };
        for long in sheet.long_cells() {
            if values
                .values()
                .any(|(_, cell)| *cell == (long.row, long.col))
            {
                self.cell_problem(
                    &name,
                    (long.row, long.col),
                    None,
                    Problem::CellTooLong { chars: long.chars },
                );
            }
        }
        self.submission.contact = Contact {
            person,
            position: text_of("Длъжност"),
            phone,
            email,
            date,
        };
    }

    fn field_missing(&mut self, sheet: &str, cell: Option<(u32, u16)>, label: &'static str) {
        // A contribution `zakrila import` pre-filled has no contact yet: no programme document
        // names one. The institution fills it; until then it is a reminder, not an error.
        let problem = if self.prefilled {
            Problem::ContactToFill { label }
        } else {
            Problem::MissingField { label }
        };
        match cell {
            Some(cell) => self.cell_problem(sheet, cell, None, problem),
            None => self.sheet_problem(sheet, problem),
        }
    }
}

pub(super) fn cell_date(data: &Data) -> Option<NaiveDate> {
    match data {
        Data::DateTime(dt) => dt.as_datetime().map(|d| d.date()),
        Data::DateTimeIso(text) => NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok(),
        Data::String(text) => {
            let text = clean(text);
            let text = text.trim_end_matches(['г', '.', ' ']);
            ["%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d", "%d.%m.%y"]
                .iter()
                .find_map(|f| NaiveDate::parse_from_str(text, f).ok())
        }
        _ => None,
    }
}

/// A valid e-mail address: the config's rule ([`crate::config::is_email`]).
pub(super) fn is_email(text: &str) -> bool {
    crate::config::is_email(text)
}

/// A phone cell as text. A number cell lost its leading zero in the spreadsheet; put it back.
pub(super) fn phone_text(data: &Data) -> Option<String> {
    match data {
        Data::Float(value) if value.fract() == 0.0 && *value > 0.0 => {
            Some(format!("0{}", *value as i64))
        }
        Data::Int(value) if *value > 0 => Some(format!("0{value}")),
        other => cell_text(other),
    }
}

/// A Bulgarian phone number: "+359" and 8–9 digits, or "0" and 8–9 more digits; spaces,
/// dashes, dots, slashes and brackets between digits allowed.
pub(super) fn is_bulgarian_phone(text: &str) -> bool {
    let compact: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '–' | '.' | '/' | '(' | ')' | '\u{a0}'))
        .collect();
    let national = if let Some(rest) = compact.strip_prefix("+359") {
        rest.to_string()
    } else if let Some(rest) = compact.strip_prefix("00359") {
        rest.to_string()
    } else if let Some(rest) = compact.strip_prefix('0') {
        rest.to_string()
    } else {
        return false;
    };
    let national = national
        .strip_prefix('0')
        .map_or(national.clone(), str::to_string);
    (8..=9).contains(&national.len()) && national.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        for good in [
            "082 123 456",
            "0888 123 456",
            "+359 88 812 3456",
            "+359 (82) 123-456",
            "00359 888 123 456",
            "02/987 65 43",
        ] {
            assert!(is_bulgarian_phone(good), "{good}");
        }
        for bad in [
            "123",
            "0888 123",
            "+1 555 123 4567",
            "телефон",
            "0888 123 456 789",
        ] {
            assert!(!is_bulgarian_phone(bad), "{bad}");
        }
    }
}
