//! `report collect`: reading filled reporting workbooks back, with the reading rules and
//! findings of `validate`, and writing the implementation report (spec: reporting.md).
//!
//! Every indicator of the programme appears in the report: reported, or marked "няма отчет"
//! and listed in `Липсващи` — never dropped.

use std::collections::HashMap;

use crate::read::Data;

use crate::config::Programme;
use crate::contract::reporting::{REPORT_HEADERS, REPORT_ID, SHEET_REPORT, Status, report_col};
use crate::contract::template::{SHEET_INSTITUTION, SHEET_META};
use crate::model::contribution::MAX_FINDINGS;
use crate::model::findings::{Finding, Place, Problem};
use crate::model::programme_rows::DataRow;
use crate::model::reporting::{Collected, Expected, ReportFile, Reported, row_keys};
use crate::normalise::cells::{cell_text, is_blank};
use crate::normalise::number::parse_number;
use crate::normalise::text::fold_key;
use crate::read::{Limits, Workbook as Source};
use crate::validate::contribution::read_problem;
use crate::validate::institutions::Matcher;
use crate::validate::table::{header_rows, key_values};

/// Joins read reports to the programme's rows: one report per institution (the first by
/// file name is used, later ones are refused with `duplicate-report`), and what each
/// indicator was reported as.
pub fn join(data: Vec<DataRow>, mut files: Vec<ReportFile>) -> Collected {
    let keys = row_keys(&data);
    let rows: Vec<(String, DataRow)> = keys.into_iter().zip(data).collect();
    // One report per institution: the first by file name is used, later ones are refused.
    files.sort_by_key(|f| crate::model::merge::file_name(&f.file));
    let mut first_of: HashMap<String, String> = HashMap::new();
    for file in &mut files {
        let Some(institution) = file.institution.clone() else {
            continue;
        };
        if file.rejected {
            continue;
        }
        match first_of.get(&institution) {
            Some(first) => {
                file.findings.push(Finding {
                    file: file.file.clone(),
                    place: None,
                    problem: Problem::DuplicateReport {
                        first_file: crate::model::merge::file_name(first),
                    },
                });
                file.rejected = true;
            }
            None => {
                first_of.insert(institution, file.file.clone());
            }
        }
    }
    let mut reported = HashMap::new();
    for file in files.iter().filter(|f| !f.rejected) {
        for (key, row) in &file.rows {
            reported.insert(key.clone(), row.clone());
        }
    }
    Collected {
        rows,
        reported,
        files,
    }
}

/// Reads one filled reporting workbook held in memory (shown as `display` in findings).
///
/// Never fails: a file that cannot be read gives a report with a file-level finding.
///
/// # Examples
///
/// ```no_run
/// use zakrila::read::Limits;
/// use zakrila::model::reporting::Expected;
/// use zakrila::validate::report::read_report_bytes;
/// let programme = zakrila::config::Programme::load("programme.toml".as_ref()).unwrap();
/// let data = zakrila::validate::programme_data::read_data("програма.xlsx".as_ref(), Limits::default()).unwrap();
/// let bytes = std::fs::read("отчет-руо.xlsx").unwrap();
/// let report = read_report_bytes(bytes, "отчет-руо.xlsx", &programme, &Expected::new(&data), Limits::default());
/// println!("{} rows reported", report.rows.len());
/// ```
pub fn read_report_bytes(
    bytes: Vec<u8>,
    display: &str,
    programme: &Programme,
    expected: &Expected,
    limits: Limits,
) -> ReportFile {
    read_report(
        Source::from_bytes(bytes, limits),
        display,
        programme,
        expected,
    )
}

/// The report of a file whose bytes could not be read at all (missing, no permission, over
/// the size limit): its one file-level finding.
pub fn unreadable(display: &str, err: crate::read::ReadError) -> ReportFile {
    let mut report = ReportFile::empty(display);
    report.file_problem(read_problem(err));
    report
}

