//! The one writer of a sheet listing findings: `Бележки` of the programme workbook and of
//! the implementation report, and `Проверка` of a marked-up copy. Each sheet chooses its
//! columns; how a finding fills each kind of column is written here once.

use rust_xlsxwriter::{Color, Format, FormatAlign, Worksheet, XlsxError};

use crate::catalogue::{Lang, Msg, severity_word};
use crate::model::findings::{Finding, Severity, a1};

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
    /// The column's header, when the finding has one (left empty otherwise, unformatted).
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

/// Writes the header row (`columns`: title, width, field) in `header`, then one row per
/// finding, at most [`SHEET_ROOM`], ending with a line that counts the rest. Returns the
/// number of rows written below the header.
pub(crate) fn write<'f>(
    sheet: &mut Worksheet,
    columns: &[(&str, f64, Field)],
    header: &Format,
    findings: impl ExactSizeIterator<Item = Listed<'f>>,
    lang: Lang,
) -> Result<usize, XlsxError> {
    for (col, (title, width, _)) in columns.iter().enumerate() {
        sheet.write_with_format(0, col as u16, *title, header)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let total = findings.len();
    for (index, listed) in findings.take(SHEET_ROOM).enumerate() {
        let row = index as u32 + 1;
        let finding = listed.finding;
        for (col, (_, _, field)) in columns.iter().enumerate() {
            let col = col as u16;
            match field {
                Field::Number => {
                    sheet.write_with_format(row, col, index as u32 + 1, &wrap)?;
                }
                Field::File => {
                    let name = crate::model::merge::file_name(&finding.file);
                    sheet.write_with_format(row, col, name, &wrap)?;
                }
                Field::Location => {
                    sheet.write_with_format(row, col, finding.location(lang), &wrap)?;
                }
                Field::Link => match listed.link {
                    Some((target, (r, c))) => {
                        let reference = format!("{target}!{}", a1(r, c));
                        let link = format!("internal:'{target}'!{}", a1(r, c));
                        sheet.write_url_with_text(row, col, link.as_str(), reference.as_str())?;
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
                        sheet.write(row, col, column)?;
                    }
                }
                Field::ColumnWrapped => {
                    let column = finding
                        .place
                        .as_ref()
                        .and_then(|p| p.column.clone())
                        .unwrap_or_default();
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
                    sheet.write_with_format(row, col, finding.message(lang), &wrap)?;
                }
            }
        }
    }
    let written = total.min(SHEET_ROOM);
    if total > written {
        let line = Msg::RowsNotListed {
            count: total - written,
        }
        .render(lang);
        sheet.write_with_format(written as u32 + 1, 0, line, &wrap)?;
    }
    Ok(written)
}
