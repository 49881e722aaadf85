//! The merged programme workbook (spec: programme-workbook.md): writing its six sheets, and
//! reading its `Данни` sheet back for `report` and `export`.
//!
//! `Данни` is the one sheet zakrila reads back, so [`data_rows`] (what is written) and
//! [`read_data`] (what is read) share one row type, [`DataRow`]; a test writes a programme
//! and reads it back to the same rows.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rust_xlsxwriter::{
    Chart, ChartType, Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder,
    Table, TableColumn, Workbook, Worksheet, XlsxError,
};

use crate::catalogue::{Lang, Msg};
use crate::config::Programme;
use crate::contract::programme::{
    SHEET_DATA, SHEET_NOTES, SHEET_PROGRAMME, SHEET_REJECTED, SHEET_SOURCES, SHEET_SUMMARY,
    data_col, data_headers,
};
use crate::model::findings::{Finding, Severity};
use crate::model::merge::{Merged, MergedActivity, Part, RejectedRow, to_eur};
use crate::model::programme_rows::{
    DataRow, data_row_count, data_rows_iter, partner_names, round2,
};
use crate::normalise::number::format_bg;
use crate::normalise::text::cell_limit;
use crate::write::findings_sheet::{self, Field, Listed, SHEET_ROOM};
use crate::write::print::{self, CHART_MAX_HEIGHT, Page};
use crate::write::table_range;
use crate::write::template::{header_format, header_height, wrapped_row_height};

/// Builds the programme workbook and returns the .xlsx bytes. The merged programme is
/// taken, not borrowed, so that its memory is given back once every sheet is written and
/// before the file is put together (which holds the whole file in memory, twice for a
/// moment: see `table_range`).
///
/// # Errors
///
/// Only when rust_xlsxwriter rejects something, which would be a bug.
pub fn build(merged: Merged, programme: &Programme, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let data_rows = data_row_count(&merged);
    let mut workbook = Workbook::new();
    // Deflate of the XML was a fifth of a national merge's time at the default level 6;
    // level 1 makes the file about a fifth larger and the merge much faster.
    workbook.set_zip_compression_level(1);
    // A fixed creation time: the same inputs must give the same bytes.
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("{} – {}", programme.title, programme.municipality))
            .set_author("zakrila")
            .set_creation_datetime(&created),
    );
    // The sheets that grow with the inputs (a national merge has 100,000 rows) are written
    // row by row to a temporary file instead of being held in memory, with inline strings:
    // shared strings (low-memory mode) made `Данни` quicker when activity texts repeat, but
    // held every distinct text in memory (820 MB instead of 510 MB for 106,000 rows of long
    // distinct texts, BENCHMARKS.md). Inline strings also keep the bytes independent of
    // which of the two writing threads comes first.
    workbook.add_worksheet_with_constant_memory()?; // Програма
    workbook.add_worksheet_with_constant_memory()?; // Данни
    workbook.add_worksheet(); // Обобщение
    workbook.add_worksheet(); // Източници
    workbook.add_worksheet(); // Отхвърлени
    workbook.add_worksheet_with_constant_memory()?; // Бележки
    let [council, data, summary, sources, rejected, notes] =
        workbook.worksheets_mut().as_mut_slice()
    else {
        unreachable!("six sheets were added");
    };
    // `Данни`, the largest sheet, is written on a second core while this one writes the
    // others. Both share the workbook's table of formats, which numbers a format when it is
    // first used: `start_data` registers all of `Данни`'s formats before the threads start,
    // so the numbering, and with it the bytes, is the same on every run.
    start_data(data, data_rows)?;
    std::thread::scope(|scope| {
        let writing_data =
            scope.spawn(|| write_data_rows(data, data_rows_iter(&merged, programme), programme));
        let others = (|| {
            write_programme(council, &merged, programme)?;
            write_summary(summary, &merged, programme)?;
            write_sources(sources, &merged, programme)?;
            write_rejected(rejected, &merged, programme, lang)?;
            write_notes(notes, &merged.notes, &merged, lang)
        })();
        let data = writing_data
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        others.and(data)
    })?;
    if data_rows == 0 {
        // `Данни`'s header row has a height; the table's one blank row comes after it.
        end_below(data, 1)?;
    }
    // Every sheet is written: the programme's memory goes back before the file is put together.
    drop(merged);
    let saved = workbook.save_to_buffer()?;
    // The table covers its header and at least one row, blank when there are none.
    let last_row = data_rows.max(1) as u32;
    if last_row == 1 {
        return Ok(saved);
    }
    let range = rust_xlsxwriter::utility::cell_range(0, 0, last_row, last_data_col());
    table_range::widen_table(&saved, SHEET_DATA, &range)
}

