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
//! - [`imported`]: the config, contributions and report of `import`;
//! - [`archive`]: the zip archives the portal hands out.

use std::fmt;

/// Why a workbook could not be made: a temporary file that could not be written (the
/// large sheets are written through one), or content past a sheet's limits. The writer's
/// own words, for the user's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WriteError {
    reason: String,
}

impl From<rust_xlsxwriter::XlsxError> for WriteError {
    fn from(err: rust_xlsxwriter::XlsxError) -> WriteError {
        WriteError {
            reason: err.to_string(),
        }
    }
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

pub mod annotated;
pub mod archive;
pub mod csv;
pub mod document;
mod findings_sheet;
pub mod implementation;
pub mod imported;
pub mod programme;
pub mod reports;
mod table_range;
pub mod template;
