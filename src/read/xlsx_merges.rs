//! The merged ranges of an .xlsx sheet, found without parsing its cells a second time.
//!
//! calamine gives a sheet's merged ranges by reading the sheet's whole XML again, every cell
//! event of it, to reach `<mergeCells>` at its end: a sixth of `validate`'s time. The ranges
//! come after `</sheetData>`, and `<` cannot appear unescaped inside a cell's text, so the
//! end of the cells is found by a byte search and only what follows is parsed as XML.
//!
//! The sheet's part is found from `xl/workbook.xml` and its relationships, as calamine finds
//! it. A workbook laid out any other way gives `None`, and the caller asks calamine instead.

use std::io::{Cursor, Read};

use memchr::memmem;
use quick_xml::Reader;
use quick_xml::events::Event;

use super::sheet::Span;

/// Merged ranges of the sheet named `sheet` in the .xlsx `bytes`, or `None` when its part
/// cannot be found this way (the caller then reads them through calamine).
///
/// The archive has already passed [`super::zip_check::check`], so no part unpacks past the
/// limits.
///
/// # Examples
///
/// ```ignore
/// let spans = merged_ranges(&bytes, "Дейности").unwrap();
/// ```
pub(crate) fn merged_ranges(bytes: &[u8], sheet: &str) -> Option<Vec<Span>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let workbook = read_part(&mut archive, "xl/workbook.xml")?;
    let rels = read_part(&mut archive, "xl/_rels/workbook.xml.rels")?;
    let id = sheet_relationship(&workbook, sheet)?;
    let target = relationship_target(&rels, &id)?;
    let path = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("xl/{target}"),
    };
    let xml = read_part(&mut archive, &path)?;
    merged_in(&xml)
}

fn read_part(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<Vec<u8>> {
    let mut part = archive.by_name(name).ok()?;
    let mut bytes = Vec::with_capacity(part.size() as usize);
    part.read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// The `r:id` of the sheet named `name` in `xl/workbook.xml`.
fn sheet_relationship(workbook: &[u8], name: &str) -> Option<String> {
    attribute_where(workbook, "sheet", ("name", name), "id")
}

/// The `Target` of relationship `id`.
fn relationship_target(rels: &[u8], id: &str) -> Option<String> {
    attribute_where(rels, "Relationship", ("Id", id), "Target")
}

/// The attribute `wanted` of the first `element` whose attribute `key.0` is `key.1`
/// (names compared without namespace prefixes, values with entities resolved).
fn attribute_where(xml: &[u8], element: &str, key: (&str, &str), wanted: &str) -> Option<String> {
    let mut reader = Reader::from_reader(xml);
    let mut buffer = Vec::new();
    loop {
        match reader.read_event_into(&mut buffer).ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == element => {
                let mut matches = false;
                let mut found = None;
                for attr in e.attributes().flatten() {
                    let value = quick_xml::escape::unescape(&attr.value).ok()?;
                    let attr_name = attr.key.local_name();
                    if attr_name.as_ref() == key.0 {
                        matches = value == key.1;
                    } else if attr_name.as_ref() == wanted {
                        found = Some(value.into_owned());
                    }
                }
                if matches {
                    return found;
                }
            }
            Event::Eof => return None,
            _ => {}
        }
        buffer.clear();
    }
}

/// The ranges of `<mergeCell ref="…">` after the sheet's cells; `None` for XML or a
/// reference that does not parse, which calamine then reports as it always has.
fn merged_in(xml: &[u8]) -> Option<Vec<Span>> {
    let tail = &xml[end_of_cells(xml)..];
    let mut reader = Reader::from_reader(tail);
    // The tail starts inside the document: its closing tags have no opening ones here.
    reader.config_mut().check_end_names = false;
    reader.config_mut().allow_unmatched_ends = true;
    let mut spans = Vec::new();
    let mut buffer = Vec::new();
    loop {
        match reader.read_event_into(&mut buffer) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "mergeCell" => {
                let range = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == "ref");
                spans.push(span_of(&range?.value)?);
            }
            Ok(Event::Eof) => return Some(spans),
            Err(_) => return None,
            _ => {}
        }
        buffer.clear();
    }
}

/// Where the cells end: just after the first `</sheetData>` (any namespace prefix), or the
/// start when the sheet has no such tag (`<sheetData/>`: no cells to skip).
fn end_of_cells(xml: &[u8]) -> usize {
    for at in memmem::find_iter(xml, b"sheetData>") {
        let mut start = at;
        // Step back over a namespace prefix ("x:").
        if start > 0 && xml[start - 1] == b':' {
            start -= 1;
            while start > 0 && xml[start - 1].is_ascii_alphanumeric() {
                start -= 1;
            }
        }
        if start >= 2 && &xml[start - 2..start] == b"</" {
            return at + b"sheetData>".len();
        }
    }
    0
}