fn cell_format() -> Format {
    Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
}

/// The height of a one-line row, in points.
const DEFAULT_ROW_HEIGHT: f64 = 15.0;

/// Column widths of `Програма`, in character units.
const PROGRAMME_WIDTHS: [f64; 6] = [30.0, 55.0, 16.0, 50.0, 30.0, 35.0];

fn write_programme(
    sheet: &mut Worksheet,
    merged: &Merged,
    programme: &Programme,
) -> Result<(), XlsxError> {
    sheet.set_name(SHEET_PROGRAMME)?;
    let title = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_text_wrap()
        .set_align(FormatAlign::Center);
    let header = header_format();
    let priority_format = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color(Color::RGB(0xFCE4D6))
        .set_border(FormatBorder::Thin);
    let goal_format = cell_format().set_bold();
    let cell = cell_format();
    for (col, width) in PROGRAMME_WIDTHS.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }
    let heading = format!(
        "{} — община {}, {} – {}",
        programme.title,
        programme.municipality,
        programme.period_start.format("%d.%m.%Y"),
        programme.period_end.format("%d.%m.%Y")
    );
    sheet.merge_range(0, 0, 0, 5, &heading, &title)?;
    sheet.set_row_height(0, 36)?;
    let headers = [
        "Цел",
        "Дейност",
        "Срок",
        "Индикатори",
        "Бюджет",
        "Отговорни институции",
    ];
    for (col, text) in headers.iter().enumerate() {
        sheet.write_with_format(1, col as u16, *text, &header)?;
    }

    let mut row = 2u32;
    for priority in &programme.priorities {
        let goals: Vec<_> = merged
            .goals
            .iter()
            .filter(|g| g.priority == priority.number && !g.activities.is_empty())
            .collect();
        let text = format!("Приоритет {}: {}", priority.number, priority.title);
        sheet.merge_range(row, 0, row, 5, &text, &priority_format)?;
        if let Some(height) = wrapped_row_height(&[(&text, PROGRAMME_WIDTHS.iter().sum())]) {
            sheet.set_row_height(row, height)?;
        }
        row += 1;
        for goal in goals {
            let label = programme
                .goal(&goal.code)
                .map(|(_, g)| g.label())
                .unwrap_or_else(|| goal.code.clone());
            // The sheet is written row by row (constant memory): the goal's merged cell is
            // written first, at its first row, and the writer keeps the cells it covers
            // below until their rows come.
            let first = row;
            let count = goal.activities.len() as u32;
            if count > 1 {
                sheet.merge_range(first, 0, first + count - 1, 0, &label, &goal_format)?;
            } else {
                sheet.write_with_format(first, 0, label.as_str(), &goal_format)?;
            }
            let label_height =
                wrapped_row_height(&[(&label, PROGRAMME_WIDTHS[0])]).unwrap_or(DEFAULT_ROW_HEIGHT);
            let mut total_height = 0.0;
            for (index, activity) in goal.activities.iter().enumerate() {
                let texts = activity_cells(activity, programme);
                for (col, text) in texts.iter().enumerate() {
                    sheet.write_with_format(
                        row,
                        col as u16 + 1,
                        cell_limit(text).as_ref(),
                        &cell,
                    )?;
                }
                let widths: Vec<(&str, f64)> = texts
                    .iter()
                    .zip(&PROGRAMME_WIDTHS[1..])
                    .map(|(t, w)| (t.as_str(), *w))
                    .collect();
                let height = wrapped_row_height(&widths)
                    .unwrap_or(DEFAULT_ROW_HEIGHT)
                    .min(409.0);
                // The goal's merged cell must fit too: the last row grows when it does not.
                total_height += height;
                let is_last = index + 1 == goal.activities.len();
                let height = if is_last && total_height < label_height {
                    height + label_height - total_height
                } else {
                    height
                };
                sheet.set_row_height(row, height.min(409.0))?;
                row += 1;
            }
        }
    }
    // Every activity row has a height, the last one too.
    end_below(sheet, row)?;
    print::set_up(
        sheet,
        Page {
            landscape: true,
            repeat: Some((1, 1)),
            last: (row - 1, 5),
            gridlines: false,
        },
    )?;
    sheet.set_freeze_panes(2, 0)?;
    Ok(())
}

