//! One institution's contribution, read by the reading rules of template.md: header found by
//! its labels, columns mapped by header, fill-down, continuation rows, split indicators,
//! numbers and deadlines as people write them. The result is the model (activities with
//! their indicators, known to be good) plus every finding, each with its cell.
//!
//! Every data row ends up in an accepted activity, in [`Submission::rejected_rows`], or —
//! a row that holds no activity ([`not_data`]) — in [`Submission::skipped_rows`]:
//! `rows_read == accepted + rejected + skipped` always holds.

use std::collections::HashMap;
use std::path::Path;
use std::sync::LazyLock;

use crate::read::Data;
use chrono::NaiveDate;

use crate::config::{Currency, Keys, Programme, UNITS};
use crate::contract::template::{
    COLUMNS, IMPORT_REPORT_ID, INSTITUTION_FIELDS, META_KEYS, META_PREFILLED, PREFILLED_BY,
    SHEET_ACTIVITIES, SHEET_INSTITUTION, SHEET_META, TEMPLATE_ID, TEMPLATE_VERSION, column_letters,
};
use crate::model::contribution::{
    Activity, Amount, Contact, Indicator, Keep, MAX_FINDINGS, Partner, Rejection, Skip, Submission,
    TableLayout, TableRow,
};
use crate::model::findings::{Finding, Place, Problem, Severity};
use crate::normalise::deadline::{self, Deadline, DeadlineKind, Fit, Period};
use crate::normalise::number::parse_number;
use crate::normalise::text::{clean, fold_key, fold_same};
use crate::read::{Limits, MergeIndex, ReadError, Sheet, Workbook};
use crate::validate::institutions::{Matcher, split_names};

mod institution_sheet;
mod meta;
mod not_data;
mod rows;
mod table;

pub use crate::normalise::cells::cell_text;
pub use table::{data_rows, row_is_blank, row_values, table_merges};

use crate::normalise::cells::is_blank;
use crate::validate::table::{HeaderRow, find_sheet, header_key, header_rows, key_values};
use table::row_cells;

/// Reads the workbook at `path` (shown as `display` in findings) against `programme`,
/// under `limits`.
///
/// Never fails: a file that cannot be read gives a submission with one file-level finding.
///
/// # Examples
///
/// ```no_run
/// use zakrila::read::Limits;
/// let programme = zakrila::config::Programme::load("samples/ruse-2025/programme.toml".as_ref()).unwrap();
/// let submission = zakrila::validate::contribution::read(
///     std::path::Path::new("руо.xlsx"), "руо.xlsx", &programme, Limits::default());
/// for finding in &submission.findings {
///     println!("{:?} {}", finding.cell_ref(), finding.problem.code());
/// }
/// ```
pub fn read(path: &Path, display: &str, programme: &Programme, limits: Limits) -> Submission {
    let mut reader = SubmissionReader::new(display, programme, Keep::Model);
    match Workbook::open(path, limits) {
        Ok(book) => reader.read_book(book),
        Err(err) => reader.read_failure(err),
    }
    reader.finish()
}

/// As [`read`], for a workbook already in memory.
pub fn read_bytes(
    bytes: Vec<u8>,
    display: &str,
    programme: &Programme,
    limits: Limits,
) -> Submission {
    read_bytes_keeping(bytes, display, programme, limits, Keep::Model)
}

/// As [`read_bytes`], keeping what `keep` says beside the model.
pub fn read_bytes_keeping(
    bytes: Vec<u8>,
    display: &str,
    programme: &Programme,
    limits: Limits,
    keep: Keep,
) -> Submission {
    let mut reader = SubmissionReader::new(display, programme, keep);
    match Workbook::from_bytes(bytes, limits) {
        Ok(book) => reader.read_book(book),
        Err(err) => reader.read_failure(err),
    }
    reader.finish()
}

/// A submission for a file whose bytes could not be read at all (missing, no permission,
/// over the size limit): its one file-level finding.
pub fn unreadable(display: &str, err: ReadError) -> Submission {
    let mut submission = Submission::empty(display);
    submission.findings.push(Finding {
        file: display.to_string(),
        place: None,
        problem: read_problem(err),
    });
    submission
}

/// A submission for a file on which zakrila itself failed: one `internal-error` finding,
/// nothing accepted.
pub fn failed(display: &str, detail: String) -> Submission {
    let mut submission = Submission::empty(display);
    submission.findings.push(Finding {
        file: display.to_string(),
        place: None,
        problem: Problem::InternalError { detail },
    });
    submission
}

