//! The document's theme (`word/theme/theme1.xml`): Office's colours and Times New Roman for
//! headings and text. Word takes theme fonts and colours from it, and the Office Open XML
//! checkers require a main document part to have one.

use std::io;

use quick_xml::Writer;

const A_NS: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";

type Xml = Writer<Vec<u8>>;

/// The theme part.
pub(super) fn theme() -> io::Result<Vec<u8>> {
    let mut w = Writer::new(Vec::new());
    w.write_event(quick_xml::events::Event::Decl(
        quick_xml::events::BytesDecl::new("1.0", Some("UTF-8"), Some("yes")),
    ))?;
    w.create_element("a:theme")
        .with_attribute(("xmlns:a", A_NS))
        .with_attribute(("name", "zakrila"))
        .write_inner_content(|w| {
            w.create_element("a:themeElements")
                .write_inner_content(|w| {
                    colours(w)?;
                    fonts(w)?;
                    formats(w)
                })?;
            Ok(())
        })?;
    Ok(w.into_inner())
}

fn colours(w: &mut Xml) -> io::Result<()> {
    w.create_element("a:clrScheme")
        .with_attribute(("name", "Office"))
        .write_inner_content(|w| {
            w.create_element("a:dk1").write_inner_content(|w| {
                w.create_element("a:sysClr")
                    .with_attribute(("val", "windowText"))
                    .with_attribute(("lastClr", "000000"))
                    .write_empty()?;
                Ok(())
            })?;
            w.create_element("a:lt1").write_inner_content(|w| {
                w.create_element("a:sysClr")
                    .with_attribute(("val", "window"))
                    .with_attribute(("lastClr", "FFFFFF"))
                    .write_empty()?;
                Ok(())
            })?;
            for (name, rgb) in [
                ("a:dk2", "44546A"),
                ("a:lt2", "E7E6E6"),
                ("a:accent1", "4472C4"),
                ("a:accent2", "ED7D31"),
                ("a:accent3", "A5A5A5"),
                ("a:accent4", "FFC000"),
                ("a:accent5", "5B9BD5"),
                ("a:accent6", "70AD47"),
                ("a:hlink", "0563C1"),
                ("a:folHlink", "954F72"),
            ] {
                w.create_element(name)
                    .write_inner_content(|w| srgb(w, rgb))?;
            }
            Ok(())
        })?;
    Ok(())
}

fn srgb(w: &mut Xml, rgb: &str) -> io::Result<()> {
    w.create_element("a:srgbClr")
        .with_attribute(("val", rgb))
        .write_empty()?;
    Ok(())
}

fn phase_colour(w: &mut Xml) -> io::Result<()> {
    w.create_element("a:schemeClr")
        .with_attribute(("val", "phClr"))
        .write_empty()?;
    Ok(())
}

fn fonts(w: &mut Xml) -> io::Result<()> {
    w.create_element("a:fontScheme")
        .with_attribute(("name", "zakrila"))
        .write_inner_content(|w| {
            for name in ["a:majorFont", "a:minorFont"] {
                w.create_element(name).write_inner_content(|w| {
                    for script in ["a:latin", "a:ea", "a:cs"] {
                        let face = if script == "a:latin" {
                            super::ooxml::FONT
                        } else {
                            ""
                        };
                        w.create_element(script)
                            .with_attribute(("typeface", face))
                            .write_empty()?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    Ok(())
}

fn solid_fill(w: &mut Xml) -> io::Result<()> {
    w.create_element("a:solidFill")
        .write_inner_content(phase_colour)?;
    Ok(())
}

fn formats(w: &mut Xml) -> io::Result<()> {
    w.create_element("a:fmtScheme")
        .with_attribute(("name", "Office"))
        .write_inner_content(|w| {
            for list in ["a:fillStyleLst", "a:bgFillStyleLst"] {
                w.create_element(list).write_inner_content(|w| {
                    for _ in 0..3 {
                        solid_fill(w)?;
                    }
                    Ok(())
                })?;
                if list == "a:fillStyleLst" {
                    w.create_element("a:lnStyleLst").write_inner_content(|w| {
                        for width in ["6350", "12700", "19050"] {
                            w.create_element("a:ln")
                                .with_attribute(("w", width))
                                .write_inner_content(solid_fill)?;
                        }
                        Ok(())
                    })?;
                    w.create_element("a:effectStyleLst")
                        .write_inner_content(|w| {
                            for _ in 0..3 {
                                w.create_element("a:effectStyle").write_inner_content(|w| {
                                    w.create_element("a:effectLst").write_empty()?;
                                    Ok(())
                                })?;
                            }
                            Ok(())
                        })?;
                }
            }
            Ok(())
        })?;
    Ok(())
}
