//! OpenDocument spreadsheets (.ods), read as a stream into sparse sheets.
//!
//! calamine's .ods reader expands every repeated row and column into a dense grid while it
//! opens the file (up to 100 million cells, about 3 GB, before any check can run), and
//! repeats `<text:s text:c="…">` spaces without bound. An .ods is one XML part, so it is read
//! here with quick-xml instead, with calamine's value rules: each filled cell is stored once
//! per repetition, empty repetitions only move the position, and merged cells
//! (`table:number-columns-spanned`, `table:number-rows-spanned`) are kept as merged ranges,
//! which calamine does not give for .ods.

use std::io::{BufReader, Cursor, Read};

use calamine::Data;
use quick_xml::Reader as XmlReader;
use quick_xml::events::{BytesStart, Event};

use super::limits::{CELL_CHARS, GRID_COLUMNS, GRID_ROWS, Limits};
use super::sheet::{Budget, Sheet, SheetBuilder, Span};
use super::{ReadError, damaged};

/// The sheets of an .ods, all read when it is opened.
pub(crate) fn read(
    bytes: &[u8],
    limits: Limits,
    budget: &mut Budget,
) -> Result<Vec<Sheet>, ReadError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    if is_encrypted(&mut archive)? {
        return Err(ReadError::PasswordProtected);
    }
    let content = archive.by_name("content.xml").map_err(damaged)?;
    let mut xml = XmlReader::from_reader(BufReader::new(content));
    let config = xml.config_mut();
    config.check_end_names = false;
    config.expand_empty_elements = true;
    config.trim_text(false);

    let mut sheets = Vec::new();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf).map_err(damaged)? {
            Event::Start(e) if e.name().as_ref() == "table:table" => {
                let name = attribute(&e, "table:name")?.unwrap_or_default();
                let mut table = TableReader {
                    builder: SheetBuilder::new(&name, limits, budget),
                    row: 0,
                };
                table.read(&mut xml)?;
                sheets.push(table.builder.finish());
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(sheets)
}

/// Whether the manifest lists encryption data: a password-protected file.
fn is_encrypted(archive: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<bool, ReadError> {
    let mut manifest = Vec::new();
    match archive.by_name("META-INF/manifest.xml") {
        Ok(entry) => {
            entry
                .take(1 << 20)
                .read_to_end(&mut manifest)
                .map_err(damaged)?;
        }
        Err(zip::result::ZipError::FileNotFound) => return Ok(false),
        Err(err) => return Err(damaged(err)),
    }
    const MARK: &[u8] = b"encryption-data";
    Ok(manifest.windows(MARK.len()).any(|window| window == MARK))
}

type Xml<R> = XmlReader<BufReader<R>>;

/// One `<table:table>`, read up to its end.
struct TableReader<'b> {
    builder: SheetBuilder<'b>,
    /// The row the next `<table:table-row>` starts at (may run past the grid).
    row: u64,
}

/// One cell's value and extent, as its start tag and content give them.
struct CellValue {
    data: Data,
    repeat: u64,
    span_cols: u32,
    span_rows: u32,
}

impl TableReader<'_> {
    fn read<R: Read>(&mut self, xml: &mut Xml<R>) -> Result<(), ReadError> {
        let mut buf = Vec::new();
        let mut depth = 0usize;
        loop {
            buf.clear();
            match xml.read_event_into(&mut buf).map_err(damaged)? {
                Event::Start(e) if e.name().as_ref() == "table:table-row" => {
                    let repeat = count(&e, "table:number-rows-repeated")?;
                    self.read_row(xml, repeat)?;
                }
                Event::Start(_) => depth += 1,
                Event::End(_) if depth > 0 => depth -= 1,
                Event::End(_) => return Ok(()), // </table:table>
                Event::Eof => return Err(eof("table:table")),
                _ => {}
            }
        }
    }

    fn read_row<R: Read>(&mut self, xml: &mut Xml<R>, repeat: u64) -> Result<(), ReadError> {
        let mut cells: Vec<(u64, CellValue)> = Vec::new();
        let mut col: u64 = 0;
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match xml.read_event_into(&mut buf).map_err(damaged)? {
                Event::Start(e)
                    if matches!(
                        e.name().as_ref(),
                        "table:table-cell" | "table:covered-table-cell"
                    ) =>
                {
                    let e = e.into_owned();
                    let value = read_cell(xml, &e)?;
                    let next = col.saturating_add(value.repeat);
                    if value.data != Data::Empty || value.span_cols > 1 || value.span_rows > 1 {
                        cells.push((col, value));
                    }
                    col = next;
                }
                Event::Start(e) => {
                    // Anything else inside a row is skipped whole.
                    let e = e.into_owned();
                    skip(xml, &e)?;
                }
                Event::End(_) => break, // </table:table-row>
                Event::Eof => return Err(eof("table:table-row")),
                _ => {}
            }
        }
        if cells.is_empty() {
            self.row = self.row.saturating_add(repeat);
            return Ok(());
        }
        // A filled row given N times is N rows; each costs its cells, so the limits stop a
        // repetition of a million long before it is done.
        let mut left = repeat;
        while left > 0 {
            self.emit_row(&cells)?;
            left -= 1;
            self.row = self.row.saturating_add(1);
            if self.row > u64::from(GRID_ROWS) {
                // That row was past the grid and reported; the rest would only repeat it.
                self.row = self.row.saturating_add(left);
                break;
            }
        }
        Ok(())
    }

    fn emit_row(&mut self, cells: &[(u64, CellValue)]) -> Result<(), ReadError> {
        let row = clamp_u32(self.row);
        for (col, value) in cells {
            if value.span_cols > 1 || value.span_rows > 1 {
                self.builder.merge(Span {
                    first_row: row,
                    first_col: clamp_u32(*col),
                    last_row: row.saturating_add(value.span_rows.max(1) - 1),
                    last_col: clamp_u32(*col).saturating_add(value.span_cols.max(1) - 1),
                })?;
            }
            if value.data == Data::Empty {
                continue;
            }
            for offset in 0..value.repeat {
                let at = col.saturating_add(offset);
                self.builder.push(row, clamp_u32(at), value.data.clone())?;
                if at >= u64::from(GRID_COLUMNS) {
                    break; // one report for the run beyond the grid
                }
            }
        }
        Ok(())
    }
}

