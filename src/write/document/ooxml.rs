//! A Word document (.docx, WordprocessingML) put together from a few plain parts: paragraphs
//! with runs, tables with spanning and vertically merged cells, repeated header rows and rows
//! kept on one page, sections of their own orientation, and a footer with „стр. N от M“.
//!
//! Each XML part is written element by element with quick-xml's writer (which escapes every
//! text and attribute) and the parts are zipped by [`crate::write::archive::zip`]: entries in
//! a fixed order with a fixed time stamp, so the same document gives the same bytes. Children
//! are written in the order the Office Open XML schemas require, since Word refuses, or
//! "repairs", a part whose elements stand out of order.
//!
//! Why not docx-rs: its 0.4.22 writes no `w:tblHeader` (the header row repeated on every
//! page), writes the section, style, settings, numbering and footer parts with children out of
//! the schemas' order (21 schema errors on a four-element document), and numbers paragraphs
//! from a per-thread counter, so the same document made twice in one process differs.

use std::io;

use quick_xml::Writer;
use quick_xml::events::BytesText;

use crate::write::WriteError;
use crate::write::archive::{Entry, zip};

/// A whole document: its blocks in reading order, how its last section is laid out, and its
/// title for the file's properties.
#[derive(Clone, Debug, PartialEq)]
pub struct Docx {
    /// The title (the file's properties, as Word's "Properties" show it).
    pub title: String,
    /// Paragraphs, tables and section ends, in order.
    pub blocks: Vec<Block>,
    /// The layout of the last section (the one no [`Block::SectionEnd`] closes).
    pub last_section: Section,
}

/// A paragraph, a table, or the end of a section.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// A paragraph.
    Paragraph(Paragraph),
    /// A table.
    Table(Table),
    /// The section before this point ends here and is laid out so; what follows starts on
    /// a new page.
    SectionEnd(Section),
}

/// How a section's pages are laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// A4 portrait.
    Portrait,
    /// A4 landscape.
    Landscape,
}

impl Section {
    /// The width of the text between the margins, in twentieths of a point.
    pub fn text_width(self) -> u32 {
        match self {
            Section::Portrait => A4_SHORT - PORTRAIT_MARGIN_LEFT - PORTRAIT_MARGIN_RIGHT,
            Section::Landscape => A4_LONG - 2 * LANDSCAPE_MARGIN,
        }
    }

    /// The height of the text between the margins, in twentieths of a point.
    pub fn text_height(self) -> u32 {
        match self {
            Section::Portrait => A4_LONG - 2 * PORTRAIT_MARGIN_TOP,
            Section::Landscape => A4_SHORT - 2 * LANDSCAPE_MARGIN,
        }
    }
}

/// A4's sides in twentieths of a point (210 × 297 mm).
const A4_SHORT: u32 = 11_906;
const A4_LONG: u32 = 16_838;
/// Margins as in the seeds' documents: 2 cm top and bottom, 2.5 cm left and 1.5 cm right in
/// portrait; 2 cm all round in landscape, for a wide table.
const PORTRAIT_MARGIN_TOP: u32 = 1_134;
const PORTRAIT_MARGIN_LEFT: u32 = 1_418;
const PORTRAIT_MARGIN_RIGHT: u32 = 850;
const LANDSCAPE_MARGIN: u32 = 1_134;
/// The footer's distance from the page's edge (1 cm).
const FOOTER_DISTANCE: u32 = 567;

/// The paragraph styles of the document (`word/styles.xml`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Style {
    /// Body text: justified, the first line indented.
    #[default]
    Body,
    /// A line with no indent and no space after it (addresses, signatures).
    Plain,
    /// A title line: centred, bold, larger.
    Title,
    /// A heading of the first level.
    Heading1,
    /// A heading of the second level.
    Heading2,
    /// Text in a table cell.
    TableText,
    /// A table's header cell: bold, centred.
    TableHeading,
}

impl Style {
    fn id(self) -> &'static str {
        match self {
            Style::Body => "Normal",
            Style::Plain => "Plain",
            Style::Title => "Title",
            Style::Heading1 => "Heading1",
            Style::Heading2 => "Heading2",
            Style::TableText => "TableText",
            Style::TableHeading => "TableHeading",
        }
    }
}

/// A paragraph's alignment, when not its style's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Left.
    Left,
    /// Centred.
    Center,
    /// Right.
    Right,
}

/// A paragraph.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Paragraph {
    /// Its style.
    pub style: Style,
    /// Its alignment, when not its style's.
    pub align: Option<Align>,
    /// Kept on the page of the paragraph after it.
    pub keep_next: bool,
    /// Starts a new page.
    pub page_break_before: bool,
    /// Space before it, in twentieths of a point, when not its style's.
    pub space_before: Option<u32>,
    /// Its runs of text.
    pub runs: Vec<Run>,
}

