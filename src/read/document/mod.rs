//! Reading a word-processing document — Word (.docx) or OpenDocument text (.odt) — into its
//! paragraphs and tables, for `zakrila import` (spec: import.md, "What it reads").
//!
//! The format is chosen from the bytes, never from the name. A document is read under the
//! same [`Limits`] as a spreadsheet (spec: limits.md): the file's size, each zipped part's
//! unpacked size and their total are checked before anything is unpacked, and the cells and
//! text kept are bounded while the XML is read. A table keeps each cell's place in the
//! table's grid (its row, its first grid column and how many columns it spans) and whether
//! it continues the cell above (Word's vertical merge, `w:vMerge`; OpenDocument's
//! `table:covered-table-cell` under a `table:number-rows-spanned` cell), so the rules that
//! build a programme out of it can tell a goal merged over its activities from an empty
//! cell.

mod docx;
mod odt;

use std::io::{Cursor, Read};

use super::limits::Limits;
use super::{ReadError, TooLarge, damaged};

/// The kinds of document `import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentFormat {
    /// Office Open XML text (.docx), as Word and LibreOffice save it.
    Docx,
    /// OpenDocument text (.odt).
    Odt,
}

/// Why bytes could not be read as a document. Its `Display` is a short English line for
/// logs; the user reads the catalogue's sentence.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    /// The file is empty.
    #[error("the document is empty (0 bytes)")]
    Empty,
    /// An old Word 97–2003 document (.doc): its binary format is not read.
    #[error("an old Word 97-2003 document (.doc)")]
    OldWord,
    /// The bytes are a spreadsheet, not a text document.
    #[error("a spreadsheet, not a text document")]
    Spreadsheet,
    /// The bytes are no Word or OpenDocument text.
    #[error("not a Word or OpenDocument text")]
    NotADocument,
    /// The document is encrypted with a password.
    #[error("the document is protected with a password")]
    PasswordProtected,
    /// The document is damaged; `detail` is the reader's description.
    #[error("the document is damaged: {detail}")]
    Damaged {
        /// The reader's words.
        detail: String,
    },
    /// The file, or what it unpacks to, is over a limit.
    #[error("the document is over a size limit: {0}")]
    TooLarge(TooLarge),
}

impl From<ReadError> for DocumentError {
    fn from(err: ReadError) -> DocumentError {
        match err {
            ReadError::Empty => DocumentError::Empty,
            ReadError::PasswordProtected => DocumentError::PasswordProtected,
            ReadError::TooLarge(too_large) => DocumentError::TooLarge(too_large),
            ReadError::Damaged { detail } => DocumentError::Damaged { detail },
            ReadError::Unreadable { reason } => DocumentError::Damaged {
                detail: reason.detail,
            },
            ReadError::NotASpreadsheet | ReadError::TooManyRows { .. } => {
                DocumentError::NotADocument
            }
        }
    }
}

/// A document: its paragraphs and tables in reading order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    /// The paragraphs (not empty) and tables, in order.
    pub blocks: Vec<Block>,
}

/// A paragraph or a table of the document's body.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// A paragraph outside any table (headings included).
    Paragraph(Paragraph),
    /// A table.
    Table(Table),
}

/// A paragraph outside tables.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paragraph {
    /// Its text; line breaks typed inside it are `\n`.
    pub text: String,
    /// Whether it is styled as a heading.
    pub heading: bool,
    /// The heading's level (1 for a top heading) when the style or outline level says it;
    /// 0 for body text.
    pub level: u8,
    /// Whether every run of its text is bold (Word's own bold, not a style's): how most
    /// councils' documents mark their headings.
    pub bold: bool,
}

/// A table: its rows of cells.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    /// The rows, top to bottom.
    pub rows: Vec<Vec<TableCell>>,
}

/// One cell of a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableCell {
    /// The first grid column it covers (0-based).
    pub col: u32,
    /// How many grid columns it covers (at least 1).
    pub span: u32,
    /// Its text: one line per paragraph (list items start with "• "), `\n` between them.
    pub text: String,
    /// Whether the cell is the continuation of the cell above (a vertical merge): its text
    /// is that cell's.
    pub continues_above: bool,
}

impl Table {
    /// The number of grid columns the table uses.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::read::document::{Table, TableCell};
    /// let cell = |col, span| TableCell { col, span, text: String::new(), continues_above: false };
    /// let table = Table { rows: vec![vec![cell(0, 1), cell(1, 2)], vec![cell(0, 3)]] };
    /// assert_eq!(table.width(), 3);
    /// ```
    pub fn width(&self) -> u32 {
        self.rows
            .iter()
            .flatten()
            .map(|cell| cell.col.saturating_add(cell.span))
            .max()
            .unwrap_or(0)
    }
}

