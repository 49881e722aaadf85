//! The Word documents the council adopts (spec: documents.md): the programme document from
//! a merged programme, and the report document from an implementation report. Both are
//! built as a few plain parts ([`ooxml`]) and written as .docx bytes.
//!
//! - [`ooxml`]: the .docx package: paragraphs, tables, sections, the footer;
//! - [`layout`]: what the tables share (header rows, rows across, whether a row fits a page);
//! - [`programme`]: the proposal, the title block, `programme.md`'s text and the table;
//! - [`report`]: the implementation report.

pub mod layout;
pub mod ooxml;
pub mod programme;
pub mod report;
mod theme;
