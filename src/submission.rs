//! One institution's contribution, read by the reading rules of template.md: header found by
//! its labels, columns mapped by header, fill-down, continuation rows, split indicators,
//! numbers and deadlines as people write them. The result is the model (activities with
//! their indicators, known to be good) plus every finding, each with its cell.
//!
//! Every data row ends up either in an accepted activity or in [`Submission::rejected_rows`]:
//! `rows_read == accepted + rejected` always holds.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::LazyLock;

use calamine::Data;
use chrono::NaiveDate;
use validator::ValidateEmail;

use crate::config::{Currency, Programme, UNITS};
use crate::deadline::{self, Deadline, DeadlineKind, Fit, Period};
use crate::findings::{Finding, Place, Problem, Severity};
use crate::institutions::{Matcher, split_names};
use crate::layout::{
    COLUMNS, INSTITUTION_FIELDS, META_KEYS, SHEET_ACTIVITIES, SHEET_INSTITUTION, SHEET_META,
    TEMPLATE_ID, TEMPLATE_VERSION, column_letters,
};
use crate::number::parse_number;
use crate::read::{Format, ReadError, Sheet, Workbook};
use crate::text::{clean, fold_key, fold_same};

/// How many rows from the top are searched for the header row.
const HEADER_SEARCH_ROWS: u32 = 20;

/// An amount of money in its own currency.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Amount {
    /// The amount as written.
    pub value: f64,
    /// Its currency.
    pub currency: Currency,
}

/// A partner institution: configured, or kept as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Partner {
    /// Index into the programme's institutions.
    Known(usize),
    /// A name that matches no configured institution.
    Unknown(String),
}

/// One indicator of an activity: one row of the `Данни` sheet.
#[derive(Clone, Debug, PartialEq)]
pub struct Indicator {
    /// 0-based row in the activity sheet.
    pub row: u32,
    /// The indicator text.
    pub text: String,
    /// Unit of measure, when given or implied.
    pub unit: Option<String>,
    /// Current value.
    pub baseline: Option<f64>,
    /// Target value.
    pub target: Option<f64>,
    /// Expected result (the activity's, unless the row gives its own).
    pub expected_result: Option<String>,
    /// Note (the activity's, unless the row gives its own).
    pub note: Option<String>,
}

/// One activity with its indicators.
#[derive(Clone, Debug, PartialEq)]
pub struct Activity {
    /// 0-based row of the activity's first row.
    pub row: u32,
    /// Priority number.
    pub priority: u32,
    /// Goal code.
    pub goal: String,
    /// The activity code as submitted.
    pub code: Option<String>,
    /// The activity text.
    pub text: String,
    /// The deadline, parsed.
    pub deadline: Deadline,
    /// Budget, in its currency.
    pub budget: Option<Amount>,
    /// Currency of the row (the config's when not given).
    pub currency: Currency,
    /// Funding source, as configured or as written.
    pub funding_source: Option<String>,
    /// Funding note.
    pub funding_note: Option<String>,
    /// Lead institutions (indices), at least one.
    pub leads: Vec<usize>,
    /// Partners.
    pub partners: Vec<Partner>,
    /// Indicators, at least one.
    pub indicators: Vec<Indicator>,
}

/// Why a row was not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rejection {
    /// The row has errors of its own (its findings say which).
    OwnErrors,
    /// The row is one more indicator of an activity whose own row (0-based) has errors.
    ActivityRejected { activity_row: u32 },
    /// The whole file cannot be used (its file-level findings say why).
    FileRejected,
}

/// Who sent the file (sheet `Институция`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Contact {
    /// Лице за контакт.
    pub person: Option<String>,
    /// Длъжност.
    pub position: Option<String>,
    /// Телефон.
    pub phone: Option<String>,
    /// Имейл.
    pub email: Option<String>,
    /// Дата.
    pub date: Option<NaiveDate>,
}

/// A read contribution.
#[derive(Clone, Debug)]
pub struct Submission {
    /// The input path as given.
    pub file: String,
    /// SHA-256 of the file's bytes, when it could be read.
    pub sha256: Option<String>,
    /// The format found in the bytes.
    pub format: Option<Format>,
    /// The submitting institution (index), when known.
    pub institution: Option<usize>,
    /// Contact details.
    pub contact: Contact,
    /// `_meta` template_version, when present.
    pub template_version: Option<String>,
    /// Where the activity table was found.
    pub table: Option<TableLayout>,
    /// The `Институция` values as found: label, cell value, and its 0-based cell.
    pub institution_cells: Vec<(&'static str, Data, (u32, u16))>,
    /// Data rows seen (blank rows not counted).
    pub rows_read: usize,
    /// Accepted activities.
    pub activities: Vec<Activity>,
    /// 0-based rows that were not accepted, with why.
    pub rejected_rows: BTreeMap<u32, Rejection>,
    /// Every finding, in reading order.
    pub findings: Vec<Finding>,
}

impl Submission {
    /// Number of error findings.
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    /// Number of warning findings.
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity() == severity)
            .count()
    }

    /// Rows accepted into activities.
    pub fn rows_accepted(&self) -> usize {
        self.rows_read - self.rejected_rows.len()
    }
}

/// Reads the workbook at `path` (shown as `display` in findings) against `programme`.
///
/// Never fails: a file that cannot be read gives a submission with one file-level finding.
///
/// # Examples
///
/// ```no_run
/// let programme = zakrila::config::Programme::load("samples/ruse-2025/programme.toml".as_ref()).unwrap();
/// let submission = zakrila::submission::read(std::path::Path::new("руо.xlsx"), "руо.xlsx", &programme);
/// for finding in &submission.findings {
///     println!("{:?} {}", finding.cell_ref(), finding.problem.code());
/// }
/// ```
pub fn read(path: &Path, display: &str, programme: &Programme) -> Submission {
    let mut reader = SubmissionReader::new(display, programme);
    match Workbook::open(path) {
        Ok(book) => reader.read_book(book),
        Err(err) => reader.file_problem(read_problem(err)),
    }
    reader.finish()
}