/// Reads a document's bytes under `limits`.
///
/// # Errors
///
/// A [`DocumentError`] saying why the bytes are not a readable Word or OpenDocument text.
///
/// # Examples
///
/// ```
/// use zakrila::read::{Limits, document::{read_document, DocumentError}};
/// assert_eq!(read_document(b"", Limits::default()), Err(DocumentError::Empty));
/// assert_eq!(read_document(b"%PDF-1.7", Limits::default()), Err(DocumentError::NotADocument));
/// ```
pub fn read_document(bytes: &[u8], limits: Limits) -> Result<Document, DocumentError> {
    if bytes.len() as u64 > limits.file_bytes {
        return Err(DocumentError::TooLarge(TooLarge::File {
            bytes: bytes.len() as u64,
            limit: limits.file_bytes,
        }));
    }
    let format = sniff(bytes)?;
    super::guard::catching(|| {
        super::zip_check::check(bytes, &limits)?;
        Ok(())
    })?;
    let result = super::guard::catching(|| {
        let mut builder = Builder::new(limits);
        match format {
            DocumentFormat::Docx => {
                let xml = part(bytes, "word/document.xml", &limits)?;
                docx::read(&xml, &mut builder)?;
            }
            DocumentFormat::Odt => {
                if odt::is_encrypted(bytes)? {
                    return Err(ReadError::PasswordProtected);
                }
                let xml = part(bytes, "content.xml", &limits)?;
                odt::read(&xml, &mut builder)?;
            }
        }
        Ok(builder.finish())
    });
    result.map_err(DocumentError::from)
}

/// Finds the format from the bytes.
fn sniff(bytes: &[u8]) -> Result<DocumentFormat, DocumentError> {
    const ZIP: &[u8] = b"PK\x03\x04";
    const CFB: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if bytes.is_empty() {
        return Err(DocumentError::Empty);
    }
    if bytes.starts_with(CFB) {
        if contains(bytes, &utf16le("EncryptedPackage")) {
            return Err(DocumentError::PasswordProtected);
        }
        if contains(bytes, &utf16le("WordDocument")) {
            return Err(DocumentError::OldWord);
        }
        if contains(bytes, &utf16le("Workbook")) || contains(bytes, &utf16le("Book")) {
            return Err(DocumentError::Spreadsheet);
        }
        return Err(DocumentError::NotADocument);
    }
    if !bytes.starts_with(ZIP) {
        return Err(DocumentError::NotADocument);
    }
    let head = &bytes[..bytes.len().min(200)];
    if contains(head, b"application/vnd.oasis.opendocument.text") {
        return Ok(DocumentFormat::Odt);
    }
    if contains(head, b"application/vnd.oasis.opendocument.spreadsheet") {
        return Err(DocumentError::Spreadsheet);
    }
    if contains(head, b"application/vnd.oasis.opendocument") {
        return Err(DocumentError::NotADocument);
    }
    // Part names are stored uncompressed in each entry's header.
    if contains(bytes, b"word/") {
        return Ok(DocumentFormat::Docx);
    }
    if contains(bytes, b"xl/") {
        return Err(DocumentError::Spreadsheet);
    }
    Err(DocumentError::NotADocument)
}

/// One part of the zip, unpacked under the part limit.
fn part(bytes: &[u8], name: &str, limits: &Limits) -> Result<Vec<u8>, ReadError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    let entry = archive.by_name(name).map_err(|err| ReadError::Damaged {
        detail: format!("{name}: {err}"),
    })?;
    let mut xml = Vec::new();
    entry
        .take(limits.part_bytes + 1)
        .read_to_end(&mut xml)
        .map_err(damaged)?;
    if xml.len() as u64 > limits.part_bytes {
        return Err(ReadError::TooLarge(TooLarge::Part {
            part: name.to_string(),
            bytes: xml.len() as u64,
            limit: limits.part_bytes,
        }));
    }
    Ok(xml)
}

