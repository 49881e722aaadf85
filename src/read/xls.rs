//! Making an .xls safe for calamine to open.
//!
//! calamine reads an .xls all at once: for every sheet it reserves room for the cells the
//! DIMENSIONS record claims and then builds a dense grid from the sheet's first to its last
//! cell. A 42 KB file claiming 4 billion rows, or holding one value at IV65536 beside a
//! table at A1, costs gigabytes before a single value is seen. So the workbook stream is
//! walked here first, record by record exactly as calamine will walk it, and
//!
//! - a DIMENSIONS record that claims more than the budget (or is inconsistent) is renamed to
//!   a record type no reader knows, so nothing is reserved for it;
//! - when the sheets' grids together would exceed the budget, cells right of column
//!   [`COLUMN_CAP`] are renamed likewise and reported as cells outside the table.
//!
//! Renaming keeps every byte offset (the sheets are found by offset), so the stream is
//! patched in place inside its compound file. A file that needs no patch is passed on as
//! it is.

use std::io::{Cursor, Read, Seek, SeekFrom, Write};

use super::{ReadError, TooLarge, damaged};

/// Cells of dense grid calamine may build over all sheets together (32 bytes each, plus
/// 24 for the formula grid): about 120 MB.
const DENSE_BUDGET: u64 = 2_097_152;

/// The columns kept when the grids would exceed the budget: A–AF, wider than any table of
/// the template.
const COLUMN_CAP: u16 = 32;

/// A record type that no BIFF version uses: calamine skips it.
const NEUTRAL: u16 = 0xFFFF;

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const BOUND_SHEET: u16 = 0x0085;
const DIMENSIONS: u16 = 0x0200;
const FORMULA: u16 = 0x0006;
const STRING: u16 = 0x0207;
const MUL_RK: u16 = 0x00BD;
/// Records that calamine turns into one cell at (row, col) given by their first 4 bytes.
const SINGLE_CELLS: [u16; 6] = [0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD];

/// A cell calamine would not be able to hold, renamed away: (sheet index, row, col).
pub(crate) type DroppedCell = (usize, u32, u32);

/// The workbook bytes to give calamine, and the cells taken out of them.
pub(crate) struct Safe {
    /// The patched file, or None when the original can be read as it is.
    pub patched: Option<Vec<u8>>,
    /// Cells renamed away, by sheet index in workbook order.
    pub dropped: Vec<DroppedCell>,
}

/// Walks the workbook stream of an .xls and patches what would make calamine allocate
/// without bound.
///
/// # Errors
///
/// [`ReadError::Damaged`] when the compound file or its workbook stream cannot be read,
/// [`ReadError::TooLarge`] when even the kept columns exceed the budget.
pub(crate) fn make_safe(bytes: &[u8], part_limit: u64) -> Result<Safe, ReadError> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(damaged)?;
    let Some(path) = ["/Workbook", "/Book"]
        .into_iter()
        .find(|path| file.is_stream(path))
    else {
        return Err(ReadError::Damaged {
            detail: "no Workbook stream".into(),
        });
    };
    let mut stream = Vec::new();
    file.open_stream(path)
        .map_err(damaged)?
        .take(part_limit + 1)
        .read_to_end(&mut stream)
        .map_err(damaged)?;
    if stream.len() as u64 > part_limit {
        return Err(ReadError::TooLarge(TooLarge::Part {
            part: path.trim_start_matches('/').to_string(),
            bytes: stream.len() as u64,
            limit: part_limit,
        }));
    }

    let mut patches = Vec::new();
    let walk = Walk::of(&stream);
    patches.extend(walk.bad_dimensions.iter().copied());
    let mut dropped = Vec::new();
    if walk.grid_cells() > DENSE_BUDGET {
        for sheet in &walk.sheets {
            for cell in &sheet.cells {
                if cell.last_col >= COLUMN_CAP {
                    patches.push(cell.offset);
                    patches.extend(cell.string_offset);
                    for col in cell.first_col.max(COLUMN_CAP)..=cell.last_col {
                        dropped.push((sheet.index, u32::from(cell.row), u32::from(col)));
                    }
                }
            }
        }
        // Many sheets can exceed the budget together even within the kept columns: calamine
        // holds every sheet's grid at once.
        if walk.grid_cells_within(u32::from(COLUMN_CAP)) > DENSE_BUDGET {
            return Err(ReadError::TooLarge(TooLarge::Grid {
                limit: DENSE_BUDGET,
            }));
        }
    }
    if patches.is_empty() {
        return Ok(Safe {
            patched: None,
            dropped,
        });
    }
    patches.sort_unstable();
    patches.dedup();
    for &offset in &patches {
        stream[offset..offset + 2].copy_from_slice(&NEUTRAL.to_le_bytes());
    }
    // The patched stream must walk to a grid within budget, or it is refused.
    let again = Walk::of(&stream);
    if !again.bad_dimensions.is_empty() || again.grid_cells() > DENSE_BUDGET {
        return Err(ReadError::TooLarge(TooLarge::Grid {
            limit: DENSE_BUDGET,
        }));
    }

    let mut file = cfb::CompoundFile::open(Cursor::new(bytes.to_vec())).map_err(damaged)?;
    {
        let mut target = file.open_stream(path).map_err(damaged)?;
        for &offset in &patches {
            target
                .seek(SeekFrom::Start(offset as u64))
                .map_err(damaged)?;
            target.write_all(&NEUTRAL.to_le_bytes()).map_err(damaged)?;
        }
        target.flush().map_err(damaged)?;
    }
    file.flush().map_err(damaged)?;
    Ok(Safe {
        patched: Some(file.into_inner().into_inner()),
        dropped,
    })
}