/// The texts of an activity's row on `Програма`, columns B–F.
fn activity_cells(activity: &MergedActivity, programme: &Programme) -> [String; 5] {
    let mut deadlines: Vec<&str> = Vec::new();
    let mut indicators: Vec<String> = Vec::new();
    let mut budgets: Vec<String> = Vec::new();
    let mut partners: Vec<String> = Vec::new();
    for Part { activity: a, .. } in &activity.parts {
        if !deadlines.contains(&a.deadline.text.as_str()) {
            deadlines.push(&a.deadline.text);
        }
        for indicator in &a.indicators {
            let unit = indicator
                .unit
                .as_deref()
                .filter(|u| *u != "брой")
                .map(|u| format!(" {u}"))
                .unwrap_or_default();
            let values = match (indicator.baseline, indicator.target) {
                (Some(b), Some(t)) => format!(": {} → {}{unit}", format_bg(b), format_bg(t)),
                (None, Some(t)) => format!(": → {}{unit}", format_bg(t)),
                (Some(b), None) => format!(": {}{unit} →", format_bg(b)),
                (None, None) => String::new(),
            };
            indicators.push(format!("• {}{values}", indicator.text));
        }
        let mut budget = match a.budget {
            Some(b) => format!("{} {}", format_bg(b.value), b.currency.code()),
            None => String::new(),
        };
        if let Some(source) = &a.funding_source {
            if !budget.is_empty() {
                budget.push_str(" — ");
            }
            budget.push_str(source);
        }
        if let Some(note) = &a.funding_note {
            budget.push_str(&format!(" ({note})"));
        }
        if !budget.is_empty() && !budgets.contains(&budget) {
            budgets.push(budget);
        }
        for name in partner_names(&a.partners, programme) {
            if !partners.contains(&name) {
                partners.push(name);
            }
        }
    }
    let leads: Vec<&str> = activity
        .leads()
        .into_iter()
        .map(|l| programme.institutions[l].name.as_str())
        .collect();
    partners.retain(|p| !leads.contains(&p.as_str()));
    let mut responsible = leads.join(", ");
    if !partners.is_empty() {
        responsible.push_str("; ");
        responsible.push_str(&partners.join(", "));
    }
    [
        format!("{}. {}", activity.code, activity.text()),
        deadlines.join("\n"),
        indicators.join("\n"),
        budgets.join("\n"),
        responsible,
    ]
}

