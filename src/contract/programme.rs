//! The programme workbook `merge` writes (spec: programme-workbook.md): its sheets and the
//! columns of `Данни`, which `report new` and `export` read back. The writer and the reader
//! both take the positions from [`data_col`], so a column cannot move in one and not the
//! other.

use super::template::COLUMNS;
use crate::read::ReadError;

/// Sheet names, in order.
pub const SHEET_PROGRAMME: &str = "Програма";
/// The flat table.
pub const SHEET_DATA: &str = "Данни";
/// Counts, budgets and charts.
pub const SHEET_SUMMARY: &str = "Обобщение";
/// One row per input file.
pub const SHEET_SOURCES: &str = "Източници";
/// Rows not merged.
pub const SHEET_REJECTED: &str = "Отхвърлени";
/// Every finding.
pub const SHEET_NOTES: &str = "Бележки";

/// The columns of `Данни` after the 17 template columns.
pub const DATA_EXTRA_HEADERS: [&str; 7] = [
    "Начало",
    "Край",
    "Бюджет (EUR)",
    "Подадено от",
    "Файл",
    "Ред",
    "Оригинален №",
];

/// The 0-based columns of `Данни`: the 17 template columns (A–Q), then the extra ones.
pub mod data_col {
    /// Приоритет ("N. title").
    pub const PRIORITY: u16 = 0;
    /// Цел ("code. title").
    pub const GOAL: u16 = 1;
    /// № на дейност (the merged code, goal.N).
    pub const CODE: u16 = 2;
    /// Дейност.
    pub const ACTIVITY: u16 = 3;
    /// Срок, as written.
    pub const DEADLINE: u16 = 4;
    /// Очакван резултат.
    pub const RESULT: u16 = 5;
    /// Индикатор.
    pub const INDICATOR: u16 = 6;
    /// Мерна единица.
    pub const UNIT: u16 = 7;
    /// Текуща стойност.
    pub const BASELINE: u16 = 8;
    /// Целева стойност.
    pub const TARGET: u16 = 9;
    /// Бюджет, in its currency.
    pub const BUDGET: u16 = 10;
    /// Валута.
    pub const CURRENCY: u16 = 11;
    /// Източник на финансиране.
    pub const FUNDING: u16 = 12;
    /// Пояснение за финансирането.
    pub const FUNDING_NOTE: u16 = 13;
    /// Водеща институция ("; "-separated).
    pub const LEADS: u16 = 14;
    /// Партньори ("; "-separated).
    pub const PARTNERS: u16 = 15;
    /// Бележка.
    pub const NOTE: u16 = 16;
    /// Начало of the deadline's range (a date).
    pub const START: u16 = 17;
    /// Край of the deadline's range (a date).
    pub const END: u16 = 18;
    /// Бюджет (EUR).
    pub const BUDGET_EUR: u16 = 19;
    /// Подадено от.
    pub const SUBMITTED_BY: u16 = 20;
    /// Файл.
    pub const FILE: u16 = 21;
    /// Ред in the source file.
    pub const ROW: u16 = 22;
    /// Оригинален № (the code as submitted).
    pub const ORIGINAL_CODE: u16 = 23;
    /// How many columns `Данни` has.
    pub const COUNT: usize = 24;
}

/// The headers of `Данни`, in column order.
///
/// # Examples
///
/// ```
/// use zakrila::contract::programme::{data_col, data_headers};
/// assert_eq!(data_headers()[usize::from(data_col::ACTIVITY)], "Дейност");
/// assert_eq!(data_headers()[usize::from(data_col::BUDGET_EUR)], "Бюджет (EUR)");
/// ```
pub fn data_headers() -> [&'static str; data_col::COUNT] {
    let mut headers = [""; data_col::COUNT];
    for (slot, header) in headers
        .iter_mut()
        .zip(COLUMNS.iter().map(|c| c.header).chain(DATA_EXTRA_HEADERS))
    {
        *slot = header;
    }
    headers
}

/// Why a workbook zakrila wrote (the programme's `Данни`, the implementation report's
/// `Изпълнение`) could not be read back: not a readable file, not such a workbook, or a
/// cell changed into what zakrila never writes there.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum DataError {
    /// The file is not a readable spreadsheet.
    #[error("the workbook cannot be read")]
    Read(#[source] ReadError),
    /// There is no `Данни` sheet, or its header is not the one zakrila writes.
    #[error("not a workbook zakrila wrote (no sheet or header of its own)")]
    NotAProgramme,
    /// A cell holds what zakrila never writes there (1-based row, header).
    #[error("the {header:?} cell of row {row} was changed and cannot be read")]
    BadCell {
        /// 1-based row.
        row: u32,
        /// The column header.
        header: String,
    },
}
