//! `validate --annotate`: a marked-up copy of a submission in the template layout.
//!
//! The copy is a fresh template of the programme holding the submitted values in their
//! template places (header in row 1, columns A–Q, `Институция` by label), with every cell
//! that has a finding filled red (an error) or yellow (a warning only) and a note saying
//! what is wrong, and a first sheet `Проверка` listing every finding with a link to its
//! cell. The institution fixes the copy and sends it back; it validates like any other file.
//!
//! Structural drift (rows above the header, moved or unknown columns, a renamed sheet, a
//! missing `_meta`) is what the copy itself repairs, so those findings are listed on
//! `Проверка` but do not come back when the copy is validated; every cell finding does, at
//! the cell the copy shows.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use crate::read::Data;
use rust_xlsxwriter::{
    Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Note, Workbook, Worksheet,
    XlsxError,
};

use crate::catalogue::{Lang, Msg};
use crate::config::Programme;
use crate::contract::template::{
    COLUMNS, INSTITUTION_FIELDS, SHEET_ACTIVITIES, SHEET_CHECK, SHEET_INSTITUTION,
};
use crate::model::contribution::{Skip, Submission};
use crate::model::findings::{Finding, Severity};
use crate::write::findings_sheet::{self, Field, Listed, RED, YELLOW};
use crate::write::print::{self, Page};
use crate::write::template::{
    add_sheets, data_format, institution_value_format, new_workbook, wrapped_row_height,
};

/// The file name of the marked-up copy of `input`: "руо.xlsx" → "руо (проверка).xlsx".
///
/// # Examples
///
/// ```
/// use zakrila::write::annotated::copy_name;
/// assert_eq!(copy_name("приноси/руо.xlsx".as_ref()), "руо (проверка).xlsx");
/// ```
pub fn copy_name(input: &Path) -> String {
    let stem = input
        .file_stem()
        .map_or_else(|| "принос".into(), |s| s.to_string_lossy().into_owned());
    format!("{stem} (проверка).xlsx")
}