/// As [`read`], for a workbook already in memory.
pub fn read_bytes(bytes: Vec<u8>, display: &str, programme: &Programme) -> Submission {
    let mut reader = SubmissionReader::new(display, programme);
    match Workbook::from_bytes(bytes) {
        Ok(book) => reader.read_book(book),
        Err(err) => reader.file_problem(read_problem(err)),
    }
    reader.finish()
}

/// The finding for a file that cannot be read as a spreadsheet.
pub fn read_problem(err: ReadError) -> Problem {
    match err {
        ReadError::Unreadable { reason } => Problem::FileUnreadable { reason },
        ReadError::NotASpreadsheet => Problem::NotASpreadsheet,
        ReadError::PasswordProtected => Problem::PasswordProtected,
        ReadError::Damaged { detail } => Problem::DamagedFile { detail },
    }
}

/// The columns of the activity table, by contract index (A = 0 … Q = 16).
mod col {
    pub const PRIORITY: usize = 0;
    pub const GOAL: usize = 1;
    pub const CODE: usize = 2;
    pub const ACTIVITY: usize = 3;
    pub const DEADLINE: usize = 4;
    pub const RESULT: usize = 5;
    pub const INDICATOR: usize = 6;
    pub const UNIT: usize = 7;
    pub const BASELINE: usize = 8;
    pub const TARGET: usize = 9;
    pub const BUDGET: usize = 10;
    pub const CURRENCY: usize = 11;
    pub const FUNDING: usize = 12;
    pub const FUNDING_NOTE: usize = 13;
    pub const LEAD: usize = 14;
    pub const PARTNERS: usize = 15;
    pub const NOTE: usize = 16;

    /// Columns whose value belongs to the activity, not to one indicator: a continuation
    /// row that fills them differently is told so.
    pub const ACTIVITY_LEVEL: [usize; 7] = [
        DEADLINE,
        BUDGET,
        CURRENCY,
        FUNDING,
        FUNDING_NOTE,
        LEAD,
        PARTNERS,
    ];
}

struct SubmissionReader<'p> {
    programme: &'p Programme,
    matcher: Matcher,
    /// Folded priority titles → number.
    priority_by_title: HashMap<String, u32>,
    /// Folded goal titles → code.
    goal_by_title: HashMap<String, String>,
    /// Folded funding sources → as configured.
    funding_by_key: HashMap<String, String>,
    period: Period,
    submission: Submission,
    /// The file as a whole cannot be used.
    file_rejected: bool,
}

/// Where the activity table is in a file: its sheet, header row and the sheet column of
/// each contract column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableLayout {
    /// The sheet the table was read from.
    pub sheet: String,
    /// 0-based header row.
    pub header_row: u32,
    /// Sheet column of each contract column (A–Q), when present.
    pub at: [Option<u16>; 17],
}

/// One data row's cells, by contract column, with merged ranges already resolved.
struct RowCells<'s> {
    row: u32,
    cells: [&'s Data; 17],
    /// Which cells took their value from a merged range's first cell above.
    from_merge: [bool; 17],
    /// The sheet column of each contract column (its template place when missing).
    cols: [u16; 17],
}

/// The activity being built, with what continuation rows are compared against.
struct OpenActivity {
    activity: Activity,
    /// Text of the activity-level cells of its first row.
    level_texts: [Option<String>; 17],
    /// The goal the activity's row resolved to (None when it has none).
    goal: Option<String>,
    /// Rows (0-based) of this activity, first row included.
    rows: Vec<u32>,
    /// The activity's own row has an error: every row of it is rejected.
    rejected: bool,
}