fn read_report(
    book: Result<Source, crate::read::ReadError>,
    display: &str,
    programme: &Programme,
    expected: &Expected,
) -> ReportFile {
    let digest = expected.digest.as_str();
    let lead_of = &expected.lead_of;
    let mut report = ReportFile::empty(display);
    let mut book = match book {
        Ok(book) => book,
        Err(err) => {
            report.file_problem(read_problem(err));
            return report;
        }
    };
    let names = book.sheet_names();
    let meta = read_meta(&mut book, &names);
    report.check_meta(&meta, programme, digest);
    if report.rejected {
        return report;
    }
    report.find_institution(&mut book, &names, &meta, programme);
    if report.rejected {
        return report;
    }
    let Some(name) = names
        .iter()
        .find(|n| fold_key(n) == fold_key(SHEET_REPORT))
        .cloned()
    else {
        report.file_problem(Problem::NoReportTable);
        return report;
    };
    let sheet = match book.sheet(&name) {
        Ok(sheet) => sheet,
        Err(err) => {
            report.file_problem(read_problem(err));
            return report;
        }
    };
    // The header is found by its labels, as in a contribution; columns are mapped by header.
    // The header is found by its labels, as in a contribution; columns are mapped by header.
    let header = header_rows(&sheet, &REPORT_HEADERS).into_iter().find(|h| {
        h.at[usize::from(report_col::KEY)].is_some()
            && h.at[usize::from(report_col::VALUE)].is_some()
    });
    let Some(header) = header else {
        report.file_problem(Problem::NoReportTable);
        return report;
    };
    let (header_row, at) = (header.row, header.at);
    let institution = report.institution.clone().unwrap_or_default();
    let file_name = crate::model::merge::file_name(display);
    for row in sheet.rows().filter(|row| *row > header_row) {
        let get = |col: u16| at[usize::from(col)].map_or(&Data::Empty, |c| sheet.get(row, c));
        if sheet.row(row).all(|(_, data)| is_blank(data)) {
            continue;
        }
        let key = cell_text(get(report_col::KEY));
        let own = key
            .as_deref()
            .is_some_and(|k| lead_of.get(k).is_some_and(|lead| *lead == institution));
        if !own {
            let activity = cell_text(get(report_col::CODE)).unwrap_or_default();
            let indicator = cell_text(get(2)).unwrap_or_default();
            report.cell_problem(
                &name,
                (row, at[0].unwrap_or(0)),
                Problem::UnknownReportRow {
                    activity,
                    indicator,
                },
            );
            continue;
        }
        let mut ok = true;
        let value = report.number(
            &name,
            row,
            report_col::VALUE,
            at[usize::from(report_col::VALUE)],
            get(report_col::VALUE),
            &mut ok,
        );
        let spent = report.number(
            &name,
            row,
            report_col::SPENT,
            at[usize::from(report_col::SPENT)],
            get(report_col::SPENT),
            &mut ok,
        );
        let status = match cell_text(get(report_col::STATUS)) {
            None => None,
            Some(text) => match Status::from_text(&text) {
                Some(status) => Some(status),
                None => {
                    let col = at[usize::from(report_col::STATUS)].unwrap_or(report_col::STATUS);
                    report.cell_problem(&name, (row, col), Problem::UnknownStatus { value: text });
                    ok = false;
                    None
                }
            },
        };
        if ok && let Some(key) = key {
            report.rows.insert(
                key,
                Reported {
                    value,
                    status,
                    spent,
                    comment: cell_text(get(report_col::COMMENT)),
                    institution: institution.clone(),
                    file: file_name.clone(),
                },
            );
        }
    }
    if report.unlisted > 0 {
        let unlisted = report.unlisted;
        report.findings.push(Finding {
            file: report.file.clone(),
            place: None,
            problem: Problem::TooManyFindings {
                listed: MAX_FINDINGS,
                unlisted,
            },
        });
    }
    report
}

/// `_meta` values with their cells, by key.
type Meta = HashMap<String, (String, (u32, u16))>;

fn read_meta(book: &mut Source, names: &[String]) -> Option<Meta> {
    let name = names.iter().find(|n| n.as_str() == SHEET_META)?;
    let sheet = book.sheet(name).ok()?;
    Some(key_values(&sheet))
}

impl ReportFile {
    fn push(&mut self, place: Option<Place>, problem: Problem) {
        if problem.rejects_file() {
            self.rejected = true;
        }
        // As for contributions: quotes cut short, and past the limit only counted.
        if self.findings.len() >= MAX_FINDINGS {
            self.unlisted += 1;
            return;
        }
        self.findings.push(Finding {
            file: self.file.clone(),
            place,
            problem: problem.with_short_quotes(),
        });
    }

    fn file_problem(&mut self, problem: Problem) {
        self.push(None, problem);
    }

