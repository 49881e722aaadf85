//! The contract: every agreed sheet, column and label, written down once.
//!
//! What the commission, the institutions and the national agency agreed (../shared/spec) is
//! data here, and both sides of it read from this folder: the template writer and the
//! contribution reader, the programme writer and the `Данни` reader, the reporting workbook
//! writer and reader, the CSV writer and its schema. A column cannot move in one and not in
//! the other.
//!
//! - [`template`]: the template workbook (`Дейности`, `Институция`, `_meta`, the lists);
//! - [`programme`]: the programme workbook `merge` writes, and the columns of `Данни`;
//! - [`reporting`]: the reporting workbook, its statuses, and the implementation report;
//! - [`national_csv`]: the national agency's CSV;
//! - [`document`]: the fixed words of the council's Word documents;
//! - [`programme_text`]: `programme.md`, the programme's own words.

pub mod document;
pub mod national_csv;
pub mod programme;
pub mod programme_text;
pub mod reporting;
pub mod template;