/// One cell record as calamine would read it.
struct CellRecord {
    /// Offset of the record's type in the stream.
    offset: usize,
    /// Offset of the STRING record that carries this formula's text result, if any.
    string_offset: Option<usize>,
    row: u16,
    first_col: u16,
    last_col: u16,
}

struct SheetWalk {
    index: usize,
    cells: Vec<CellRecord>,
}

/// What calamine will see in the stream: the globals, then each sheet from its offset.
struct Walk {
    sheets: Vec<SheetWalk>,
    /// Offsets of DIMENSIONS records that would make calamine reserve too much.
    bad_dimensions: Vec<usize>,
}

impl Walk {
    fn of(stream: &[u8]) -> Walk {
        let mut sheet_offsets = Vec::new();
        for (_, typ, data) in records(stream, 0) {
            match typ {
                BOUND_SHEET if data.len() >= 4 => sheet_offsets.push(read_u32(data) as usize),
                EOF => break,
                _ => {}
            }
        }
        let mut walk = Walk {
            sheets: Vec::new(),
            bad_dimensions: Vec::new(),
        };
        for (index, offset) in sheet_offsets.into_iter().enumerate() {
            if offset >= stream.len() {
                continue; // calamine fails on it; nothing to reserve
            }
            walk.sheet(stream, index, offset);
        }
        walk
    }

    /// Walks one sheet as calamine does: its own BOF, nested substreams skipped, up to EOF.
    fn sheet(&mut self, stream: &[u8], index: usize, start: usize) {
        let mut cells: Vec<CellRecord> = Vec::new();
        let mut seen_bof = false;
        let mut depth = 0usize;
        let mut open_formula: Option<usize> = None;
        for (offset, typ, data) in records(stream, start) {
            if depth > 0 {
                match typ {
                    BOF => depth += 1,
                    EOF => depth -= 1,
                    _ => {}
                }
                continue;
            }
            match typ {
                BOF => {
                    if seen_bof {
                        depth += 1;
                    } else {
                        seen_bof = true;
                    }
                }
                EOF => break,
                DIMENSIONS if dimensions_too_large(data) => self.bad_dimensions.push(offset),
                FORMULA if data.len() >= 20 => {
                    open_formula = Some(cells.len());
                    cells.push(cell_at(offset, data));
                }
                STRING => {
                    if let Some(at) = open_formula.take() {
                        cells[at].string_offset = Some(offset);
                    }
                }
                MUL_RK if data.len() >= 6 => {
                    let first_col = read_u16(&data[2..]);
                    let last_col = read_u16(&data[data.len() - 2..]);
                    let expected = 6 + 6 * (usize::from(last_col.wrapping_sub(first_col)) + 1);
                    if last_col >= first_col && data.len() == expected {
                        cells.push(CellRecord {
                            offset,
                            string_offset: None,
                            row: read_u16(data),
                            first_col,
                            last_col,
                        });
                    }
                }
                typ if SINGLE_CELLS.contains(&typ) && data.len() >= 4 => {
                    cells.push(cell_at(offset, data));
                }
                _ => {}
            }
        }
        self.sheets.push(SheetWalk { index, cells });
    }

    /// Cells of the dense grids calamine would build for all sheets together.
    fn grid_cells(&self) -> u64 {
        self.grid_cells_within(u32::MAX)
    }

    /// As [`Walk::grid_cells`], counting only the cells left of `column_cap` (the others
    /// renamed away).
    fn grid_cells_within(&self, column_cap: u32) -> u64 {
        self.sheets
            .iter()
            .map(|sheet| {
                // u32: a cap of u16::MAX would leave out a cell in the last column, IV… in
                // BIFF8 files but 65535 in a forged one.
                let mut kept = sheet
                    .cells
                    .iter()
                    .filter(|cell| u32::from(cell.last_col) < column_cap);
                let Some(first) = kept.next() else {
                    return 0;
                };
                let mut rows = (first.row, first.row);
                let mut cols = (first.first_col, first.last_col);
                for cell in kept {
                    rows = (rows.0.min(cell.row), rows.1.max(cell.row));
                    cols = (cols.0.min(cell.first_col), cols.1.max(cell.last_col));
                }
                (u64::from(rows.1 - rows.0) + 1) * (u64::from(cols.1 - cols.0) + 1)
            })
            .fold(0u64, u64::saturating_add)
    }
}

fn cell_at(offset: usize, data: &[u8]) -> CellRecord {
    let col = read_u16(&data[2..]);
    CellRecord {
        offset,
        string_offset: None,
        row: read_u16(data),
        first_col: col,
        last_col: col,
    }
}

