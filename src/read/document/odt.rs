//! OpenDocument text's `content.xml`: paragraphs and headings (`text:p`, `text:h`), list
//! items (`text:list-item`), spaces, tabs and line breaks (`text:s`, `text:tab`,
//! `text:line-break`), and tables (`table:table` › rows › `table:table-cell`) with
//! `table:number-columns-spanned`, `table:number-rows-spanned` and the
//! `table:covered-table-cell`s a span covers. Notes and annotations are skipped.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::Event;

use super::{Builder, entity, number_attribute};
use crate::read::{ReadError, damaged};

/// Whether the manifest lists encryption data: a password-protected document.
pub(super) fn is_encrypted(bytes: &[u8]) -> Result<bool, ReadError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
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

/// A cell spanning rows down: from its first grid column, how many columns, and how many
/// rows below it it still covers.
#[derive(Clone, Copy)]
struct Down {
    span: u32,
    rows_left: u32,
}

pub(super) fn read(xml: &[u8], builder: &mut Builder) -> Result<(), ReadError> {
    let mut reader = Reader::from_reader(xml);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.expand_empty_elements = true;
    config.trim_text(false);
    let mut buf = Vec::new();
    let mut skip = 0usize;
    let mut table_depth = 0usize;
    // The outer table's vertical spans, by first grid column.
    let mut down: BTreeMap<u32, Down> = BTreeMap::new();
    let mut col = 0u32;
    let mut list_item_open = false;
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf).map_err(damaged)? {
            Event::Start(e) => {
                if skip > 0 {
                    skip += 1;
                    continue;
                }
                match e.name().as_ref() {
                    "text:note" | "office:annotation" | "text:tracked-changes" | "office:forms" => {
                        skip = 1
                    }
                    "table:table" => {
                        table_depth += 1;
                        if table_depth == 1 {
                            down.clear();
                        }
                        builder.start_table();
                    }
                    "table:table-row" if table_depth == 1 => {
                        builder.start_row()?;
                        col = 0;
                    }
                    "table:table-row" => builder.start_row()?,
                    "table:table-cell" if table_depth == 1 => {
                        let span = number_attribute(&e, "table:number-columns-spanned", 1)?;
                        let rows = number_attribute(&e, "table:number-rows-spanned", 1)?;
                        builder.skip_to(col);
                        builder.start_cell(span, false)?;
                        if rows > 1 {
                            down.insert(
                                col,
                                Down {
                                    span,
                                    rows_left: rows - 1,
                                },
                            );
                        }
                        col = col.saturating_add(span.max(1));
                    }
                    "table:table-cell" => builder.start_cell(1, false)?,
                    "table:covered-table-cell" if table_depth == 1 => {
                        // Covered from above (a row span) or from the left (a column span,
                        // already counted by the spanning cell's width).
                        if let Some(span) = down.get(&col).map(|d| d.span) {
                            builder.skip_to(col);
                            builder.start_cell(span, true)?;
                            builder.end_cell();
                        }
                        col = col.saturating_add(1);
                        skip = 1;
                    }
                    "table:covered-table-cell" => skip = 1,
                    "text:list-item" => list_item_open = true,
                    "text:p" | "text:h" => {
                        builder.start_paragraph();
                        if list_item_open {
                            builder.mark_list();
                            list_item_open = false;
                        }
                        if e.name().as_ref() == "text:h" {
                            let level = number_attribute(&e, "text:outline-level", 1)?;
                            builder.mark_heading(level.clamp(1, 9) as u8);
                        }
                    }
                    "text:s" => {
                        let count = number_attribute(&e, "text:c", 1)?.min(100);
                        builder.text(&" ".repeat(count as usize))?;
                    }
                    "text:ta" => builder.text(" ")?,
                    "text:line-break" => builder.text("\n")?,
                    _ => {}
                }
            }
            Event::End(e) => {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                match e.name().as_ref() {
                    "table:table" => {
                        builder.end_table();
                        table_depth = table_depth.saturating_sub(1);
                    }
                    "table:table-row" if table_depth == 1 => {
                        builder.end_row();
                        for span in down.values_mut() {
                            span.rows_left = span.rows_left.saturating_sub(1);
                        }
                        down.retain(|_, span| span.rows_left > 0);
                    }
                    "table:table-row" => builder.end_row(),
                    "table:table-cell" => builder.end_cell(),
                    "text:p" | "text:h" => builder.end_paragraph(),
                    _ => {}
                }
            }
            Event::Text(t) if skip == 0 => {
                let text = t.xml10_content();
                if !text.trim().is_empty() || builder.in_paragraph() {
                    builder.text(&text)?;
                }
            }
            Event::GeneralRef(r) if skip == 0 => builder.text(&entity(&r)?)?,
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(())
}
