//! Reading back the workbooks zakrila wrote: the programme's `Данни` (for `report new` and
//! `export`) and the implementation report's `Изпълнение` (for `export --report`). A cell
//! changed into something zakrila never writes there is refused with its row and column.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use crate::config::Currency;
pub use crate::contract::programme::DataError;
use crate::contract::programme::{SHEET_DATA, data_col, data_headers};
use crate::contract::reporting::{IMPLEMENTATION_HEADERS, SHEET_IMPLEMENTATION, impl_col};
use crate::model::programme_rows::DataRow;
use crate::model::reporting::{Outcome, ReportRow};
use crate::normalise::cells::cell_text;
use crate::read::{Data, Limits, Sheet, Workbook as Source};

/// Reads the `Данни` sheet of a programme workbook written by `merge`.
///
/// # Errors
///
/// A [`DataError`] when the file is not a programme workbook or a cell was changed into
/// something zakrila cannot read back.
pub fn read_data(path: &Path, limits: Limits) -> Result<Vec<DataRow>, DataError> {
    data_of(Source::open(path, limits).map_err(DataError::Read)?)
}

/// As [`read_data`], for a workbook held in memory.
///
/// # Errors
///
/// As [`read_data`].
pub fn read_data_bytes(bytes: Vec<u8>, limits: Limits) -> Result<Vec<DataRow>, DataError> {
    data_of(Source::from_bytes(bytes, limits).map_err(DataError::Read)?)
}

/// A workbook zakrila wrote that the council's document is made from.
#[derive(Clone, Debug, PartialEq)]
pub enum ZakrilaWorkbook {
    /// A programme workbook (`merge`): its `Данни` rows.
    Programme(Vec<DataRow>),
    /// An implementation report (`report collect`): its `Изпълнение` rows.
    Report(Vec<ReportRow>),
}

/// Reads a programme workbook or an implementation report, told apart by the sheet zakrila
/// reads back from each (`Данни`, `Изпълнение`).
///
/// # Errors
///
/// [`DataError::NotAProgramme`] when the workbook is neither; otherwise as [`read_data`].
pub fn read_programme_or_report(
    bytes: Vec<u8>,
    limits: Limits,
) -> Result<ZakrilaWorkbook, DataError> {
    let book = Source::from_bytes(bytes, limits).map_err(DataError::Read)?;
    let names = book.sheet_names();
    if names.iter().any(|n| n == SHEET_DATA) {
        data_of(book).map(ZakrilaWorkbook::Programme)
    } else if names.iter().any(|n| n == SHEET_IMPLEMENTATION) {
        report_rows_of(book).map(ZakrilaWorkbook::Report)
    } else {
        Err(DataError::NotAProgramme)
    }
}