/// Whether calamine would reserve more than the budget for a DIMENSIONS record (or compute
/// its size by subtracting past zero).
fn dimensions_too_large(data: &[u8]) -> bool {
    let (first_row, row_end, first_col, col_end) = match data.len() {
        10 => (
            u64::from(read_u16(data)),
            u64::from(read_u16(&data[2..])),
            u64::from(read_u16(&data[4..])),
            u64::from(read_u16(&data[6..])),
        ),
        14 | 16 => (
            u64::from(read_u32(data)),
            u64::from(read_u32(&data[4..])),
            u64::from(read_u16(&data[8..])),
            u64::from(read_u16(&data[10..])),
        ),
        _ => return false, // calamine refuses the record with an error
    };
    let first_col = if first_col > 0xFF || col_end < first_col {
        0
    } else {
        first_col
    };
    if row_end == 0 || col_end == 0 {
        return false; // calamine takes a one-cell range
    }
    let (last_row, last_col) = (row_end - 1, col_end - 1);
    if last_row < first_row || last_col < first_col {
        return true;
    }
    (last_row - first_row + 1).saturating_mul(last_col - first_col + 1) > DENSE_BUDGET
}

/// The records from `start`: (offset, type, data). Stops at the first record that does not
/// fit, as calamine does.
fn records(stream: &[u8], start: usize) -> impl Iterator<Item = (usize, u16, &[u8])> {
    let mut at = start;
    std::iter::from_fn(move || {
        let head = stream.get(at..at + 4)?;
        let typ = read_u16(head);
        let len = usize::from(read_u16(&head[2..]));
        let data = stream.get(at + 4..at + 4 + len)?;
        let record = (at, typ, data);
        at += 4 + len;
        Some(record)
    })
}

fn read_u16(bytes: &[u8]) -> u16 {
    u16::from_le_bytes([bytes[0], bytes[1]])
}

fn read_u32(bytes: &[u8]) -> u32 {
    u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut bytes = typ.to_le_bytes().to_vec();
        bytes.extend((data.len() as u16).to_le_bytes());
        bytes.extend(data);
        bytes
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut data = row.to_le_bytes().to_vec();
        data.extend(col.to_le_bytes());
        data.extend([0; 10]);
        record(0x0203, &data)
    }

    #[test]
    fn dimensions_claims_are_judged_as_calamine_reads_them() {
        let biff8 = |rf: u32, rl: u32, cf: u16, cl: u16| {
            let mut data = rf.to_le_bytes().to_vec();
            data.extend(rl.to_le_bytes());
            data.extend(cf.to_le_bytes());
            data.extend(cl.to_le_bytes());
            data.extend([0, 0]);
            data
        };
        assert!(!dimensions_too_large(&biff8(0, 30, 0, 17)));
        assert!(dimensions_too_large(&biff8(0, 0xFFFF_FFF0, 0, 17)));
        assert!(
            dimensions_too_large(&biff8(10, 5, 0, 17)),
            "rows end before they start"
        );
        assert!(!dimensions_too_large(&biff8(0, 0, 0, 0)));
    }

    #[test]
    fn a_far_cell_makes_the_grid_too_large() {
        let mut stream = record(BOF, &[0; 16]);
        // BOF (4 + 16), BOUNDSHEET (4 + 9), EOF (4): the sheet starts right after.
        let sheet_at = 20 + 13 + 4;
        let mut bound = (sheet_at as u32).to_le_bytes().to_vec();
        bound.extend([0, 0, 1, 0, b'a']);
        stream.extend(record(BOUND_SHEET, &bound));
        stream.extend(record(EOF, &[]));
        assert_eq!(stream.len(), sheet_at);
        stream.extend(record(BOF, &[0; 16]));
        stream.extend(number(0, 0));
        stream.extend(number(65_535, 255));
        stream.extend(record(EOF, &[]));
        let walk = Walk::of(&stream);
        assert_eq!(walk.sheets.len(), 1);
        assert_eq!(walk.sheets[0].cells.len(), 2);
        assert_eq!(walk.grid_cells(), 65_536 * 256);
    }

    #[test]
    fn a_cell_in_the_last_possible_column_counts() {
        // Found by fuzzing: a cell at column 65535 was left out of the count, and calamine
        // then built a 65281 × 65536 grid.
        let mut stream = record(BOF, &[0; 16]);
        let sheet_at = 20 + 13 + 4;
        let mut bound = (sheet_at as u32).to_le_bytes().to_vec();
        bound.extend([0, 0, 1, 0, b'a']);
        stream.extend(record(BOUND_SHEET, &bound));
        stream.extend(record(EOF, &[]));
        stream.extend(record(BOF, &[0; 16]));
        stream.extend(number(0, 0));
        stream.extend(number(65_280, u16::MAX));
        stream.extend(record(EOF, &[]));
        let walk = Walk::of(&stream);
        assert_eq!(walk.grid_cells(), 65_281 * 65_536);
        assert_eq!(walk.grid_cells_within(u32::from(COLUMN_CAP)), 1);
    }
}