impl<'p> SubmissionReader<'p> {
    fn new(display: &str, programme: &'p Programme) -> SubmissionReader<'p> {
        SubmissionReader {
            programme,
            matcher: Matcher::new(programme),
            priority_by_title: programme
                .priorities
                .iter()
                .map(|p| (fold_key(&p.title), p.number))
                .collect(),
            goal_by_title: programme
                .priorities
                .iter()
                .flat_map(|p| &p.goals)
                .map(|g| (fold_key(&g.title), g.code.clone()))
                .collect(),
            funding_by_key: programme
                .funding_sources
                .iter()
                .map(|s| (fold_key(s), s.clone()))
                .collect(),
            period: Period {
                start: programme.period_start,
                end: programme.period_end,
            },
            submission: Submission {
                file: display.to_string(),
                sha256: None,
                format: None,
                institution: None,
                contact: Contact::default(),
                template_version: None,
                table: None,
                institution_cells: Vec::new(),
                rows_read: 0,
                activities: Vec::new(),
                rejected_rows: BTreeMap::new(),
                findings: Vec::new(),
            },
            file_rejected: false,
        }
    }

    fn finish(mut self) -> Submission {
        if self.file_rejected {
            // Nothing of a rejected file is merged; its rows are all accounted as rejected.
            let rows: Vec<u32> = self
                .submission
                .activities
                .drain(..)
                .flat_map(|a| a.indicators.into_iter().map(|i| i.row).collect::<Vec<_>>())
                .collect();
            for row in rows {
                self.submission
                    .rejected_rows
                    .insert(row, Rejection::FileRejected);
            }
        }
        self.submission
    }

    fn file_problem(&mut self, problem: Problem) {
        if problem.rejects_file() {
            self.file_rejected = true;
        }
        self.submission.findings.push(Finding {
            file: self.submission.file.clone(),
            place: None,
            problem,
        });
    }

    fn sheet_problem(&mut self, sheet: &str, problem: Problem) {
        if problem.rejects_file() {
            self.file_rejected = true;
        }
        self.submission.findings.push(Finding {
            file: self.submission.file.clone(),
            place: Some(Place {
                sheet: sheet.to_string(),
                cell: None,
                row: None,
                column: None,
            }),
            problem,
        });
    }

    fn cell_problem(
        &mut self,
        sheet: &str,
        cell: (u32, u16),
        column: Option<&str>,
        problem: Problem,
    ) {
        if problem.rejects_file() {
            self.file_rejected = true;
        }
        self.submission.findings.push(Finding {
            file: self.submission.file.clone(),
            place: Some(Place {
                sheet: sheet.to_string(),
                cell: Some(cell),
                row: Some(cell.0),
                column: column.map(str::to_string),
            }),
            problem,
        });
    }

    fn read_book(&mut self, mut book: Workbook) {
        self.submission.sha256 = Some(book.sha256.clone());
        self.submission.format = Some(book.format);
        let names = book.sheet_names();
        self.read_meta(&mut book, &names);
        self.read_institution(&mut book, &names);
        self.read_activities(&mut book, &names);
    }

    fn read_meta(&mut self, book: &mut Workbook, names: &[String]) {
        let Some(name) = names.iter().find(|n| n.as_str() == SHEET_META) else {
            self.file_problem(Problem::MissingMeta);
            return;
        };
        let sheet = match book.sheet(name) {
            Ok(sheet) => sheet,
            Err(err) => return self.file_problem(read_problem(err)),
        };
        let mut meta: HashMap<String, (String, (u32, u16))> = HashMap::new();
        for row in 0..sheet.row_end() {
            if let (Some(key), Some(value)) =
                (cell_text(sheet.get(row, 0)), cell_text(sheet.get(row, 1)))
            {
                meta.insert(key, (value, (row, 1)));
            }
        }
        let get = |key: &str| meta.get(key).cloned();
        match get(META_KEYS[0]) {
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

    fn read_institution(&mut self, book: &mut Workbook, names: &[String]) {
        let Some(name) = find_sheet(names, SHEET_INSTITUTION) else {
            self.file_problem(Problem::MissingInstitutionSheet);
            return self.file_problem(Problem::MissingInstitution);
        };
        let sheet = match book.sheet(&name) {
            Ok(sheet) => sheet,
            Err(err) => return self.file_problem(read_problem(err)),
        };
        // Rows are found by their label in column A, not by number.
        let mut values: HashMap<&'static str, (Option<&Data>, (u32, u16))> = HashMap::new();
        for row in 0..sheet.row_end().min(100) {
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
        self.submission.contact = Contact {
            person,
            position: text_of("Длъжност"),
            phone,
            email,
            date,
        };
    }

    fn field_missing(&mut self, sheet: &str, cell: Option<(u32, u16)>, label: &'static str) {
        let problem = Problem::MissingField { label };
        match cell {
            Some(cell) => self.cell_problem(sheet, cell, None, problem),
            None => self.sheet_problem(sheet, problem),
        }
    }

    fn read_activities(&mut self, book: &mut Workbook, names: &[String]) {
        // The sheet named Дейности, else the first sheet whose top rows hold the header.
        let mut found: Option<(Sheet, TableLayout)> = None;
        if let Some(name) = find_sheet(names, SHEET_ACTIVITIES) {
            match book.sheet_with_merges(&name) {
                Ok(sheet) => {
                    if let Some(map) = find_header(&sheet) {
                        found = Some((sheet, map));
                    }
                }
                Err(err) => return self.file_problem(read_problem(err)),
            }
        }
        if found.is_none() {
            for name in names {
                if name == SHEET_META
                    || find_sheet(std::slice::from_ref(name), SHEET_ACTIVITIES).is_some()
                {
                    continue;
                }
                if let Ok(sheet) = book.sheet_with_merges(name)
                    && let Some(map) = find_header(&sheet)
                {
                    self.sheet_problem(
                        name,
                        Problem::ActivitiesSheetRenamed {
                            expected: SHEET_ACTIVITIES,
                        },
                    );
                    found = Some((sheet, map));
                    break;
                }
            }
        }
        let Some((sheet, map)) = found else {
            return self.file_problem(Problem::NoActivitiesTable);
        };
        self.submission.table = Some(map.clone());
        self.check_columns(&sheet, &map);
        self.read_rows(&sheet, &map);
    }

    fn check_columns(&mut self, sheet: &Sheet, map: &TableLayout) {
        let name = sheet.name.as_str();
        if map.header_row != 0 {
            self.sheet_problem(name, Problem::HeaderNotInFirstRow);
        }
        for (index, column) in COLUMNS.iter().enumerate() {
            match map.at[index] {
                Some(at) if usize::from(at) != index => self.cell_problem(
                    name,
                    (map.header_row, at),
                    Some(column.header),
                    Problem::ColumnMoved {
                        header: column.header,
                        expected: column_letters(index as u16),
                    },
                ),
                Some(_) => {}
                None if column.required => self.sheet_problem(
                    name,
                    Problem::MissingColumn {
                        header: column.header,
                    },
                ),
                None => self.sheet_problem(
                    name,
                    Problem::MissingOptionalColumn {
                        header: column.header,
                    },
                ),
            }
        }
        let mut seen = [false; 17];
        for col in 0..sheet.col_end() {
            let Some(text) = cell_text(sheet.get(map.header_row, col)) else {
                continue;
            };
            match column_index(&text) {
                Some(index) if map.at[index] == Some(col) => seen[index] = true,
                Some(index) => self.cell_problem(
                    name,
                    (map.header_row, col),
                    Some(COLUMNS[index].header),
                    Problem::DuplicateColumn {
                        header: COLUMNS[index].header,
                    },
                ),
                None => self.cell_problem(
                    name,
                    (map.header_row, col),
                    None,
                    Problem::UnknownColumn { header: text },
                ),
            }
        }
    }

    fn read_rows(&mut self, sheet: &Sheet, map: &TableLayout) {
        if self.file_rejected_by_columns() {
            // A required column is missing: count the rows, reject them all.
            for row in map.header_row + 1..sheet.row_end() {
                if !row_is_blank(sheet, row) {
                    self.submission.rows_read += 1;
                    self.submission
                        .rejected_rows
                        .insert(row, Rejection::FileRejected);
                }
            }
            return;
        }
        let mut state = RowState::default();
        for row in map.header_row + 1..sheet.row_end() {
            if row_is_blank(sheet, row) {
                continue;
            }
            self.submission.rows_read += 1;
            let cells = row_cells(sheet, map, row);
            self.read_row(sheet, &cells, &mut state);
        }
        if let Some(open) = state.open.take() {
            self.close_activity(open);
        }
        if self.submission.rows_read == 0 {
            self.sheet_problem(&sheet.name, Problem::NoRows);
        }
    }

    fn file_rejected_by_columns(&self) -> bool {
        self.submission
            .findings
            .iter()
            .any(|f| matches!(f.problem, Problem::MissingColumn { .. }))
    }

    fn read_row(&mut self, sheet: &Sheet, cells: &RowCells<'_>, state: &mut RowState) {
        let mut row = RowReader {
            sheet: &sheet.name,
            at: cells,
            problems: Vec::new(),
        };

        // Priority and goal, filled down from the rows above.
        let priority = self.priority_of(&mut row, state);
        let goal = self.goal_of(&mut row, state, priority);

        let activity_text = row.text(col::ACTIVITY);
        let code = row.code_text(col::CODE);
        let indicator_text = row.text(col::INDICATOR);

        let continuation = match &state.open {
            Some(open) => {
                let same_goal = goal == open.goal;
                let activity_continues = match &activity_text {
                    None => true,
                    Some(_) if cells.from_merge[col::ACTIVITY] => true,
                    Some(text) => fold_same(text, &open.activity.text),
                };
                let code_continues =
                    code.is_none() || cells.from_merge[col::CODE] || code == open.activity.code;
                same_goal && activity_continues && code_continues && indicator_text.is_some()
            }
            None => false,
        };

        if continuation {
            self.continue_activity(row, state);
            return;
        }
        if let Some(open) = state.open.take() {
            self.close_activity(open);
        }
        self.start_activity(row, state, priority, goal, activity_text, code);
    }

    fn priority_of(&self, row: &mut RowReader<'_, '_>, state: &mut RowState) -> Option<u32> {
        let data = row.at.cells[col::PRIORITY];
        if is_blank(data) {
            return state.priority;
        }
        let text = cell_text(data).unwrap_or_default();
        match self.resolve_priority(&text) {
            Some(number) => {
                state.priority = Some(number);
                Some(number)
            }
            None => {
                row.problem(col::PRIORITY, Problem::UnknownPriority { value: text });
                state.priority = None;
                None
            }
        }
    }

    fn resolve_priority(&self, text: &str) -> Option<u32> {
        let folded = fold_key(text);
        let rest = folded.strip_prefix("приоритет").unwrap_or(&folded).trim();
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(number) = digits.parse::<u32>() {
            let after = rest[digits.len()..].trim_start_matches(['.', ':', ' ', ')']);
            self.programme
                .priorities
                .iter()
                .find(|p| p.number == number)?;
            // "3. <another title>" names two priorities at once: trust neither.
            return (after.is_empty() || self.priority_by_title.get(after) == Some(&number))
                .then_some(number);
        }
        self.priority_by_title.get(&folded).copied()
    }

    fn goal_of(
        &self,
        row: &mut RowReader<'_, '_>,
        state: &mut RowState,
        priority: Option<u32>,
    ) -> Option<String> {
        let data = row.at.cells[col::GOAL];
        let goal = if is_blank(data) {
            state.goal.clone()
        } else {
            let text = row.code_text(col::GOAL).unwrap_or_default();
            match self.resolve_goal(&text) {
                Some(code) => {
                    state.goal = Some(code.clone());
                    Some(code)
                }
                None => {
                    row.problem(col::GOAL, Problem::UnknownGoal { value: text });
                    state.goal = None;
                    return None;
                }
            }
        };
        let code = goal?;
        let (goal_priority, _) = self.programme.goal(&code)?;
        match priority {
            Some(number) if number != goal_priority.number => {
                row.problem(
                    col::GOAL,
                    Problem::GoalNotInPriority {
                        goal: code,
                        priority: number,
                    },
                );
                None
            }
            _ => Some(code),
        }
    }

    fn resolve_goal(&self, text: &str) -> Option<String> {
        let folded = fold_key(text);
        let code: String = folded
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let code = code.trim_end_matches('.');
        if code.contains('.') {
            let after = folded[code.len()..].trim_start_matches(['.', ':', ' ', ')']);
            let (_, goal) = self.programme.goal(code)?;
            return (after.is_empty() || self.goal_by_title.get(after) == Some(&goal.code))
                .then(|| goal.code.clone());
        }
        self.goal_by_title.get(&folded).cloned()
    }

    fn start_activity(
        &mut self,
        mut row: RowReader<'_, '_>,
        state: &mut RowState,
        priority: Option<u32>,
        goal: Option<String>,
        activity_text: Option<String>,
        code: Option<String>,
    ) {
        let r = row.at.row;
        if priority.is_none() && is_blank(row.at.cells[col::PRIORITY]) && goal.is_none() {
            row.problem(
                col::PRIORITY,
                Problem::MissingValue {
                    header: COLUMNS[col::PRIORITY].header,
                },
            );
        }
        if goal.is_none() && is_blank(row.at.cells[col::GOAL]) && state.goal.is_none() {
            row.problem(
                col::GOAL,
                Problem::MissingValue {
                    header: COLUMNS[col::GOAL].header,
                },
            );
        }
        let priority = priority.or_else(|| {
            goal.as_deref()
                .and_then(|g| self.programme.goal(g))
                .map(|(p, _)| p.number)
        });
        if activity_text.is_none() {
            row.problem(
                col::ACTIVITY,
                Problem::MissingValue {
                    header: COLUMNS[col::ACTIVITY].header,
                },
            );
        }
        if let (Some(code), Some(goal)) = (&code, &goal) {
            if !code.starts_with(&format!("{goal}.")) {
                row.problem(
                    col::CODE,
                    Problem::ActivityCodeMismatch {
                        code: code.clone(),
                        goal: goal.clone(),
                    },
                );
            }
            match state.codes.get(code) {
                Some(&first_row) => row.problem(
                    col::CODE,
                    Problem::DuplicateActivityCode {
                        code: code.clone(),
                        first_row: first_row + 1,
                    },
                ),
                None => {
                    state.codes.insert(code.clone(), r);
                }
            }
        }

        let deadline = self.deadline_of(&mut row);
        let currency_column = self.currency_of(&mut row);
        let budget = row.number(col::BUDGET);
        let budget = budget.map(|(value, written)| {
            if value < 0.0 {
                row.problem(
                    col::BUDGET,
                    Problem::NegativeBudget {
                        value: crate::number::format_bg(value),
                    },
                );
            }
            if let (Some(written), Some(column)) = (written, currency_column)
                && written != column
            {
                row.problem(
                    col::CURRENCY,
                    Problem::CurrencyConflict {
                        written: written.code().to_string(),
                        column: column.code().to_string(),
                    },
                );
            }
            Amount {
                value,
                currency: written
                    .or(currency_column)
                    .unwrap_or(self.programme.currency),
            }
        });
        let currency = budget
            .map(|b| b.currency)
            .or(currency_column)
            .unwrap_or(self.programme.currency);
        let funding_source = self.funding_of(&mut row);
        let funding_note = row.text(col::FUNDING_NOTE);
        let leads = self.leads_of(&mut row);
        let partners = self.partners_of(&mut row);
        let expected_result = row.text(col::RESULT);
        let note = row.text(col::NOTE);

        let mut level_texts: [Option<String>; 17] = Default::default();
        for c in col::ACTIVITY_LEVEL {
            level_texts[c] = cell_text(row.at.cells[c]);
        }
        let text = activity_text.clone().unwrap_or_default();
        let indicators = self.indicators_of(&mut row, expected_result, note);

        let rejected = row.has_errors();
        let goal_key = goal.clone();
        let activity = Activity {
            row: r,
            priority: priority.unwrap_or(0),
            goal: goal.unwrap_or_default(),
            code,
            text: text.clone(),
            deadline,
            budget,
            currency,
            funding_source,
            funding_note,
            leads,
            partners,
            indicators,
        };
        self.take_problems(row);
        state.open = Some(OpenActivity {
            activity,
            level_texts,
            goal: goal_key,
            rows: vec![r],
            rejected,
        });
    }

    fn continue_activity(&mut self, mut row: RowReader<'_, '_>, state: &mut RowState) {
        let Some(open) = state.open.as_mut() else {
            return;
        };
        for c in col::ACTIVITY_LEVEL {
            if row.at.from_merge[c] {
                continue;
            }
            let Some(text) = cell_text(row.at.cells[c]) else {
                continue;
            };
            let same = match &open.level_texts[c] {
                Some(first) => fold_same(first, &text),
                None => false,
            };
            if !same {
                row.problem(
                    c,
                    Problem::ContinuationDiffers {
                        header: COLUMNS[c].header,
                    },
                );
            }
        }
        let expected = row.text(col::RESULT).or_else(|| {
            open.activity
                .indicators
                .first()
                .and_then(|i| i.expected_result.clone())
        });
        let note = row.text(col::NOTE).or_else(|| {
            open.activity
                .indicators
                .first()
                .and_then(|i| i.note.clone())
        });
        let indicators = self.indicators_of(&mut row, expected, note);
        let r = row.at.row;
        let has_errors = row.has_errors();
        self.take_problems(row);
        let Some(open) = state.open.as_mut() else {
            return;
        };
        open.rows.push(r);
        if has_errors {
            self.submission
                .rejected_rows
                .insert(r, Rejection::OwnErrors);
        } else {
            open.activity.indicators.extend(indicators);
        }
    }

    fn close_activity(&mut self, open: OpenActivity) {
        if open.rejected {
            // The activity row has an error: none of its rows can be merged.
            let first = open.activity.row;
            for row in open.rows {
                let why = if row == first {
                    Rejection::OwnErrors
                } else {
                    Rejection::ActivityRejected {
                        activity_row: first,
                    }
                };
                self.submission.rejected_rows.entry(row).or_insert(why);
            }
            return;
        }
        self.submission.activities.push(open.activity);
    }

    fn take_problems(&mut self, row: RowReader<'_, '_>) {
        let sheet = row.sheet.to_string();
        let at = row.at;
        for (c, problem) in row.problems {
            // Report at the cell the value came from: a merged range's first cell.
            let cell = (at.row, at.col_of(c));
            self.cell_problem(&sheet, cell, Some(COLUMNS[c].header), problem);
        }
    }

    fn deadline_of(&self, row: &mut RowReader<'_, '_>) -> Deadline {
        let data = row.at.cells[col::DEADLINE];
        let deadline = match data {
            Data::DateTime(dt) => dt.as_datetime().map(|d| deadline::from_date(d.date())),
            Data::DateTimeIso(text) => {
                NaiveDate::parse_from_str(&text[..text.len().min(10)], "%Y-%m-%d")
                    .ok()
                    .map(deadline::from_date)
            }
            _ => None,
        };
        let deadline = match deadline {
            Some(deadline) => deadline,
            None => match cell_text(data) {
                None => {
                    row.problem(
                        col::DEADLINE,
                        Problem::MissingValue {
                            header: COLUMNS[col::DEADLINE].header,
                        },
                    );
                    return deadline::parse("", self.period);
                }
                Some(text) if matches!(data, Data::Error(_)) => {
                    row.problem(col::DEADLINE, Problem::FormulaError { value: text });
                    return deadline::parse("", self.period);
                }
                Some(text) => deadline::parse(&text, self.period),
            },
        };
        let text = deadline.text.clone();
        match deadline.kind {
            DeadlineKind::NotUnderstood => {
                row.problem(col::DEADLINE, Problem::DeadlineNotUnderstood { text });
                return deadline;
            }
            DeadlineKind::NoRealDeadline => {
                row.problem(col::DEADLINE, Problem::DeadlineVague { text });
                return deadline;
            }
            _ => {}
        }
        let period = format!(
            "{} – {}",
            self.period.start.format("%d.%m.%Y"),
            self.period.end.format("%d.%m.%Y")
        );
        match deadline.fit(self.period) {
            Fit::Inside => {}
            Fit::Outside => row.problem(
                col::DEADLINE,
                Problem::DeadlineOutsidePeriod { text, period },
            ),
            _ => row.problem(
                col::DEADLINE,
                Problem::DeadlinePartlyOutsidePeriod { text, period },
            ),
        }
        deadline
    }

    fn currency_of(&self, row: &mut RowReader<'_, '_>) -> Option<Currency> {
        let text = row.text(col::CURRENCY)?;
        match currency_from_word(&text) {
            Some(currency) => Some(currency),
            None => {
                row.problem(col::CURRENCY, Problem::UnknownCurrency { value: text });
                None
            }
        }
    }

    fn funding_of(&self, row: &mut RowReader<'_, '_>) -> Option<String> {
        let Some(text) = row.text(col::FUNDING) else {
            row.problem(col::FUNDING, Problem::MissingFundingSource);
            return None;
        };
        match self.funding_by_key.get(&fold_key(&text)) {
            Some(source) => Some(source.clone()),
            None => {
                row.problem(
                    col::FUNDING,
                    Problem::UnknownFundingSource {
                        value: text.clone(),
                    },
                );
                Some(text)
            }
        }
    }

    fn leads_of(&self, row: &mut RowReader<'_, '_>) -> Vec<usize> {
        let Some(text) = row.text(col::LEAD) else {
            row.problem(
                col::LEAD,
                Problem::MissingValue {
                    header: COLUMNS[col::LEAD].header,
                },
            );
            return Vec::new();
        };
        if let Some(index) = self.matcher.find(&text) {
            return vec![index];
        }
        let names = split_names(&text);
        let mut leads = Vec::new();
        for name in &names {
            match self.matcher.find(name) {
                Some(index) if !leads.contains(&index) => leads.push(index),
                Some(_) => {}
                None => {
                    row.problem(col::LEAD, Problem::UnknownLead { name: name.clone() });
                    return Vec::new();
                }
            }
        }
        if leads.is_empty() {
            row.problem(col::LEAD, Problem::UnknownLead { name: text });
        } else if leads.len() > 1 {
            row.problem(col::LEAD, Problem::SeveralLeads { count: leads.len() });
        }
        leads
    }

    fn partners_of(&self, row: &mut RowReader<'_, '_>) -> Vec<Partner> {
        let Some(text) = row.text(col::PARTNERS) else {
            return Vec::new();
        };
        let mut partners: Vec<Partner> = Vec::new();
        let whole = self.matcher.find(&text).map(|i| vec![i.to_string()]);
        let names = match whole {
            Some(_) => vec![text],
            None => split_names(&text),
        };
        for name in names {
            let partner = match self.matcher.find(&name) {
                Some(index) => Partner::Known(index),
                None => {
                    row.problem(
                        col::PARTNERS,
                        Problem::UnknownPartner { name: name.clone() },
                    );
                    Partner::Unknown(name)
                }
            };
            if !partners.contains(&partner) {
                partners.push(partner);
            }
        }
        partners
    }

    fn indicators_of(
        &self,
        row: &mut RowReader<'_, '_>,
        expected_result: Option<String>,
        note: Option<String>,
    ) -> Vec<Indicator> {
        let r = row.at.row;
        let Some(text) = row.raw_text(col::INDICATOR) else {
            row.problem(
                col::INDICATOR,
                Problem::MissingValue {
                    header: COLUMNS[col::INDICATOR].header,
                },
            );
            return Vec::new();
        };
        let parts = split_indicators(&text);
        if parts.len() > 1 {
            row.problem(
                col::INDICATOR,
                Problem::IndicatorsSplit { count: parts.len() },
            );
        }
        let unit_text = row.text(col::UNIT);
        let baseline = row.number(col::BASELINE).map(|(v, _)| v);
        let target = row.number(col::TARGET).map(|(v, _)| v);
        if target.is_none() && is_blank(row.at.cells[col::TARGET]) {
            row.problem(col::TARGET, Problem::MissingTarget);
        }
        let unit = unit_text.map(|u| match unit_from_word(&u) {
            Some(unit) => unit.to_string(),
            None => {
                row.problem(col::UNIT, Problem::UnknownUnit { value: u.clone() });
                u
            }
        });
        parts
            .into_iter()
            .enumerate()
            .map(|(i, text)| {
                // Values typed once for a cell of several indicators belong to the first.
                let (unit, baseline, target) = if i == 0 {
                    (unit.clone(), baseline, target)
                } else {
                    (None, None, None)
                };
                let unit = unit.or_else(|| {
                    fold_key(&text)
                        .starts_with("брой")
                        .then(|| "брой".to_string())
                });
                Indicator {
                    row: r,
                    text,
                    unit,
                    baseline,
                    target,
                    expected_result: expected_result.clone(),
                    note: note.clone(),
                }
            })
            .collect()
    }
}

#[derive(Default)]
struct RowState {
    priority: Option<u32>,
    goal: Option<String>,
    open: Option<OpenActivity>,
    /// Activity codes seen, with their first row (0-based).
    codes: HashMap<String, u32>,
}

/// Reads the cells of one row, collecting its problems by contract column.
struct RowReader<'a, 's> {
    sheet: &'a str,
    at: &'a RowCells<'s>,
    problems: Vec<(usize, Problem)>,
}

impl RowReader<'_, '_> {
    fn problem(&mut self, column: usize, problem: Problem) {
        self.problems.push((column, problem));
    }

    fn has_errors(&self) -> bool {
        self.problems
            .iter()
            .any(|(_, p)| p.severity() == Severity::Error)
    }

    /// The cleaned text of a cell (spaces folded), or None when blank.
    fn text(&mut self, column: usize) -> Option<String> {
        let data = self.at.cells[column];
        if let Data::Error(_) = data {
            let value = cell_text(data)?;
            self.problem(column, Problem::FormulaError { value });
            return None;
        }
        cell_text(data)
    }

    /// The text of a code cell (Цел, № на дейност). A spreadsheet in the Bulgarian locale
    /// turns a typed "1.2" into 1 February and "1.2.3" into 1 February 2003; such a date is
    /// read back as the code it was typed as, with a warning.
    fn code_text(&mut self, column: usize) -> Option<String> {
        let Data::DateTime(datetime) = self.at.cells[column] else {
            return self.text(column);
        };
        let Some(date) = datetime.as_datetime().map(|d| d.date()) else {
            return self.text(column);
        };
        use chrono::Datelike;
        let code = if column == col::CODE && (2000..2100).contains(&date.year()) {
            format!("{}.{}.{}", date.day(), date.month(), date.year() % 100)
        } else {
            format!("{}.{}", date.day(), date.month())
        };
        self.problem(
            column,
            Problem::CodeAsDate {
                read_as: code.clone(),
            },
        );
        Some(code)
    }

    /// The text of a cell with its line breaks kept (for splitting), or None when blank.
    fn raw_text(&mut self, column: usize) -> Option<String> {
        match self.at.cells[column] {
            Data::String(text) => {
                let lines: Vec<String> = text.lines().map(clean).collect();
                let joined = lines.join("\n");
                (!joined.trim().is_empty()).then(|| joined.trim().to_string())
            }
            _ => self.text(column),
        }
    }

    /// A number cell: (value, currency named in the text). Problems are recorded.
    fn number(&mut self, column: usize) -> Option<(f64, Option<Currency>)> {
        match self.at.cells[column] {
            Data::Empty => None,
            Data::Float(value) => Some((*value, None)),
            Data::Int(value) => Some((*value as f64, None)),
            Data::String(text) if clean(text).is_empty() => None,
            Data::String(text) => match parse_number(text) {
                Some(number) => {
                    self.problem(
                        column,
                        Problem::NumberAsText {
                            text: clean(text),
                            value: crate::number::format_bg(number.value),
                        },
                    );
                    Some((number.value, number.currency))
                }
                None => {
                    self.problem(column, Problem::NotANumber { text: clean(text) });
                    None
                }
            },
            Data::Error(_) => {
                let value = cell_text(self.at.cells[column]).unwrap_or_default();
                self.problem(column, Problem::FormulaError { value });
                None
            }
            other => {
                let text = cell_text(other).unwrap_or_default();
                self.problem(column, Problem::NotANumber { text });
                None
            }
        }
    }
}

impl RowCells<'_> {
    /// The sheet column of a contract column in this row.
    fn col_of(&self, column: usize) -> u16 {
        self.cols[column]
    }
}

/// Splits an indicator cell holding several indicators (line breaks, ";", bullets).
fn split_indicators(text: &str) -> Vec<String> {
    text.split(['\n', ';'])
        .map(|part| {
            clean(part.trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, '•' | '·' | '-' | '–' | '*' | '▪')
            }))
        })
        .filter(|part| !part.is_empty())
        .map(|part| crate::text::cell_limit(&part).into_owned())
        .collect()
}