fn data_of(mut book: Source) -> Result<Vec<DataRow>, DataError> {
    if !book.sheet_names().iter().any(|n| n == SHEET_DATA) {
        return Err(DataError::NotAProgramme);
    }
    let sheet = book.sheet(SHEET_DATA).map_err(DataError::Read)?;
    let expected = data_headers();
    expect_headers(&sheet, &expected)?;
    let mut rows = Vec::new();
    for r in sheet.rows().filter(|r| *r >= 1) {
        let get = |c: u16| sheet.get(r, c);
        if (0..expected.len() as u16).all(|c| matches!(get(c), Data::Empty)) {
            continue;
        }
        let bad = |c: u16| DataError::BadCell {
            row: r + 1,
            header: expected[usize::from(c)].to_string(),
        };
        let text = |c: u16| cell_text(get(c));
        let required = |c: u16| text(c).ok_or_else(|| bad(c));
        let number = |c: u16| -> Result<Option<f64>, DataError> {
            match get(c) {
                Data::Empty => Ok(None),
                Data::Float(v) => Ok(Some(*v)),
                Data::Int(v) => Ok(Some(*v as f64)),
                _ => Err(bad(c)),
            }
        };
        let date = |c: u16| -> Result<NaiveDate, DataError> {
            match get(c) {
                Data::DateTime(dt) => dt.as_datetime().map(|d| d.date()).ok_or_else(|| bad(c)),
                Data::DateTimeIso(t) => t
                    .get(..10)
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                    .ok_or_else(|| bad(c)),
                _ => Err(bad(c)),
            }
        };
        let list = |c: u16| -> Vec<String> {
            text(c)
                .map(|t| t.split("; ").map(str::to_string).collect())
                .unwrap_or_default()
        };
        let priority_label = required(data_col::PRIORITY)?;
        let priority = priority_label
            .split('.')
            .next()
            .and_then(|n| n.trim().parse().ok())
            .ok_or_else(|| bad(data_col::PRIORITY))?;
        let goal_label = required(data_col::GOAL)?;
        let goal = goal_label
            .split_once(". ")
            .map(|(code, _)| code.to_string())
            .ok_or_else(|| bad(data_col::GOAL))?;
        let currency = match required(data_col::CURRENCY)?.as_str() {
            "EUR" => Currency::Eur,
            "BGN" => Currency::Bgn,
            _ => return Err(bad(data_col::CURRENCY)),
        };
        let row = match get(data_col::ROW) {
            Data::Float(v) if *v >= 1.0 => *v as u32,
            Data::Int(v) if *v >= 1 => *v as u32,
            _ => return Err(bad(data_col::ROW)),
        };
        rows.push(DataRow {
            priority,
            goal,
            activity_code: required(data_col::CODE)?,
            activity: required(data_col::ACTIVITY)?,
            // Blank only in an activity a pre-filled contribution left to fill.
            deadline: text(data_col::DEADLINE).unwrap_or_default(),
            expected_result: text(data_col::RESULT),
            indicator: text(data_col::INDICATOR).unwrap_or_default(),
            unit: text(data_col::UNIT),
            baseline: number(data_col::BASELINE)?,
            target: number(data_col::TARGET)?,
            budget: number(data_col::BUDGET)?,
            currency,
            funding_source: text(data_col::FUNDING),
            funding_note: text(data_col::FUNDING_NOTE),
            leads: list(data_col::LEADS),
            partners: list(data_col::PARTNERS),
            note: text(data_col::NOTE),
            start: date(data_col::START)?,
            end: date(data_col::END)?,
            budget_eur: number(data_col::BUDGET_EUR)?,
            submitted_by: text(data_col::SUBMITTED_BY).unwrap_or_default(),
            file: required(data_col::FILE)?,
            row,
            original_code: text(data_col::ORIGINAL_CODE),
        });
    }
    Ok(rows)
}

/// Reads the `Изпълнение` sheet of an implementation report back, by row key.
///
/// # Errors
///
/// A [`DataError`] when the file is no implementation report.
pub fn read_outcomes(path: &Path, limits: Limits) -> Result<HashMap<String, Outcome>, DataError> {
    outcomes_of(Source::open(path, limits).map_err(DataError::Read)?)
}

/// As [`read_outcomes`], for a workbook held in memory.
///
/// # Errors
///
/// As [`read_outcomes`].
pub fn read_outcomes_bytes(
    bytes: Vec<u8>,
    limits: Limits,
) -> Result<HashMap<String, Outcome>, DataError> {
    outcomes_of(Source::from_bytes(bytes, limits).map_err(DataError::Read)?)
}

