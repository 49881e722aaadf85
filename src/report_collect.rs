//! `report collect`: reading filled reporting workbooks back, with the reading rules and
//! findings of `validate`, and writing the implementation report (spec: reporting.md).
//!
//! Every indicator of the programme appears in the report: reported, or marked "няма отчет"
//! and listed in `Липсващи` — never dropped.

use std::collections::{BTreeMap, HashMap};

use calamine::Data;
use rust_xlsxwriter::{
    Chart, ChartType, Color, DocProperties, ExcelDateTime, Format, FormatAlign, Workbook,
    Worksheet, XlsxError,
};

use crate::catalogue::{Lang, severity_word, whole_file};
use crate::config::Programme;
use crate::contract::reporting::{
    IMPLEMENTATION_HEADERS, NOT_REPORTED, REPORT_HEADERS, REPORT_ID, SHEET_IMPLEMENTATION,
    SHEET_REPORT, Status, impl_col, report_col,
};
use crate::contract::template::{SHEET_INSTITUTION, SHEET_META};
use crate::findings::{Finding, Place, Problem};
use crate::inputs::Input;
use crate::merge::to_eur;
use crate::normalise::institutions::Matcher;
use crate::normalise::number::parse_number;
use crate::normalise::text::fold_key;
use crate::programme_workbook::{DataRow, round2};
use crate::read::{Limits, Workbook as Source};
use crate::report::row_keys;
use crate::submission::{cell_text, read_problem};
use crate::template::header_format;

/// What one institution reported for one indicator.
#[derive(Clone, Debug, PartialEq)]
pub struct Reported {
    /// The reported value.
    pub value: Option<f64>,
    /// The status.
    pub status: Option<Status>,
    /// Spent budget, in the activity's currency.
    pub spent: Option<f64>,
    /// Comment.
    pub comment: Option<String>,
    /// Who reported it.
    pub institution: String,
    /// The report file's name.
    pub file: String,
}

impl Reported {
    /// An indicator counts as reported when it has a value or a status.
    pub fn counts(&self) -> bool {
        self.value.is_some() || self.status.is_some()
    }
}

/// One read reporting workbook.
#[derive(Clone, Debug)]
pub struct ReportFile {
    /// The path as given.
    pub file: String,
    /// The reporting institution (canonical name), when known.
    pub institution: Option<String>,
    /// Reported rows by key.
    pub rows: BTreeMap<String, Reported>,
    /// Findings.
    pub findings: Vec<Finding>,
    /// The file cannot be used as a whole.
    pub rejected: bool,
}

/// The collected round: every programme row with what was reported for it.
#[derive(Clone, Debug)]
pub struct Collected {
    /// Programme rows with their keys, in programme order.
    pub rows: Vec<(String, DataRow)>,
    /// Reports by key.
    pub reported: HashMap<String, Reported>,
    /// The read files, in the order used.
    pub files: Vec<ReportFile>,
}

impl Collected {
    /// Every finding of every report.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.files.iter().flat_map(|f| &f.findings)
    }
}

/// Reads every report and joins them to the programme's rows.
pub fn collect(
    programme: &Programme,
    data: Vec<DataRow>,
    digest: &str,
    inputs: &[Input],
    limits: Limits,
) -> Collected {
    let keys = row_keys(&data);
    let rows: Vec<(String, DataRow)> = keys.into_iter().zip(data).collect();
    let mut files: Vec<ReportFile> = {
        let expected = Expected {
            digest: digest.to_string(),
            lead_of: rows
                .iter()
                .map(|(k, r)| (k.clone(), r.leads.first().cloned().unwrap_or_default()))
                .collect(),
        };
        inputs
            .iter()
            .map(|input| {
                let book = Source::open(&input.path, limits);
                read_report(book, &input.display, programme, &expected)
            })
            .collect()
    };
    // One report per institution: the first by file name is used, later ones are refused.
    files.sort_by_key(|f| crate::merge::file_name(&f.file));
    let mut first_of: HashMap<String, String> = HashMap::new();
    for file in &mut files {
        let Some(institution) = file.institution.clone() else {
            continue;
        };
        if file.rejected {
            continue;
        }
        match first_of.get(&institution) {
            Some(first) => {
                file.findings.push(Finding {
                    file: file.file.clone(),
                    place: None,
                    problem: Problem::DuplicateReport {
                        first_file: crate::merge::file_name(first),
                    },
                });
                file.rejected = true;
            }
            None => {
                first_of.insert(institution, file.file.clone());
            }
        }
    }
    let mut reported = HashMap::new();
    for file in files.iter().filter(|f| !f.rejected) {
        for (key, row) in &file.rows {
            reported.insert(key.clone(), row.clone());
        }
    }
    Collected {
        rows,
        reported,
        files,
    }
}