/// A currency from a word in the currency column or an amount.
fn currency_from_word(text: &str) -> Option<Currency> {
    match fold_key(text).trim_end_matches('.') {
        "eur" | "евро" | "€" | "еur" | "еuro" | "euro" => Some(Currency::Eur),
        "bgn" | "лв" | "лева" | "лев" | "вgn" => Some(Currency::Bgn),
        _ => None,
    }
}

/// The template unit a written unit stands for.
fn unit_from_word(text: &str) -> Option<&'static str> {
    static UNIT_KEYS: LazyLock<Vec<(String, &'static str)>> =
        LazyLock::new(|| UNITS.iter().map(|u| (fold_key(u), *u)).collect());
    let key = fold_key(text);
    let key = key.trim_end_matches('.');
    if let Some((_, unit)) = UNIT_KEYS.iter().find(|(k, _)| k == key) {
        return Some(unit);
    }
    match key {
        "бр" | "броя" | "бройка" => Some("брой"),
        "процент" | "процента" | "%." => Some("%"),
        "лв" | "лева" => Some("BGN"),
        "евро" | "€" => Some("EUR"),
        "час" | "часове" | "ч" => Some("часа"),
        "ден" => Some("дни"),
        _ => None,
    }
}

/// The header key of a cell text: folded, without a trailing "*" or ":".
fn header_key(text: &str) -> String {
    fold_key(text.trim().trim_end_matches(['*', ':', ' ']).trim())
}

