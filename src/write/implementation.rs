//! The implementation report `report collect` writes (spec: reporting.md): every indicator
//! of the programme with what was reported for it, a summary with charts, the indicators
//! nobody reported, and every finding.

use rust_xlsxwriter::{
    Chart, ChartType, Color, DocProperties, ExcelDateTime, Format, FormatAlign, Workbook,
    Worksheet, XlsxError,
};

use crate::catalogue::Lang;
use crate::config::Programme;
use crate::contract::reporting::{
    IMPLEMENTATION_HEADERS, NOT_REPORTED, SHEET_IMPLEMENTATION, Status,
};
use crate::model::merge::to_eur;
use std::collections::BTreeMap;

use crate::model::programme_rows::{DataRow, round2};
use crate::model::reporting::{Collected, Reported, achievement};
use crate::write::findings_sheet::{self, Field, Listed};
use crate::write::print::{self, Page};
use crate::write::template::{header_format, header_height, wrapped_row_height};

/// Builds the implementation report workbook.
///
/// # Errors
///
/// Only when rust_xlsxwriter rejects something, which would be a bug.
pub fn build(
    collected: &Collected,
    programme: &Programme,
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "Отчет за изпълнението – {}",
                programme.municipality
            ))
            .set_author("zakrila")
            .set_creation_datetime(&created),
    );
    write_implementation(workbook.add_worksheet(), collected)?;
    write_summary(workbook.add_worksheet(), collected, programme)?;
    write_missing(workbook.add_worksheet(), collected)?;
    write_notes(workbook.add_worksheet(), collected, lang)?;
    workbook.save_to_buffer()
}

fn write_implementation(sheet: &mut Worksheet, collected: &Collected) -> Result<(), XlsxError> {
    sheet.set_name(SHEET_IMPLEMENTATION)?;
    let header = header_format();
    // Every cell at the top of its row, beside the long texts that wrap.
    let top = Format::new().set_align(FormatAlign::Top);
    let percent = top.clone().set_num_format("0.0%");
    let missing = top
        .clone()
        .set_italic()
        .set_font_color(Color::RGB(0x9C0006));
    let wrap = top.clone().set_text_wrap();
    // As many widths as headers: the type makes a missing one a compile error.
    let widths: [f64; IMPLEMENTATION_HEADERS.len()] = [
        8.0, 10.0, 10.0, 45.0, 40.0, 10.0, 11.0, 11.0, 11.0, 18.0, 12.0, 8.0, 30.0, 25.0, 25.0,
        10.0,
    ];
    for (col, (title, width)) in IMPLEMENTATION_HEADERS.iter().zip(widths).enumerate() {
        sheet.write_with_format(0, col as u16, *title, &header)?;
        sheet.set_column_width(col as u16, width)?;
    }
    let titles: Vec<(&str, f64)> = IMPLEMENTATION_HEADERS.iter().copied().zip(widths).collect();
    sheet.set_row_height(0, header_height(&titles))?;
    for (index, (key, row)) in collected.rows.iter().enumerate() {
        let r = index as u32 + 1;
        let reported = collected.reported.get(key).filter(|r| r.counts());
        sheet.write_with_format(r, 0, row.priority, &top)?;
        sheet.write_with_format(r, 1, row.goal.as_str(), &top)?;
        sheet.write_with_format(r, 2, row.activity_code.as_str(), &top)?;
        // The long texts wrap, in rows as tall as they need, so that they print whole.
        sheet.write_with_format(r, 3, row.activity.as_str(), &wrap)?;
        sheet.write_with_format(r, 4, row.indicator.as_str(), &wrap)?;
        let mut texts = vec![
            (row.activity.as_str(), widths[3]),
            (row.indicator.as_str(), widths[4]),
        ];
        if let Some(unit) = &row.unit {
            sheet.write_with_format(r, 5, unit.as_str(), &top)?;
        }
        if let Some(target) = row.target {
            sheet.write_with_format(r, 6, target, &top)?;
        }
        sheet.write_with_format(r, 11, row.currency.code(), &top)?;
        let leads = row.leads.join("; ");
        sheet.write_with_format(r, 14, leads.as_str(), &wrap)?;
        sheet.write_with_format(r, 15, key.as_str(), &top)?;
        match reported {
            Some(rep) => {
                if let Some(value) = rep.value {
                    sheet.write_with_format(r, 7, value, &top)?;
                }
                if let Some(pct) = achievement(rep.value, row.target) {
                    sheet.write_number_with_format(r, 8, pct, &percent)?;
                }
                if let Some(status) = rep.status {
                    sheet.write_with_format(r, 9, status.label(), &top)?;
                }
                if let Some(spent) = rep.spent {
                    sheet.write_with_format(r, 10, spent, &top)?;
                }
                if let Some(comment) = &rep.comment {
                    sheet.write_with_format(r, 12, comment.as_str(), &wrap)?;
                    texts.push((comment.as_str(), widths[12]));
                }
                sheet.write_with_format(r, 13, rep.institution.as_str(), &top)?;
            }
            None => {
                sheet.write_with_format(r, 9, NOT_REPORTED, &missing)?;
            }
        }
        texts.push((leads.as_str(), widths[14]));
        if let Some(height) = wrapped_row_height(&texts) {
            sheet.set_row_height(r, height.min(409.0))?;
        }
    }
    sheet.set_column_hidden(15)?;
    sheet.set_freeze_panes(1, 0)?;
    if !collected.rows.is_empty() {
        sheet.autofilter(0, 0, collected.rows.len() as u32, 15)?;
    }
    // The key column (P) is hidden and not printed.
    print::set_up(sheet, Page::table(collected.rows.len().max(1) as u32, 14))
}

