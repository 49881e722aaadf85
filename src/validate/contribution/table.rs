//! Finding the activity table: its sheet, its header row by labels, its columns by header,
//! and the cells of a row with merged ranges resolved.

use super::*;

impl SubmissionReader<'_> {
    pub(super) fn read_activities(&mut self, book: &mut Workbook, names: &[String]) {
        // The sheet named Дейности, else the first sheet whose top rows hold the header.
        let mut found: Option<(Sheet, TableLayout)> = None;
        if let Some(name) = find_sheet(names, SHEET_ACTIVITIES) {
            match book.sheet_with_merges(&name) {
                Ok(sheet) => {
                    if let Some(map) = find_header(&sheet) {
                        found = Some((sheet, map));
                    }
                }
                Err(err) => return self.read_failure(err),
            }
        }
        if found.is_none() {
            for name in names {
                if name == SHEET_META
                    || find_sheet(std::slice::from_ref(name), SHEET_ACTIVITIES).is_some()
                {
                    continue;
                }
                let sheet = match book.sheet_with_merges(name) {
                    Ok(sheet) => sheet,
                    // A sheet over the limits stops the file; a sheet that is merely odd
                    // (a chart sheet, a damaged one) is not where the table is.
                    Err(err @ (ReadError::TooLarge(_) | ReadError::TooManyRows { .. })) => {
                        return self.read_failure(err);
                    }
                    Err(_) => continue,
                };
                if let Some(map) = find_header(&sheet) {
                    self.sheet_problem(
                        name,
                        Problem::ActivitiesSheetRenamed {
                            expected: SHEET_ACTIVITIES,
                        },
                    );
                    found = Some((sheet, map));
                    break;
                }
            }
        }
        let Some((sheet, map)) = found else {
            return self.file_problem(Problem::NoActivitiesTable);
        };
        self.submission.table = Some(map.clone());
        self.check_columns(&sheet, &map);
        self.read_rows(&sheet, &map);
    }

    fn check_columns(&mut self, sheet: &Sheet, map: &TableLayout) {
        let name = sheet.name.as_str();
        if map.header_row != 0 {
            self.sheet_problem(name, Problem::HeaderNotInFirstRow);
        }
        for (index, column) in COLUMNS.iter().enumerate() {
            match map.at[index] {
                Some(at) if usize::from(at) != index => self.cell_problem(
                    name,
                    (map.header_row, at),
                    Some(column.header),
                    Problem::ColumnMoved {
                        header: column.header,
                        expected: column_letters(index as u16),
                    },
                ),
                Some(_) => {}
                None if column.required => self.sheet_problem(
                    name,
                    Problem::MissingColumn {
                        header: column.header,
                    },
                ),
                None => self.sheet_problem(
                    name,
                    Problem::MissingOptionalColumn {
                        header: column.header,
                    },
                ),
            }
        }
        let mut seen = [false; 17];
        for (col, data) in sheet.row(map.header_row) {
            let Some(text) = cell_text(data) else {
                continue;
            };
            match column_index(&text) {
                Some(index) if map.at[index] == Some(col) => seen[index] = true,
                Some(index) => self.cell_problem(
                    name,
                    (map.header_row, col),
                    Some(COLUMNS[index].header),
                    Problem::DuplicateColumn {
                        header: COLUMNS[index].header,
                    },
                ),
                None => self.cell_problem(
                    name,
                    (map.header_row, col),
                    None,
                    Problem::UnknownColumn { header: text },
                ),
            }
        }
    }
}

/// Which contract column a header text names.
pub(super) fn column_index(text: &str) -> Option<usize> {
    static HEADER_KEYS: LazyLock<Vec<String>> =
        LazyLock::new(|| COLUMNS.iter().map(|c| fold_key(c.header)).collect());
    let key = header_key(text);
    HEADER_KEYS.iter().position(|k| *k == key)
}

/// The header row among the first rows: the row naming the most template columns (at least
/// three, so a title row that mentions "Цел" is not taken for it).
pub(super) fn find_header(sheet: &Sheet) -> Option<TableLayout> {
    let labels: Vec<&str> = COLUMNS.iter().map(|c| c.header).collect();
    let mut best: Option<HeaderRow> = None;
    for header in header_rows(sheet, &labels) {
        if header.named >= 3 && best.as_ref().is_none_or(|b| header.named > b.named) {
            best = Some(header);
        }
    }
    let best = best?;
    let mut at = [None; 17];
    at.copy_from_slice(&best.at);
    Some(TableLayout {
        sheet: sheet.name.clone(),
        header_row: best.row,
        at,
        last_col: best.last_col,
    })
}

/// The merged ranges over the table's columns, for [`row_values`].
pub fn table_merges(sheet: &Sheet, layout: &TableLayout) -> MergeIndex {
    sheet.merges_in(layout.at.iter().flatten().copied())
}

/// The values of one data row by contract column (A–Q), merged ranges resolved: what the
/// reading rules see. Columns missing from the file are empty.
pub fn row_values(
    sheet: &Sheet,
    layout: &TableLayout,
    merges: &MergeIndex,
    row: u32,
) -> [Data; 17] {
    let cells = row_cells(sheet, layout, merges, row);
    cells.cells.map(Clone::clone)
}

/// Whether every cell of a sheet row inside the table (up to its last header column) is
/// blank.
pub fn row_is_blank(sheet: &Sheet, layout: &TableLayout, row: u32) -> bool {
    sheet
        .row(row)
        .take_while(|(col, _)| *col <= layout.last_col)
        .all(|(_, data)| is_blank(data))
}

/// The table's data rows: the sheet's rows below the header that hold something inside the
/// table.
pub fn data_rows<'s>(sheet: &'s Sheet, layout: &'s TableLayout) -> impl Iterator<Item = u32> + 's {
    sheet
        .rows()
        .filter(move |row| *row > layout.header_row && !row_is_blank(sheet, layout, *row))
}

pub(super) fn row_cells<'s>(
    sheet: &'s Sheet,
    map: &TableLayout,
    merges: &MergeIndex,
    row: u32,
) -> RowCells<'s> {
    static EMPTY: Data = Data::Empty;
    let mut cells = [&EMPTY; 17];
    let mut from_merge = [false; 17];
    let mut cols = [0u16; 17];
    let cells_of_row = sheet.row_at(row);
    for (index, at) in map.at.iter().enumerate() {
        let Some(col) = *at else {
            cols[index] = index as u16;
            continue;
        };
        cols[index] = col;
        let data = cells_of_row.get(col);
        if is_blank(data)
            && sheet.has_merges()
            && let Some((origin_row, origin_col)) = merges.origin(row, col)
            && origin_row > map.header_row
        {
            cells[index] = sheet.get(origin_row, origin_col);
            from_merge[index] = true;
        } else {
            cells[index] = data;
        }
    }
    RowCells {
        row,
        cells,
        from_merge,
        cols,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_keys_ignore_star_colon_case_and_breaks() {
        assert_eq!(column_index("  ДЕЙНОСТ *"), Some(3));
        assert_eq!(column_index("Водеща\nинституция:"), Some(14));
        assert_eq!(column_index("Отговорни институции"), None);
    }
}