/// Where a finding's cell lands in the copy: sheet name and 0-based cell.
type CopyCell = (&'static str, (u32, u16));

/// The marked-up copy of a contribution: a fresh template of the programme holding the
/// submitted values in their template places, every problem cell filled red (error) or
/// yellow (warning) with a note, and a first sheet `Проверка` listing every finding. The
/// values come from `submission.table_rows` (a read with
/// [`Keep::Table`](crate::model::contribution::Keep::Table)); without them the
/// copy holds the findings only.
///
/// # Errors
///
/// When rust_xlsxwriter cannot make the workbook (a temporary file cannot be written).
pub fn build(
    submission: &Submission,
    programme: &Programme,
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let placed: Vec<(&Finding, Option<CopyCell>)> = submission
        .findings
        .iter()
        .map(|f| (f, copy_cell(f, submission)))
        .collect();

    let mut workbook = new_workbook(programme)?;
    write_check_sheet(workbook.add_worksheet(), &placed, lang)?;
    add_sheets(&mut workbook, programme)?;
    workbook
        .worksheet_from_name(SHEET_ACTIVITIES)?
        .set_active(false);

    // Notes and fills per copy cell: every finding of a cell in one note.
    let mut marks: BTreeMap<CopyCell, Vec<&Finding>> = BTreeMap::new();
    for (finding, cell) in &placed {
        if let Some(cell) = cell {
            marks.entry(*cell).or_default().push(finding);
        }
    }

    write_institution_values(&mut workbook, submission, &marks)?;
    let mut filled: HashSet<(u32, u16)> = HashSet::new();
    if let (Some(layout), Some(rows)) = (&submission.table, &submission.table_rows) {
        let activities = workbook.worksheet_from_name(SHEET_ACTIVITIES)?;
        for table_row in rows {
            let copy_row = table_row.row - layout.header_row;
            if submission.skipped_rows.get(&table_row.row) == Some(&Skip::Title) {
                // A title across the table stays merged across the copy, so that the copy
                // reads as the original did: a title, not a row of errors.
                let text = table_row
                    .values
                    .iter()
                    .find_map(crate::normalise::cells::cell_text)
                    .unwrap_or_default();
                let format =
                    cell_format(marks.get(&(SHEET_ACTIVITIES, (copy_row, 0))), data_format());
                let last = (table_row.values.len() - 1) as u16;
                activities.merge_range(copy_row, 0, copy_row, last, &text, &format)?;
                filled.insert((copy_row, 0));
                continue;
            }
            // The row as tall as its wrapped texts, as in the template's pre-filled rows.
            let texts: Vec<(&str, f64)> = table_row
                .values
                .iter()
                .zip(COLUMNS.iter())
                .filter_map(|(value, column)| match value {
                    Data::String(text) => Some((text.as_str(), column.width)),
                    _ => None,
                })
                .collect();
            if let Some(height) = wrapped_row_height(&texts) {
                activities.set_row_height(copy_row, height.min(409.0))?;
            }
            for (col, value) in table_row.values.iter().enumerate() {
                let col = col as u16;
                let format = cell_format(
                    marks.get(&(SHEET_ACTIVITIES, (copy_row, col))),
                    data_format(),
                );
                write_value(activities, copy_row, col, value, &format)?;
                if !matches!(value, Data::Empty) {
                    filled.insert((copy_row, col));
                }
            }
        }
    }
    // Marks on cells that hold no value (a blank required cell) still need their colour.
    for ((sheet, (row, col)), findings) in &marks {
        let worksheet = workbook.worksheet_from_name(sheet)?;
        if *sheet == SHEET_ACTIVITIES && !filled.contains(&(*row, *col)) {
            worksheet.write_blank(*row, *col, &cell_format(Some(findings), data_format()))?;
        }
        worksheet.insert_note(*row, *col, &note(findings, lang))?;
    }
    workbook.save_to_buffer()
}

/// Where a finding's cell is in the copy, if it has one there.
fn copy_cell(finding: &Finding, submission: &Submission) -> Option<CopyCell> {
    let place = finding.place.as_ref()?;
    let (row, col) = place.cell?;
    if let Some(layout) = &submission.table
        && place.sheet == layout.sheet
    {
        if row <= layout.header_row {
            return None; // a header problem: the copy's header is the template's
        }
        let contract = layout.at.iter().position(|at| *at == Some(col))?;
        return Some((SHEET_ACTIVITIES, (row - layout.header_row, contract as u16)));
    }
    if crate::normalise::text::fold_key(&place.sheet)
        == crate::normalise::text::fold_key(SHEET_INSTITUTION)
    {
        let label = submission
            .institution_cells
            .iter()
            .find(|(_, _, cell)| *cell == (row, col))
            .map(|(label, _, _)| *label)?;
        let index = INSTITUTION_FIELDS.iter().position(|f| f.label == label)?;
        return Some((SHEET_INSTITUTION, (index as u32, 1)));
    }
    None
}

fn write_institution_values(
    workbook: &mut Workbook,
    submission: &Submission,
    marks: &BTreeMap<CopyCell, Vec<&Finding>>,
) -> Result<(), XlsxError> {
    let sheet = workbook.worksheet_from_name(SHEET_INSTITUTION)?;
    for (index, field) in INSTITUTION_FIELDS.iter().enumerate() {
        let row = index as u32;
        let format = cell_format(
            marks.get(&(SHEET_INSTITUTION, (row, 1))),
            institution_value_format(),
        );
        let value = submission
            .institution_cells
            .iter()
            .find(|(label, _, _)| *label == field.label)
            .map(|(_, data, _)| data);
        match value {
            Some(data) => write_value(sheet, row, 1, data, &format)?,
            None => {
                sheet.write_blank(row, 1, &format)?;
            }
        }
    }
    Ok(())
}

/// The data format, filled red or yellow when the cell has findings.
fn cell_format(findings: Option<&Vec<&Finding>>, base: Format) -> Format {
    match findings {
        Some(findings) if findings.iter().any(|f| f.severity() == Severity::Error) => {
            base.set_background_color(Color::RGB(RED))
        }
        Some(_) => base.set_background_color(Color::RGB(YELLOW)),
        None => base,
    }
}

/// Writes a cell value as it was read: text as text, numbers as numbers, dates as dates,
/// error values as the same error (so the copy validates like the original).
fn write_value(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: &Data,
    format: &Format,
) -> Result<(), XlsxError> {
    match value {
        Data::Empty => {
            sheet.write_blank(row, col, format)?;
        }
        Data::String(text) => {
            // An .ods cell may hold more than an .xlsx cell can: cut it as the reader does.
            let text = crate::normalise::text::cell_limit(text);
            sheet.write_string_with_format(row, col, text.as_ref(), format)?;
        }
        Data::Float(number) => {
            sheet.write_number_with_format(row, col, *number, format)?;
        }
        Data::Int(number) => {
            sheet.write_number_with_format(row, col, *number as f64, format)?;
        }
        Data::Bool(flag) => {
            sheet.write_boolean_with_format(row, col, *flag, format)?;
        }
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(datetime) => {
                let date = ExcelDateTime::parse_from_str(
                    &datetime.format("%Y-%m-%dT%H:%M:%S").to_string(),
                )?;
                let format = format.clone().set_num_format("dd.mm.yyyy");
                sheet.write_datetime_with_format(row, col, &date, &format)?;
            }
            None => {
                sheet.write_number_with_format(row, col, dt.as_f64(), format)?;
            }
        },
        Data::DateTimeIso(text) | Data::DurationIso(text) => {
            sheet.write_string_with_format(row, col, text, format)?;
        }
        Data::Error(err) => {
            let text = err.to_string();
            let formula = Formula::new(format!("={text}")).set_result(text);
            sheet.write_formula_with_format(row, col, formula, format)?;
        }
    }
    Ok(())
}