/// Which contract column a header text names.
fn column_index(text: &str) -> Option<usize> {
    static HEADER_KEYS: LazyLock<Vec<String>> =
        LazyLock::new(|| COLUMNS.iter().map(|c| fold_key(c.header)).collect());
    let key = header_key(text);
    HEADER_KEYS.iter().position(|k| *k == key)
}

/// The header row among the first rows: the row naming the most template columns (at least
/// three, so a title row that mentions "Цел" is not taken for it).
fn find_header(sheet: &Sheet) -> Option<TableLayout> {
    let mut best: Option<(usize, TableLayout)> = None;
    for row in 0..sheet.row_end().min(HEADER_SEARCH_ROWS) {
        let mut at = [None; 17];
        let mut count = 0;
        for col in 0..sheet.col_end() {
            if let Some(text) = cell_text(sheet.get(row, col))
                && let Some(index) = column_index(&text)
                && at[index].is_none()
            {
                at[index] = Some(col);
                count += 1;
            }
        }
        if count >= 3 && best.as_ref().is_none_or(|(n, _)| count > *n) {
            best = Some((
                count,
                TableLayout {
                    sheet: sheet.name.clone(),
                    header_row: row,
                    at,
                },
            ));
        }
    }
    best.map(|(_, map)| map)
}

