//! Writing: workbooks and the CSV, from the model. The only stage that names
//! rust_xlsxwriter and csv. Every writer returns bytes; where they go is the commands'
//! business.
//!
//! - [`template`]: the template workbook;
//! - [`annotated`]: the marked-up copy of a contribution (`validate --annotate`);
//! - [`programme`]: the programme workbook (`merge`);
//! - [`reports`]: the reporting workbooks (`report new`);
//! - [`implementation`]: the implementation report (`report collect`);
//! - [`csv`]: the national CSV and its Data Package (`export`).

pub mod annotated;
pub mod csv;
pub mod implementation;
pub mod programme;
pub mod reports;
pub mod template;
