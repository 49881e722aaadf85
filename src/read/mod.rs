//! Reading any spreadsheet into cells: .xlsx, .xlsm, .xlsb, .xls and .ods.
//!
//! The reader is chosen from the file's first bytes, never from its extension: a ".xlsx"
//! that is really an old .xls (renamed, or "saved as" by an old program) is read as .xls.
//!
//! Every file is read under [`Limits`] (spec: limits.md): its size, the unpacked size of its
//! parts, its rows, cells and text are bounded before or while they are read, and a sheet
//! is kept sparse ([`Sheet`]) so that a lone value at XFD1048576 costs one cell. Every
//! failure, a panic inside a dependency included, is a [`ReadError`] for that file alone.

pub mod document;
mod guard;
mod limits;
mod ods;
mod sheet;
mod xls;
mod xlsx_merges;
mod zip_check;

use std::io::{Cursor, Read};
use std::path::Path;
use std::sync::Arc;

use calamine::{Reader, Xls, Xlsb, Xlsx, XlsxError};

/// A cell's value as read: text, number, date, boolean, error or empty. The stages after
/// reading name it through here, so this folder is the only one naming calamine.
pub use calamine::{CellErrorType, Data};

pub use limits::{CELL_CHARS, DEFAULT_FILE_MB, GRID_COLUMNS, GRID_ROWS, Limits};
pub use sheet::{LongCell, MergeIndex, OutsideCell, RowAt, Sheet, Span};

pub use guard::panic_text;
use sheet::{Budget, SheetBuilder};

/// The kinds of spreadsheet zakrila reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Office Open XML (.xlsx, .xlsm).
    Xlsx,
    /// Excel binary workbook (.xlsb).
    Xlsb,
    /// Excel 97–2003 (.xls).
    Xls,
    /// OpenDocument spreadsheet (.ods).
    Ods,
}

/// Why a file could not be read as a spreadsheet. Its `Display` is a short English line for
/// logs; the user reads the catalogue's sentence.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// The file cannot be opened.
    #[error("the file cannot be opened")]
    Unreadable {
        /// Why, as the system said.
        #[source]
        reason: crate::system::SystemError,
    },
    /// The file is empty (0 bytes): cut off while it was saved or sent.
    #[error("the file is empty (0 bytes)")]
    Empty,
    /// The bytes are not a spreadsheet.
    #[error("the file is not a spreadsheet")]
    NotASpreadsheet,
    /// The workbook is encrypted with a password.
    #[error("the workbook is protected with a password")]
    PasswordProtected,
    /// The spreadsheet is damaged; `detail` is the reader's description.
    #[error("the spreadsheet is damaged: {detail}")]
    Damaged {
        /// The reader's words.
        detail: String,
    },
    /// The file, or what it unpacks to, is over a limit.
    #[error("the file is over a size limit: {0}")]
    TooLarge(TooLarge),
    /// A sheet has more filled rows than the limit.
    #[error("the sheet {sheet:?} has more than {limit} rows")]
    TooManyRows {
        /// The sheet.
        sheet: String,
        /// The limit of data rows.
        limit: u32,
    },
}

impl ReadError {
    /// The system's or the reader's own words about the error (English, mostly), for
    /// `--verbose`: never part of the sentence a user reads.
    pub fn detail(&self) -> Option<&str> {
        match self {
            ReadError::Unreadable { reason } => Some(reason.detail.as_str()),
            ReadError::Damaged { detail } => Some(detail.as_str()),
            _ => None,
        }
    }
}

