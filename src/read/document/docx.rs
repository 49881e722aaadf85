//! Word's `word/document.xml`: paragraphs (`w:p`), runs' text (`w:t`, `w:tab`, `w:br`),
//! tables (`w:tbl` › `w:tr` › `w:tc`) with `w:gridBefore`, `w:gridSpan` and `w:vMerge`,
//! list paragraphs (`w:numPr`, a "List…" style) and headings. The fallback copy of
//! alternate content (`mc:Fallback`) is skipped so that no text is read twice.

use quick_xml::Reader;
use quick_xml::events::Event;

use super::{Builder, attribute, entity, number_attribute};
use crate::read::{ReadError, damaged};

/// The level a heading style's name ends with: "Heading2" → 2; 1 when it names none.
fn heading_level(style: &str) -> u8 {
    style
        .trim_start_matches(|c: char| !c.is_ascii_digit())
        .parse::<u8>()
        .unwrap_or(1)
}

pub(super) fn read(xml: &[u8], builder: &mut Builder) -> Result<(), ReadError> {
    let mut reader = Reader::from_reader(xml);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.expand_empty_elements = true;
    config.trim_text(false);
    let mut buf = Vec::new();
    let mut skip = 0usize;
    let mut in_text = false;
    let mut in_run = false;
    // Inside a run's own properties (`w:r` › `w:rPr`), and whether they make it bold.
    let mut in_run_properties = false;
    let mut run_bold = false;
    let mut span = 1u32;
    let mut continues = false;
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf).map_err(damaged)? {
            Event::Start(e) => {
                if skip > 0 {
                    skip += 1;
                    continue;
                }
                match e.name().as_ref() {
                    "mc:Fallback" | "w:delText" | "w:instrText" => skip = 1,
                    "w:tbl" => builder.start_table(),
                    "w:tr" => builder.start_row()?,
                    "w:gridBefore" => builder.skip_columns(number_attribute(&e, "w:val", 0)?),
                    "w:tc" => {
                        span = 1;
                        continues = false;
                        builder.start_cell(span, continues)?;
                    }
                    "w:gridSpan" => {
                        span = number_attribute(&e, "w:val", 1)?;
                        builder.set_cell(span, continues);
                    }
                    "w:vMerge" => {
                        continues = attribute(&e, "w:val")?.is_none_or(|v| v != "restart");
                        builder.set_cell(span, continues);
                    }
                    "w:p" => builder.start_paragraph(),
                    "w:numPr" => builder.mark_list(),
                    "w:pStyle" => {
                        let style = attribute(&e, "w:val")?.unwrap_or_default();
                        let folded = style.to_lowercase();
                        if folded.starts_with("list") {
                            builder.mark_list();
                        }
                        if folded.starts_with("heading") {
                            builder.mark_heading(heading_level(&folded));
                        } else if folded == "title" {
                            builder.mark_heading(1);
                        }
                    }
                    // Word counts outline levels from 0; 9 is body text.
                    "w:outlineLvl" => {
                        if let level @ 0..=8 = number_attribute(&e, "w:val", 0)? {
                            builder.mark_heading(level as u8 + 1);
                        }
                    }
                    "w:r" => {
                        in_run = true;
                        run_bold = false;
                    }
                    "w:rPr" if in_run => in_run_properties = true,
                    "w:b" if in_run_properties => {
                        run_bold = attribute(&e, "w:val")?
                            .is_none_or(|v| !matches!(v.as_str(), "0" | "false" | "off"));
                    }
                    "w:t" => {
                        in_text = true;
                        builder.run_weight(run_bold);
                    }
                    // A tab inside a run (`w:tab` of a paragraph's tab stops sits outside any run).
                    "w:tab" if in_run => builder.text(" ")?,
                    "w:br" | "w:cr" if in_run => {
                        let kind = attribute(&e, "w:type")?;
                        if kind.is_none_or(|k| k == "textWrapping") {
                            builder.text("\n")?;
                        }
                    }
                    "w:noBreakHyphen" if in_run => builder.text("-")?,
                    _ => {}
                }
            }
            Event::End(e) => {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                match e.name().as_ref() {
                    "w:tbl" => builder.end_table(),
                    "w:tr" => builder.end_row(),
                    "w:tc" => builder.end_cell(),
                    "w:p" => builder.end_paragraph(),
                    "w:r" => in_run = false,
                    "w:rPr" => in_run_properties = false,
                    "w:t" => in_text = false,
                    _ => {}
                }
            }
            Event::Text(t) if in_text && skip == 0 => builder.text(&t.xml10_content())?,
            Event::GeneralRef(r) if in_text && skip == 0 => builder.text(&entity(&r)?)?,
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(())
}