impl Paragraph {
    /// A paragraph of one plain run.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::write::document::ooxml::{Paragraph, Style};
    /// let p = Paragraph::new(Style::Heading1, "I. ВЪВЕДЕНИЕ");
    /// assert_eq!(p.runs[0].text, "I. ВЪВЕДЕНИЕ");
    /// ```
    pub fn new(style: Style, text: impl Into<String>) -> Paragraph {
        Paragraph {
            style,
            runs: vec![Run::new(text)],
            ..Paragraph::default()
        }
    }

    /// The same paragraph aligned so.
    pub fn aligned(mut self, align: Align) -> Paragraph {
        self.align = Some(align);
        self
    }

    /// The same paragraph kept with the next.
    pub fn kept_with_next(mut self) -> Paragraph {
        self.keep_next = true;
        self
    }

    /// The same paragraph with every run bold.
    pub fn bold(mut self) -> Paragraph {
        for run in &mut self.runs {
            run.bold = true;
        }
        self
    }
}

/// A run of text in one format. A `\n` in the text is a line break, a `\t` a tab.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Run {
    /// The text.
    pub text: String,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// Letter spacing, in twentieths of a point („О Б Щ И Н А“ without typing spaces).
    pub spacing: Option<u32>,
    /// Size in points, when not the style's.
    pub size: Option<u32>,
}

impl Run {
    /// A plain run.
    pub fn new(text: impl Into<String>) -> Run {
        Run {
            text: text.into(),
            ..Run::default()
        }
    }
}

/// A table: its columns' widths and its rows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    /// The width of each grid column, in twentieths of a point.
    pub widths: Vec<u32>,
    /// The rows, top to bottom.
    pub rows: Vec<Row>,
}

/// A table row.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Row {
    /// Its cells, left to right; their spans add up to the table's columns.
    pub cells: Vec<Cell>,
    /// A header row: repeated at the top of every page the table runs onto.
    pub header: bool,
    /// Not split across pages (set only where the row fits on one page: Word cuts off a
    /// row that may not split and is taller than a page).
    pub keep_together: bool,
}

/// Whether a cell is merged with the cells above or below it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Merge {
    /// Not merged.
    #[default]
    None,
    /// The first cell of a vertical merge: it holds the text.
    Start,
    /// Continues the merged cell above (its own paragraphs are not shown).
    Continue,
}

/// A table cell.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cell {
    /// How many grid columns it spans (at least 1).
    pub span: u32,
    /// Its vertical merge.
    pub merge: Merge,
    /// Its background, as RRGGBB.
    pub shade: Option<&'static str>,
    /// Its paragraphs (an empty cell still gets one, as the schema requires).
    pub paragraphs: Vec<Paragraph>,
}

impl Cell {
    /// A one-column cell of these paragraphs.
    pub fn of(paragraphs: Vec<Paragraph>) -> Cell {
        Cell {
            span: 1,
            paragraphs,
            ..Cell::default()
        }
    }
}

/// The grey of header cells, and the light orange of priority rows (as on `Програма`).
pub const SHADE_HEADER: &str = "D9D9D9";
/// The background of a priority's row.
pub const SHADE_PRIORITY: &str = "FCE4D6";

/// The body font: has Cyrillic on Windows, and LibreOffice shows it with the metric-compatible
/// Liberation Serif where Times New Roman is missing, so lines break in the same places.
pub const FONT: &str = "Times New Roman";

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const REL_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const REL_OFFICE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const REL_PACKAGE: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const CT_NS: &str = "http://schemas.openxmlformats.org/package/2006/content-types";
const CT_WORD: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";
/// The relationship id of the one footer every section shows.
const FOOTER_ID: &str = "rIdFooter";
/// A fixed time for the file's properties: the same inputs must give the same bytes.
const FIXED_TIME: &str = "2000-01-01T00:00:00Z";

impl Docx {
    /// The .docx bytes.
    ///
    /// # Errors
    ///
    /// A [`WriteError`] when the zip cannot be written (which would be a bug).
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::write::document::ooxml::{Block, Docx, Paragraph, Section, Style};
    /// let docx = Docx {
    ///     title: "Програма".into(),
    ///     blocks: vec![Block::Paragraph(Paragraph::new(Style::Title, "ОБЩИНА РУСЕ"))],
    ///     last_section: Section::Portrait,
    /// };
    /// let bytes = docx.to_bytes().unwrap();
    /// assert_eq!(&bytes[..2], b"PK");
    /// assert_eq!(bytes, docx.to_bytes().unwrap());
    /// ```
    pub fn to_bytes(&self) -> Result<Vec<u8>, WriteError> {
        let parts = self.parts().map_err(WriteError::other)?;
        zip(&parts)
    }