/// Reads one cell's value from its start tag and, for text, its content; leaves the reader
/// after the cell's end tag.
fn read_cell<R: Read>(xml: &mut Xml<R>, start: &BytesStart<'_>) -> Result<CellValue, ReadError> {
    let mut value_type: Option<String> = None;
    let mut data = Data::Empty;
    let mut is_error = false;
    let mut repeat = 1u64;
    let mut span_cols = 1u32;
    let mut span_rows = 1u32;
    for attr in start.attributes().with_checks(false) {
        let attr = attr.map_err(damaged)?;
        let text = || unescape(&attr.value);
        match attr.key.as_ref() {
            "table:number-columns-repeated" => repeat = parse_count(&text()?),
            "table:number-columns-spanned" => span_cols = clamp_u32(parse_count(&text()?)),
            "table:number-rows-spanned" => span_rows = clamp_u32(parse_count(&text()?)),
            "office:value-type" => value_type = Some(text()?),
            "calcext:value-type" => is_error = text()? == "error",
            "office:value" if data == Data::Empty => {
                if let Ok(number) = text()?.trim().parse::<f64>() {
                    data = Data::Float(number);
                }
            }
            "office:date-value" if data == Data::Empty => data = Data::DateTimeIso(text()?),
            "office:time-value" if data == Data::Empty => data = Data::DurationIso(text()?),
            "office:string-value" if data == Data::Empty => data = Data::String(text()?),
            "office:boolean-value" if data == Data::Empty => {
                let value = text()?;
                data = Data::Bool(value == "true" || value == "TRUE");
            }
            _ => {}
        }
    }
    let is_string = value_type.as_deref() == Some("string");
    let wants_content = (is_string && data == Data::Empty)
        || (is_error && matches!(&data, Data::String(s) if s.is_empty()));
    if wants_content {
        data = Data::String(read_text(xml)?);
    } else {
        skip(xml, start)?;
    }
    Ok(CellValue {
        data,
        repeat: repeat.max(1),
        span_cols,
        span_rows,
    })
}

