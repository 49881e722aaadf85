//! How much one file may cost to read (spec: limits.md, "Default limits").
//!
//! Every limit follows from the file-size limit, so `--max-file-mb` moves them all in
//! proportion: a commission that raises the file size to 40 MB also allows twice the rows.

/// Rows in a spreadsheet's grid (Excel's own limit): a cell below it is outside any table.
pub const GRID_ROWS: u32 = 1_048_576;

/// Columns in a spreadsheet's grid (Excel's own limit, column XFD).
pub const GRID_COLUMNS: u32 = 16_384;

/// Characters one cell can hold (Excel's own limit); a longer text is cut there.
pub const CELL_CHARS: usize = 32_767;

/// The file-size limit when none is given, in megabytes.
pub const DEFAULT_FILE_MB: u32 = 20;

/// The limits one file is read under.
///
/// # Examples
///
/// ```
/// use zakrila::read::Limits;
///
/// let default = Limits::default();
/// assert_eq!(default.file_bytes, 20 * 1024 * 1024);
/// assert_eq!(default.rows, 100_000);
///
/// // Twice the file size allows twice of everything else.
/// let doubled = Limits::for_file_mb(40);
/// assert_eq!(doubled.rows, 200_000);
/// assert_eq!(doubled.part_bytes, 2 * default.part_bytes);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of the file itself (`file-too-large`).
    pub file_bytes: u64,
    /// Unpacked bytes of any one part of a zipped workbook: a sheet, the shared strings
    /// (`file-too-large`; a zip bomb stops here).
    pub part_bytes: u64,
    /// Unpacked bytes of all the parts together (`file-too-large`).
    pub unpacked_bytes: u64,
    /// Filled rows of one sheet (`too-many-rows`).
    pub rows: u32,
    /// Filled cells kept from the whole workbook (`file-too-large`).
    pub cells: usize,
    /// Bytes of cell text kept from the whole workbook (`file-too-large`): a short string
    /// shared by a million cells costs a million times its length.
    pub text_bytes: usize,
}

impl Limits {
    /// The limits for a file-size limit of `mb` megabytes (at least 1).
    pub fn for_file_mb(mb: u32) -> Limits {
        let mb = mb.max(1);
        let file_bytes = u64::from(mb) * 1024 * 1024;
        Limits {
            file_bytes,
            part_bytes: 5 * file_bytes,
            unpacked_bytes: 10 * file_bytes,
            rows: mb.saturating_mul(5_000),
            cells: (mb as usize).saturating_mul(100_000),
            text_bytes: usize::try_from(5 * file_bytes).unwrap_or(usize::MAX),
        }
    }

    /// The file-size limit in whole megabytes, as the user gives it.
    pub fn file_mb(&self) -> u64 {
        self.file_bytes / (1024 * 1024)
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::for_file_mb(DEFAULT_FILE_MB)
    }
}