/// Counts for one line of `Обобщение`.
#[derive(Clone, Debug, Default)]
struct Tally {
    total: usize,
    reported: usize,
    statuses: [usize; 5],
    no_status: usize,
    not_reported: usize,
    achievement_sum: f64,
    achievement_count: usize,
    planned_eur: f64,
    spent_eur: f64,
}

impl Tally {
    fn add(&mut self, row: &DataRow, reported: Option<&Reported>) {
        self.total += 1;
        self.planned_eur += row.budget_eur.unwrap_or(0.0);
        match reported.filter(|r| r.counts()) {
            None => self.not_reported += 1,
            Some(rep) => {
                self.reported += 1;
                match rep.status {
                    Some(status) => {
                        let i = Status::ALL.iter().position(|s| *s == status).unwrap_or(0);
                        self.statuses[i] += 1;
                    }
                    None => self.no_status += 1,
                }
                if let Some(pct) = achievement(rep.value, row.target) {
                    self.achievement_sum += pct;
                    self.achievement_count += 1;
                }
                self.spent_eur += rep.spent.map_or(0.0, |s| to_eur(s, row.currency));
            }
        }
    }
}

fn write_summary(
    sheet: &mut Worksheet,
    collected: &Collected,
    programme: &Programme,
) -> Result<(), XlsxError> {
    sheet.set_name("Обобщение")?;
    let header = header_format();
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let percent = Format::new().set_num_format("0.0%");
    let money = Format::new().set_num_format("#,##0.00");
    sheet.set_column_width(0, 45)?;
    let mut by_priority: Vec<(String, Tally)> = programme
        .priorities
        .iter()
        .map(|p| (p.label(), Tally::default()))
        .collect();
    let mut by_institution: BTreeMap<String, Tally> = BTreeMap::new();
    for (key, row) in &collected.rows {
        let reported = collected.reported.get(key);
        if let Some(i) = programme
            .priorities
            .iter()
            .position(|p| p.number == row.priority)
        {
            by_priority[i].1.add(row, reported);
        }
        let lead = row.leads.first().cloned().unwrap_or_default();
        by_institution.entry(lead).or_default().add(row, reported);
    }
    let mut headers: Vec<&str> = vec!["", "Индикатори", "Отчетени"];
    headers.extend(Status::ALL.iter().map(|s| s.label()));
    headers.extend([
        "Без статус",
        NOT_REPORTED,
        "Средно изпълнение",
        "Планиран бюджет (EUR)",
        "Изразходван бюджет (EUR)",
    ]);
    // The chart goes first, at the top, where a page break cannot cut it (see `print`),
    // with room for each priority's label beside its bar.
    let chart_height = (80 + 50 * programme.priorities.len() as u32)
        .clamp(CHART_MIN_HEIGHT, print::CHART_MAX_HEIGHT);
    let mut row = chart_height.div_ceil(20) + 1;
    let mut priority_rows = (0, 0);
    for (title, first_header, lines) in [
        ("По приоритети", "Приоритет", by_priority),
        (
            "По водеща институция",
            "Водеща институция",
            by_institution.into_iter().collect(),
        ),
    ] {
        sheet.write_with_format(row, 0, title, &bold)?;
        row += 1;
        for (col, text) in headers.iter().enumerate() {
            let text = if col == 0 { first_header } else { text };
            sheet.write_with_format(row, col as u16, text, &header)?;
            if col > 0 {
                sheet.set_column_width(col as u16, 12)?;
            }
        }
        let titles: Vec<(&str, f64)> = headers
            .iter()
            .enumerate()
            .map(|(col, text)| match col {
                0 => (first_header, 45.0),
                _ => (*text, 12.0),
            })
            .collect();
        sheet.set_row_height(row, header_height(&titles))?;
        let first = row + 1;
        for (label, tally) in &lines {
            row += 1;
            sheet.write_with_format(row, 0, label.as_str(), &wrap)?;
            if let Some(height) = wrapped_row_height(&[(label, 45.0)]) {
                sheet.set_row_height(row, height)?;
            }
            sheet.write(row, 1, tally.total as u32)?;
            sheet.write(row, 2, tally.reported as u32)?;
            for (i, count) in tally.statuses.iter().enumerate() {
                sheet.write(row, 3 + i as u16, *count as u32)?;
            }
            sheet.write(row, 8, tally.no_status as u32)?;
            sheet.write(row, 9, tally.not_reported as u32)?;
            if tally.achievement_count > 0 {
                let average = tally.achievement_sum / tally.achievement_count as f64;
                sheet.write_number_with_format(row, 10, average, &percent)?;
            }
            sheet.write_number_with_format(row, 11, round2(tally.planned_eur), &money)?;
            sheet.write_number_with_format(row, 12, round2(tally.spent_eur), &money)?;
        }
        if priority_rows == (0, 0) {
            priority_rows = (first, row);
        }
        row += 3;
    }
    let mut chart = Chart::new(ChartType::BarStacked);
    print::bars_in_table_order(&mut chart);
    chart
        .title()
        .set_name("Статус на индикаторите по приоритети");
    let (first, last) = priority_rows;
    for (i, status) in Status::ALL.iter().enumerate() {
        chart
            .add_series()
            .set_categories(("Обобщение", first, 0, last.max(first), 0))
            .set_values((
                "Обобщение",
                first,
                3 + i as u16,
                last.max(first),
                3 + i as u16,
            ))
            .set_name(status.label());
    }
    chart
        .add_series()
        .set_categories(("Обобщение", first, 0, last.max(first), 0))
        .set_values(("Обобщение", first, 9, last.max(first), 9))
        .set_name(NOT_REPORTED);
    chart.set_width(CHART_WIDTH);
    chart.set_height(chart_height);
    sheet.insert_chart(0, 0, &chart)?;
    print::set_up(
        sheet,
        Page {
            landscape: true,
            repeat: None,
            last: (row.saturating_sub(3), headers.len() as u16 - 1),
            gridlines: false,
        },
    )
}

