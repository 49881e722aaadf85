//! A read contribution: its activities and indicators (known to be good), the rows that
//! were not accepted and why, and every finding, each with its cell.
//!
//! Every data row ends up in an accepted activity, in [`Submission::rejected_rows`] or —
//! when it holds no activity at all (a repeated header, a subtotal, a title across the
//! table) — in [`Submission::skipped_rows`]: `rows_read == accepted + rejected + skipped`
//! always holds.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::config::Currency;
use crate::normalise::deadline::Deadline;
use crate::read::{Data, Format};

use super::findings::{Finding, Severity};

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
    ActivityRejected {
        /// The activity's own row (0-based).
        activity_row: u32,
    },
    /// The whole file cannot be used (its file-level findings say why).
    FileRejected,
}

/// Why a row holds no activity and was skipped (with a warning naming it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Skip {
    /// The header's labels (or its column numbers) again, as a table pasted from a
    /// document that repeats its header on every page has them.
    RepeatedHeader,
    /// A subtotal: „Общо за приоритета …“, „Всичко“.
    Subtotal,
    /// A title across the table: one text in cells merged over the row.
    Title,
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
    /// Data rows seen (blank rows not counted; rows skipped as no activity counted).
    pub rows_read: usize,
    /// Accepted activities.
    pub activities: Vec<Activity>,
    /// 0-based rows that were not accepted, with why.
    pub rejected_rows: BTreeMap<u32, Rejection>,
    /// 0-based rows that hold no activity and were skipped, with what they are.
    pub skipped_rows: BTreeMap<u32, Skip>,
    /// Every finding, in reading order (at most [`MAX_FINDINGS`], then one
    /// `too-many-findings`).
    pub findings: Vec<Finding>,
    /// Findings past [`MAX_FINDINGS`], counted but not kept.
    pub unlisted: Unlisted,
    /// The table's data rows as read (merged ranges resolved), by contract column: kept
    /// only when the submission is to be marked up ([`Keep::Table`]), so that the copy is
    /// made from what was checked, without reading the file again.
    pub table_rows: Option<Vec<TableRow>>,
}

/// One data row of a contribution's table as read: its 0-based sheet row and its values by
/// contract column (A–Q).
#[derive(Clone, Debug, PartialEq)]
pub struct TableRow {
    /// 0-based row in the activity sheet.
    pub row: u32,
    /// The values by contract column; columns the file lacks are empty.
    pub values: [Data; 17],
}

/// What a read keeps beside the model and the findings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Keep {
    /// Only the model and the findings (merging, counting).
    #[default]
    Model,
    /// Also the table's rows as read, for the marked-up copy.
    Table,
}

/// How many findings were counted but not kept, by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Unlisted {
    /// Errors not listed.
    pub errors: usize,
    /// Warnings not listed.
    pub warnings: usize,
}

/// The most findings kept for one file; the rest are counted.
pub const MAX_FINDINGS: usize = 10_000;

impl Submission {
    /// A submission of `display` with nothing read yet.
    pub(crate) fn empty(display: &str) -> Submission {
        Submission {
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
            skipped_rows: BTreeMap::new(),
            findings: Vec::new(),
            unlisted: Unlisted::default(),
            table_rows: None,
        }
    }

    /// Number of error findings (listed or not).
    pub fn errors(&self) -> usize {
        self.count(Severity::Error) + self.unlisted.errors
    }

    /// Number of warning findings (listed or not).
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning) + self.unlisted.warnings
    }

    fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity() == severity)
            .count()
    }

    /// Rows accepted into activities.
    pub fn rows_accepted(&self) -> usize {
        self.rows_read - self.rejected_rows.len() - self.skipped_rows.len()
    }
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
    /// The last filled column of the header row: a value right of it is outside the table.
    pub last_col: u16,
}