/// What a filled report is read against: the programme it was made from and whose each
/// indicator is.
#[derive(Clone, Debug)]
pub struct Expected {
    /// [`crate::report::programme_digest`] of the programme's rows.
    pub digest: String,
    /// Lead institution of each programme row, by row key.
    pub lead_of: HashMap<String, String>,
}

impl Expected {
    /// What reports of a programme with these `Данни` rows are read against.
    pub fn new(data: &[DataRow]) -> Expected {
        Expected {
            digest: crate::report::programme_digest(data),
            lead_of: row_keys(data)
                .into_iter()
                .zip(data)
                .map(|(k, r)| (k, r.leads.first().cloned().unwrap_or_default()))
                .collect(),
        }
    }
}

/// Reads one filled reporting workbook held in memory (shown as `display` in findings).
///
/// Never fails: a file that cannot be read gives a report with a file-level finding.
///
/// # Examples
///
/// ```no_run
/// use zakrila::read::Limits;
/// use zakrila::report_collect::{Expected, read_report_bytes};
/// let programme = zakrila::config::Programme::load("programme.toml".as_ref()).unwrap();
/// let data = zakrila::programme_workbook::read_data("програма.xlsx".as_ref(), Limits::default()).unwrap();
/// let bytes = std::fs::read("отчет-руо.xlsx").unwrap();
/// let report = read_report_bytes(bytes, "отчет-руо.xlsx", &programme, &Expected::new(&data), Limits::default());
/// println!("{} rows reported", report.rows.len());
/// ```
pub fn read_report_bytes(
    bytes: Vec<u8>,
    display: &str,
    programme: &Programme,
    expected: &Expected,
    limits: Limits,
) -> ReportFile {
    read_report(
        Source::from_bytes(bytes, limits),
        display,
        programme,
        expected,
    )
}

