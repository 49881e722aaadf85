//! Cell values as text.

use crate::read::Data;
use chrono::NaiveDate;

use super::text::clean;

/// Whether a cell holds nothing (empty, or only spaces).
pub fn is_blank(data: &Data) -> bool {
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
    Some(match crate::normalise::text::cell_limit(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(cut) => cut,
    })
}

/// A number as people read it in a cell: whole numbers without ".0", others as Rust
/// writes them.
pub fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}