/// The finding for a file that cannot be read as a spreadsheet.
pub fn read_problem(err: ReadError) -> Problem {
    match err {
        ReadError::Unreadable { reason } => Problem::FileUnreadable { reason },
        ReadError::Empty => Problem::EmptyFile,
        ReadError::NotASpreadsheet => Problem::NotASpreadsheet,
        ReadError::PasswordProtected => Problem::PasswordProtected,
        ReadError::Damaged { detail } => Problem::DamagedFile { detail },
        ReadError::TooLarge(what) => Problem::FileTooLarge { what },
        ReadError::TooManyRows { limit, .. } => Problem::TooManyRows { limit },
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
    matcher: Matcher<'p>,
    /// The programme's folded titles and sources.
    keys: &'p Keys,
    period: Period,
    submission: Submission,
    /// The file as a whole cannot be used.
    file_rejected: bool,
    /// `_meta` says `zakrila import` pre-filled it: the contact fields are still to be filled.
    prefilled: bool,
    /// `_meta` says it is `zakrila import`'s report: nothing more to read.
    not_a_contribution: bool,
    /// Priority texts resolved so far, and what each resolved to.
    priorities_seen: std::cell::RefCell<Resolved<Option<u32>>>,
    /// Goal texts resolved so far, and what each resolved to.
    goals_seen: std::cell::RefCell<Resolved<Option<String>>>,
    /// Funding source texts looked up so far, and the configured source of each.
    funding_seen: std::cell::RefCell<Resolved<Option<String>>>,
    /// What to keep beside the model.
    keep: Keep,
}

/// Texts of one column already resolved (a priority or goal title, a funding source), so each distinct text is
/// folded and looked up once per file: the rows of a table repeat a few titles, in any
/// order. A file of many distinct texts stops being remembered at [`Resolved::ROOM`].
#[derive(Debug)]
struct Resolved<T> {
    seen: HashMap<String, T>,
}

impl<T> Default for Resolved<T> {
    fn default() -> Self {
        Resolved {
            seen: HashMap::new(),
        }
    }
}

impl<T: Clone> Resolved<T> {
    /// The most texts remembered.
    const ROOM: usize = 256;

    /// What `text` resolves to, by `resolve` the first time it is seen.
    fn get_or(&mut self, text: &str, resolve: impl FnOnce(&str) -> T) -> T {
        if let Some(found) = self.seen.get(text) {
            return found.clone();
        }
        let found = resolve(text);
        if self.seen.len() < Self::ROOM {
            self.seen.insert(text.to_string(), found.clone());
        }
        found
    }
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
    fn new(display: &str, programme: &'p Programme, keep: Keep) -> SubmissionReader<'p> {
        SubmissionReader {
            programme,
            keep,
            matcher: Matcher::new(programme),
            keys: &programme.keys,
            period: Period {
                start: programme.period_start,
                end: programme.period_end,
            },
            submission: Submission::empty(display),
            file_rejected: false,
            prefilled: false,
            not_a_contribution: false,
            priorities_seen: Default::default(),
            goals_seen: Default::default(),
            funding_seen: Default::default(),
        }
    }

    fn finish(mut self) -> Submission {
        let unlisted = self.submission.unlisted;
        if unlisted.errors + unlisted.warnings > 0 {
            self.submission.findings.push(Finding {
                file: self.submission.file.clone(),
                place: None,
                problem: Problem::TooManyFindings {
                    listed: MAX_FINDINGS,
                    unlisted: unlisted.errors + unlisted.warnings,
                },
            });
        }
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
        self.record(None, problem);
    }

    fn sheet_problem(&mut self, sheet: &str, problem: Problem) {
        let place = Place {
            sheet: sheet.to_string(),
            cell: None,
            row: None,
            column: None,
        };
        self.record(Some(place), problem);
    }

    fn cell_problem(
        &mut self,
        sheet: &str,
        cell: (u32, u16),
        column: Option<&str>,
        problem: Problem,
    ) {
        let place = Place {
            sheet: sheet.to_string(),
            cell: Some(cell),
            row: Some(cell.0),
            column: column.map(str::to_string),
        };
        self.record(Some(place), problem);
    }

    /// Keeps a finding, its quotes cut short. Past [`MAX_FINDINGS`] a finding is only
    /// counted: a file of a hundred thousand bad rows is described by its first ten thousand
    /// problems, and its memory stays bounded.
    fn record(&mut self, place: Option<Place>, problem: Problem) {
        if problem.rejects_file() {
            self.file_rejected = true;
        }
        if self.submission.findings.len() >= MAX_FINDINGS {
            match problem.severity() {
                Severity::Error => self.submission.unlisted.errors += 1,
                Severity::Warning => self.submission.unlisted.warnings += 1,
            }
            return;
        }
        self.submission.findings.push(Finding {
            file: self.submission.file.clone(),
            place,
            problem: problem.with_short_quotes(),
        });
    }

    /// Records why a file, or one of its sheets, could not be read: a sheet with too many
    /// rows is named; everything else is about the whole file.
    fn read_failure(&mut self, err: ReadError) {
        match err {
            ReadError::TooManyRows { sheet, limit } => {
                self.sheet_problem(&sheet, Problem::TooManyRows { limit });
            }
            other => self.file_problem(read_problem(other)),
        }
    }

    fn read_book(&mut self, mut book: Workbook) {
        self.submission.sha256 = Some(book.sha256.clone());
        self.submission.format = Some(book.format);
        let names = book.sheet_names();
        self.read_meta(&mut book, &names);
        if self.not_a_contribution {
            return;
        }
        self.read_institution(&mut book, &names);
        self.read_activities(&mut book, &names);
    }
}