/// The text content of a cell: paragraphs on lines of their own, `<text:s>` spaces,
/// tabs and line breaks as typed; comments left out. Stops adding text past what a cell
/// holds (the sheet builder then reports the cut), but reads to the cell's end.
fn read_text<R: Read>(xml: &mut Xml<R>) -> Result<String, ReadError> {
    let mut text = String::new();
    let mut chars = 0usize;
    let mut paragraphs = 0usize;
    let mut depth = 0usize;
    let mut in_annotation = 0usize;
    let mut buf = Vec::new();
    // Room for a little more than a cell, so the builder sees that it was too long.
    let room = CELL_CHARS + 1;
    let push = |text: &mut String, chars: &mut usize, piece: &str| {
        for ch in piece.chars() {
            if *chars >= room {
                return;
            }
            text.push(ch);
            *chars += 1;
        }
    };
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf).map_err(damaged)? {
            Event::Start(e) => {
                depth += 1;
                match e.name().as_ref() {
                    "office:annotation" => in_annotation += 1,
                    _ if in_annotation > 0 => {}
                    "text:p" => {
                        if paragraphs > 0 {
                            push(&mut text, &mut chars, "\n");
                        }
                        paragraphs += 1;
                    }
                    "text:s" => {
                        let spaces = count(&e, "text:c")?.min(room as u64) as usize;
                        let spaces = spaces.min(room.saturating_sub(chars));
                        push(&mut text, &mut chars, &" ".repeat(spaces));
                    }
                    "text:tab" => push(&mut text, &mut chars, "\t"),
                    "text:line-break" => push(&mut text, &mut chars, "\n"),
                    _ => {}
                }
            }
            Event::End(e) => {
                if depth == 0 {
                    return Ok(text); // the cell's own end
                }
                depth -= 1;
                if e.name().as_ref() == "office:annotation" {
                    in_annotation = in_annotation.saturating_sub(1);
                }
            }
            Event::Text(t) if in_annotation == 0 => {
                push(&mut text, &mut chars, &t.xml10_content());
            }
            Event::GeneralRef(r) if in_annotation == 0 => {
                let name: &str = r.as_ref();
                if let Some(resolved) = quick_xml::escape::resolve_xml_entity(name) {
                    push(&mut text, &mut chars, resolved);
                } else if let Some(ch) = r.resolve_char_ref().map_err(damaged)? {
                    push(&mut text, &mut chars, ch.encode_utf8(&mut [0; 4]));
                } else {
                    return Err(ReadError::Damaged {
                        detail: format!("unknown entity &{name};"),
                    });
                }
            }
            Event::Eof => return Err(eof("table:table-cell")),
            _ => {}
        }
    }
}

/// Reads past the end of the element that `start` opened, however deep it goes.
fn skip<R: Read>(xml: &mut Xml<R>, start: &BytesStart<'_>) -> Result<(), ReadError> {
    let _ = start;
    let mut depth = 0usize;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf).map_err(damaged)? {
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => return Ok(()),
            Event::End(_) => depth -= 1,
            Event::Eof => return Err(eof("element")),
            _ => {}
        }
    }
}

fn attribute(e: &BytesStart<'_>, key: &str) -> Result<Option<String>, ReadError> {
    for attr in e.attributes().with_checks(false) {
        let attr = attr.map_err(damaged)?;
        if attr.key.as_ref() == key {
            return unescape(&attr.value).map(Some);
        }
    }
    Ok(None)
}

/// A repetition count attribute, 1 when absent or not a number.
fn count(e: &BytesStart<'_>, key: &str) -> Result<u64, ReadError> {
    Ok(attribute(e, key)?.map_or(1, |text| parse_count(&text)))
}

fn parse_count(text: &str) -> u64 {
    match text.trim().parse::<u64>() {
        Ok(n) => n.max(1),
        // All digits but too long: as many as can be.
        Err(_) if !text.trim().is_empty() && text.trim().bytes().all(|b| b.is_ascii_digit()) => {
            u64::MAX
        }
        Err(_) => 1,
    }
}

/// An attribute's value with its entities resolved (as calamine reads them).
fn unescape(raw: &str) -> Result<String, ReadError> {
    quick_xml::escape::unescape(raw)
        .map(|value| value.into_owned())
        .map_err(damaged)
}

fn clamp_u32(value: u64) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

fn eof(inside: &str) -> ReadError {
    ReadError::Damaged {
        detail: format!("the content ends inside {inside}"),
    }
}