fn outcomes_of(mut book: Source) -> Result<HashMap<String, Outcome>, DataError> {
    if !book.sheet_names().iter().any(|n| n == SHEET_IMPLEMENTATION) {
        return Err(DataError::NotAProgramme);
    }
    let sheet = book.sheet(SHEET_IMPLEMENTATION).map_err(DataError::Read)?;
    expect_headers(&sheet, &IMPLEMENTATION_HEADERS)?;
    let mut outcomes = HashMap::new();
    for r in sheet.rows().filter(|r| *r >= 1) {
        let Some(key) = cell_text(sheet.get(r, impl_col::KEY)) else {
            continue;
        };
        let actual = match sheet.get(r, impl_col::ACTUAL) {
            Data::Float(v) => Some(*v),
            Data::Int(v) => Some(*v as f64),
            Data::Empty => None,
            _ => {
                return Err(DataError::BadCell {
                    row: r + 1,
                    header: IMPLEMENTATION_HEADERS[usize::from(impl_col::ACTUAL)].to_string(),
                });
            }
        };
        let status = cell_text(sheet.get(r, impl_col::STATUS));
        outcomes.insert(key, Outcome { actual, status });
    }
    Ok(outcomes)
}

/// Every row of an implementation report's `Изпълнение`, in its order.
fn report_rows_of(mut book: Source) -> Result<Vec<ReportRow>, DataError> {
    use crate::contract::reporting::{NOT_REPORTED, Status};
    let sheet = book.sheet(SHEET_IMPLEMENTATION).map_err(DataError::Read)?;
    expect_headers(&sheet, &IMPLEMENTATION_HEADERS)?;
    let mut rows = Vec::new();
    for r in sheet.rows().filter(|r| *r >= 1) {
        let get = |c: u16| sheet.get(r, c);
        if cell_text(get(impl_col::KEY)).is_none() {
            continue;
        }
        let bad = |c: u16| DataError::BadCell {
            row: r + 1,
            header: IMPLEMENTATION_HEADERS[usize::from(c)].to_string(),
        };
        let text = |c: u16| cell_text(get(c));
        let required = |c: u16| text(c).ok_or_else(|| bad(c));
        let number = |c: u16| -> Result<Option<f64>, DataError> {
            match get(c) {
                Data::Empty => Ok(None),
                Data::Float(v) => Ok(Some(*v)),
                Data::Int(v) => Ok(Some(*v as f64)),
                _ => Err(bad(c)),
            }
        };
        let priority = match get(impl_col::PRIORITY) {
            Data::Float(v) if *v >= 1.0 => *v as u32,
            Data::Int(v) if *v >= 1 => *v as u32,
            _ => return Err(bad(impl_col::PRIORITY)),
        };
        let status = match text(impl_col::STATUS) {
            None => None,
            Some(label) if label == NOT_REPORTED => None,
            Some(label) => Some(Status::from_text(&label).ok_or_else(|| bad(impl_col::STATUS))?),
        };
        let currency = match required(impl_col::CURRENCY)?.as_str() {
            "EUR" => Currency::Eur,
            "BGN" => Currency::Bgn,
            _ => return Err(bad(impl_col::CURRENCY)),
        };
        rows.push(ReportRow {
            priority,
            goal: required(impl_col::GOAL)?,
            activity_code: required(impl_col::CODE)?,
            activity: required(impl_col::ACTIVITY)?,
            indicator: required(impl_col::INDICATOR)?,
            unit: text(impl_col::UNIT),
            target: number(impl_col::TARGET)?,
            actual: number(impl_col::ACTUAL)?,
            status,
            spent: number(impl_col::SPENT)?,
            currency,
            comment: text(impl_col::COMMENT),
            reported_by: text(impl_col::REPORTED_BY),
            leads: text(impl_col::LEADS)
                .map(|t| t.split("; ").map(str::to_string).collect())
                .unwrap_or_default(),
        });
    }
    Ok(rows)
}

/// A workbook zakrila wrote has its headers in row 1, exactly as written, each in its
/// column: anything else is not that workbook.
fn expect_headers(sheet: &Sheet, expected: &[&str]) -> Result<(), DataError> {
    let matches = expected.iter().enumerate().all(|(col, header)| {
        cell_text(sheet.get(0, col as u16)).is_some_and(|text| text == *header)
    });
    if matches {
        Ok(())
    } else {
        Err(DataError::NotAProgramme)
    }
}
