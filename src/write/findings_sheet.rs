//! The one writer of a sheet listing findings: `Бележки` of the programme workbook and of
//! the implementation report, and `Проверка` of a marked-up copy. Each sheet chooses its
//! columns; how a finding fills each kind of column is written here once.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatUnderline, Url, Worksheet, XlsxError};

use crate::catalogue::{Lang, Msg, severity_word};
use crate::model::findings::{Finding, Severity, a1};
use crate::write::template::wrapped_row_height;

/// Rows a listing sheet holds below its header, keeping the sheet's last row for the line
/// that counts what did not fit (a sheet holds 1,048,576 rows).
pub(crate) const SHEET_ROOM: usize = 1_048_576 - 2;

/// Fill of an error's cells.
pub(crate) const RED: u32 = 0xFFC7CE;
/// Fill of a warning's cells.
pub(crate) const YELLOW: u32 = 0xFFEB9C;

/// What a column of a findings sheet shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Field {
    /// The finding's number in the list, from 1.
    Number,
    /// The file's name, without folders.
    File,
    /// Where the finding is: "Дейности!E7", a sheet, or "(целия файл)".
    Location,
    /// A link to the finding's cell in this workbook when it has one there, else the sheet
    /// (or the whole file).
    Link,
    /// The column's header, when the finding has one (left empty otherwise).
    Column,
    /// As [`Field::Column`], always written, wrapped.
    ColumnWrapped,
    /// "грешка" / "предупреждение".
    Severity,
    /// As [`Field::Severity`], on the severity's colour.
    SeverityFilled,
    /// The stable code.
    Code,
    /// The sentence.
    Message,
}

/// One row of a findings sheet: the finding and, for [`Field::Link`], the cell of this
/// workbook it points at.
pub(crate) struct Listed<'f> {
    pub(crate) finding: &'f Finding,
    pub(crate) link: Option<(&'static str, (u32, u16))>,
}

/// What [`write`] wrote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Written {
    /// Findings listed, one row each below the header.
    pub(crate) listed: usize,
    /// The sheet's last written row (0-based): the header's, the last finding's or the line
    /// counting those that did not fit.
    pub(crate) last_row: u32,
}

/// Writes the header row (`columns`: title, width, field) in `header`, then one row per
/// finding, at most [`SHEET_ROOM`], ending with a line that counts the rest. A row whose
/// texts wrap is given the height they need: LibreOffice does not grow a row for wrapped
/// text when it opens a file, and prints such texts on top of each other.
pub(crate) fn write<'f>(
    sheet: &mut Worksheet,
    columns: &[(&str, f64, Field)],
    header: &Format,
    findings: impl ExactSizeIterator<Item = Listed<'f>>,
    lang: Lang,
) -> Result<Written, XlsxError> {
    for (col, (title, width, _)) in columns.iter().enumerate() {
        sheet.write_with_format(0, col as u16, *title, header)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    // A link looks like one, at the top of its row as the texts beside it.
    let link_format = Format::new()
        .set_align(FormatAlign::Top)
        .set_font_color(Color::RGB(0x0563C1))
        .set_underline(FormatUnderline::Single);
    let total = findings.len();
    for (index, listed) in findings.take(SHEET_ROOM).enumerate() {
        let row = index as u32 + 1;
        let finding = listed.finding;
        // The tallest of the row's wrapping texts, measured before each is handed over.
        // (0 while every text fits one line.)
        let mut height: f64 = 0.0;
        let mut measure = |text: &str, width: f64| {
            height = height.max(wrapped_row_height(&[(text, width)]).unwrap_or(0.0));
        };
        for (col, (_, width, field)) in columns.iter().enumerate() {
            let col = col as u16;
            match field {
                Field::Number => {
                    sheet.write_with_format(row, col, index as u32 + 1, &wrap)?;
                }
                Field::File => {
                    let name = crate::model::merge::file_name(&finding.file);
                    measure(&name, *width);
                    sheet.write_with_format(row, col, name, &wrap)?;
                }
                Field::Location => {
                    let location = finding.location(lang);
                    measure(&location, *width);
                    sheet.write_with_format(row, col, location, &wrap)?;
                }
                Field::Link => match listed.link {
                    Some((target, (r, c))) => {
                        let reference = format!("{target}!{}", a1(r, c));
                        let link = format!("internal:'{target}'!{}", a1(r, c));
                        let url = Url::new(link).set_text(reference);
                        sheet.write_url_with_format(row, col, url, &link_format)?;
                    }
                    None => {
                        let place = finding.place.as_ref().map_or_else(
                            || crate::catalogue::whole_file(lang).to_string(),
                            |p| p.sheet.clone(),
                        );
                        sheet.write_with_format(row, col, place, &wrap)?;
                    }
                },
                Field::Column => {
                    if let Some(column) = finding.place.as_ref().and_then(|p| p.column.as_deref()) {
                        measure(column, *width);
                        sheet.write_with_format(row, col, column, &wrap)?;
                    }
                }
                Field::ColumnWrapped => {
                    let column = finding
                        .place
                        .as_ref()
                        .and_then(|p| p.column.clone())
                        .unwrap_or_default();
                    measure(&column, *width);
                    sheet.write_with_format(row, col, column, &wrap)?;
                }
                Field::Severity => {
                    let word = severity_word(finding.severity(), lang);
                    sheet.write_with_format(row, col, word, &wrap)?;
                }
                Field::SeverityFilled => {
                    let fill = match finding.severity() {
                        Severity::Error => RED,
                        Severity::Warning => YELLOW,
                    };
                    let word = severity_word(finding.severity(), lang);
                    let filled = wrap.clone().set_background_color(Color::RGB(fill));
                    sheet.write_with_format(row, col, word, &filled)?;
                }
                Field::Code => {
                    sheet.write_with_format(row, col, finding.problem.code(), &wrap)?;
                }
                Field::Message => {
                    let message = finding.message(lang);
                    measure(&message, *width);
                    sheet.write_with_format(row, col, message, &wrap)?;
                }
            }
        }
        if height > 0.0 {
            sheet.set_row_height(row, height.min(409.0))?;
        }
    }
    let listed = total.min(SHEET_ROOM);
    let mut last_row = listed as u32;
    if total > listed {
        let line = Msg::RowsNotListed {
            count: total - listed,
        }
        .render(lang);
        last_row += 1;
        sheet.write_with_format(last_row, 0, line, &wrap)?;
    }
    Ok(Written { listed, last_row })
}
