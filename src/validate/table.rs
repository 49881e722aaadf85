//! Finding a table in a sheet that people filled: its header row by the labels it holds,
//! its columns by header, and the key–value pairs of a `_meta` sheet. Contributions and
//! reporting workbooks are both read through here; the workbooks zakrila wrote itself are
//! checked strictly instead ([`super::programme_data`]).

use std::collections::HashMap;

use crate::normalise::cells::cell_text;
use crate::normalise::text::{fold_eq, fold_key};
use crate::read::Sheet;

/// How many rows from the top are searched for the header row.
pub const HEADER_SEARCH_ROWS: u32 = 20;

/// The header key of a cell text: folded, without a trailing "*" or ":" (case, spaces and
/// line breaks do not matter).
///
/// # Examples
///
/// ```
/// use zakrila::validate::table::header_key;
/// assert_eq!(header_key("  ДЕЙНОСТ *"), header_key("Дейност"));
/// assert_eq!(header_key("Водеща\nинституция:"), header_key("Водеща институция"));
/// ```
pub fn header_key(text: &str) -> String {
    fold_key(header_text(text))
}

/// A header cell's text without the spaces, "*" and ":" around it, still to be folded.
fn header_text(text: &str) -> &str {
    text.trim().trim_end_matches(['*', ':', ' ']).trim()
}

/// A row among the first ones of a sheet that names some of the wanted labels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderRow {
    /// 0-based row.
    pub row: u32,
    /// The sheet column of each wanted label, in the order asked (its first occurrence).
    pub at: Vec<Option<u16>>,
    /// How many of the wanted labels the row names.
    pub named: usize,
    /// The row's last filled column.
    pub last_col: u16,
}

/// Every row among the first [`HEADER_SEARCH_ROWS`] that names at least one of `labels`,
/// top to bottom. The caller chooses: the row naming the most, or the first naming the
/// ones it needs.
pub fn header_rows(sheet: &Sheet, labels: &[&str]) -> Vec<HeaderRow> {
    let keys: Vec<String> = labels.iter().map(|label| header_key(label)).collect();
    let mut found = Vec::new();
    for row in sheet.rows().take_while(|row| *row < HEADER_SEARCH_ROWS) {
        let mut at = vec![None; keys.len()];
        let mut named = 0;
        let mut last_col = 0;
        for (col, data) in sheet.row(row) {
            let Some(text) = cell_text(data) else {
                continue;
            };
            last_col = col;
            // Compared as it folds: a long text (an activity among the first rows) differs
            // from every label within a few characters, and is never folded whole.
            let text = header_text(&text);
            if let Some(index) = keys.iter().position(|k| fold_eq(text, k))
                && at[index].is_none()
            {
                at[index] = Some(col);
                named += 1;
            }
        }
        if named > 0 {
            found.push(HeaderRow {
                row,
                at,
                named,
                last_col,
            });
        }
    }
    found
}

/// The sheet whose name is `wanted`, compared folded.
pub fn find_sheet(names: &[String], wanted: &str) -> Option<String> {
    let key = fold_key(wanted);
    names.iter().find(|n| fold_key(n) == key).cloned()
}

/// The key–value pairs of a sheet like `_meta`: the text of column A → the text of column
/// B and its 0-based cell.
pub fn key_values(sheet: &Sheet) -> HashMap<String, (String, (u32, u16))> {
    let mut pairs = HashMap::new();
    for row in sheet.rows() {
        if let (Some(key), Some(value)) =
            (cell_text(sheet.get(row, 0)), cell_text(sheet.get(row, 1)))
        {
            pairs.insert(key, (value, (row, 1)));
        }
    }
    pairs
}