/// Names `Данни`, sizes its columns, adds its table and header, sets it up for printing
/// (`rows` rows below the header), and registers every format its rows use, so that
/// [`write_data_rows`] adds none (see `build`).
fn start_data(sheet: &mut Worksheet, rows: usize) -> Result<(), XlsxError> {
    sheet.set_name(SHEET_DATA)?;
    print::set_up(sheet, Page::table(rows.max(1) as u32, last_data_col()))?;
    let headers = data_headers();
    for (col, width) in [
        14.0, 18.0, 10.0, 40.0, 16.0, 24.0, 36.0, 10.0, 10.0, 10.0, 12.0, 8.0, 24.0, 24.0, 24.0,
        30.0, 20.0, 11.0, 11.0, 12.0, 22.0, 22.0, 6.0, 10.0,
    ]
    .iter()
    .enumerate()
    {
        sheet.set_column_width(col as u16, *width)?;
    }
    // Dates and sums take their column's format, looked up once per column when the row is
    // written, instead of a format per cell.
    let date = Format::new().set_num_format("dd.mm.yyyy");
    let money = Format::new().set_num_format("#,##0.00");
    for col in [data_col::START, data_col::END] {
        sheet.set_column_format(col, &date)?;
    }
    for col in [data_col::BUDGET, data_col::BUDGET_EUR] {
        sheet.set_column_format(col, &money)?;
    }
    // The header wraps at the top of its cells, which also registers the format of texts
    // with line breaks (`write_text`). The table (and its header row) comes first: a
    // constant-memory sheet is written in row order.
    let wrap = wrapped();
    let columns: Vec<TableColumn> = headers
        .iter()
        .map(|h| TableColumn::new().set_header(*h).set_header_format(&wrap))
        .collect();
    // Over the header and one row only: `finish` widens it to every row in the saved file
    // (see `table_range` for why).
    let table = Table::new().set_columns(&columns).set_name(SHEET_DATA);
    sheet.add_table(0, 0, 1, last_data_col(), &table)?;
    // Two lines for the wrapped header: a spreadsheet does not grow a row for wrapped text
    // by itself, and the second line would cover the first data row.
    sheet.set_row_height(0, 2.0 * DEFAULT_ROW_HEIGHT)?;
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The 0-based index of `Данни`'s last column.
fn last_data_col() -> u16 {
    data_headers().len() as u16 - 1
}

/// Writes `Данни`'s rows under the header [`start_data`] wrote.
fn write_data_rows(
    sheet: &mut Worksheet,
    rows: impl Iterator<Item = DataRow>,
    programme: &Programme,
) -> Result<(), XlsxError> {
    // Labels are the same for every row of a goal: make each once.
    let priority_labels: HashMap<u32, String> = programme
        .priorities
        .iter()
        .map(|p| (p.number, p.label()))
        .collect();
    let goal_labels: HashMap<&str, String> = programme
        .priorities
        .iter()
        .flat_map(|p| &p.goals)
        .map(|g| (g.code.as_str(), g.label()))
        .collect();
    for (index, data) in rows.enumerate() {
        let r = index as u32 + 1;
        match priority_labels.get(&data.priority) {
            Some(label) => sheet.write_string(r, data_col::PRIORITY, label.as_str())?,
            None => sheet.write_number(r, data_col::PRIORITY, data.priority)?,
        };
        match goal_labels.get(data.goal.as_str()) {
            Some(label) => sheet.write_string(r, data_col::GOAL, label.as_str())?,
            None => sheet.write_string(r, data_col::GOAL, data.goal)?,
        };
        sheet.write_string(r, data_col::CODE, data.activity_code)?;
        write_text(sheet, r, data_col::ACTIVITY, data.activity)?;
        write_text(sheet, r, data_col::DEADLINE, data.deadline)?;
        if let Some(text) = data.expected_result {
            write_text(sheet, r, data_col::RESULT, text)?;
        }
        write_text(sheet, r, data_col::INDICATOR, data.indicator)?;
        if let Some(text) = data.unit {
            write_text(sheet, r, data_col::UNIT, text)?;
        }
        write_num(sheet, r, data_col::BASELINE, data.baseline, None)?;
        write_num(sheet, r, data_col::TARGET, data.target, None)?;
        write_num(sheet, r, data_col::BUDGET, data.budget, None)?;
        sheet.write_string(r, data_col::CURRENCY, data.currency.code())?;
        if let Some(text) = data.funding_source {
            write_text(sheet, r, data_col::FUNDING, text)?;
        }
        if let Some(text) = data.funding_note {
            write_text(sheet, r, data_col::FUNDING_NOTE, text)?;
        }
        sheet.write_string(r, data_col::LEADS, data.leads.join("; "))?;
        if !data.partners.is_empty() {
            write_text(sheet, r, data_col::PARTNERS, data.partners.join("; "))?;
        }
        if let Some(text) = data.note {
            write_text(sheet, r, data_col::NOTE, text)?;
        }
        sheet.write_datetime(r, data_col::START, excel_date(data.start)?)?;
        sheet.write_datetime(r, data_col::END, excel_date(data.end)?)?;
        write_num(sheet, r, data_col::BUDGET_EUR, data.budget_eur, None)?;
        sheet.write_string(r, data_col::SUBMITTED_BY, data.submitted_by)?;
        sheet.write_string(r, data_col::FILE, data.file)?;
        sheet.write_number(r, data_col::ROW, data.row)?;
        if let Some(text) = data.original_code {
            write_text(sheet, r, data_col::ORIGINAL_CODE, text)?;
        }
    }
    Ok(())
}

/// Ends a constant-memory sheet with a blank cell at the start of `row`, so that its last row
/// is not one with a height. rust_xlsxwriter 0.102 writes the last row of a constant-memory
/// sheet a second time when that row has both cells and a height (`flush_last_row`), and
/// Office requires a sheet's rows in ascending order ([MS-OI29500] 2.1.873): Excel would
/// offer to repair the file. `tests/py/excel_rules.py` checks the order of every sheet.
fn end_below(sheet: &mut Worksheet, row: u32) -> Result<(), XlsxError> {
    // `wrapped` is registered before the writing threads start (`start_data`): no format is
    // numbered here, so the numbering, and the bytes, stay the same on every run.
    sheet.write_blank(row, 0, &wrapped())?;
    Ok(())
}

fn excel_date(date: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    use chrono::Datelike;
    ExcelDateTime::from_ymd(date.year() as u16, date.month() as u8, date.day() as u8)
}

fn write_opt(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    text: Option<&str>,
) -> Result<(), XlsxError> {
    if let Some(text) = text {
        write_text(sheet, row, col, text)?;
    }
    Ok(())
}

/// Writes a text cell; one with line breaks typed in it (a bullet list) wraps, so the
/// spreadsheet shows its lines as the institution typed them. An owned text is kept by
/// rust_xlsxwriter without a copy.
fn write_text(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    text: impl Into<String>,
) -> Result<(), XlsxError> {
    let text = text.into();
    if text.contains('\n') {
        sheet.write_string_with_format(row, col, text, &wrapped())?;
    } else {
        sheet.write_string(row, col, text)?;
    }
    Ok(())
}

/// Wrapped text at the top of its cell.
fn wrapped() -> Format {
    Format::new().set_text_wrap().set_align(FormatAlign::Top)
}

fn write_num(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: Option<f64>,
    format: Option<&Format>,
) -> Result<(), XlsxError> {
    match (value, format) {
        (Some(v), Some(f)) => {
            sheet.write_number_with_format(row, col, v, f)?;
        }
        (Some(v), None) => {
            sheet.write_number(row, col, v)?;
        }
        (None, _) => {}
    }
    Ok(())
}

/// One line of a summary table: label, activities, indicators, budget in EUR.
type SummaryLine = (String, usize, usize, f64);

fn write_summary(
    sheet: &mut Worksheet,
    merged: &Merged,
    programme: &Programme,
) -> Result<(), XlsxError> {
    sheet.set_name(SHEET_SUMMARY)?;
    let bold = Format::new().set_bold();
    // Wrapped, at the bottom of the cell as the numbers beside it.
    let label = Format::new().set_text_wrap();
    let header = header_format();
    let money = Format::new().set_num_format("#,##0.00");
    sheet.set_column_width(0, 50)?;
    for col in 1..4 {
        sheet.set_column_width(col, 16)?;
    }

    let by_priority: Vec<SummaryLine> = programme
        .priorities
        .iter()
        .map(|p| {
            let activities: Vec<&MergedActivity> = merged
                .goals
                .iter()
                .filter(|g| g.priority == p.number)
                .flat_map(|g| &g.activities)
                .collect();
            (
                p.label(),
                activities.len(),
                activities.iter().map(|a| a.indicator_count()).sum(),
                round2(activities.iter().map(|a| a.budget_eur()).sum()),
            )
        })
        .collect();
    // Each submitted activity counts once, for its first lead and for its funding source.
    let mut by_lead: BTreeMap<String, SummaryLine> = BTreeMap::new();
    let mut by_source: BTreeMap<String, SummaryLine> = BTreeMap::new();
    for part in merged
        .goals
        .iter()
        .flat_map(|g| &g.activities)
        .flat_map(|a| &a.parts)
    {
        let a = &part.activity;
        let budget = a.budget.map_or(0.0, |b| to_eur(b.value, b.currency));
        let lead = a
            .leads
            .first()
            .map(|&l| programme.institutions[l].name.clone())
            .unwrap_or_default();
        let source = a
            .funding_source
            .clone()
            .unwrap_or_else(|| "(не е посочен)".to_string());
        for (map, key) in [(&mut by_lead, lead), (&mut by_source, source)] {
            let line = map.entry(key.clone()).or_insert((key, 0, 0, 0.0));
            line.1 += 1;
            line.2 += a.indicators.len();
            line.3 += budget;
        }
    }
    let by_lead: Vec<SummaryLine> = by_lead
        .into_values()
        .map(|(l, a, i, b)| (l, a, i, round2(b)))
        .collect();
    let by_source: Vec<SummaryLine> = by_source
        .into_values()
        .map(|(l, a, i, b)| (l, a, i, round2(b)))
        .collect();

    // The charts go first, side by side, each lower than a page: the sheet is fitted to the
    // page width, where Excel ignores manual page breaks, so the top of the sheet is the one
    // place a page break cannot cut them (see `print`). The tables follow below them.
    let bars = |lines: &[SummaryLine], per_bar: u32| {
        (80 + per_bar * lines.len().max(1) as u32).clamp(SUMMARY_CHART_HEIGHT, CHART_MAX_HEIGHT)
    };
    // A priority's label runs to two or three lines beside its bar.
    let budget_chart_height = bars(&by_priority, 50);
    let lead_chart_height = bars(&by_lead, 18);
    let first_table_row = budget_chart_height.max(lead_chart_height).div_ceil(20) + 1;

    let mut row = first_table_row;
    let mut tables = Vec::new();
    for (title, first, lines) in [
        ("По приоритети", "Приоритет", &by_priority),
        ("По водеща институция", "Водеща институция", &by_lead),
        (
            "По източник на финансиране",
            "Източник на финансиране",
            &by_source,
        ),
    ] {
        sheet.write_with_format(row, 0, title, &bold)?;
        row += 1;
        for (col, text) in [first, "Дейности", "Индикатори", "Бюджет (EUR)"]
            .iter()
            .enumerate()
        {
            sheet.write_with_format(row, col as u16, *text, &header)?;
        }
        let first_data = row + 1;
        for line in lines.iter() {
            row += 1;
            sheet.write_with_format(row, 0, line.0.as_str(), &label)?;
            if let Some(height) = wrapped_row_height(&[(&line.0, 50.0)]) {
                sheet.set_row_height(row, height)?;
            }
            sheet.write(row, 1, line.1 as u32)?;
            sheet.write(row, 2, line.2 as u32)?;
            sheet.write_number_with_format(row, 3, line.3, &money)?;
        }
        row += 1;
        sheet.write_with_format(row, 0, "Общо", &bold)?;
        sheet.write_with_format(
            row,
            1,
            lines.iter().map(|l| l.1).sum::<usize>() as u32,
            &bold,
        )?;
        sheet.write_with_format(
            row,
            2,
            lines.iter().map(|l| l.2).sum::<usize>() as u32,
            &bold,
        )?;
        sheet.write_with_format(
            row,
            3,
            round2(lines.iter().map(|l| l.3).sum::<f64>()),
            &money.clone().set_bold(),
        )?;
        tables.push((first_data, row - 1));
        row += 2;
    }

    let (first, last) = tables[0];
    let mut budget_chart = Chart::new(ChartType::Bar);
    budget_chart.title().set_name("Бюджет по приоритети (EUR)");
    budget_chart
        .add_series()
        .set_categories((SHEET_SUMMARY, first, 0, last, 0))
        .set_values((SHEET_SUMMARY, first, 3, last, 3))
        .set_name("Бюджет (EUR)");
    budget_chart.legend().set_hidden();
    print::bars_in_table_order(&mut budget_chart);
    budget_chart.set_width(SUMMARY_CHART_WIDTH);
    budget_chart.set_height(budget_chart_height);
    sheet.insert_chart(0, 0, &budget_chart)?;

    let (first, last) = tables[1];
    let mut activity_chart = Chart::new(ChartType::Bar);
    activity_chart
        .title()
        .set_name("Дейности по водеща институция");
    activity_chart
        .add_series()
        .set_categories((SHEET_SUMMARY, first, 0, last.max(first), 0))
        .set_values((SHEET_SUMMARY, first, 1, last.max(first), 1))
        .set_name("Дейности");
    activity_chart.legend().set_hidden();
    print::bars_in_table_order(&mut activity_chart);
    activity_chart.set_width(SUMMARY_CHART_WIDTH);
    activity_chart.set_height(lead_chart_height);
    // Beside the first: columns A and B are 472 pixels wide, the first chart 470.
    sheet.insert_chart(0, 2, &activity_chart)?;
    print::set_up(
        sheet,
        Page {
            landscape: true,
            repeat: None,
            // The second chart reaches column H.
            last: (row.saturating_sub(2), 7),
            gridlines: false,
        },
    )?;
    Ok(())
}

/// The charts of `Обобщение`, in pixels: their width, and their least height (they grow
/// with their bars, up to [`CHART_MAX_HEIGHT`]).
const SUMMARY_CHART_WIDTH: u32 = 470;
const SUMMARY_CHART_HEIGHT: u32 = 300;

fn write_sources(
    sheet: &mut Worksheet,
    merged: &Merged,
    programme: &Programme,
) -> Result<(), XlsxError> {
    sheet.set_name(SHEET_SOURCES)?;
    let header = header_format();
    let bold = Format::new().set_bold();
    let headers = [
        ("Файл", 30.0),
        ("SHA-256", 20.0),
        ("Институция", 30.0),
        ("Лице за контакт", 22.0),
        ("Имейл", 26.0),
        ("Версия на шаблона", 10.0),
        ("Прочетени редове", 10.0),
        ("Приети", 10.0),
        ("Отхвърлени", 10.0),
        ("Предупреждения", 10.0),
        ("Грешки", 10.0),
        ("Пропуснати (не са дейности)", 12.0),
    ];
    for (col, (text, width)) in headers.iter().enumerate() {
        sheet.write_with_format(0, col as u16, *text, &header)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    sheet.set_row_height(0, header_height(&headers))?;
    for (index, source) in merged.sources.iter().enumerate() {
        let r = index as u32 + 1;
        sheet.write(r, 0, source.file_name.as_str())?;
        write_opt(sheet, r, 1, source.sha256.as_deref())?;
        write_opt(
            sheet,
            r,
            2,
            source
                .institution
                .map(|i| programme.institutions[i].name.as_str()),
        )?;
        write_opt(sheet, r, 3, source.contact.person.as_deref())?;
        write_opt(sheet, r, 4, source.contact.email.as_deref())?;
        write_opt(sheet, r, 5, source.template_version.as_deref())?;
        sheet.write(r, 6, source.rows_read as u32)?;
        sheet.write(r, 7, source.accepted as u32)?;
        sheet.write(r, 8, source.rejected as u32)?;
        sheet.write(r, 9, source.warnings as u32)?;
        sheet.write(r, 10, source.errors as u32)?;
        sheet.write(r, 11, source.skipped as u32)?;
    }
    let r = merged.sources.len() as u32 + 1;
    sheet.write_with_format(r, 0, "Общо", &bold)?;
    let total = |f: fn(&crate::model::merge::Source) -> usize| {
        merged.sources.iter().map(f).sum::<usize>() as u32
    };
    sheet.write_with_format(r, 6, total(|s| s.rows_read), &bold)?;
    sheet.write_with_format(r, 7, total(|s| s.accepted), &bold)?;
    sheet.write_with_format(r, 8, total(|s| s.rejected), &bold)?;
    sheet.write_with_format(r, 9, total(|s| s.warnings), &bold)?;
    sheet.write_with_format(r, 10, total(|s| s.errors), &bold)?;
    sheet.write_with_format(r, 11, total(|s| s.skipped), &bold)?;
    sheet.write(
        r + 2,
        0,
        "Прочетени редове = приети + отхвърлени + пропуснати за всеки файл и общо. Пропуснатите \
         не са дейности (повторен заглавен ред, междинен сбор, заглавие през таблицата); всеки \
         е отбелязан в „Бележки“.",
    )?;
    sheet.set_freeze_panes(1, 0)?;
    print::set_up(sheet, Page::table(r + 2, headers.len() as u16 - 1))
}

fn write_rejected(
    sheet: &mut Worksheet,
    merged: &Merged,
    programme: &Programme,
    lang: Lang,
) -> Result<(), XlsxError> {
    sheet.set_name(SHEET_REJECTED)?;
    let header = header_format();
    let wrap = wrapped();
    let headers = [
        ("Файл", 30.0),
        ("Ред", 6.0),
        ("Подадено от", 28.0),
        ("Причини", 100.0),
    ];
    for (col, (text, width)) in headers.iter().enumerate() {
        sheet.write_with_format(0, col as u16, *text, &header)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    let room = SHEET_ROOM;
    let listed = merged.rejected.len().min(room);
    if merged.rejected.len() > room {
        let more = Msg::RowsNotListed {
            count: merged.rejected.len() - room,
        };
        sheet.write_with_format(room as u32 + 1, 0, more.render(lang), &wrap)?;
    }
    let last_row = listed as u32 + u32::from(merged.rejected.len() > room);
    print::set_up(sheet, Page::table(last_row, headers.len() as u16 - 1))?;
    for (index, rejected) in merged.rejected.iter().take(room).enumerate() {
        let r = index as u32 + 1;
        let source = &merged.sources[rejected.source];
        sheet.write_with_format(r, 0, source.file_name.as_str(), &wrap)?;
        if let Some(row) = rejected.row {
            sheet.write_with_format(r, 1, row, &wrap)?;
        }
        if let Some(i) = source.institution {
            sheet.write_with_format(r, 2, programme.institutions[i].name.as_str(), &wrap)?;
        }
        let reasons = reasons_text(rejected, lang);
        sheet.write_with_format(r, 3, cell_limit(&reasons).as_ref(), &wrap)?;
        if let Some(height) = wrapped_row_height(&[(&reasons, 100.0)]) {
            sheet.set_row_height(r, height.min(409.0))?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Every reason of a rejected row, one per line, each with its cell.
pub fn reasons_text(rejected: &RejectedRow, lang: Lang) -> String {
    let mut lines = Vec::new();
    if let Some(activity_row) = rejected.activity_row {
        lines.push(Msg::RowOfRejectedActivity { activity_row }.render(lang));
    }
    for finding in &rejected.reasons {
        lines.push(format!(
            "{}: {}",
            finding.location(lang),
            finding.message(lang)
        ));
    }
    lines.join("\n")
}

fn write_notes(
    sheet: &mut Worksheet,
    notes: &[Finding],
    merged: &Merged,
    lang: Lang,
) -> Result<(), XlsxError> {
    sheet.set_name(SHEET_NOTES)?;
    let columns = [
        ("Файл", 28.0, Field::File),
        ("Клетка", 16.0, Field::Location),
        ("Колона", 18.0, Field::Column),
        ("Вид", 16.0, Field::Severity),
        ("Код", 26.0, Field::Code),
        ("Съобщение", 90.0, Field::Message),
    ];
    // In source order, then by place: the same inputs in any order give the same sheet.
    let order: BTreeMap<&str, usize> = merged
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| (s.display.as_str(), i))
        .collect();
    let mut sorted: Vec<&Finding> = notes.iter().collect();
    sorted.sort_by_key(|f| {
        (
            order.get(f.file.as_str()).copied().unwrap_or(usize::MAX),
            f.place.as_ref().map(|p| p.sheet.clone()),
            f.place.as_ref().and_then(|p| p.cell),
            f.severity() != Severity::Error,
            f.problem.code(),
        )
    });
    let listed = sorted.iter().map(|finding| Listed {
        finding,
        link: None,
    });
    let written = findings_sheet::write(sheet, &columns, &header_format(), listed, lang)?;
    // A finding's row may have a height: the sheet ends below it (see `end_below`).
    end_below(sheet, written.last_row + 1)?;
    sheet.set_freeze_panes(1, 0)?;
    if written.listed > 0 {
        sheet.autofilter(0, 0, written.listed as u32, 5)?;
    }
    print::set_up(
        sheet,
        Page::table(written.last_row, columns.len() as u16 - 1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::programme::data_headers;
    use crate::read::{Data, Limits, Workbook as Source};

    fn ruse() -> Programme {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/samples/ruse-2025/programme.toml"
        );
        Programme::load(path.as_ref()).unwrap()
    }

    /// The merge of one sample contribution, written and opened again.
    fn written(file: &str) -> (Merged, Source) {
        let programme = ruse();
        let path = format!("{}/samples/ruse-2025/{file}", env!("CARGO_MANIFEST_DIR"));
        let submission =
            crate::validate::contribution::read(path.as_ref(), file, &programme, Limits::default());
        let merged = crate::model::merge::merge(vec![submission], &programme);
        let bytes = build(merged.clone(), &programme, Lang::Bg).unwrap();
        let book = Source::from_bytes(bytes, Limits::default()).unwrap();
        (merged, book)
    }

    #[test]
    fn the_six_sheets_in_order_and_every_accepted_row_in_data() {
        let (merged, mut book) = written("02-ruo-ruse.xlsx");
        assert_eq!(
            book.sheet_names(),
            [
                SHEET_PROGRAMME,
                SHEET_DATA,
                SHEET_SUMMARY,
                SHEET_SOURCES,
                SHEET_REJECTED,
                SHEET_NOTES
            ]
        );
        let data = book.sheet(SHEET_DATA).unwrap();
        let headers: Vec<String> = data
            .row(0)
            .map(|(_, d)| crate::normalise::cells::cell_text(d).unwrap_or_default())
            .collect();
        assert_eq!(headers, data_headers());
        assert_eq!(data.rows().count() - 1, merged.rows_accepted());
        assert_eq!(merged.rows_accepted(), 29);
    }

    #[test]
    fn goal_cells_are_merged_over_their_activities() {
        let (merged, mut book) = written("01-obshtina-ruse.xlsx");
        let sheet = book.sheet_with_merges(SHEET_PROGRAMME).unwrap();
        let index = sheet.merges_in([0]);
        // Every goal with several activities is one merged cell in column A.
        let goals_with_many = merged
            .goals
            .iter()
            .filter(|g| g.activities.len() > 1)
            .count();
        assert!(goals_with_many > 0);
        let covered = sheet
            .rows()
            .filter(|row| index.origin(*row + 1, 0) == Some((*row, 0)))
            .count();
        assert_eq!(covered, goals_with_many);
    }

    #[test]
    fn a_text_with_line_breaks_wraps_and_keeps_them() {
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        write_text(sheet, 0, 0, "• първо\n• второ").unwrap();
        write_text(sheet, 1, 0, "един ред").unwrap();
        let bytes = workbook.save_to_buffer().unwrap();
        let mut book = Source::from_bytes(bytes, Limits::default()).unwrap();
        let sheet = book.sheet("Sheet1").unwrap();
        assert_eq!(sheet.get(0, 0), &Data::String("• първо\n• второ".into()));
        assert_eq!(sheet.get(1, 0), &Data::String("един ред".into()));
    }
}