    fn parts(&self) -> io::Result<Vec<Entry>> {
        let entry = |path: &str, bytes: Vec<u8>| Entry {
            path: path.to_string(),
            bytes,
        };
        Ok(vec![
            entry("[Content_Types].xml", content_types()?),
            entry("_rels/.rels", package_rels()?),
            entry("docProps/core.xml", core_properties(&self.title)?),
            entry("docProps/app.xml", app_properties()?),
            entry("word/document.xml", self.document()?),
            entry("word/_rels/document.xml.rels", document_rels()?),
            entry("word/styles.xml", styles()?),
            entry("word/settings.xml", settings()?),
            entry("word/fontTable.xml", font_table()?),
            entry("word/footer1.xml", footer()?),
            entry("word/theme/theme1.xml", super::theme::theme()?),
        ])
    }

    fn document(&self) -> io::Result<Vec<u8>> {
        xml_part(|w| {
            w.create_element("w:document")
                .with_attribute(("xmlns:w", W_NS))
                .with_attribute(("xmlns:r", R_NS))
                .write_inner_content(|w| {
                    w.create_element("w:body").write_inner_content(|w| {
                        for block in &self.blocks {
                            match block {
                                Block::Paragraph(p) => paragraph(w, p)?,
                                Block::Table(t) => table(w, t)?,
                                Block::SectionEnd(section) => {
                                    // The paragraph that carries a section's properties ends it.
                                    w.create_element("w:p").write_inner_content(|w| {
                                        w.create_element("w:pPr").write_inner_content(|w| {
                                            section_properties(w, *section)
                                        })?;
                                        Ok(())
                                    })?;
                                }
                            }
                        }
                        if matches!(self.blocks.last(), Some(Block::Table(_))) {
                            // Word and LibreOffice end a document with a paragraph, never a
                            // table.
                            paragraph(w, &Paragraph::new(Style::Plain, ""))?;
                        }
                        section_properties(w, self.last_section)
                    })?;
                    Ok(())
                })?;
            Ok(())
        })
    }
}

type Xml = Writer<Vec<u8>>;

/// A part: the XML declaration and what `body` writes.
fn xml_part(body: impl FnOnce(&mut Xml) -> io::Result<()>) -> io::Result<Vec<u8>> {
    let mut w = Writer::new(Vec::new());
    w.write_event(quick_xml::events::Event::Decl(
        quick_xml::events::BytesDecl::new("1.0", Some("UTF-8"), Some("yes")),
    ))?;
    body(&mut w)?;
    Ok(w.into_inner())
}

/// `<name w:val="value"/>`.
fn val(w: &mut Xml, name: &str, value: &str) -> io::Result<()> {
    w.create_element(name)
        .with_attribute(("w:val", value))
        .write_empty()?;
    Ok(())
}

fn empty(w: &mut Xml, name: &str) -> io::Result<()> {
    w.create_element(name).write_empty()?;
    Ok(())
}

fn section_properties(w: &mut Xml, section: Section) -> io::Result<()> {
    w.create_element("w:sectPr").write_inner_content(|w| {
        // Every section shows the one footer: a section without a reference would take the
        // previous section's, and the first has none before it.
        w.create_element("w:footerReference")
            .with_attribute(("w:type", "default"))
            .with_attribute(("r:id", FOOTER_ID))
            .write_empty()?;
        let (width, height, orient) = match section {
            Section::Portrait => (A4_SHORT, A4_LONG, None),
            Section::Landscape => (A4_LONG, A4_SHORT, Some("landscape")),
        };
        let mut size = w
            .create_element("w:pgSz")
            .with_attribute(("w:w", width.to_string().as_str()))
            .with_attribute(("w:h", height.to_string().as_str()));
        if let Some(orient) = orient {
            size = size.with_attribute(("w:orient", orient));
        }
        size.write_empty()?;
        let (top, right, left) = match section {
            Section::Portrait => (
                PORTRAIT_MARGIN_TOP,
                PORTRAIT_MARGIN_RIGHT,
                PORTRAIT_MARGIN_LEFT,
            ),
            Section::Landscape => (LANDSCAPE_MARGIN, LANDSCAPE_MARGIN, LANDSCAPE_MARGIN),
        };
        w.create_element("w:pgMar")
            .with_attribute(("w:top", top.to_string().as_str()))
            .with_attribute(("w:right", right.to_string().as_str()))
            .with_attribute(("w:bottom", top.to_string().as_str()))
            .with_attribute(("w:left", left.to_string().as_str()))
            .with_attribute(("w:header", FOOTER_DISTANCE.to_string().as_str()))
            .with_attribute(("w:footer", FOOTER_DISTANCE.to_string().as_str()))
            .with_attribute(("w:gutter", "0"))
            .write_empty()?;
        Ok(())
    })?;
    Ok(())
}

