//! One sheet's cells, kept sparse: only filled cells are stored, so a lone value at
//! XFD1048576 costs one cell, not a grid of seventeen billion.

use calamine::{CellErrorType, Data, DataRef};

use super::limits::{CELL_CHARS, GRID_COLUMNS, GRID_ROWS, Limits};
use super::{ReadError, TooLarge};

/// How many far cells one sheet keeps for its findings; the rest are only counted.
const OUTSIDE_KEPT: usize = 1_000;

/// A merged range, 0-based and inclusive, as the file gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// First row.
    pub first_row: u32,
    /// First column.
    pub first_col: u32,
    /// Last row.
    pub last_row: u32,
    /// Last column.
    pub last_col: u32,
}

/// One row of a [`Sheet`] (see [`Sheet::row_at`]).
#[derive(Clone, Copy, Debug)]
pub struct RowAt<'s>(&'s [StoredCell]);

impl<'s> RowAt<'s> {
    /// The cell in column `col`, `Data::Empty` when nothing is there (as [`Sheet::get`]).
    pub fn get(&self, col: u16) -> &'s Data {
        static EMPTY: Data = Data::Empty;
        self.0
            .binary_search_by_key(&col, |cell| cell.col)
            .ok()
            .map_or(&EMPTY, |at| &self.0[at].data)
    }
}

impl Span {
    fn contains_col(&self, col: u32) -> bool {
        self.first_col <= col && col <= self.last_col
    }
}

/// A filled cell that is not read, only reported: beyond the spreadsheet grid (a row past
/// 1,048,576 or a column past XFD), or far right of any table in an .xls too large to hold
/// whole.
#[derive(Clone, Debug, PartialEq)]
pub struct OutsideCell {
    /// 0-based row.
    pub row: u32,
    /// 0-based column.
    pub col: u32,
    /// The start of its text, for the finding.
    pub text: String,
}

/// A cell whose text was cut to [`CELL_CHARS`] characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LongCell {
    /// 0-based row.
    pub row: u32,
    /// 0-based column.
    pub col: u16,
    /// How many characters the cell held.
    pub chars: usize,
}

#[derive(Clone, Debug)]
struct StoredCell {
    row: u32,
    col: u16,
    data: Data,
}

/// One sheet's filled cells. Positions are absolute, 0-based (row, column), as in the file.
#[derive(Clone, Debug)]
pub struct Sheet {
    /// The sheet's name.
    pub name: String,
    /// Sorted by (row, column), one per position.
    cells: Vec<StoredCell>,
    /// Each row that has cells, with the index of its first cell.
    rows: Vec<(u32, usize)>,
    col_end: u16,
    merged: Vec<Span>,
    outside: Vec<OutsideCell>,
    outside_count: u64,
    long_cells: Vec<LongCell>,
}

impl Sheet {
    /// The cell at an absolute 0-based position, `Data::Empty` when nothing is there.
    /// A cell covered by a merged range (but not its first cell) reads as empty here; see
    /// [`Sheet::merges_in`].
    pub fn get(&self, row: u32, col: u16) -> &Data {
        static EMPTY: Data = Data::Empty;
        let cells = self.row_cells(row);
        cells
            .binary_search_by_key(&col, |cell| cell.col)
            .ok()
            .map_or(&EMPTY, |at| &cells[at].data)
    }

