//! Findings: every problem in a submitted workbook, with the place that has it (spec:
//! template.md, "Findings").
//!
//! A [`Finding`] says *where* (file, sheet, cell, row, column) and *what* (a [`Problem`]);
//! its code and severity follow from the problem, and its sentence comes from the message
//! catalogue in the language the user chose.

use serde::Serialize;

use crate::messages::{Lang, problem_message};
use crate::read::TooLarge;

/// The most characters of a text a finding quotes from the file.
pub const QUOTE_LIMIT: usize = 300;

/// The most characters of a finding's message.
const MESSAGE_LIMIT: usize = 2_000;

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The row, or the file, cannot be used.
    Error,
    /// Used, but worth fixing.
    Warning,
}

/// What is wrong. Each variant has a stable kebab-case [`Problem::code`].
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    // The file as a whole.
    /// The file cannot be opened at all (missing, no permission).
    FileUnreadable { reason: String },
    /// The file is empty (0 bytes).
    EmptyFile,
    /// The bytes are not a spreadsheet of any kind zakrila reads.
    NotASpreadsheet,
    /// The workbook is encrypted with a password.
    PasswordProtected,
    /// The spreadsheet is damaged; `detail` is the reader's description.
    DamagedFile { detail: String },
    /// The file, or what it unpacks to, is over a size limit (limits.md).
    FileTooLarge { what: TooLarge },
    /// A sheet has more filled rows than the limit.
    TooManyRows { limit: u32 },
    /// zakrila itself failed on this file (a bug); the other files are read as usual.
    InternalError { detail: String },
    /// A filled cell outside the table (right of its last header column, or beyond the
    /// grid): not read. `at` is its A1 reference, `text` the start of its value.
    CellOutsideTable { at: String, text: String },
    /// More findings than are listed for one file; the rest are counted.
    TooManyFindings { listed: usize, unlisted: usize },
    /// More cells outside the table than are reported one by one.
    MoreCellsOutsideTable { count: u64 },
    /// A cell longer than a spreadsheet cell can hold; read cut to 32,767 characters.
    CellTooLong { chars: usize },
    /// No sheet holds the activity table.
    NoActivitiesTable,
    /// The activity table is on a sheet with another name.
    ActivitiesSheetRenamed { expected: &'static str },
    /// The header row is not in row 1 (rows were inserted above it).
    HeaderNotInFirstRow,
    /// A required column is missing; its rows cannot be read.
    MissingColumn { header: &'static str },
    /// An optional column is missing; its values are taken as blank.
    MissingOptionalColumn { header: &'static str },
    /// A column stands at another place than in the template.
    ColumnMoved {
        header: &'static str,
        expected: String,
    },
    /// A column the template does not have; ignored.
    UnknownColumn { header: String },
    /// The same column twice; the first is read.
    DuplicateColumn { header: &'static str },
    /// The file has no `_meta` sheet (made by hand or re-saved without it).
    MissingMeta,
    /// `_meta` names another template.
    NotATemplate { template_id: String },
    /// `_meta` gives a template version zakrila does not know.
    UnknownTemplateVersion { version: String },
    /// `_meta` belongs to another programme (municipality code or period).
    OtherProgramme {
        key: &'static str,
        found: String,
        expected: String,
    },
    /// The template was made from an earlier version of the config.
    ConfigChanged,
    /// The `Институция` sheet is missing.
    MissingInstitutionSheet,
    /// The activity table has no data rows.
    NoRows,

    // The `Институция` sheet.
    /// No submitting institution: the file cannot be attributed.
    MissingInstitution,
    /// The submitting institution is not configured.
    UnknownInstitution { name: String },
    /// A required field of `Институция` is blank.
    MissingField { label: &'static str },
    /// The e-mail address is not valid.
    InvalidEmail { value: String },
    /// The phone number is not a Bulgarian phone number.
    InvalidPhone { value: String },
    /// The date of submission is not a date.
    InvalidDate { value: String },

    // Cells of the activity table.
    /// A required cell is blank.
    MissingValue { header: &'static str },
    /// The priority is not one of the programme's.
    UnknownPriority { value: String },
    /// The goal is not one of the programme's.
    UnknownGoal { value: String },
    /// The goal belongs to another priority than the row's.
    GoalNotInPriority { goal: String, priority: u32 },
    /// The activity code does not start with the row's goal code.
    ActivityCodeMismatch { code: String, goal: String },
    /// The same activity code is used by another activity of the file.
    DuplicateActivityCode { code: String, first_row: u32 },
    /// The deadline text is not in any known form.
    DeadlineNotUnderstood { text: String },
    /// "при необходимост", "съгласно графика": no real deadline.
    DeadlineVague { text: String },
    /// The deadline lies wholly outside the programme period.
    DeadlineOutsidePeriod { text: String, period: String },
    /// The deadline starts before or ends after the programme period.
    DeadlinePartlyOutsidePeriod { text: String, period: String },
    /// A number written as text; read as `value`.
    NumberAsText { text: String, value: String },
    /// Text that is no number in a number column.
    NotANumber { text: String },
    /// A negative budget.
    NegativeBudget { value: String },
    /// A formula error value (#REF!, #DIV/0! …).
    FormulaError { value: String },
    /// No target value.
    MissingTarget,
    /// No funding source.
    MissingFundingSource,
    /// A funding source not in the programme's list; kept as written.
    UnknownFundingSource { value: String },
    /// A unit not in the template's list; kept as written.
    UnknownUnit { value: String },
    /// A currency other than EUR or BGN.
    UnknownCurrency { value: String },
    /// The amount's own currency word disagrees with the currency column.
    CurrencyConflict { written: String, column: String },
    /// The lead institution is not configured.
    UnknownLead { name: String },
    /// Several institutions in the lead cell.
    SeveralLeads { count: usize },
    /// A partner that is not configured; kept as written.
    UnknownPartner { name: String },
    /// Several indicators in one cell, split into `count` indicators.
    IndicatorsSplit { count: usize },
    /// A code the spreadsheet turned into a date ("1.2.3" → 01.02.2003); read as `read_as`.
    CodeAsDate { read_as: String },
    /// A cell of a continuation row that differs from its activity and is not used.
    ContinuationDiffers { header: &'static str },
    /// `merge`: the same activity (same goal and text) came from another file too; united.
    DuplicateActivity { other_file: String, other_row: u32 },

    // Reporting workbooks (`report collect`).
    /// No sheet holds the report table.
    NoReportTable,
    /// The report was made from another version of the programme workbook.
    ProgrammeChanged,
    /// A second report from the same institution; the first one is used.
    DuplicateReport { first_file: String },
    /// A row whose indicator is not among the institution's indicators of the programme.
    UnknownReportRow { activity: String, indicator: String },
    /// A status that is not one of the list.
    UnknownStatus { value: String },
}

impl Problem {
    /// The stable identifier of the problem, kebab-case English.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::findings::Problem;
    /// assert_eq!(Problem::MissingTarget.code(), "missing-target");
    /// ```
    pub fn code(&self) -> &'static str {
        use Problem as P;
        match self {
            P::FileUnreadable { .. } => "file-unreadable",
            P::EmptyFile => "empty-file",
            P::NotASpreadsheet => "not-a-spreadsheet",
            P::PasswordProtected => "password-protected",
            P::DamagedFile { .. } => "damaged-file",
            P::FileTooLarge { .. } => "file-too-large",
            P::TooManyRows { .. } => "too-many-rows",
            P::InternalError { .. } => "internal-error",
            P::CellOutsideTable { .. } => "cell-outside-table",
            P::MoreCellsOutsideTable { .. } => "cell-outside-table",
            P::TooManyFindings { .. } => "too-many-findings",
            P::CellTooLong { .. } => "cell-too-long",
            P::NoActivitiesTable => "no-activities-table",
            P::ActivitiesSheetRenamed { .. } => "activities-sheet-renamed",
            P::HeaderNotInFirstRow => "header-not-in-first-row",
            P::MissingColumn { .. } => "missing-column",
            P::MissingOptionalColumn { .. } => "missing-optional-column",
            P::ColumnMoved { .. } => "column-moved",
            P::UnknownColumn { .. } => "unknown-column",
            P::DuplicateColumn { .. } => "duplicate-column",
            P::MissingMeta => "missing-meta",
            P::NotATemplate { .. } => "not-a-template",
            P::UnknownTemplateVersion { .. } => "unknown-template-version",
            P::OtherProgramme { .. } => "other-programme",
            P::ConfigChanged => "config-changed",
            P::MissingInstitutionSheet => "missing-institution-sheet",
            P::NoRows => "no-rows",
            P::MissingInstitution => "missing-institution",
            P::UnknownInstitution { .. } => "unknown-institution",
            P::MissingField { .. } => "missing-field",
            P::InvalidEmail { .. } => "invalid-email",
            P::InvalidPhone { .. } => "invalid-phone",
            P::InvalidDate { .. } => "invalid-date",
            P::MissingValue { .. } => "missing-value",
            P::UnknownPriority { .. } => "unknown-priority",
            P::UnknownGoal { .. } => "unknown-goal",
            P::GoalNotInPriority { .. } => "goal-not-in-priority",
            P::ActivityCodeMismatch { .. } => "activity-code-mismatch",
            P::DuplicateActivityCode { .. } => "duplicate-activity-code",
            P::DeadlineNotUnderstood { .. } => "deadline-not-understood",
            P::DeadlineVague { .. } => "deadline-vague",
            P::DeadlineOutsidePeriod { .. } => "deadline-outside-period",
            P::DeadlinePartlyOutsidePeriod { .. } => "deadline-partly-outside-period",
            P::NumberAsText { .. } => "number-as-text",
            P::NotANumber { .. } => "not-a-number",
            P::NegativeBudget { .. } => "negative-budget",
            P::FormulaError { .. } => "formula-error",
            P::MissingTarget => "missing-target",
            P::MissingFundingSource => "missing-funding-source",
            P::UnknownFundingSource { .. } => "unknown-funding-source",
            P::UnknownUnit { .. } => "unknown-unit",
            P::UnknownCurrency { .. } => "unknown-currency",
            P::CurrencyConflict { .. } => "currency-conflict",
            P::UnknownLead { .. } => "unknown-lead",
            P::SeveralLeads { .. } => "several-leads",
            P::UnknownPartner { .. } => "unknown-partner",
            P::IndicatorsSplit { .. } => "indicators-split",
            P::ContinuationDiffers { .. } => "continuation-differs",
            P::CodeAsDate { .. } => "code-read-as-date",
            P::DuplicateActivity { .. } => "duplicate-activity",
            P::NoReportTable => "no-report-table",
            P::ProgrammeChanged => "programme-changed",
            P::DuplicateReport { .. } => "duplicate-report",
            P::UnknownReportRow { .. } => "unknown-report-row",
            P::UnknownStatus { .. } => "unknown-status",
        }
    }

    /// Whether the problem stops the row (or file) from being used.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::findings::{Problem, Severity};
    /// assert_eq!(Problem::MissingTarget.severity(), Severity::Warning);
    /// assert_eq!(Problem::MissingValue { header: "Дейност" }.severity(), Severity::Error);
    /// ```
    pub fn severity(&self) -> Severity {
        use Problem as P;
        match self {
            P::ActivitiesSheetRenamed { .. }
            | P::HeaderNotInFirstRow
            | P::MissingOptionalColumn { .. }
            | P::ColumnMoved { .. }
            | P::UnknownColumn { .. }
            | P::DuplicateColumn { .. }
            | P::MissingMeta
            | P::UnknownTemplateVersion { .. }
            | P::ConfigChanged
            | P::NoRows
            | P::InvalidDate { .. }
            | P::ActivityCodeMismatch { .. }
            | P::DuplicateActivityCode { .. }
            | P::DeadlineNotUnderstood { .. }
            | P::DeadlineVague { .. }
            | P::DeadlinePartlyOutsidePeriod { .. }
            | P::NumberAsText { .. }
            | P::MissingTarget
            | P::MissingFundingSource
            | P::UnknownFundingSource { .. }
            | P::UnknownUnit { .. }
            | P::SeveralLeads { .. }
            | P::UnknownPartner { .. }
            | P::IndicatorsSplit { .. }
            | P::ContinuationDiffers { .. }
            | P::CodeAsDate { .. }
            | P::DuplicateActivity { .. }
            | P::CellOutsideTable { .. }
            | P::MoreCellsOutsideTable { .. }
            | P::TooManyFindings { .. }
            | P::CellTooLong { .. }
            | P::ProgrammeChanged => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// The texts the problem quotes from the file (cell values, names, details), to be
    /// kept short: a finding quotes, it does not copy. Every variant is listed, so a new
    /// one cannot forget its texts.
    fn quotes_mut(&mut self) -> Vec<&mut String> {
        use Problem as P;
        match self {
            P::FileUnreadable { reason } => vec![reason],
            P::EmptyFile => Vec::new(),
            P::NotASpreadsheet => Vec::new(),
            P::PasswordProtected => Vec::new(),
            P::DamagedFile { detail } => vec![detail],
            P::FileTooLarge { .. } => Vec::new(),
            P::TooManyRows { .. } => Vec::new(),
            P::InternalError { detail } => vec![detail],
            P::CellOutsideTable { at, text } => vec![at, text],
            P::MoreCellsOutsideTable { .. } => Vec::new(),
            P::TooManyFindings { .. } => Vec::new(),
            P::CellTooLong { .. } => Vec::new(),
            P::NoActivitiesTable => Vec::new(),
            P::ActivitiesSheetRenamed { .. } => Vec::new(),
            P::HeaderNotInFirstRow => Vec::new(),
            P::MissingColumn { .. } => Vec::new(),
            P::MissingOptionalColumn { .. } => Vec::new(),
            P::ColumnMoved { expected, .. } => vec![expected],
            P::UnknownColumn { header } => vec![header],
            P::DuplicateColumn { .. } => Vec::new(),
            P::MissingMeta => Vec::new(),
            P::NotATemplate { template_id } => vec![template_id],
            P::UnknownTemplateVersion { version } => vec![version],
            P::OtherProgramme {
                found, expected, ..
            } => vec![found, expected],
            P::ConfigChanged => Vec::new(),
            P::MissingInstitutionSheet => Vec::new(),
            P::NoRows => Vec::new(),
            P::MissingInstitution => Vec::new(),
            P::UnknownInstitution { name } => vec![name],
            P::MissingField { .. } => Vec::new(),
            P::InvalidEmail { value } => vec![value],
            P::InvalidPhone { value } => vec![value],
            P::InvalidDate { value } => vec![value],
            P::MissingValue { .. } => Vec::new(),
            P::UnknownPriority { value } => vec![value],
            P::UnknownGoal { value } => vec![value],
            P::GoalNotInPriority { goal, .. } => vec![goal],
            P::ActivityCodeMismatch { code, goal } => vec![code, goal],
            P::DuplicateActivityCode { code, .. } => vec![code],
            P::DeadlineNotUnderstood { text } => vec![text],
            P::DeadlineVague { text } => vec![text],
            P::DeadlineOutsidePeriod { text, period } => vec![text, period],
            P::DeadlinePartlyOutsidePeriod { text, period } => vec![text, period],
            P::NumberAsText { text, value } => vec![text, value],
            P::NotANumber { text } => vec![text],
            P::NegativeBudget { value } => vec![value],
            P::FormulaError { value } => vec![value],
            P::MissingTarget => Vec::new(),
            P::MissingFundingSource => Vec::new(),
            P::UnknownFundingSource { value } => vec![value],
            P::UnknownUnit { value } => vec![value],
            P::UnknownCurrency { value } => vec![value],
            P::CurrencyConflict { written, column } => vec![written, column],
            P::UnknownLead { name } => vec![name],
            P::SeveralLeads { .. } => Vec::new(),
            P::UnknownPartner { name } => vec![name],
            P::IndicatorsSplit { .. } => Vec::new(),
            P::CodeAsDate { read_as } => vec![read_as],
            P::ContinuationDiffers { .. } => Vec::new(),
            P::DuplicateActivity { other_file, .. } => vec![other_file],
            P::NoReportTable => Vec::new(),
            P::ProgrammeChanged => Vec::new(),
            P::DuplicateReport { first_file } => vec![first_file],
            P::UnknownReportRow {
                activity,
                indicator,
            } => vec![activity, indicator],
            P::UnknownStatus { value } => vec![value],
        }
    }

    /// The problem with every quoted text cut to [`QUOTE_LIMIT`] characters.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::findings::{Problem, QUOTE_LIMIT};
    /// let problem = Problem::UnknownPriority { value: "я".repeat(10_000) };
    /// let Problem::UnknownPriority { value } = problem.with_short_quotes() else { unreachable!() };
    /// assert_eq!(value.chars().count(), QUOTE_LIMIT + 1); // and "…"
    /// ```
    pub fn with_short_quotes(mut self) -> Problem {
        for text in self.quotes_mut() {
            if let Some((cut, _)) = text.char_indices().nth(QUOTE_LIMIT) {
                text.truncate(cut);
                text.push('…');
            }
        }
        self
    }

    /// Whether the problem makes the whole file unusable (as opposed to one row or cell).
    pub fn rejects_file(&self) -> bool {
        use Problem as P;
        matches!(
            self,
            P::FileUnreadable { .. }
                | P::EmptyFile
                | P::NotASpreadsheet
                | P::PasswordProtected
                | P::DamagedFile { .. }
                | P::FileTooLarge { .. }
                | P::TooManyRows { .. }
                | P::InternalError { .. }
                | P::NoActivitiesTable
                | P::MissingColumn { .. }
                | P::NotATemplate { .. }
                | P::OtherProgramme { .. }
                | P::MissingInstitution
                | P::UnknownInstitution { .. }
                | P::NoReportTable
                | P::DuplicateReport { .. }
        )
    }
}

/// A place in a workbook: sheet, and optionally a cell (0-based row and column inside).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The sheet name.
    pub sheet: String,
    /// 0-based (row, column) of the cell, when the problem is in one cell.
    pub cell: Option<(u32, u16)>,
    /// 0-based row, when the problem is in a row but no one cell.
    pub row: Option<u32>,
    /// The header of the column, when known.
    pub column: Option<String>,
}

/// One problem at one place.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// The input path as given on the command line.
    pub file: String,
    /// Where in the file; `None` for the whole file.
    pub place: Option<Place>,
    /// What is wrong.
    pub problem: Problem,
}

impl Finding {
    /// The A1 reference of the finding's cell ("B7"), if it has one.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::findings::{Finding, Place, Problem};
    /// let finding = Finding {
    ///     file: "руо.xlsx".into(),
    ///     place: Some(Place { sheet: "Дейности".into(), cell: Some((6, 1)), row: Some(6), column: None }),
    ///     problem: Problem::MissingTarget,
    /// };
    /// assert_eq!(finding.cell_ref().as_deref(), Some("B7"));
    /// assert_eq!(finding.row(), Some(7));
    /// ```
    pub fn cell_ref(&self) -> Option<String> {
        let (row, col) = self.place.as_ref()?.cell?;
        Some(a1(row, col))
    }

    /// The 1-based row of the finding, if it has one.
    pub fn row(&self) -> Option<u32> {
        let place = self.place.as_ref()?;
        place.row.or(place.cell.map(|(row, _)| row)).map(|r| r + 1)
    }

    /// The finding's severity.
    pub fn severity(&self) -> Severity {
        self.problem.severity()
    }

    /// The sentence for the user, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        // A message quotes the cell it is about; a very long cell makes no readable message.
        // A value with line breaks is quoted on one line: a finding is one line of a report.
        let message = crate::text::one_line(&problem_message(&self.problem, lang));
        match message.char_indices().nth(MESSAGE_LIMIT) {
            None => message,
            Some((cut, _)) => format!("{}…", &message[..cut]),
        }
    }

    /// The JSON shape of template.md: every field, the message in `lang`.
    pub fn to_json(&self, lang: Lang) -> FindingJson<'_> {
        FindingJson {
            file: &self.file,
            sheet: self.place.as_ref().map(|p| p.sheet.as_str()),
            cell: self.cell_ref(),
            row: self.row(),
            column: self.place.as_ref().and_then(|p| p.column.as_deref()),
            severity: self.severity(),
            code: self.problem.code(),
            message: self.message(lang),
        }
    }
}

/// A finding as `validate --format json` prints it.
#[derive(Debug, Serialize)]
pub struct FindingJson<'a> {
    /// The input path as given.
    pub file: &'a str,
    /// Sheet name, or null for the whole file.
    pub sheet: Option<&'a str>,
    /// A1 reference, or null.
    pub cell: Option<String>,
    /// 1-based row, or null.
    pub row: Option<u32>,
    /// Column header, or null.
    pub column: Option<&'a str>,
    /// `error` or `warning`.
    pub severity: Severity,
    /// Stable kebab-case code.
    pub code: &'static str,
    /// One sentence in the chosen language.
    pub message: String,
}

/// The A1 reference of any 0-based position, beyond the grid included ("XFE1",
/// "A4000000001"): for cells that are reported but never stored.
///
/// # Examples
///
/// ```
/// assert_eq!(zakrila::findings::a1_wide(0, 16_384), "XFE1");
/// assert_eq!(zakrila::findings::a1_wide(4_000_000_000, 0), "A4000000001");
/// ```
pub fn a1_wide(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = u64::from(col) + 1;
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    let letters: String = letters.into_iter().rev().collect();
    format!("{letters}{}", u64::from(row) + 1)
}

/// The A1 reference of a 0-based cell.
///
/// # Examples
///
/// ```
/// assert_eq!(zakrila::findings::a1(0, 0), "A1");
/// assert_eq!(zakrila::findings::a1(99, 27), "AB100");
/// ```
pub fn a1(row: u32, col: u16) -> String {
    format!("{}{}", crate::layout::column_letters(col), row + 1)
}