/// Which size limit a file is over (spec: limits.md).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TooLarge {
    /// The file itself.
    #[error("{bytes} bytes, at most {limit}")]
    File {
        /// Its size.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// One part of a zipped workbook, unpacked (a zip bomb).
    #[error("the part {part:?} unpacks to {bytes} bytes, at most {limit}")]
    Part {
        /// The part's name inside the file.
        part: String,
        /// Its unpacked size.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// All parts together, unpacked.
    #[error("unpacked, more than {limit} bytes")]
    Unpacked {
        /// The limit.
        limit: u64,
    },
    /// More filled cells than the limit.
    #[error("more than {limit} filled cells")]
    Cells {
        /// The limit.
        limit: usize,
    },
    /// An .xls whose sheets span more cells, from the first filled cell to the last, than
    /// its reader can hold as grids (an .xls is read whole, as dense grids).
    #[error("sheets spanning more than {limit} cells")]
    Grid {
        /// The limit, in cells.
        limit: u64,
    },
    /// More bytes of cell text than the limit.
    #[error("more than {limit} bytes of cell text")]
    Text {
        /// The limit.
        limit: usize,
    },
}

/// An open workbook with its bytes' SHA-256.
pub struct Workbook {
    /// The format found in the bytes.
    pub format: Format,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
    limits: Limits,
    budget: Budget,
    inner: Inner,
}

enum Inner {
    /// The workbook, and its bytes for [`xlsx_merges`].
    Xlsx(Box<Xlsx<Cursor<Arc<[u8]>>>>, Arc<[u8]>),
    Xlsb(Box<Xlsb<Cursor<Vec<u8>>>>),
    Xls {
        book: Box<Xls<Cursor<Vec<u8>>>>,
        /// Cells taken out before calamine saw the file: (sheet index, row, col).
        dropped: Vec<(usize, u32, u32)>,
    },
    /// Read whole when opened; a sheet is taken out when asked for.
    Ods(Vec<Option<Sheet>>, Vec<String>),
}

impl Workbook {
    /// Opens the file at `path` under `limits`.
    ///
    /// # Errors
    ///
    /// A [`ReadError`] saying why the file is not a readable spreadsheet.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use zakrila::read::{Limits, Workbook};
    /// let book = Workbook::open("руо.xlsx".as_ref(), Limits::default()).unwrap();
    /// println!("{:?}", book.sheet_names());
    /// ```
    pub fn open(path: &Path, limits: Limits) -> Result<Workbook, ReadError> {
        Workbook::from_bytes(read_file(path, limits)?, limits)
    }

    /// Opens a workbook held in memory under `limits`.
    ///
    /// # Errors
    ///
    /// As [`Workbook::open`].
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::read::{Limits, ReadError, Workbook};
    /// let not_a_workbook = Workbook::from_bytes(b"a,b\n1,2\n".to_vec(), Limits::default());
    /// assert_eq!(not_a_workbook.err(), Some(ReadError::NotASpreadsheet));
    /// ```
    pub fn from_bytes(bytes: Vec<u8>, limits: Limits) -> Result<Workbook, ReadError> {
        use sha2::Digest;
        if bytes.len() as u64 > limits.file_bytes {
            return Err(too_large_file(bytes.len() as u64, &limits));
        }
        let sha256 = sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let format = sniff(&bytes)?;
        let mut budget = Budget::default();
        let inner = guard::catching(|| match format {
            Format::Xlsx => {
                zip_check::check(&bytes, &limits)?;
                let bytes: Arc<[u8]> = bytes.into();
                let book = Xlsx::new(Cursor::new(Arc::clone(&bytes))).map_err(damaged)?;
                Ok(Inner::Xlsx(Box::new(book), bytes))
            }
            Format::Xlsb => {
                zip_check::check(&bytes, &limits)?;
                let book = Xlsb::new(Cursor::new(bytes)).map_err(damaged)?;
                Ok(Inner::Xlsb(Box::new(book)))
            }
            Format::Xls => {
                let safe = xls::make_safe(&bytes, limits.part_bytes)?;
                let bytes = safe.patched.unwrap_or(bytes);
                let book = Xls::new(Cursor::new(bytes)).map_err(|err| match err {
                    calamine::XlsError::Password => ReadError::PasswordProtected,
                    other => damaged(other),
                })?;
                Ok(Inner::Xls {
                    book: Box::new(book),
                    dropped: safe.dropped,
                })
            }
            Format::Ods => {
                zip_check::check(&bytes, &limits)?;
                let sheets = ods::read(&bytes, limits, &mut budget)?;
                let names = sheets.iter().map(|s| s.name.clone()).collect();
                Ok(Inner::Ods(sheets.into_iter().map(Some).collect(), names))
            }
        })?;
        Ok(Workbook {
            format,
            sha256,
            limits,
            budget,
            inner,
        })
    }

    /// The limits the workbook is read under.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// The sheet names, in workbook order (hidden sheets included).
    pub fn sheet_names(&self) -> Vec<String> {
        match &self.inner {
            Inner::Xlsx(book, _) => book.sheet_names(),
            Inner::Xlsb(book) => book.sheet_names(),
            Inner::Xls { book, .. } => book.sheet_names(),
            Inner::Ods(_, names) => names.clone(),
        }
    }

    /// Reads one sheet's cells (cached values for formulas), without merged ranges.
    ///
    /// # Errors
    ///
    /// [`ReadError::Damaged`] when the sheet's data cannot be parsed, or a limit.
    pub fn sheet(&mut self, name: &str) -> Result<Sheet, ReadError> {
        self.read_sheet(name, false)
    }

    /// Reads one sheet's cells and its merged ranges (.xlsx, .xls and .ods; calamine does
    /// not give those of an .xlsb, whose merged cells read as blank below the first, which
    /// fill-down already covers).
    ///
    /// # Errors
    ///
    /// As [`Workbook::sheet`].
    pub fn sheet_with_merges(&mut self, name: &str) -> Result<Sheet, ReadError> {
        self.read_sheet(name, true)
    }

    fn read_sheet(&mut self, name: &str, merges: bool) -> Result<Sheet, ReadError> {
        let limits = self.limits;
        let Workbook { inner, budget, .. } = self;
        guard::catching(|| {
            let mut builder = SheetBuilder::new(name, limits, budget);
            match inner {
                Inner::Xlsx(book, bytes) => {
                    match book.worksheet_cells_reader(name) {
                        Ok(mut cells) => {
                            while let Some(cell) = cells.next_cell().map_err(damaged)? {
                                let (row, col) = cell.get_position();
                                builder.push_ref(row, col, cell.get_value())?;
                            }
                        }
                        // A chart sheet holds no cells.
                        Err(XlsxError::NotAWorksheet(_)) => {}
                        Err(err) => return Err(damaged(err)),
                    }
                    if merges {
                        let spans = match xlsx_merges::merged_ranges(bytes, name) {
                            Some(spans) => spans,
                            None => book
                                .merge_cells_by_sheet_name(name)
                                .map_err(damaged)?
                                .into_iter()
                                .map(span)
                                .collect(),
                        };
                        for merged in spans {
                            builder.merge(merged)?;
                        }
                    }
                }
                Inner::Xlsb(book) => {
                    let mut cells = book.worksheet_cells_reader(name).map_err(damaged)?;
                    while let Some(cell) = cells.next_cell().map_err(damaged)? {
                        let (row, col) = cell.get_position();
                        builder.push_ref(row, col, cell.get_value())?;
                    }
                }
                Inner::Xls { book, dropped } => {
                    let range = book.worksheet_range(name).map_err(damaged)?;
                    let (top, left) = range.start().unwrap_or((0, 0));
                    for (row, col, data) in range.used_cells() {
                        builder.push(top + row as u32, left + col as u32, data.clone())?;
                    }
                    let index = book.sheet_names().iter().position(|n| n == name);
                    for &(sheet, row, col) in dropped.iter() {
                        if Some(sheet) == index {
                            builder.not_read(row, col, String::new());
                        }
                    }
                    if merges {
                        for merged in book.merge_cells_by_sheet_name(name).map_err(damaged)? {
                            builder.merge(span(merged))?;
                        }
                    }
                }
                Inner::Ods(sheets, names) => {
                    let index =
                        names
                            .iter()
                            .position(|n| n == name)
                            .ok_or_else(|| ReadError::Damaged {
                                detail: format!("no sheet named {name}"),
                            })?;
                    let sheet = sheets[index].clone().ok_or_else(|| ReadError::Damaged {
                        detail: format!("no sheet named {name}"),
                    })?;
                    return Ok(sheet);
                }
            }
            Ok(builder.finish())
        })
    }
}

/// Reads a file's bytes, refusing one over the size limit before reading it.
///
/// # Errors
///
/// [`ReadError::Unreadable`] with the system's error, or [`ReadError::TooLarge`].
///
/// # Examples
///
/// ```
/// use zakrila::read::{Limits, ReadError, read_file};
/// let bytes = read_file("samples/ruse-2025/02-ruo-ruse.xlsx".as_ref(), Limits::default()).unwrap();
/// assert_eq!(&bytes[..2], b"PK");
/// assert!(matches!(read_file("няма.xlsx".as_ref(), Limits::default()), Err(ReadError::Unreadable { .. })));
/// ```
pub fn read_file(path: &Path, limits: Limits) -> Result<Vec<u8>, ReadError> {
    let unreadable = |err: std::io::Error| ReadError::Unreadable {
        reason: crate::system::SystemError::from(&err),
    };
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let size = file.metadata().map_err(unreadable)?.len();
    if size > limits.file_bytes {
        return Err(too_large_file(size, &limits));
    }
    // Read no more than the limit, even if the file grows meanwhile.
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limits.file_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > limits.file_bytes {
        return Err(too_large_file(bytes.len() as u64, &limits));
    }
    Ok(bytes)
}

fn span(merged: calamine::Dimensions) -> Span {
    Span {
        first_row: merged.start.0,
        first_col: merged.start.1,
        last_row: merged.end.0,
        last_col: merged.end.1,
    }
}

fn too_large_file(bytes: u64, limits: &Limits) -> ReadError {
    ReadError::TooLarge(TooLarge::File {
        bytes,
        limit: limits.file_bytes,
    })
}

pub(crate) fn damaged(err: impl std::fmt::Display) -> ReadError {
    ReadError::Damaged {
        detail: err.to_string(),
    }
}

/// Finds the format from the first bytes.
fn sniff(bytes: &[u8]) -> Result<Format, ReadError> {
    const ZIP: &[u8] = b"PK\x03\x04";
    const CFB: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    if bytes.starts_with(ZIP) {
        // An OpenDocument file stores its mime type first, uncompressed.
        let head = &bytes[..bytes.len().min(200)];
        if contains(head, b"application/vnd.oasis.opendocument.spreadsheet") {
            return Ok(Format::Ods);
        }
        if contains(head, b"application/vnd.oasis.opendocument") {
            return Err(ReadError::NotASpreadsheet); // a text document or a presentation
        }
        if contains(bytes, b"word/") || contains(bytes, b"ppt/") {
            return Err(ReadError::NotASpreadsheet); // a .docx or .pptx
        }
        if contains(bytes, b"xl/workbook.bin") {
            return Ok(Format::Xlsb);
        }
        let names_a_package_part = [&b"[Content_Types].xml"[..], b"_rels/", b"xl/"]
            .iter()
            .any(|name| contains(bytes, name));
        if !names_a_package_part {
            // Part names are stored uncompressed (in each entry's header, so even a file cut
            // short shows them): a zip that names no part of a workbook package is some
            // other archive.
            return Err(ReadError::NotASpreadsheet);
        }
        // Any other zip is taken for an .xlsx; if it is not one (or is cut short), the
        // reader says it is damaged.
        return Ok(Format::Xlsx);
    }
    if bytes.starts_with(CFB) {
        // A password-protected .xlsx is a compound file holding an "EncryptedPackage".
        if contains(bytes, &utf16le("EncryptedPackage")) {
            return Err(ReadError::PasswordProtected);
        }
        if contains(bytes, &utf16le("Workbook")) || contains(bytes, &utf16le("Book")) {
            return Ok(Format::Xls);
        }
        if contains(bytes, &utf16le("WordDocument")) || contains(bytes, &utf16le("PowerPoint")) {
            return Err(ReadError::NotASpreadsheet); // an old .doc or .ppt
        }
        // A compound file whose directory names no stream at all is cut short or damaged.
        return Err(ReadError::Damaged {
            detail: "the file's directory is missing".into(),
        });
    }
    Err(ReadError::NotASpreadsheet)
}

fn utf16le(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing_ignores_names_and_refuses_non_spreadsheets() {
        assert_eq!(sniff(b""), Err(ReadError::Empty));
        assert_eq!(
            sniff(b"PK\x03\x04notes.txt"),
            Err(ReadError::NotASpreadsheet)
        );
        assert_eq!(sniff(b"%PDF-1.7"), Err(ReadError::NotASpreadsheet));
        assert_eq!(
            sniff(b"PK\x03\x04word/document.xml"),
            Err(ReadError::NotASpreadsheet)
        );
        let mut ods =
            b"PK\x03\x04....mimetypeapplication/vnd.oasis.opendocument.spreadsheet".to_vec();
        ods.extend_from_slice(&[0; 20]);
        assert_eq!(sniff(&ods), Ok(Format::Ods));
        let mut encrypted = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        encrypted.extend(utf16le("EncryptedPackage"));
        assert_eq!(sniff(&encrypted), Err(ReadError::PasswordProtected));
    }

    #[test]
    fn damaged_zip_is_an_error_not_a_panic() {
        let mut bytes = b"PK\x03\x04".to_vec();
        bytes.extend_from_slice(b"[Content_Types].xml xl/workbook.xml and then nothing useful");
        assert!(matches!(
            Workbook::from_bytes(bytes, Limits::default()),
            Err(ReadError::Damaged { .. })
        ));
    }
}
