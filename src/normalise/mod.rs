//! Normalising what people type: the second stage, between reading cells and checking them.
//!
//! Institutions write "2025 г.-2026 г." in a date column, "60 997,40 лв." in a number
//! column and "РУО - Русе" for "РУО – Русе". Each module here turns one kind of such text
//! into a value, never failing: what it cannot understand it says so, and the validation
//! stage turns that into a finding.
//!
//! - [`cells`]: a cell's value as text, as people see it;
//! - [`text`]: cleaning text and folding it for comparison;
//! - [`number`]: numbers typed as text, in Bulgarian and English notation;
//! - [`deadline`]: the deadline grammar of deadlines.md.
//!
//! Matching institution names needs the programme's list, so it is part of validation
//! ([`crate::validate::institutions`]).

pub mod cells;
pub mod deadline;
pub mod number;
pub mod text;