fn utf16le(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// Collects paragraphs and tables as the format readers meet them, under the limits. Only
/// the outermost table keeps its structure: a table inside a cell gives its paragraphs to
/// that cell.
pub(super) struct Builder {
    blocks: Vec<Block>,
    limits: Limits,
    cells: usize,
    text_bytes: usize,
    /// How deep inside tables the reader is.
    table_depth: usize,
    table: Table,
    row: Option<Vec<TableCell>>,
    /// The grid column the next cell of the row starts at.
    col: u32,
    cell: Option<TableCell>,
    cell_lines: Vec<String>,
    /// The paragraph being read: its text, whether it is a list item, and its heading
    /// level (0: none).
    paragraph: Option<(String, bool, u8)>,
    paragraph_depth: usize,
    /// Of the open paragraph's runs with text: whether one was read, and whether all were
    /// bold.
    runs_bold: (bool, bool),
}

impl Builder {
    fn new(limits: Limits) -> Builder {
        Builder {
            blocks: Vec::new(),
            limits,
            cells: 0,
            text_bytes: 0,
            table_depth: 0,
            table: Table::default(),
            row: None,
            col: 0,
            cell: None,
            cell_lines: Vec::new(),
            paragraph: None,
            paragraph_depth: 0,
            runs_bold: (false, true),
        }
    }

    fn finish(mut self) -> Document {
        while self.table_depth > 0 {
            self.end_table();
        }
        Document {
            blocks: self.blocks,
        }
    }

    fn start_table(&mut self) {
        self.table_depth += 1;
        if self.table_depth == 1 {
            self.table = Table::default();
        }
    }

    fn end_table(&mut self) {
        if self.table_depth == 1 {
            self.end_row();
            let table = std::mem::take(&mut self.table);
            self.blocks.push(Block::Table(table));
        }
        self.table_depth = self.table_depth.saturating_sub(1);
    }

    fn outer(&self) -> bool {
        self.table_depth == 1
    }

    fn start_row(&mut self) -> Result<(), ReadError> {
        if !self.outer() {
            return Ok(());
        }
        self.end_row();
        if self.table.rows.len() as u64 >= u64::from(self.limits.rows) {
            return Err(ReadError::TooManyRows {
                sheet: String::new(),
                limit: self.limits.rows,
            });
        }
        self.row = Some(Vec::new());
        self.col = 0;
        Ok(())
    }

    /// Cells the row skips before its first cell (`w:gridBefore`).
    fn skip_columns(&mut self, columns: u32) {
        if self.outer() {
            self.col = self.col.saturating_add(columns);
        }
    }

    /// Moves to grid column `col` for the next cell (OpenDocument gives covered cells).
    fn skip_to(&mut self, col: u32) {
        if self.outer() {
            self.col = col;
        }
    }

    fn in_paragraph(&self) -> bool {
        self.paragraph.is_some()
    }

    fn end_row(&mut self) {
        if !self.outer() {
            return;
        }
        self.end_cell();
        if let Some(row) = self.row.take() {
            self.table.rows.push(row);
        }
    }

    fn start_cell(&mut self, span: u32, continues_above: bool) -> Result<(), ReadError> {
        if !self.outer() {
            return Ok(());
        }
        self.end_cell();
        if self.row.is_none() {
            self.row = Some(Vec::new());
        }
        self.cells += 1;
        if self.cells > self.limits.cells {
            return Err(ReadError::TooLarge(TooLarge::Cells {
                limit: self.limits.cells,
            }));
        }
        self.cell = Some(TableCell {
            col: self.col,
            span: span.max(1),
            text: String::new(),
            continues_above,
        });
        self.cell_lines.clear();
        Ok(())
    }

    /// Sets the span and merge of the open cell, once its properties are read.
    fn set_cell(&mut self, span: u32, continues_above: bool) {
        if !self.outer() {
            return;
        }
        if let Some(cell) = self.cell.as_mut() {
            cell.span = span.max(1);
            cell.continues_above = continues_above;
        }
    }

    fn end_cell(&mut self) {
        if !self.outer() {
            return;
        }
        if let Some(mut cell) = self.cell.take() {
            cell.text = std::mem::take(&mut self.cell_lines).join("\n");
            self.col = cell.col.saturating_add(cell.span);
            if let Some(row) = self.row.as_mut() {
                row.push(cell);
            }
        }
    }

    fn start_paragraph(&mut self) {
        self.paragraph_depth += 1;
        if self.paragraph_depth == 1 {
            self.paragraph = Some((String::new(), false, 0));
            self.runs_bold = (false, true);
        }
    }

    fn mark_list(&mut self) {
        if let Some(paragraph) = self.paragraph.as_mut() {
            paragraph.1 = true;
        }
    }

    /// Marks the open paragraph a heading of `level` (1 for a top heading); a paragraph
    /// marked twice keeps the higher (smaller) level.
    fn mark_heading(&mut self, level: u8) {
        if let Some(paragraph) = self.paragraph.as_mut() {
            let level = level.clamp(1, 9);
            paragraph.2 = if paragraph.2 == 0 {
                level
            } else {
                paragraph.2.min(level)
            };
        }
    }

    /// A run of text starts: whether it is bold.
    fn run_weight(&mut self, bold: bool) {
        self.runs_bold = (true, self.runs_bold.1 && bold);
    }

    fn text(&mut self, text: &str) -> Result<(), ReadError> {
        self.text_bytes += text.len();
        if self.text_bytes > self.limits.text_bytes {
            return Err(ReadError::TooLarge(TooLarge::Text {
                limit: self.limits.text_bytes,
            }));
        }
        match self.paragraph.as_mut() {
            Some(paragraph) => paragraph.0.push_str(text),
            // Text outside a paragraph (rare): a paragraph of its own.
            None => {
                self.start_paragraph();
                if let Some(paragraph) = self.paragraph.as_mut() {
                    paragraph.0.push_str(text);
                }
                self.end_paragraph();
            }
        }
        Ok(())
    }

    fn end_paragraph(&mut self) {
        self.paragraph_depth = self.paragraph_depth.saturating_sub(1);
        if self.paragraph_depth > 0 {
            return;
        }
        let Some((text, list, level)) = self.paragraph.take() else {
            return;
        };
        let text = text.replace('\u{a0}', " ");
        let text = text.trim_matches(|c: char| c.is_whitespace() && c != '\n');
        if text.trim().is_empty() {
            return;
        }
        let text = if list {
            format!("• {text}")
        } else {
            text.to_string()
        };
        if self.table_depth > 0 {
            if self.cell.is_some() {
                self.cell_lines.push(text);
            }
        } else {
            self.blocks.push(Block::Paragraph(Paragraph {
                text,
                heading: level > 0,
                level,
                bold: self.runs_bold.0 && self.runs_bold.1,
            }));
        }
    }
}

/// An attribute's value, entities resolved.
fn attribute(
    e: &quick_xml::events::BytesStart<'_>,
    key: &str,
) -> Result<Option<String>, ReadError> {
    for attr in e.attributes().with_checks(false) {
        let attr = attr.map_err(damaged)?;
        if attr.key.as_ref() == key {
            return quick_xml::escape::unescape(&attr.value)
                .map(|value| Some(value.into_owned()))
                .map_err(damaged);
        }
    }
    Ok(None)
}

/// The text an entity or character reference stands for.
fn entity(r: &quick_xml::events::BytesRef<'_>) -> Result<String, ReadError> {
    let name: &str = r.as_ref();
    if let Some(resolved) = quick_xml::escape::resolve_xml_entity(name) {
        return Ok(resolved.to_string());
    }
    match r.resolve_char_ref().map_err(damaged)? {
        Some(ch) => Ok(ch.to_string()),
        None => Err(ReadError::Damaged {
            detail: format!("unknown entity &{name};"),
        }),
    }
}

/// A whole number attribute, `default` when absent or not a number; never above 1,000.
fn number_attribute(
    e: &quick_xml::events::BytesStart<'_>,
    key: &str,
    default: u32,
) -> Result<u32, ReadError> {
    Ok(attribute(e, key)?
        .and_then(|text| text.trim().parse::<u32>().ok())
        .unwrap_or(default)
        .min(1_000))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_from_the_bytes() {
        assert_eq!(sniff(b""), Err(DocumentError::Empty));
        let mut doc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        doc.extend(utf16le("WordDocument"));
        assert_eq!(sniff(&doc), Err(DocumentError::OldWord));
        assert_eq!(
            sniff(b"PK\x03\x04....mimetypeapplication/vnd.oasis.opendocument.text"),
            Ok(DocumentFormat::Odt)
        );
        assert_eq!(
            sniff(b"PK\x03\x04[Content_Types].xml word/document.xml"),
            Ok(DocumentFormat::Docx)
        );
        assert_eq!(
            sniff(b"PK\x03\x04[Content_Types].xml xl/workbook.xml"),
            Err(DocumentError::Spreadsheet)
        );
    }

    #[test]
    fn a_damaged_zip_is_an_error() {
        let bytes = b"PK\x03\x04word/document.xml and nothing else".to_vec();
        assert!(matches!(
            read_document(&bytes, Limits::default()),
            Err(DocumentError::Damaged { .. })
        ));
    }

    #[test]
    fn a_tab_in_a_run_reads_as_a_space_and_tab_stops_as_nothing() {
        use std::io::Write;
        let mut bytes = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut bytes);
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("[Content_Types].xml", options).unwrap();
        zip.write_all(br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#)
            .unwrap();
        zip.start_file("word/document.xml", options).unwrap();
        zip.write_all(
            r#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>Срок:</w:t><w:tab/><w:t>2025 г.</w:t></w:r></w:p></w:body></w:document>"#
                .as_bytes(),
        )
        .unwrap();
        zip.finish().unwrap();
        let document = read_document(bytes.get_ref(), Limits::default()).unwrap();
        let texts: Vec<&str> = document
            .blocks
            .iter()
            .filter_map(|block| match block {
                Block::Paragraph(paragraph) => Some(paragraph.text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(texts, ["Срок: 2025 г."]);
    }
}