fn paragraph(w: &mut Xml, p: &Paragraph) -> io::Result<()> {
    w.create_element("w:p").write_inner_content(|w| {
        w.create_element("w:pPr").write_inner_content(|w| {
            // CT_PPrBase's order: pStyle, keepNext, keepLines, pageBreakBefore, …, spacing,
            // ind, …, jc.
            val(w, "w:pStyle", p.style.id())?;
            if p.keep_next {
                empty(w, "w:keepNext")?;
            }
            if p.page_break_before {
                empty(w, "w:pageBreakBefore")?;
            }
            if let Some(before) = p.space_before {
                w.create_element("w:spacing")
                    .with_attribute(("w:before", before.to_string().as_str()))
                    .write_empty()?;
            }
            if let Some(align) = p.align {
                let value = match align {
                    Align::Left => "left",
                    Align::Center => "center",
                    Align::Right => "right",
                };
                if p.style == Style::Body {
                    // A line aligned on its own has no first-line indent.
                    w.create_element("w:ind")
                        .with_attribute(("w:firstLine", "0"))
                        .write_empty()?;
                }
                val(w, "w:jc", value)?;
            }
            Ok(())
        })?;
        for r in &p.runs {
            run(w, r)?;
        }
        Ok(())
    })?;
    Ok(())
}

fn run(w: &mut Xml, r: &Run) -> io::Result<()> {
    let text = xml_text(&r.text);
    if text.is_empty() {
        return Ok(());
    }
    w.create_element("w:r").write_inner_content(|w| {
        if r.bold || r.italic || r.spacing.is_some() || r.size.is_some() {
            // CT_RPr's order: …, b, bCs, i, iCs, …, spacing, …, sz, szCs.
            w.create_element("w:rPr").write_inner_content(|w| {
                if r.bold {
                    empty(w, "w:b")?;
                    empty(w, "w:bCs")?;
                }
                if r.italic {
                    empty(w, "w:i")?;
                    empty(w, "w:iCs")?;
                }
                if let Some(spacing) = r.spacing {
                    val(w, "w:spacing", &spacing.to_string())?;
                }
                if let Some(size) = r.size {
                    val(w, "w:sz", &(size * 2).to_string())?;
                    val(w, "w:szCs", &(size * 2).to_string())?;
                }
                Ok(())
            })?;
        }
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                empty(w, "w:br")?;
            }
            for (j, piece) in line.split('\t').enumerate() {
                if j > 0 {
                    empty(w, "w:tab")?;
                }
                if !piece.is_empty() {
                    w.create_element("w:t")
                        .with_attribute(("xml:space", "preserve"))
                        .write_text_content(BytesText::new(piece))?;
                }
            }
        }
        Ok(())
    })?;
    Ok(())
}

/// Text as XML 1.0 can hold it: CR LF as one line break, and the control characters no
/// XML part may contain left out (a cell's text can hold any of them).
fn xml_text(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .map(|c| if c == '\r' { '\n' } else { c })
        .filter(|&c| {
            matches!(c, '\n' | '\t') || !(c.is_control() || ('\u{fffe}'..='\u{ffff}').contains(&c))
        })
        .collect()
}

fn table(w: &mut Xml, t: &Table) -> io::Result<()> {
    let total: u32 = t.widths.iter().sum();
    w.create_element("w:tbl").write_inner_content(|w| {
        // CT_TblPr's order: tblStyle, …, tblW, jc, …, tblBorders, shd, tblLayout.
        w.create_element("w:tblPr").write_inner_content(|w| {
            val(w, "w:tblStyle", "TableGrid")?;
            w.create_element("w:tblW")
                .with_attribute(("w:w", total.to_string().as_str()))
                .with_attribute(("w:type", "dxa"))
                .write_empty()?;
            w.create_element("w:tblLayout")
                .with_attribute(("w:type", "fixed"))
                .write_empty()?;
            Ok(())
        })?;
        w.create_element("w:tblGrid").write_inner_content(|w| {
            for width in &t.widths {
                w.create_element("w:gridCol")
                    .with_attribute(("w:w", width.to_string().as_str()))
                    .write_empty()?;
            }
            Ok(())
        })?;
        for r in &t.rows {
            row(w, r, &t.widths)?;
        }
        Ok(())
    })?;
    Ok(())
}

fn row(w: &mut Xml, r: &Row, widths: &[u32]) -> io::Result<()> {
    w.create_element("w:tr").write_inner_content(|w| {
        if r.header || r.keep_together {
            w.create_element("w:trPr").write_inner_content(|w| {
                if r.keep_together || r.header {
                    empty(w, "w:cantSplit")?;
                }
                if r.header {
                    empty(w, "w:tblHeader")?;
                }
                Ok(())
            })?;
        }
        let mut col = 0usize;
        for c in &r.cells {
            let span = c.span.max(1) as usize;
            let width: u32 = widths.iter().skip(col).take(span).sum();
            col += span;
            cell(w, c, width)?;
        }
        Ok(())
    })?;
    Ok(())
}

