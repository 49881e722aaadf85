//! The national export as a workbook (`zakrila export -o FILE.xlsx`): the columns and rows of
//! the national CSV (spec: national-csv.md) on one sheet, each cell of its column's type.
//!
//! No CSV opens right in both Excel and LibreOffice with the Bulgarian locale (README, "The
//! CSV for the national agency"): a spreadsheet program guesses each field's type, reads a
//! code "1.2.3" as a date and may run a text as a formula. In a workbook the types are
//! written, not guessed: a code is a text, a date a date, a number a number, and no text is
//! ever a formula, so no mark is needed.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, XlsxError};

use crate::contract::national_csv::{FIELDS, Kind};
use crate::write::print::{self, Page};
use crate::write::template::{header_format, header_height};

/// The sheet's name: ДАЗД, the State Agency for Child Protection it is for.
pub const SHEET: &str = "ДАЗД";

/// The workbook of the records ([`super::csv::records`]: header first, numbers with a
/// decimal point, dates in ISO 8601), titled `title`.
///
/// # Errors
///
/// Only when rust_xlsxwriter rejects something, which would be a bug.
///
/// # Examples
///
/// ```
/// use zakrila::write::national_xlsx::workbook;
/// let mut header: Vec<String> = zakrila::contract::national_csv::FIELDS
///     .iter()
///     .map(|f| f.name.to_string())
///     .collect();
/// let bytes = workbook(&[header], "Програма")?;
/// assert_eq!(&bytes[..2], b"PK");
/// # Ok::<(), rust_xlsxwriter::XlsxError>(())
/// ```
pub fn workbook(records: &[Vec<String>], title: &str) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // A fixed creation time: the same inputs give the same bytes.
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_author("zakrila")
            .set_creation_datetime(&created),
    );
    let sheet = workbook.add_worksheet();
    sheet.set_name(SHEET)?;
    let header = header_format();
    let top = Format::new().set_align(FormatAlign::Top);
    let date = top.clone().set_num_format("dd.mm.yyyy");
    for (col, field) in FIELDS.iter().enumerate() {
        let col = col as u16;
        sheet.write_with_format(0, col, field.name, &header)?;
        sheet.set_column_width(col, column_width(field.kind, field.name))?;
    }
    for (index, record) in records.iter().skip(1).enumerate() {
        let row = index as u32 + 1;
        for (col, (value, field)) in record.iter().zip(&FIELDS).enumerate() {
            let col = col as u16;
            if value.is_empty() {
                continue;
            }
            match field.kind {
                Kind::String | Kind::Code => {
                    sheet.write_string_with_format(row, col, value, &top)?;
                }
                Kind::Date => match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
                    Ok(day) => {
                        let day = ExcelDateTime::from_ymd(
                            day.year() as u16,
                            day.month() as u8,
                            day.day() as u8,
                        )?;
                        sheet.write_datetime_with_format(row, col, &day, &date)?;
                    }
                    Err(_) => {
                        sheet.write_string_with_format(row, col, value, &top)?;
                    }
                },
                Kind::Integer | Kind::Number => match value.parse::<f64>() {
                    Ok(number) => {
                        sheet.write_number_with_format(row, col, number, &top)?;
                    }
                    Err(_) => {
                        sheet.write_string_with_format(row, col, value, &top)?;
                    }
                },
            }
        }
    }
    let last_row = records.len().saturating_sub(1).max(1) as u32;
    let last_col = FIELDS.len() as u16 - 1;
    let titles: Vec<(&str, f64)> = FIELDS
        .iter()
        .map(|f| (f.name, column_width(f.kind, f.name)))
        .collect();
    sheet.set_row_height(0, header_height(&titles))?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last_row, last_col)?;
    print::set_up(sheet, Page::table(last_row, last_col))?;
    workbook.save_to_buffer()
}

/// A column's width, in characters: the texts wide, the codes, dates and numbers narrow.
fn column_width(kind: Kind, name: &str) -> f64 {
    match (kind, name) {
        (Kind::String, "activity" | "indicator" | "expected_result" | "goal" | "priority") => 40.0,
        (Kind::String, _) => 20.0,
        (Kind::Code | Kind::Integer, _) => 10.0,
        (Kind::Date, _) => 11.0,
        (Kind::Number, _) => 12.0,
    }
}
