//! Reading any spreadsheet into cells: .xlsx, .xlsm, .xlsb, .xls and .ods through calamine.
//!
//! The reader is chosen from the file's first bytes, never from its extension: a ".xlsx"
//! that is really an old .xls (renamed, or "saved as" by an old program) is read as .xls.
//! Every failure is a [`ReadError`] for that file alone; nothing here panics on bad bytes.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Dimensions, Ods, Range, Reader, Sheets, Xls, Xlsb, Xlsx};

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

/// Why a file could not be read as a spreadsheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// The file cannot be opened; `reason` is the system's word.
    Unreadable { reason: String },
    /// The bytes are not a spreadsheet.
    NotASpreadsheet,
    /// The workbook is encrypted with a password.
    PasswordProtected,
    /// The spreadsheet is damaged; `detail` is the reader's description.
    Damaged { detail: String },
}

/// An open workbook with its bytes' SHA-256.
pub struct Workbook {
    /// The format found in the bytes.
    pub format: Format,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
    sheets: Sheets<Cursor<Vec<u8>>>,
    /// The file's bytes, for a second reader that finds merged ranges in parallel.
    bytes: std::sync::Arc<Vec<u8>>,
}

/// One sheet's cells. Positions are absolute, 0-based (row, column), as in the file.
pub struct Sheet {
    /// The sheet's name.
    pub name: String,
    cells: Range<Data>,
    merged: Vec<Dimensions>,
}

impl Workbook {
    /// Opens the file at `path`.
    ///
    /// # Errors
    ///
    /// A [`ReadError`] saying why the file is not a readable spreadsheet.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// let book = zakrila::read::Workbook::open("руо.xlsx".as_ref()).unwrap();
    /// println!("{:?}", book.sheet_names());
    /// ```
    pub fn open(path: &Path) -> Result<Workbook, ReadError> {
        let bytes = std::fs::read(path).map_err(|err| ReadError::Unreadable {
            reason: err.kind().to_string(),
        })?;
        Workbook::from_bytes(bytes)
    }

    /// Opens a workbook held in memory.
    ///
    /// # Errors
    ///
    /// As [`Workbook::open`].
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::read::{ReadError, Workbook};
    /// assert_eq!(Workbook::from_bytes(b"a,b\n1,2\n".to_vec()).err(), Some(ReadError::NotASpreadsheet));
    /// ```
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Workbook, ReadError> {
        use sha2::Digest;
        let sha256 = sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let format = sniff(&bytes)?;
        let shared = std::sync::Arc::new(bytes.clone());
        let cursor = Cursor::new(bytes);
        let sheets = match format {
            Format::Xlsx => Xlsx::new(cursor).map(Sheets::Xlsx).map_err(damaged)?,
            Format::Xlsb => Xlsb::new(cursor).map(Sheets::Xlsb).map_err(damaged)?,
            Format::Xls => Xls::new(cursor).map(Sheets::Xls).map_err(|err| match err {
                calamine::XlsError::Password => ReadError::PasswordProtected,
                other => damaged(other),
            })?,
            Format::Ods => Ods::new(cursor).map(Sheets::Ods).map_err(|err| match err {
                calamine::OdsError::Password => ReadError::PasswordProtected,
                other => damaged(other),
            })?,
        };
        Ok(Workbook {
            format,
            sha256,
            sheets,
            bytes: shared,
        })
    }

    /// The sheet names, in workbook order (hidden sheets included).
    pub fn sheet_names(&self) -> Vec<String> {
        self.sheets.sheet_names()
    }

    /// Reads one sheet's cells (cached values for formulas), without merged ranges.
    ///
    /// # Errors
    ///
    /// [`ReadError::Damaged`] when the sheet's data cannot be parsed.
    pub fn sheet(&mut self, name: &str) -> Result<Sheet, ReadError> {
        let cells = self.sheets.worksheet_range(name).map_err(damaged)?;
        Ok(Sheet {
            name: name.to_string(),
            cells,
            merged: Vec::new(),
        })
    }