fn cell(w: &mut Xml, c: &Cell, width: u32) -> io::Result<()> {
    w.create_element("w:tc").write_inner_content(|w| {
        // CT_TcPr's order: tcW, gridSpan, vMerge, tcBorders, shd, …
        w.create_element("w:tcPr").write_inner_content(|w| {
            w.create_element("w:tcW")
                .with_attribute(("w:w", width.to_string().as_str()))
                .with_attribute(("w:type", "dxa"))
                .write_empty()?;
            if c.span > 1 {
                val(w, "w:gridSpan", &c.span.to_string())?;
            }
            match c.merge {
                Merge::None => {}
                Merge::Start => val(w, "w:vMerge", "restart")?,
                Merge::Continue => empty(w, "w:vMerge")?,
            }
            if let Some(fill) = c.shade {
                w.create_element("w:shd")
                    .with_attribute(("w:val", "clear"))
                    .with_attribute(("w:color", "auto"))
                    .with_attribute(("w:fill", fill))
                    .write_empty()?;
            }
            Ok(())
        })?;
        if c.paragraphs.is_empty() || c.merge == Merge::Continue {
            // A cell holds at least one paragraph; a continued cell's is not shown.
            paragraph(w, &Paragraph::new(Style::TableText, ""))?;
        } else {
            for p in &c.paragraphs {
                paragraph(w, p)?;
            }
        }
        Ok(())
    })?;
    Ok(())
}

fn content_types() -> io::Result<Vec<u8>> {
    xml_part(|w| {
        w.create_element("Types")
            .with_attribute(("xmlns", CT_NS))
            .write_inner_content(|w| {
                for (extension, kind) in [
                    (
                        "rels",
                        "application/vnd.openxmlformats-package.relationships+xml",
                    ),
                    ("xml", "application/xml"),
                ] {
                    w.create_element("Default")
                        .with_attribute(("Extension", extension))
                        .with_attribute(("ContentType", kind))
                        .write_empty()?;
                }
                let word = |what: &str| format!("{CT_WORD}.{what}+xml");
                for (part, kind) in [
                    ("/word/document.xml", word("document.main")),
                    ("/word/styles.xml", word("styles")),
                    ("/word/settings.xml", word("settings")),
                    ("/word/fontTable.xml", word("fontTable")),
                    ("/word/footer1.xml", word("footer")),
                    (
                        "/word/theme/theme1.xml",
                        "application/vnd.openxmlformats-officedocument.theme+xml".into(),
                    ),
                    (
                        "/docProps/core.xml",
                        "application/vnd.openxmlformats-package.core-properties+xml".into(),
                    ),
                    (
                        "/docProps/app.xml",
                        "application/vnd.openxmlformats-officedocument.extended-properties+xml"
                            .into(),
                    ),
                ] {
                    w.create_element("Override")
                        .with_attribute(("PartName", part))
                        .with_attribute(("ContentType", kind.as_str()))
                        .write_empty()?;
                }
                Ok(())
            })?;
        Ok(())
    })
}

fn relationships(rels: &[(&str, String, &str)]) -> io::Result<Vec<u8>> {
    xml_part(|w| {
        w.create_element("Relationships")
            .with_attribute(("xmlns", REL_NS))
            .write_inner_content(|w| {
                for (id, kind, target) in rels {
                    w.create_element("Relationship")
                        .with_attribute(("Id", *id))
                        .with_attribute(("Type", kind.as_str()))
                        .with_attribute(("Target", *target))
                        .write_empty()?;
                }
                Ok(())
            })?;
        Ok(())
    })
}

fn package_rels() -> io::Result<Vec<u8>> {
    relationships(&[
        (
            "rId1",
            format!("{REL_OFFICE}/officeDocument"),
            "word/document.xml",
        ),
        (
            "rId2",
            format!("{REL_PACKAGE}/metadata/core-properties"),
            "docProps/core.xml",
        ),
        (
            "rId3",
            format!("{REL_OFFICE}/extended-properties"),
            "docProps/app.xml",
        ),
    ])
}

fn document_rels() -> io::Result<Vec<u8>> {
    relationships(&[
        ("rIdStyles", format!("{REL_OFFICE}/styles"), "styles.xml"),
        (
            "rIdSettings",
            format!("{REL_OFFICE}/settings"),
            "settings.xml",
        ),
        (
            "rIdFonts",
            format!("{REL_OFFICE}/fontTable"),
            "fontTable.xml",
        ),
        (FOOTER_ID, format!("{REL_OFFICE}/footer"), "footer1.xml"),
        (
            "rIdTheme",
            format!("{REL_OFFICE}/theme"),
            "theme/theme1.xml",
        ),
    ])
}