fn read_report(
    book: Result<Source, crate::read::ReadError>,
    display: &str,
    programme: &Programme,
    expected: &Expected,
) -> ReportFile {
    let digest = expected.digest.as_str();
    let lead_of = &expected.lead_of;
    let mut report = ReportFile {
        file: display.to_string(),
        institution: None,
        rows: BTreeMap::new(),
        findings: Vec::new(),
        rejected: false,
    };
    let mut book = match book {
        Ok(book) => book,
        Err(err) => {
            report.file_problem(read_problem(err));
            return report;
        }
    };
    let names = book.sheet_names();
    let meta = read_meta(&mut book, &names);
    report.check_meta(&meta, programme, digest);
    if report.rejected {
        return report;
    }
    report.find_institution(&mut book, &names, &meta, programme);
    if report.rejected {
        return report;
    }
    let Some(name) = names
        .iter()
        .find(|n| fold_key(n) == fold_key(SHEET_REPORT))
        .cloned()
    else {
        report.file_problem(Problem::NoReportTable);
        return report;
    };
    let sheet = match book.sheet(&name) {
        Ok(sheet) => sheet,
        Err(err) => {
            report.file_problem(read_problem(err));
            return report;
        }
    };
    // The header is found by its labels, as in a contribution; columns are mapped by header.
    let header_keys: Vec<String> = REPORT_HEADERS.iter().map(|h| fold_key(h)).collect();
    let mut header = None;
    for row in sheet.rows().take_while(|row| *row < 20) {
        let mut at = [None; 12];
        for (col, data) in sheet.row(row) {
            if let Some(text) = cell_text(data) {
                let key = fold_key(text.trim_end_matches(['*', ':']));
                if let Some(i) = header_keys.iter().position(|k| *k == key) {
                    at[i].get_or_insert(col);
                }
            }
        }
        if at[usize::from(report_col::KEY)].is_some()
            && at[usize::from(report_col::VALUE)].is_some()
        {
            header = Some((row, at));
            break;
        }
    }
    let Some((header_row, at)) = header else {
        report.file_problem(Problem::NoReportTable);
        return report;
    };
    let institution = report.institution.clone().unwrap_or_default();
    let file_name = crate::merge::file_name(display);
    for row in sheet.rows().filter(|row| *row > header_row) {
        let get = |col: u16| at[usize::from(col)].map_or(&Data::Empty, |c| sheet.get(row, c));
        if sheet.row(row).all(|(_, data)| is_blank(data)) {
            continue;
        }
        let key = cell_text(get(report_col::KEY));
        let own = key
            .as_deref()
            .is_some_and(|k| lead_of.get(k).is_some_and(|lead| *lead == institution));
        if !own {
            let activity = cell_text(get(report_col::CODE)).unwrap_or_default();
            let indicator = cell_text(get(2)).unwrap_or_default();
            report.cell_problem(
                &name,
                (row, at[0].unwrap_or(0)),
                Problem::UnknownReportRow {
                    activity,
                    indicator,
                },
            );
            continue;
        }
        let mut ok = true;
        let value = report.number(
            &name,
            row,
            at[usize::from(report_col::VALUE)],
            get(report_col::VALUE),
            &mut ok,
        );
        let spent = report.number(
            &name,
            row,
            at[usize::from(report_col::SPENT)],
            get(report_col::SPENT),
            &mut ok,
        );
        let status = match cell_text(get(report_col::STATUS)) {
            None => None,
            Some(text) => match Status::from_text(&text) {
                Some(status) => Some(status),
                None => {
                    let col = at[usize::from(report_col::STATUS)].unwrap_or(report_col::STATUS);
                    report.cell_problem(&name, (row, col), Problem::UnknownStatus { value: text });
                    ok = false;
                    None
                }
            },
        };
        if ok && let Some(key) = key {
            report.rows.insert(
                key,
                Reported {
                    value,
                    status,
                    spent,
                    comment: cell_text(get(report_col::COMMENT)),
                    institution: institution.clone(),
                    file: file_name.clone(),
                },
            );
        }
    }
    report
}

/// `_meta` values with their cells, by key.
type Meta = HashMap<String, (String, (u32, u16))>;