/// "B3:D7" (or a single "B3") as a zero-based span.
fn span_of(text: &str) -> Option<Span> {
    let (first, last) = text.split_once(':').unwrap_or((text, text));
    let (first_row, first_col) = cell_of(first)?;
    let (last_row, last_col) = cell_of(last)?;
    Some(Span {
        first_row: first_row.min(last_row),
        first_col: first_col.min(last_col),
        last_row: first_row.max(last_row),
        last_col: first_col.max(last_col),
    })
}

/// "B3" (or "$B$3") as zero-based (row, column).
fn cell_of(reference: &str) -> Option<(u32, u32)> {
    let reference = reference.trim().replace('$', "");
    let letters = reference
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let col = reference.as_bytes()[..letters].iter().fold(0u32, |n, b| {
        n * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1)
    });
    let row: u32 = reference[letters..].parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(xml: &str) -> Vec<(u32, u32, u32, u32)> {
        merged_in(xml.as_bytes())
            .unwrap()
            .iter()
            .map(|s| (s.first_row, s.first_col, s.last_row, s.last_col))
            .collect()
    }

    #[test]
    fn ranges_after_the_cells_are_read() {
        let xml = r#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>mergeCell ref="A1:Z9" sheetData></t></is></c></row></sheetData><mergeCells count="2"><mergeCell ref="A2:A4"/><mergeCell ref="$B$2:C3"/></mergeCells></worksheet>"#;
        assert_eq!(spans(xml), [(1, 0, 3, 0), (1, 1, 2, 2)]);
    }

    #[test]
    fn a_prefixed_sheet_and_one_without_cells() {
        let xml = r#"<x:worksheet xmlns:x="s"><x:sheetData><x:row r="1"/></x:sheetData><x:mergeCells><x:mergeCell ref="AA10:AB11"/></x:mergeCells></x:worksheet>"#;
        assert_eq!(spans(xml), [(9, 26, 10, 27)]);
        let xml =
            r#"<worksheet><sheetData/><mergeCells><mergeCell ref="C1"/></mergeCells></worksheet>"#;
        assert_eq!(spans(xml), [(0, 2, 0, 2)]);
    }

    #[test]
    fn a_bad_reference_is_left_to_calamine() {
        assert!(merged_in(br#"<sheetData/><mergeCell ref="A0:B1"/>"#).is_none());
        assert_eq!(span_of("A0:B1").map(|_| ()), None);
        assert_eq!(span_of("1:2").map(|_| ()), None);
        assert!(span_of("XFD1048576").is_some());
    }

    /// On every .xlsx the project has (the samples, the strange files, LibreOffice re-saves,
    /// workbooks with merged goal cells), this finds what calamine finds.
    #[test]
    fn the_same_ranges_as_calamine() {
        use calamine::Reader;
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in [
            "samples/ruse-2025",
            "samples/ruse-2018",
            "samples/haskovo-2019",
            "tests/strange/files",
            "templates-xlsx",
        ] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "xlsx") {
                    files.push(path);
                }
            }
        }
        files.sort();
        let mut compared = 0;
        let mut with_merges = 0;
        let mut left_to_calamine = 0;
        for path in &files {
            let bytes = std::fs::read(path).unwrap();
            if super::super::zip_check::check(&bytes, &super::super::Limits::default()).is_err() {
                continue;
            }
            let Ok(mut book) = calamine::Xlsx::new(Cursor::new(bytes.as_slice())) else {
                continue;
            };
            for name in book.sheet_names() {
                let Ok(theirs) = book.merge_cells_by_sheet_name(&name) else {
                    continue;
                };
                let theirs: Vec<_> = theirs
                    .iter()
                    .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
                    .collect();
                // A workbook laid out otherwise (parts not under xl/) is left to calamine.
                let Some(ours) = merged_ranges(&bytes, &name) else {
                    left_to_calamine += 1;
                    continue;
                };
                let ours: Vec<_> = ours
                    .iter()
                    .map(|s| (s.first_row, s.first_col, s.last_row, s.last_col))
                    .collect();
                assert_eq!(ours, theirs, "{}: {name}", path.display());
                compared += 1;
                with_merges += usize::from(!ours.is_empty());
            }
        }
        assert!(
            compared > 50 && with_merges > 5 && left_to_calamine < 5,
            "{compared} sheets, {with_merges} with merges, {left_to_calamine} left to calamine"
        );
    }
}