/// The chart of `Обобщение`, in pixels: its width and least height (it grows with the
/// priorities, up to `print::CHART_MAX_HEIGHT`).
const CHART_WIDTH: u32 = 760;
const CHART_MIN_HEIGHT: u32 = 300;

fn write_missing(sheet: &mut Worksheet, collected: &Collected) -> Result<(), XlsxError> {
    sheet.set_name("Липсващи")?;
    let header = header_format();
    let titles = [
        ("Водеща институция", 30.0),
        ("№ на дейност", 10.0),
        ("Дейност", 50.0),
        ("Индикатор", 45.0),
    ];
    for (col, (title, width)) in titles.iter().enumerate() {
        sheet.write_with_format(0, col as u16, *title, &header)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    sheet.set_row_height(0, header_height(&titles))?;
    let mut missing: Vec<(&str, &DataRow)> = collected
        .rows
        .iter()
        .filter(|(key, _)| !collected.reported.get(key).is_some_and(Reported::counts))
        .map(|(_, row)| (row.leads.first().map_or("", String::as_str), row))
        .collect();
    // Per institution, in programme order within each.
    missing.sort_by_key(|(lead, _)| *lead);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for (index, (lead, row)) in missing.iter().enumerate() {
        let r = index as u32 + 1;
        sheet.write_with_format(r, 0, *lead, &wrap)?;
        sheet.write_with_format(r, 1, row.activity_code.as_str(), &wrap)?;
        sheet.write_with_format(r, 2, row.activity.as_str(), &wrap)?;
        sheet.write_with_format(r, 3, row.indicator.as_str(), &wrap)?;
        let texts = [
            (*lead, 30.0),
            (row.activity.as_str(), 50.0),
            (row.indicator.as_str(), 45.0),
        ];
        if let Some(height) = wrapped_row_height(&texts) {
            sheet.set_row_height(r, height.min(409.0))?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    print::set_up(sheet, Page::table(missing.len().max(1) as u32, 3))
}

fn write_notes(sheet: &mut Worksheet, collected: &Collected, lang: Lang) -> Result<(), XlsxError> {
    sheet.set_name("Бележки")?;
    let columns = [
        ("Файл", 28.0, Field::File),
        ("Клетка", 16.0, Field::Location),
        ("Вид", 16.0, Field::Severity),
        ("Код", 24.0, Field::Code),
        ("Съобщение", 90.0, Field::Message),
    ];
    let findings: Vec<Listed<'_>> = collected
        .findings()
        .map(|finding| Listed {
            finding,
            link: None,
        })
        .collect();
    let written = findings_sheet::write(
        sheet,
        &columns,
        &header_format(),
        findings.into_iter(),
        lang,
    )?;
    sheet.set_freeze_panes(1, 0)?;
    print::set_up(
        sheet,
        Page::table(written.last_row, columns.len() as u16 - 1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{Data, Limits, Workbook as Source};

    #[test]
    fn every_indicator_is_listed_and_an_unreported_one_says_so() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/samples/ruse-2025/programme.toml"
        );
        let programme = Programme::load(path.as_ref()).unwrap();
        let sample = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/samples/ruse-2025/05-dsp-ruse.xlsx"
        );
        let submission = crate::validate::contribution::read(
            sample.as_ref(),
            "дсп.xlsx",
            &programme,
            Limits::default(),
        );
        let merged = crate::model::merge::merge(vec![submission], &programme);
        let rows = crate::model::programme_rows::data_rows(&merged, &programme);
        let collected = crate::validate::report::join(rows.clone(), Vec::new());
        let bytes = build(&collected, &programme, Lang::Bg).unwrap();
        let mut book = Source::from_bytes(bytes, Limits::default()).unwrap();
        let sheet = book.sheet(SHEET_IMPLEMENTATION).unwrap();
        assert_eq!(sheet.rows().count() - 1, rows.len());
        for row in sheet.rows().skip(1) {
            assert_eq!(sheet.get(row, 9), &Data::String(NOT_REPORTED.into()));
        }
        assert!(book.sheet_names().iter().any(|n| n == "Бележки"));
    }
}