    /// One row, for reading several of its cells with a single lookup of the row.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::read::{Limits, Workbook};
    /// let mut book = Workbook::open("samples/ruse-2025/02-ruo-ruse.xlsx".as_ref(), Limits::default()).unwrap();
    /// let sheet = book.sheet("Дейности").unwrap();
    /// let header = sheet.row_at(0);
    /// assert_eq!(header.get(0), sheet.get(0, 0));
    /// ```
    pub fn row_at(&self, row: u32) -> RowAt<'_> {
        RowAt(self.row_cells(row))
    }

    fn row_cells(&self, row: u32) -> &[StoredCell] {
        let Ok(at) = self.rows.binary_search_by_key(&row, |(r, _)| *r) else {
            return &[];
        };
        let start = self.rows[at].1;
        let end = self.rows.get(at + 1).map_or(self.cells.len(), |(_, i)| *i);
        &self.cells[start..end]
    }

    /// The rows that hold at least one stored cell, in order.
    pub fn rows(&self) -> impl Iterator<Item = u32> + '_ {
        self.rows.iter().map(|(row, _)| *row)
    }

    /// The stored cells of one row, in column order.
    pub fn row(&self, row: u32) -> impl Iterator<Item = (u16, &Data)> + '_ {
        self.row_cells(row)
            .iter()
            .map(|cell| (cell.col, &cell.data))
    }

    /// The first row after the last stored cell (0 for an empty sheet).
    pub fn row_end(&self) -> u32 {
        self.rows.last().map_or(0, |(row, _)| row + 1)
    }

    /// The first column after the rightmost stored cell (0 for an empty sheet).
    pub fn col_end(&self) -> u16 {
        self.col_end
    }

    /// Whether any merged ranges exist on the sheet.
    pub fn has_merges(&self) -> bool {
        !self.merged.is_empty()
    }

    /// The merged ranges over some columns, indexed for many lookups.
    ///
    /// Built once per table for the table's columns: a lookup is then a binary search,
    /// whatever the number of merged ranges.
    pub fn merges_in(&self, columns: impl IntoIterator<Item = u16>) -> MergeIndex {
        let mut by_col = Vec::new();
        for col in columns {
            let mut spans: Vec<Span> = self
                .merged
                .iter()
                .filter(|span| span.contains_col(u32::from(col)))
                .copied()
                .collect();
            spans.sort_by_key(|span| span.first_row);
            by_col.push((col, spans));
        }
        by_col.sort_by_key(|(col, _)| *col);
        by_col.dedup_by_key(|(col, _)| *col);
        MergeIndex { by_col }
    }

    /// Filled cells beyond the grid (a row past 1,048,576 or a column past XFD), at most a
    /// thousand; [`Sheet::outside_count`] counts them all.
    pub fn outside_cells(&self) -> &[OutsideCell] {
        &self.outside
    }

    /// How many filled cells lay beyond the grid.
    pub fn outside_count(&self) -> u64 {
        self.outside_count
    }

    /// Cells whose text was longer than a cell can hold and was cut.
    pub fn long_cells(&self) -> &[LongCell] {
        &self.long_cells
    }
}

/// Merged ranges by column; see [`Sheet::merges_in`].
#[derive(Clone, Debug, Default)]
pub struct MergeIndex {
    by_col: Vec<(u16, Vec<Span>)>,
}

impl MergeIndex {
    /// The first cell of the merged range that covers (row, col), when that is another cell.
    /// Columns the index was not built for have no merges.
    pub fn origin(&self, row: u32, col: u16) -> Option<(u32, u16)> {
        let at = self.by_col.binary_search_by_key(&col, |(c, _)| *c).ok()?;
        let spans = &self.by_col[at].1;
        // The last range starting at or above the row is the one that can cover it (merged
        // ranges do not overlap in a valid file; in an invalid one, the lowest wins).
        let before = spans.partition_point(|span| span.first_row <= row);
        let span = spans[..before].last()?;
        if span.last_row < row {
            return None;
        }
        let origin = (span.first_row, u16::try_from(span.first_col).ok()?);
        (origin != (row, col)).then_some(origin)
    }
}

/// What the cells read so far from one workbook have cost.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Budget {
    cells: usize,
    text_bytes: usize,
}

/// Collects one sheet's cells under the limits.
pub(crate) struct SheetBuilder<'b> {
    name: String,
    limits: Limits,
    budget: &'b mut Budget,
    cells: Vec<StoredCell>,
    sorted: bool,
    rows_seen: u32,
    last_row: Option<u32>,
    outside: Vec<OutsideCell>,
    outside_count: u64,
    long_cells: Vec<LongCell>,
    merged: Vec<Span>,
}