    /// Reads one sheet's cells and its merged ranges.
    ///
    /// In an .xlsx the merged ranges sit after all the cells, and calamine finds them by
    /// reading the sheet's XML a second time; a second reader does that on another core
    /// while this one reads the cells.
    ///
    /// # Errors
    ///
    /// [`ReadError::Damaged`] when the sheet's data cannot be parsed.
    pub fn sheet_with_merges(&mut self, name: &str) -> Result<Sheet, ReadError> {
        let (cells, merged) = match &mut self.sheets {
            Sheets::Xlsx(xlsx) => {
                let bytes = std::sync::Arc::clone(&self.bytes);
                std::thread::scope(|scope| {
                    let merges = scope.spawn(move || {
                        let mut reader = Xlsx::new(Cursor::new(bytes.as_ref().clone())).ok()?;
                        reader.merge_cells_by_sheet_name(name).ok()
                    });
                    let cells = xlsx.worksheet_range(name).map_err(damaged);
                    let merged = merges.join().ok().flatten().unwrap_or_default();
                    cells.map(|cells| (cells, merged))
                })?
            }
            Sheets::Xls(xls) => {
                let cells = xls.worksheet_range(name).map_err(damaged)?;
                (
                    cells,
                    xls.merge_cells_by_sheet_name(name).unwrap_or_default(),
                )
            }
            // calamine does not expose merged ranges of .xlsb and .ods; their merged cells
            // read as blank below the first, which fill-down already covers.
            other => (other.worksheet_range(name).map_err(damaged)?, Vec::new()),
        };
        Ok(Sheet {
            name: name.to_string(),
            cells,
            merged,
        })
    }
}

fn damaged(err: impl std::fmt::Display) -> ReadError {
    ReadError::Damaged {
        detail: err.to_string(),
    }
}

/// Finds the format from the first bytes.
fn sniff(bytes: &[u8]) -> Result<Format, ReadError> {
    const ZIP: &[u8] = b"PK\x03\x04";
    const CFB: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
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
        return Err(ReadError::NotASpreadsheet); // e.g. an old .doc
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

impl Sheet {
    /// The cell at an absolute 0-based position, `Data::Empty` outside the used range.
    /// A cell covered by a merged range (but not its first cell) reads as empty here; see
    /// [`Sheet::merge_origin`].
    pub fn get(&self, row: u32, col: u16) -> &Data {
        static EMPTY: Data = Data::Empty;
        self.cells
            .get_value((row, u32::from(col)))
            .unwrap_or(&EMPTY)
    }

    /// The first row after the used range (0 for an empty sheet).
    pub fn row_end(&self) -> u32 {
        self.cells.end().map_or(0, |(row, _)| row + 1)
    }

    /// The first column after the used range (0 for an empty sheet).
    pub fn col_end(&self) -> u16 {
        self.cells
            .end()
            .map_or(0, |(_, col)| u16::try_from(col + 1).unwrap_or(u16::MAX))
    }

    /// The first cell of the merged range that covers (row, col), when that is another cell.
    pub fn merge_origin(&self, row: u32, col: u16) -> Option<(u32, u16)> {
        let col32 = u32::from(col);
        self.merged
            .iter()
            .find(|m| m.contains(row, col32) && m.start != (row, col32))
            .map(|m| (m.start.0, m.start.1 as u16))
    }

    /// Whether any merged ranges exist on the sheet.
    pub fn has_merges(&self) -> bool {
        !self.merged.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing_ignores_names_and_refuses_non_spreadsheets() {
        assert_eq!(sniff(b""), Err(ReadError::NotASpreadsheet));
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
        bytes.extend_from_slice(b"xl/workbook.xml and then nothing useful");
        assert!(matches!(
            Workbook::from_bytes(bytes),
            Err(ReadError::Damaged { .. })
        ));
    }
}