fn core_properties(title: &str) -> io::Result<Vec<u8>> {
    xml_part(|w| {
        w.create_element("cp:coreProperties")
            .with_attribute((
                "xmlns:cp",
                "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            ))
            .with_attribute(("xmlns:dc", "http://purl.org/dc/elements/1.1/"))
            .with_attribute(("xmlns:dcterms", "http://purl.org/dc/terms/"))
            .with_attribute(("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"))
            .write_inner_content(|w| {
                w.create_element("dc:title")
                    .write_text_content(BytesText::new(&xml_text(title)))?;
                w.create_element("dc:creator")
                    .write_text_content(BytesText::new("zakrila"))?;
                for name in ["dcterms:created", "dcterms:modified"] {
                    w.create_element(name)
                        .with_attribute(("xsi:type", "dcterms:W3CDTF"))
                        .write_text_content(BytesText::new(FIXED_TIME))?;
                }
                Ok(())
            })?;
        Ok(())
    })
}

fn app_properties() -> io::Result<Vec<u8>> {
    xml_part(|w| {
        w.create_element("Properties")
            .with_attribute((
                "xmlns",
                "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
            ))
            .write_inner_content(|w| {
                w.create_element("Application")
                    .write_text_content(BytesText::new("zakrila"))?;
                Ok(())
            })?;
        Ok(())
    })
}

/// Point sizes of the styles, in half points as the schema counts them.
const BODY_SIZE: u32 = 24;
const TABLE_SIZE: u32 = 18;
const FOOTER_SIZE: u32 = 20;

fn styles() -> io::Result<Vec<u8>> {
    xml_part(|w| {
        w.create_element("w:styles")
            .with_attribute(("xmlns:w", W_NS))
            .write_inner_content(|w| {
                w.create_element("w:docDefaults").write_inner_content(|w| {
                    w.create_element("w:rPrDefault").write_inner_content(|w| {
                        w.create_element("w:rPr").write_inner_content(|w| {
                            w.create_element("w:rFonts")
                                .with_attribute(("w:ascii", FONT))
                                .with_attribute(("w:hAnsi", FONT))
                                .with_attribute(("w:eastAsia", FONT))
                                .with_attribute(("w:cs", FONT))
                                .write_empty()?;
                            val(w, "w:sz", &BODY_SIZE.to_string())?;
                            val(w, "w:szCs", &BODY_SIZE.to_string())?;
                            w.create_element("w:lang")
                                .with_attribute(("w:val", "bg-BG"))
                                .with_attribute(("w:eastAsia", "bg-BG"))
                                .with_attribute(("w:bidi", "ar-SA"))
                                .write_empty()?;
                            Ok(())
                        })?;
                        Ok(())
                    })?;
                    w.create_element("w:pPrDefault").write_inner_content(|w| {
                        w.create_element("w:pPr").write_inner_content(|w| {
                            w.create_element("w:spacing")
                                .with_attribute(("w:after", "120"))
                                .with_attribute(("w:line", "264"))
                                .with_attribute(("w:lineRule", "auto"))
                                .write_empty()?;
                            Ok(())
                        })?;
                        Ok(())
                    })?;
                    Ok(())
                })?;
                for style in &STYLES {
                    paragraph_style(w, style)?;
                }
                table_style(w)?;
                Ok(())
            })?;
        Ok(())
    })
}

/// A paragraph style as written into `styles.xml`.
struct StyleDef {
    id: &'static str,
    name: &'static str,
    based_on: Option<&'static str>,
    next: Option<&'static str>,
    keep_next: bool,
    /// Space before and after, in twentieths of a point.
    spacing: Option<(u32, u32)>,
    first_line: Option<u32>,
    jc: Option<&'static str>,
    outline: Option<u32>,
    bold: bool,
    size: Option<u32>,
}

const STYLE: StyleDef = StyleDef {
    id: "",
    name: "",
    based_on: Some("Normal"),
    next: None,
    keep_next: false,
    spacing: None,
    first_line: None,
    jc: None,
    outline: None,
    bold: false,
    size: None,
};

const STYLES: [StyleDef; 8] = [
    StyleDef {
        id: "Normal",
        name: "Normal",
        based_on: None,
        first_line: Some(567),
        jc: Some("both"),
        ..STYLE
    },
    StyleDef {
        id: "Plain",
        name: "Plain",
        spacing: Some((0, 0)),
        first_line: Some(0),
        jc: Some("left"),
        ..STYLE
    },
    StyleDef {
        id: "Title",
        name: "Title",
        next: Some("Normal"),
        keep_next: true,
        spacing: Some((120, 120)),
        first_line: Some(0),
        jc: Some("center"),
        bold: true,
        size: Some(28),
        ..STYLE
    },
    StyleDef {
        id: "Heading1",
        name: "heading 1",
        next: Some("Normal"),
        keep_next: true,
        spacing: Some((240, 120)),
        first_line: Some(0),
        jc: Some("left"),
        outline: Some(0),
        bold: true,
        size: Some(26),
        ..STYLE
    },
    StyleDef {
        id: "Heading2",
        name: "heading 2",
        next: Some("Normal"),
        keep_next: true,
        spacing: Some((180, 60)),
        first_line: Some(0),
        jc: Some("left"),
        outline: Some(1),
        bold: true,
        ..STYLE
    },
    StyleDef {
        id: "TableText",
        name: "Table Text",
        spacing: Some((0, 0)),
        first_line: Some(0),
        jc: Some("left"),
        size: Some(TABLE_SIZE),
        ..STYLE
    },
    StyleDef {
        id: "TableHeading",
        name: "Table Heading",
        based_on: Some("TableText"),
        jc: Some("center"),
        bold: true,
        ..STYLE
    },
    StyleDef {
        id: "Footer",
        name: "footer",
        spacing: Some((0, 0)),
        first_line: Some(0),
        jc: Some("center"),
        size: Some(FOOTER_SIZE),
        ..STYLE
    },
];

fn paragraph_style(w: &mut Xml, s: &StyleDef) -> io::Result<()> {
    let mut element = w
        .create_element("w:style")
        .with_attribute(("w:type", "paragraph"));
    if s.id == "Normal" {
        element = element.with_attribute(("w:default", "1"));
    }
    element
        .with_attribute(("w:styleId", s.id))
        .write_inner_content(|w| {
            // CT_Style's order: name, aliases, basedOn, next, …, qFormat, …, pPr, rPr.
            val(w, "w:name", s.name)?;
            if let Some(base) = s.based_on {
                val(w, "w:basedOn", base)?;
            }
            if let Some(next) = s.next {
                val(w, "w:next", next)?;
            }
            empty(w, "w:qFormat")?;
            w.create_element("w:pPr").write_inner_content(|w| {
                if s.keep_next {
                    empty(w, "w:keepNext")?;
                }
                if let Some((before, after)) = s.spacing {
                    w.create_element("w:spacing")
                        .with_attribute(("w:before", before.to_string().as_str()))
                        .with_attribute(("w:after", after.to_string().as_str()))
                        .write_empty()?;
                }
                if let Some(first) = s.first_line {
                    w.create_element("w:ind")
                        .with_attribute(("w:firstLine", first.to_string().as_str()))
                        .write_empty()?;
                }
                if let Some(jc) = s.jc {
                    val(w, "w:jc", jc)?;
                }
                if let Some(level) = s.outline {
                    val(w, "w:outlineLvl", &level.to_string())?;
                }
                Ok(())
            })?;
            if s.bold || s.size.is_some() {
                w.create_element("w:rPr").write_inner_content(|w| {
                    if s.bold {
                        empty(w, "w:b")?;
                        empty(w, "w:bCs")?;
                    }
                    if let Some(size) = s.size {
                        val(w, "w:sz", &size.to_string())?;
                        val(w, "w:szCs", &size.to_string())?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    Ok(())
}

/// "Table Grid": thin borders all round, narrow cell margins (a wide table needs its room).
fn table_style(w: &mut Xml) -> io::Result<()> {
    w.create_element("w:style")
        .with_attribute(("w:type", "table"))
        .with_attribute(("w:styleId", "TableGrid"))
        .write_inner_content(|w| {
            val(w, "w:name", "Table Grid")?;
            w.create_element("w:tblPr").write_inner_content(|w| {
                w.create_element("w:tblBorders").write_inner_content(|w| {
                    for side in [
                        "w:top",
                        "w:left",
                        "w:bottom",
                        "w:right",
                        "w:insideH",
                        "w:insideV",
                    ] {
                        w.create_element(side)
                            .with_attribute(("w:val", "single"))
                            .with_attribute(("w:sz", "4"))
                            .with_attribute(("w:space", "0"))
                            .with_attribute(("w:color", "000000"))
                            .write_empty()?;
                    }
                    Ok(())
                })?;
                w.create_element("w:tblCellMar").write_inner_content(|w| {
                    for (side, width) in [
                        ("w:top", "28"),
                        ("w:left", "57"),
                        ("w:bottom", "28"),
                        ("w:right", "57"),
                    ] {
                        w.create_element(side)
                            .with_attribute(("w:w", width))
                            .with_attribute(("w:type", "dxa"))
                            .write_empty()?;
                    }
                    Ok(())
                })?;
                Ok(())
            })?;
            Ok(())
        })?;
    Ok(())
}

fn settings() -> io::Result<Vec<u8>> {
    xml_part(|w| {
        w.create_element("w:settings")
            .with_attribute(("xmlns:w", W_NS))
            .write_inner_content(|w| {
                // CT_Settings' order: zoom, …, defaultTabStop, …, characterSpacingControl, …,
                // compat, …, decimalSymbol, listSeparator.
                w.create_element("w:zoom")
                    .with_attribute(("w:percent", "100"))
                    .write_empty()?;
                val(w, "w:defaultTabStop", "708")?;
                val(w, "w:characterSpacingControl", "doNotCompress")?;
                w.create_element("w:compat").write_inner_content(|w| {
                    w.create_element("w:compatSetting")
                        .with_attribute(("w:name", "compatibilityMode"))
                        .with_attribute(("w:uri", "http://schemas.microsoft.com/office/word"))
                        .with_attribute(("w:val", "15"))
                        .write_empty()?;
                    Ok(())
                })?;
                val(w, "w:decimalSymbol", ",")?;
                val(w, "w:listSeparator", ";")?;
                Ok(())
            })?;
        Ok(())
    })
}

/// The one font the document uses, described so that a program without it picks a serif
/// font of the same widths.
fn font_table() -> io::Result<Vec<u8>> {
    xml_part(|w| {
        w.create_element("w:fonts")
            .with_attribute(("xmlns:w", W_NS))
            .write_inner_content(|w| {
                w.create_element("w:font")
                    .with_attribute(("w:name", FONT))
                    .write_inner_content(|w| {
                        // CT_Font's order: panose1, charset, family, pitch.
                        val(w, "w:panose1", "02020603050405020304")?;
                        val(w, "w:charset", "00")?;
                        val(w, "w:family", "roman")?;
                        val(w, "w:pitch", "variable")?;
                        Ok(())
                    })?;
                Ok(())
            })?;
        Ok(())
    })
}

/// The footer every page shows: „стр. N от M“, centred.
fn footer() -> io::Result<Vec<u8>> {
    xml_part(|w| {
        w.create_element("w:ftr")
            .with_attribute(("xmlns:w", W_NS))
            .with_attribute(("xmlns:r", R_NS))
            .write_inner_content(|w| {
                w.create_element("w:p").write_inner_content(|w| {
                    w.create_element("w:pPr")
                        .write_inner_content(|w| val(w, "w:pStyle", "Footer"))?;
                    run(w, &Run::new("стр. "))?;
                    field(w, "PAGE")?;
                    run(w, &Run::new(" от "))?;
                    field(w, "NUMPAGES")?;
                    Ok(())
                })?;
                Ok(())
            })?;
        Ok(())
    })
}

/// A field Word and LibreOffice compute when they lay the page out; "1" until then.
fn field(w: &mut Xml, instruction: &str) -> io::Result<()> {
    w.create_element("w:fldSimple")
        .with_attribute(("w:instr", format!(" {instruction} ").as_str()))
        .write_inner_content(|w| run(w, &Run::new("1")))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_left_out_and_line_ends_kept() {
        assert_eq!(xml_text("а\u{1}б\r\nв\tг\u{b}"), "аб\nв\tг");
    }

    #[test]
    fn a_table_cell_writes_its_merge_and_span_in_schema_order() {
        let docx = Docx {
            title: "т".into(),
            blocks: vec![Block::Table(Table {
                widths: vec![100, 200],
                rows: vec![
                    Row {
                        cells: vec![Cell {
                            span: 2,
                            shade: Some(SHADE_HEADER),
                            ..Cell::of(vec![Paragraph::new(Style::TableHeading, "<Цел & х>")])
                        }],
                        header: true,
                        keep_together: false,
                    },
                    Row {
                        cells: vec![
                            Cell {
                                merge: Merge::Start,
                                ..Cell::of(vec![Paragraph::new(Style::TableText, "1.1")])
                            },
                            Cell::of(vec![]),
                        ],
                        header: false,
                        keep_together: true,
                    },
                ],
            })],
            last_section: Section::Landscape,
        };
        let xml = String::from_utf8(docx.document().unwrap()).unwrap();
        assert!(xml.contains(
            "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr><w:tc><w:tcPr><w:tcW w:w=\"300\" w:type=\"dxa\"/><w:gridSpan w:val=\"2\"/><w:shd"
        ));
        assert!(xml.contains("&lt;Цел &amp; х&gt;"));
        assert!(xml.contains("<w:vMerge w:val=\"restart\"/>"));
        assert!(xml.contains("w:orient=\"landscape\""));
    }
}