impl<'b> SheetBuilder<'b> {
    pub(crate) fn new(name: &str, limits: Limits, budget: &'b mut Budget) -> SheetBuilder<'b> {
        SheetBuilder {
            name: name.to_string(),
            limits,
            budget,
            cells: Vec::new(),
            sorted: true,
            rows_seen: 0,
            last_row: None,
            outside: Vec::new(),
            outside_count: 0,
            long_cells: Vec::new(),
            merged: Vec::new(),
        }
    }

    /// Adds a cell value borrowed from the reader, copying at most what a cell can hold.
    pub(crate) fn push_ref(
        &mut self,
        row: u32,
        col: u32,
        value: &DataRef<'_>,
    ) -> Result<(), ReadError> {
        // A shared string may be very long and used by many cells: cut before copying.
        match value {
            DataRef::Empty => Ok(()),
            DataRef::SharedString(text) => self.push_text(row, col, text, Data::String),
            DataRef::String(text) => self.push_text(row, col, text, Data::String),
            DataRef::DateTimeIso(text) => self.push_text(row, col, text, Data::DateTimeIso),
            DataRef::DurationIso(text) => self.push_text(row, col, text, Data::DurationIso),
            DataRef::Int(value) => self.store(row, col, Data::Int(*value)),
            DataRef::Float(value) => self.push(row, col, Data::Float(*value)),
            DataRef::Bool(value) => self.store(row, col, Data::Bool(*value)),
            DataRef::DateTime(value) => self.store(row, col, Data::DateTime(*value)),
            DataRef::Error(value) => self.store(row, col, Data::Error(value.clone())),
        }
    }

    /// Adds a cell value. A number that is no number (NaN, infinity: no spreadsheet program
    /// writes them, but another producer can) is kept as the error value #NUM!, which the
    /// reading rules report as a formula error at its cell.
    pub(crate) fn push(&mut self, row: u32, col: u32, data: Data) -> Result<(), ReadError> {
        match data {
            Data::Empty => Ok(()),
            Data::String(text) => self.push_text(row, col, &text, Data::String),
            Data::DateTimeIso(text) => self.push_text(row, col, &text, Data::DateTimeIso),
            Data::DurationIso(text) => self.push_text(row, col, &text, Data::DurationIso),
            Data::Float(value) if !value.is_finite() => {
                self.store(row, col, Data::Error(CellErrorType::Num))
            }
            other => self.store(row, col, other),
        }
    }

    fn push_text(
        &mut self,
        row: u32,
        col: u32,
        text: &str,
        wrap: fn(String) -> Data,
    ) -> Result<(), ReadError> {
        if text.is_empty() {
            return Ok(());
        }
        if row >= GRID_ROWS || col >= GRID_COLUMNS {
            self.not_read(row, col, excerpt(text));
            return Ok(());
        }
        let kept = match text.char_indices().nth(CELL_CHARS) {
            None => text,
            Some((cut, _)) => {
                self.long_cells.push(LongCell {
                    row,
                    col: col as u16,
                    chars: CELL_CHARS + text[cut..].chars().count(),
                });
                &text[..cut]
            }
        };
        self.budget.text_bytes = self.budget.text_bytes.saturating_add(kept.len());
        if self.budget.text_bytes > self.limits.text_bytes {
            return Err(ReadError::TooLarge(TooLarge::Text {
                limit: self.limits.text_bytes,
            }));
        }
        self.store(row, col, wrap(kept.to_string()))
    }

    fn store(&mut self, row: u32, col: u32, data: Data) -> Result<(), ReadError> {
        if row >= GRID_ROWS || col >= GRID_COLUMNS {
            self.not_read(row, col, excerpt(&data.to_string()));
            return Ok(());
        }
        self.budget.cells += 1;
        if self.budget.cells > self.limits.cells {
            return Err(ReadError::TooLarge(TooLarge::Cells {
                limit: self.limits.cells,
            }));
        }
        if self.last_row != Some(row) {
            self.rows_seen += 1;
            // Rows above the table's header (at most a screenful) are not data rows.
            if self.rows_seen > self.limits.rows.saturating_add(HEADER_ALLOWANCE) {
                return Err(ReadError::TooManyRows {
                    sheet: self.name.clone(),
                    limit: self.limits.rows,
                });
            }
            self.last_row = Some(row);
        }
        let col = col as u16; // below GRID_COLUMNS
        if let Some(last) = self.cells.last()
            && (last.row, last.col) >= (row, col)
        {
            self.sorted = false;
        }
        self.cells.push(StoredCell { row, col, data });
        Ok(())
    }

    /// Records a filled cell that is not read.
    pub(crate) fn not_read(&mut self, row: u32, col: u32, text: String) {
        self.outside_count += 1;
        if self.outside.len() < OUTSIDE_KEPT {
            self.outside.push(OutsideCell { row, col, text });
        }
    }

    /// Records a merged range.
    pub(crate) fn merge(&mut self, span: Span) -> Result<(), ReadError> {
        // Each range costs as much as a cell: a sheet cannot hold more of them than cells.
        self.budget.cells += 1;
        if self.budget.cells > self.limits.cells {
            return Err(ReadError::TooLarge(TooLarge::Cells {
                limit: self.limits.cells,
            }));
        }
        self.merged.push(span);
        Ok(())
    }

    /// The sheet, its cells sorted and indexed.
    pub(crate) fn finish(self) -> Sheet {
        let mut cells = self.cells;
        if !self.sorted {
            // A cell given twice keeps its last value, as spreadsheet programs do.
            cells.reverse();
            cells.sort_by_key(|cell| (cell.row, cell.col));
            cells.dedup_by_key(|cell| (cell.row, cell.col));
        }
        let mut rows: Vec<(u32, usize)> = Vec::new();
        let mut col_end = 0u16;
        for (index, cell) in cells.iter().enumerate() {
            if rows.last().is_none_or(|(row, _)| *row != cell.row) {
                rows.push((cell.row, index));
            }
            col_end = col_end.max(cell.col + 1);
        }
        Sheet {
            name: self.name,
            cells,
            rows,
            col_end,
            merged: self.merged,
            outside: self.outside,
            outside_count: self.outside_count,
            long_cells: self.long_cells,
        }
    }
}

/// Filled rows allowed above the data rows: titles, notes and the header.
const HEADER_ALLOWANCE: u32 = 20;

/// The start of a text, for a finding about a cell that is not read.
fn excerpt(text: &str) -> String {
    const CHARS: usize = 60;
    match text.char_indices().nth(CHARS) {
        None => text.to_string(),
        Some((cut, _)) => format!("{}…", &text[..cut]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(limits: Limits, cells: &[(u32, u32, &str)]) -> Result<Sheet, ReadError> {
        let mut budget = Budget::default();
        let mut builder = SheetBuilder::new("Лист", limits, &mut budget);
        for (row, col, text) in cells {
            builder.push(*row, *col, Data::String(text.to_string()))?;
        }
        Ok(builder.finish())
    }

    #[test]
    fn far_cells_cost_nothing_and_are_reported() {
        let sheet = build(
            Limits::default(),
            &[
                (0, 0, "а"),
                (1_048_575, 16_383, "край"),
                (4_000_000_000, 0, "отвъд"),
            ],
        )
        .unwrap();
        assert_eq!(sheet.rows().collect::<Vec<_>>(), [0, 1_048_575]);
        assert_eq!(sheet.get(1_048_575, 16_383), &Data::String("край".into()));
        assert_eq!(sheet.get(5, 5), &Data::Empty);
        assert_eq!(sheet.outside_count(), 1);
        assert_eq!(sheet.outside_cells()[0].text, "отвъд");
    }

    #[test]
    fn unsorted_cells_are_sorted_and_the_last_value_wins() {
        let sheet = build(Limits::default(), &[(2, 1, "x"), (0, 0, "a"), (2, 1, "y")]).unwrap();
        assert_eq!(sheet.get(2, 1), &Data::String("y".into()));
        assert_eq!(sheet.row(2).count(), 1);
        assert_eq!(sheet.col_end(), 2);
        assert_eq!(sheet.row_end(), 3);
    }

    #[test]
    fn a_number_that_is_no_number_is_kept_as_num_error() {
        let mut budget = Budget::default();
        let mut builder = SheetBuilder::new("Лист", Limits::default(), &mut budget);
        builder.push(0, 0, Data::Float(f64::NAN)).unwrap();
        builder
            .push_ref(0, 1, &DataRef::Float(f64::INFINITY))
            .unwrap();
        builder.push(0, 2, Data::Float(1.5)).unwrap();
        let sheet = builder.finish();
        assert_eq!(sheet.get(0, 0), &Data::Error(CellErrorType::Num));
        assert_eq!(sheet.get(0, 1), &Data::Error(CellErrorType::Num));
        assert_eq!(sheet.get(0, 2), &Data::Float(1.5));
    }

    #[test]
    fn long_text_is_cut_at_the_cell_limit() {
        let long = "я".repeat(CELL_CHARS + 5);
        let sheet = build(Limits::default(), &[(0, 0, &long)]).unwrap();
        let Data::String(kept) = sheet.get(0, 0) else {
            panic!("a string");
        };
        assert_eq!(kept.chars().count(), CELL_CHARS);
        assert_eq!(sheet.long_cells()[0].chars, CELL_CHARS + 5);
    }

    #[test]
    fn limits_stop_reading() {
        let limits = Limits {
            rows: 2,
            ..Limits::default()
        };
        let many: Vec<(u32, u32, &str)> = (0..30).map(|row| (row, 0, "x")).collect();
        assert!(matches!(
            build(limits, &many),
            Err(ReadError::TooManyRows { limit: 2, .. })
        ));
        let limits = Limits {
            text_bytes: 10,
            ..Limits::default()
        };
        assert!(matches!(
            build(limits, &[(0, 0, "дълъг текст")]),
            Err(ReadError::TooLarge(TooLarge::Text { .. }))
        ));
    }

    #[test]
    fn merge_index_finds_the_origin() {
        let mut budget = Budget::default();
        let mut builder = SheetBuilder::new("Лист", Limits::default(), &mut budget);
        builder.push(1, 0, Data::String("цел".into())).unwrap();
        for span in [
            Span {
                first_row: 1,
                first_col: 0,
                last_row: 4,
                last_col: 0,
            },
            Span {
                first_row: 6,
                first_col: 0,
                last_row: 7,
                last_col: 2,
            },
        ] {
            builder.merge(span).unwrap();
        }
        let sheet = builder.finish();
        let index = sheet.merges_in([0, 2, 0]);
        assert_eq!(index.origin(3, 0), Some((1, 0)));
        assert_eq!(index.origin(1, 0), None);
        assert_eq!(index.origin(5, 0), None);
        assert_eq!(index.origin(7, 2), Some((6, 0)));
        assert_eq!(index.origin(7, 1), None); // column 1 was not indexed
    }
}
