//! Writing: workbooks and the CSV, from the model. The only stage that names
//! rust_xlsxwriter and csv. Every writer returns bytes; where they go is the commands'
//! business.
//!
//! - [`template`]: the template workbook;
//! - [`annotated`]: the marked-up copy of a contribution (`validate --annotate`);
//! - [`programme`]: the programme workbook (`merge`);
//! - [`reports`]: the reporting workbooks (`report new`);
//! - [`implementation`]: the implementation report (`report collect`);
//! - [`csv`]: the national CSV and its Data Package (`export`);
//! - [`national_xlsx`]: the same export as a workbook (`export -o FILE.xlsx`);
//! - [`imported`]: the config, contributions and report of `import`;
//! - [`archive`]: the zip archives the portal hands out.

use std::fmt;
use std::sync::Arc;

use crate::system::{SystemError, Trouble};

/// Why a workbook could not be made: a temporary file that could not be written (the
/// large sheets are written through one: a full disk), or content past a sheet's limits.
/// The kind of trouble for the user's message, the writer's own words for `--verbose`, and
/// rust_xlsxwriter's error as its source.
///
/// # Examples
///
/// ```
/// use std::error::Error;
/// let io = std::io::Error::from(std::io::ErrorKind::StorageFull);
/// let err = zakrila::write::WriteError::from(rust_xlsxwriter::XlsxError::IoError(io));
/// assert_eq!(err.trouble(), zakrila::system::Trouble::DiskFull);
/// assert!(err.source().is_some());
/// ```
#[derive(Clone, Debug)]
pub struct WriteError {
    reason: String,
    trouble: Trouble,
    source: Option<Arc<rust_xlsxwriter::XlsxError>>,
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.source {
            // The source says why.
            Some(_) => f.write_str("the workbook could not be made"),
            None => write!(f, "the workbook could not be made: {}", self.reason),
        }
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|err| err as &(dyn std::error::Error + 'static))
    }
}

impl PartialEq for WriteError {
    /// Two failures are the same when they say the same (the source is not compared).
    fn eq(&self, other: &WriteError) -> bool {
        self.reason == other.reason && self.trouble == other.trouble
    }
}

impl WriteError {
    /// A failure that is no system error (a bug, or content past a limit).
    pub(crate) fn other(reason: impl fmt::Display) -> WriteError {
        WriteError {
            reason: reason.to_string(),
            trouble: Trouble::Other,
            source: None,
        }
    }

    /// What kind of trouble it is.
    pub fn trouble(&self) -> Trouble {
        self.trouble
    }

    /// The writer's own words, for `--verbose`.
    pub fn detail(&self) -> &str {
        &self.reason
    }
}

impl From<rust_xlsxwriter::XlsxError> for WriteError {
    fn from(err: rust_xlsxwriter::XlsxError) -> WriteError {
        let trouble = match &err {
            rust_xlsxwriter::XlsxError::IoError(io) => SystemError::from(io).trouble,
            _ => Trouble::Other,
        };
        WriteError {
            reason: err.to_string(),
            trouble,
            source: Some(Arc::new(err)),
        }
    }
}

pub mod annotated;
pub mod archive;
pub mod csv;
pub mod document;
mod findings_sheet;
pub mod implementation;
pub mod imported;
pub mod national_xlsx;
mod print;
pub mod programme;
pub mod reports;
mod table_range;
pub mod template;