    fn cell_problem(&mut self, sheet: &str, cell: (u32, u16), problem: Problem) {
        self.push(
            Some(Place {
                sheet: sheet.to_string(),
                cell: Some(cell),
                row: Some(cell.0),
                column: None,
            }),
            problem,
        );
    }

    /// A problem at a cell under a known column of the `Отчет` sheet.
    fn column_problem(&mut self, sheet: &str, cell: (u32, u16), column: &str, problem: Problem) {
        self.push(
            Some(Place {
                sheet: sheet.to_string(),
                cell: Some(cell),
                row: Some(cell.0),
                column: Some(column.to_string()),
            }),
            problem,
        );
    }

    fn check_meta(&mut self, meta: &Option<Meta>, programme: &Programme, digest: &str) {
        let Some(meta) = meta else {
            return self.file_problem(Problem::MissingMeta);
        };
        let get = |k: &str| meta.get(k).cloned();
        match get("template_id") {
            Some((id, cell)) if id != REPORT_ID => {
                return self.cell_problem(
                    SHEET_META,
                    cell,
                    Problem::NotATemplate { template_id: id },
                );
            }
            None => return self.file_problem(Problem::MissingMeta),
            _ => {}
        }
        let expected = [
            ("municipality_code", programme.municipality_code.clone()),
            ("period_start", programme.period_start.to_string()),
            ("period_end", programme.period_end.to_string()),
        ];
        for (key, expected) in expected {
            if let Some((found, cell)) = get(key)
                && found != expected
            {
                self.cell_problem(
                    SHEET_META,
                    cell,
                    Problem::OtherProgramme {
                        key,
                        found,
                        expected,
                    },
                );
            }
        }
        if let Some((sha, cell)) = get("programme_sha256")
            && sha != digest
            && !self.rejected
        {
            self.cell_problem(SHEET_META, cell, Problem::ProgrammeChanged);
        }
    }

    fn find_institution(
        &mut self,
        book: &mut Source,
        names: &[String],
        meta: &Option<Meta>,
        programme: &Programme,
    ) {
        let matcher = Matcher::new(programme);
        // The Институция sheet says who reports; _meta says whom the report was made for.
        let from_sheet = names
            .iter()
            .find(|n| fold_key(n) == fold_key(SHEET_INSTITUTION))
            .and_then(|n| book.sheet(n).ok())
            .and_then(|sheet| {
                sheet
                    .rows()
                    .take_while(|r| *r < 50)
                    .find(|&r| {
                        cell_text(sheet.get(r, 0))
                            .is_some_and(|t| fold_key(&t) == fold_key("Институция"))
                    })
                    .and_then(|r| cell_text(sheet.get(r, 1)))
            });
        let from_meta = meta
            .as_ref()
            .and_then(|m| m.get("institution"))
            .map(|(v, _)| v.clone());
        let Some(name) = from_sheet.or(from_meta) else {
            return self.file_problem(Problem::MissingInstitution);
        };
        match matcher.find(&name) {
            Some(i) => self.institution = Some(programme.institutions[i].name.clone()),
            None => self.file_problem(Problem::UnknownInstitution { name }),
        }
    }

    fn number(
        &mut self,
        sheet: &str,
        row: u32,
        contract_col: u16,
        col: Option<u16>,
        data: &Data,
        ok: &mut bool,
    ) -> Option<f64> {
        let col = col?;
        let column = crate::contract::reporting::REPORT_HEADERS[usize::from(contract_col)];
        match data {
            Data::Empty => None,
            Data::Float(v) => Some(*v),
            Data::Int(v) => Some(*v as f64),
            Data::String(text) if text.trim().is_empty() => None,
            Data::String(text) => match parse_number(text) {
                Some(number) => {
                    self.column_problem(
                        sheet,
                        (row, col),
                        column,
                        Problem::ValueAsText {
                            text: crate::normalise::text::clean(text),
                            value: crate::normalise::number::format_bg(number.value),
                        },
                    );
                    Some(number.value)
                }
                None => {
                    self.column_problem(
                        sheet,
                        (row, col),
                        column,
                        Problem::ValueNotANumber {
                            text: crate::normalise::text::clean(text),
                        },
                    );
                    *ok = false;
                    None
                }
            },
            other => {
                let text = cell_text(other).unwrap_or_default();
                let problem = if matches!(other, Data::Error(_)) {
                    Problem::FormulaError { value: text }
                } else {
                    Problem::NotANumber { text }
                };
                self.cell_problem(sheet, (row, col), problem);
                *ok = false;
                None
            }
        }
    }
}