fn find_sheet(names: &[String], wanted: &str) -> Option<String> {
    let key = fold_key(wanted);
    names.iter().find(|n| fold_key(n) == key).cloned()
}

/// The values of one data row by contract column (A–Q), merged ranges resolved: what the
/// reading rules see. Columns missing from the file are empty.
pub fn row_values(sheet: &Sheet, layout: &TableLayout, row: u32) -> [Data; 17] {
    let cells = row_cells(sheet, layout, row);
    cells.cells.map(Clone::clone)
}

/// Whether every cell of a sheet row is blank.
pub fn row_is_blank(sheet: &Sheet, row: u32) -> bool {
    (0..sheet.col_end()).all(|col| is_blank(sheet.get(row, col)))
}

fn row_cells<'s>(sheet: &'s Sheet, map: &TableLayout, row: u32) -> RowCells<'s> {
    static EMPTY: Data = Data::Empty;
    let mut cells = [&EMPTY; 17];
    let mut from_merge = [false; 17];
    let mut cols = [0u16; 17];
    for (index, at) in map.at.iter().enumerate() {
        let Some(col) = *at else {
            cols[index] = index as u16;
            continue;
        };
        cols[index] = col;
        let data = sheet.get(row, col);
        if is_blank(data)
            && sheet.has_merges()
            && let Some((origin_row, origin_col)) = sheet.merge_origin(row, col)
            && origin_row > map.header_row
        {
            cells[index] = sheet.get(origin_row, origin_col);
            from_merge[index] = true;
        } else {
            cells[index] = data;
        }
    }
    RowCells {
        row,
        cells,
        from_merge,
        cols,
    }
}