fn is_blank(data: &Data) -> bool {
    match data {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

fn read_meta(book: &mut Source, names: &[String]) -> Option<Meta> {
    let name = names.iter().find(|n| n.as_str() == SHEET_META)?;
    let sheet = book.sheet(name).ok()?;
    let mut meta = HashMap::new();
    for row in sheet.rows() {
        if let (Some(k), Some(v)) = (cell_text(sheet.get(row, 0)), cell_text(sheet.get(row, 1))) {
            meta.insert(k, (v, (row, 1)));
        }
    }
    Some(meta)
}

impl ReportFile {
    fn push(&mut self, place: Option<Place>, problem: Problem) {
        if problem.rejects_file() {
            self.rejected = true;
        }
        self.findings.push(Finding {
            file: self.file.clone(),
            place,
            problem,
        });
    }

    fn file_problem(&mut self, problem: Problem) {
        self.push(None, problem);
    }

    fn cell_problem(&mut self, sheet: &str, cell: (u32, u16), problem: Problem) {
        self.push(
            Some(Place {
                sheet: sheet.to_string(),
                cell: Some(cell),
                row: Some(cell.0),
                column: None,
            }),
            problem,
        );
    }

    fn check_meta(&mut self, meta: &Option<Meta>, programme: &Programme, digest: &str) {
        let Some(meta) = meta else {
            return self.file_problem(Problem::MissingMeta);
        };
        let get = |k: &str| meta.get(k).cloned();
        match get("template_id") {
            Some((id, cell)) if id != REPORT_ID => {
                return self.cell_problem(
                    SHEET_META,
                    cell,
                    Problem::NotATemplate { template_id: id },
                );
            }
            None => return self.file_problem(Problem::MissingMeta),
            _ => {}
        }
        let expected = [
            ("municipality_code", programme.municipality_code.clone()),
            ("period_start", programme.period_start.to_string()),
            ("period_end", programme.period_end.to_string()),
        ];
        for (key, expected) in expected {
            if let Some((found, cell)) = get(key)
                && found != expected
            {
                self.cell_problem(
                    SHEET_META,
                    cell,
                    Problem::OtherProgramme {
                        key,
                        found,
                        expected,
                    },
                );
            }
        }
        if let Some((sha, cell)) = get("programme_sha256")
            && sha != digest
            && !self.rejected
        {
            self.cell_problem(SHEET_META, cell, Problem::ProgrammeChanged);
        }
    }

    fn find_institution(
        &mut self,
        book: &mut Source,
        names: &[String],
        meta: &Option<Meta>,
        programme: &Programme,
    ) {
        let matcher = Matcher::new(programme);
        // The Институция sheet says who reports; _meta says whom the report was made for.
        let from_sheet = names
            .iter()
            .find(|n| fold_key(n) == fold_key(SHEET_INSTITUTION))
            .and_then(|n| book.sheet(n).ok())
            .and_then(|sheet| {
                sheet
                    .rows()
                    .take_while(|r| *r < 50)
                    .find(|&r| {
                        cell_text(sheet.get(r, 0))
                            .is_some_and(|t| fold_key(&t) == fold_key("Институция"))
                    })
                    .and_then(|r| cell_text(sheet.get(r, 1)))
            });
        let from_meta = meta
            .as_ref()
            .and_then(|m| m.get("institution"))
            .map(|(v, _)| v.clone());
        let Some(name) = from_sheet.or(from_meta) else {
            return self.file_problem(Problem::MissingInstitution);
        };
        match matcher.find(&name) {
            Some(i) => self.institution = Some(programme.institutions[i].name.clone()),
            None => self.file_problem(Problem::UnknownInstitution { name }),
        }
    }

    fn number(
        &mut self,
        sheet: &str,
        row: u32,
        col: Option<u16>,
        data: &Data,
        ok: &mut bool,
    ) -> Option<f64> {
        let col = col?;
        match data {
            Data::Empty => None,
            Data::Float(v) => Some(*v),
            Data::Int(v) => Some(*v as f64),
            Data::String(text) if text.trim().is_empty() => None,
            Data::String(text) => match parse_number(text) {
                Some(number) => {
                    self.cell_problem(
                        sheet,
                        (row, col),
                        Problem::NumberAsText {
                            text: crate::normalise::text::clean(text),
                            value: crate::normalise::number::format_bg(number.value),
                        },
                    );
                    Some(number.value)
                }
                None => {
                    self.cell_problem(
                        sheet,
                        (row, col),
                        Problem::NotANumber {
                            text: crate::normalise::text::clean(text),
                        },
                    );
                    *ok = false;
                    None
                }
            },
            other => {
                let text = cell_text(other).unwrap_or_default();
                let problem = if matches!(other, Data::Error(_)) {
                    Problem::FormulaError { value: text }
                } else {
                    Problem::NotANumber { text }
                };
                self.cell_problem(sheet, (row, col), problem);
                *ok = false;
                None
            }
        }
    }
}

/// Achievement as a fraction (0.85 for 85 %): reported ÷ target, None when either is
/// missing or the target is 0 — blank, never zero.
pub fn achievement(value: Option<f64>, target: Option<f64>) -> Option<f64> {
    match (value, target) {
        (Some(v), Some(t)) if t != 0.0 => Some(v / t),
        _ => None,
    }
}

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
    let percent = Format::new().set_num_format("0.0%");
    let missing = Format::new()
        .set_italic()
        .set_font_color(Color::RGB(0x9C0006));
    // As many widths as headers: the type makes a missing one a compile error.
    let widths: [f64; IMPLEMENTATION_HEADERS.len()] = [
        8.0, 10.0, 10.0, 45.0, 40.0, 10.0, 11.0, 11.0, 11.0, 18.0, 12.0, 8.0, 30.0, 25.0, 25.0,
        10.0,
    ];
    for (col, (title, width)) in IMPLEMENTATION_HEADERS.iter().zip(widths).enumerate() {
        sheet.write_with_format(0, col as u16, *title, &header)?;
        sheet.set_column_width(col as u16, width)?;
    }
    for (index, (key, row)) in collected.rows.iter().enumerate() {
        let r = index as u32 + 1;
        let reported = collected.reported.get(key).filter(|r| r.counts());
        sheet.write(r, 0, row.priority)?;
        sheet.write(r, 1, row.goal.as_str())?;
        sheet.write(r, 2, row.activity_code.as_str())?;
        sheet.write(r, 3, row.activity.as_str())?;
        sheet.write(r, 4, row.indicator.as_str())?;
        if let Some(unit) = &row.unit {
            sheet.write(r, 5, unit.as_str())?;
        }
        if let Some(target) = row.target {
            sheet.write(r, 6, target)?;
        }
        sheet.write(r, 11, row.currency.code())?;
        sheet.write(r, 14, row.leads.join("; "))?;
        sheet.write(r, 15, key.as_str())?;
        match reported {
            Some(rep) => {
                if let Some(value) = rep.value {
                    sheet.write(r, 7, value)?;
                }
                if let Some(pct) = achievement(rep.value, row.target) {
                    sheet.write_number_with_format(r, 8, pct, &percent)?;
                }
                if let Some(status) = rep.status {
                    sheet.write(r, 9, status.label())?;
                }
                if let Some(spent) = rep.spent {
                    sheet.write(r, 10, spent)?;
                }
                if let Some(comment) = &rep.comment {
                    sheet.write(r, 12, comment.as_str())?;
                }
                sheet.write(r, 13, rep.institution.as_str())?;
            }
            None => {
                sheet.write_with_format(r, 9, NOT_REPORTED, &missing)?;
            }
        }
    }
    sheet.set_column_hidden(15)?;
    sheet.set_freeze_panes(1, 0)?;
    if !collected.rows.is_empty() {
        sheet.autofilter(0, 0, collected.rows.len() as u32, 15)?;
    }
    Ok(())
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
    let mut row = 0u32;
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
        let first = row + 1;
        for (label, tally) in &lines {
            row += 1;
            sheet.write(row, 0, label.as_str())?;
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
    let mut chart = Chart::new(ChartType::ColumnStacked);
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
    sheet.insert_chart(row, 0, &chart)?;
    Ok(())
}

fn write_missing(sheet: &mut Worksheet, collected: &Collected) -> Result<(), XlsxError> {
    sheet.set_name("Липсващи")?;
    let header = header_format();
    for (col, (title, width)) in [
        ("Водеща институция", 30.0),
        ("№ на дейност", 10.0),
        ("Дейност", 50.0),
        ("Индикатор", 45.0),
    ]
    .iter()
    .enumerate()
    {
        sheet.write_with_format(0, col as u16, *title, &header)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    let mut missing: Vec<(&str, &DataRow)> = collected
        .rows
        .iter()
        .filter(|(key, _)| !collected.reported.get(key).is_some_and(Reported::counts))
        .map(|(_, row)| (row.leads.first().map_or("", String::as_str), row))
        .collect();
    // Per institution, in programme order within each.
    missing.sort_by_key(|(lead, _)| *lead);
    for (index, (lead, row)) in missing.iter().enumerate() {
        let r = index as u32 + 1;
        sheet.write(r, 0, *lead)?;
        sheet.write(r, 1, row.activity_code.as_str())?;
        sheet.write(r, 2, row.activity.as_str())?;
        sheet.write(r, 3, row.indicator.as_str())?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn write_notes(sheet: &mut Worksheet, collected: &Collected, lang: Lang) -> Result<(), XlsxError> {
    sheet.set_name("Бележки")?;
    let header = header_format();
    for (col, (title, width)) in [
        ("Файл", 28.0),
        ("Клетка", 16.0),
        ("Вид", 14.0),
        ("Код", 24.0),
        ("Съобщение", 90.0),
    ]
    .iter()
    .enumerate()
    {
        sheet.write_with_format(0, col as u16, *title, &header)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for (index, finding) in collected.findings().enumerate() {
        let r = index as u32 + 1;
        let place = match (&finding.place, finding.cell_ref()) {
            (Some(p), Some(cell)) => format!("{}!{cell}", p.sheet),
            (Some(p), None) => p.sheet.clone(),
            (None, _) => whole_file(lang).to_string(),
        };
        sheet.write_with_format(r, 0, crate::merge::file_name(&finding.file), &wrap)?;
        sheet.write_with_format(r, 1, place, &wrap)?;
        sheet.write_with_format(r, 2, severity_word(finding.severity(), lang), &wrap)?;
        sheet.write_with_format(r, 3, finding.problem.code(), &wrap)?;
        sheet.write_with_format(r, 4, finding.message(lang), &wrap)?;
    }
    Ok(())
}

/// What an implementation report says about one indicator, for `export --report`.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The reported value.
    pub actual: Option<f64>,
    /// The status label, or "няма отчет".
    pub status: Option<String>,
}

/// Reads the `Изпълнение` sheet of an implementation report back, by row key.
///
/// # Errors
///
/// A [`crate::programme_workbook::DataError`] when the file is no implementation report.
pub fn read_outcomes(
    path: &std::path::Path,
    limits: Limits,
) -> Result<HashMap<String, Outcome>, crate::programme_workbook::DataError> {
    use crate::programme_workbook::DataError;
    let mut book = Source::open(path, limits).map_err(DataError::Read)?;
    if !book.sheet_names().iter().any(|n| n == SHEET_IMPLEMENTATION) {
        return Err(DataError::NotAProgramme);
    }
    let sheet = book.sheet(SHEET_IMPLEMENTATION).map_err(DataError::Read)?;
    let headers: Vec<String> = (0..16)
        .map(|c| cell_text(sheet.get(0, c)).unwrap_or_default())
        .collect();
    if headers != IMPLEMENTATION_HEADERS {
        return Err(DataError::NotAProgramme);
    }
    let mut outcomes = HashMap::new();
    for r in sheet.rows().filter(|r| *r >= 1) {
        let Some(key) = cell_text(sheet.get(r, impl_col::KEY)) else {
            continue;
        };
        let actual = match sheet.get(r, impl_col::ACTUAL) {
            Data::Float(v) => Some(*v),
            Data::Int(v) => Some(*v as f64),
            Data::Empty => None,
            _ => {
                return Err(DataError::BadCell {
                    row: r + 1,
                    header: IMPLEMENTATION_HEADERS[usize::from(impl_col::ACTUAL)].to_string(),
                });
            }
        };
        let status = cell_text(sheet.get(r, impl_col::STATUS));
        outcomes.insert(key, Outcome { actual, status });
    }
    Ok(outcomes)
}