fn note(findings: &[&Finding], lang: Lang) -> Note {
    let text: Vec<String> = findings
        .iter()
        .map(|f| format!("• {}", f.message(lang)))
        .collect();
    Note::new(text.join("\n"))
        .set_author("zakrila")
        .set_width(360)
        .set_height(40 + 60 * findings.len() as u32)
}

fn write_check_sheet(
    sheet: &mut Worksheet,
    placed: &[(&Finding, Option<CopyCell>)],
    lang: Lang,
) -> Result<(), XlsxError> {
    sheet.set_name(SHEET_CHECK)?;
    sheet.set_active(true);
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color(Color::RGB(0xD9E2F3))
        .set_border(FormatBorder::Thin);
    let columns = [
        ("№", 5.0, Field::Number),
        ("Вид", 16.0, Field::SeverityFilled),
        ("Клетка", 16.0, Field::Link),
        ("Колона", 20.0, Field::ColumnWrapped),
        ("Код", 26.0, Field::Code),
        ("Какво да се поправи", 90.0, Field::Message),
        ("В изпратения файл", 22.0, Field::Location),
    ];
    let mut sorted: Vec<&(&Finding, Option<CopyCell>)> = placed.iter().collect();
    sorted.sort_by_key(|(f, cell)| (cell.is_some(), *cell, f.severity() != Severity::Error));
    let listed: Vec<Listed<'_>> = sorted
        .iter()
        .map(|(finding, cell)| Listed {
            finding,
            link: *cell,
        })
        .collect();
    let written = findings_sheet::write(sheet, &columns, &header, listed.into_iter(), lang)?;
    sheet.set_freeze_panes(1, 0)?;
    if placed.is_empty() {
        let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
        sheet.write_with_format(1, 5, Msg::NoFindings.render(lang), &wrap)?;
    }
    print::set_up(
        sheet,
        Page::table(written.last_row.max(1), columns.len() as u16 - 1),
    )
}