/// Whether a cell holds nothing (empty, or only spaces).
fn is_blank(data: &Data) -> bool {
    match data {
        Data::Empty => true,
        Data::String(text) => text.trim().is_empty(),
        _ => false,
    }
}

/// A cell as text for messages and text fields: spaces folded, numbers without ".0",
/// dates as dd.mm.yyyy, error values as Excel shows them. None when blank.
pub fn cell_text(data: &Data) -> Option<String> {
    let text = match data {
        Data::Empty => return None,
        Data::String(text) => clean(text),
        Data::Float(value) => format_number(*value),
        Data::Int(value) => value.to_string(),
        Data::Bool(value) => if *value { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(d) => d.format("%d.%m.%Y").to_string(),
            None => dt.as_f64().to_string(),
        },
        Data::DateTimeIso(text) => text
            .get(..10)
            .and_then(|day| NaiveDate::parse_from_str(day, "%Y-%m-%d").ok())
            .map_or_else(|| text.clone(), |d| d.format("%d.%m.%Y").to_string()),
        Data::DurationIso(text) => text.clone(),
        Data::Error(err) => err.to_string(),
    };
    if text.is_empty() {
        return None;
    }
    // A cell longer than a spreadsheet cell can hold (an .ods allows it) is cut, so that
    // every text can be written back into a workbook.
    Some(match crate::text::cell_limit(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(cut) => cut,
    })
}

fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

fn cell_date(data: &Data) -> Option<NaiveDate> {
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

/// A valid e-mail address (validator's check) whose domain has a dot: "ime@ruo-ruse" is
/// allowed by the standard but is always a typo in a public institution's address.
fn is_email(text: &str) -> bool {
    text.validate_email()
        && text
            .rsplit_once('@')
            .is_some_and(|(_, domain)| domain.contains('.') && !domain.ends_with('.'))
}

/// A phone cell as text. A number cell lost its leading zero in the spreadsheet; put it back.
fn phone_text(data: &Data) -> Option<String> {
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
fn is_bulgarian_phone(text: &str) -> bool {
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

    #[test]
    fn indicator_splitting() {
        assert_eq!(
            split_indicators(
                "Брой проведени мероприятия; \n\nброй участвали специалисти;\n- брой ученици"
            ),
            [
                "Брой проведени мероприятия",
                "брой участвали специалисти",
                "брой ученици"
            ]
        );
        assert_eq!(split_indicators("Брой деца"), ["Брой деца"]);
    }

    #[test]
    fn currency_words() {
        assert_eq!(currency_from_word("лв."), Some(Currency::Bgn));
        assert_eq!(currency_from_word("Лева"), Some(Currency::Bgn));
        assert_eq!(currency_from_word("€"), Some(Currency::Eur));
        assert_eq!(currency_from_word("EUR"), Some(Currency::Eur));
        assert_eq!(currency_from_word("USD"), None);
    }

    #[test]
    fn header_keys_ignore_star_colon_case_and_breaks() {
        assert_eq!(column_index("  ДЕЙНОСТ *"), Some(3));
        assert_eq!(column_index("Водеща\nинституция:"), Some(14));
        assert_eq!(column_index("Отговорни институции"), None);
    }
}
