//! The three outputs of `zakrila import` (spec: import.md, "What it writes"): the
//! `programme.toml` with its comment block of what a person should look at, the rows of
//! each lead institution's pre-filled contribution (the workbook itself is
//! [`super::template::build_prefilled`]), and `import-report.xlsx`, which accounts for
//! every table row of the document.

use std::collections::HashMap;
use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, XlsxError};

use crate::catalogue::{ImportMsg, Lang, ReportWord};
use crate::model::import::{ImportedProgramme, NotPlaced, Place};
use crate::normalise::number::Currency;
use crate::normalise::text::cell_limit;

use super::print::{self, Page};
use super::template::{Prefilled, PrefilledRow, header_format, wrapped_row_height};

/// The placeholder municipality code written when none is given: of the right form, so
/// the config loads, and plainly not a real code.
pub const CODE_PLACEHOLDER: &str = "XXX00";

/// The config's text and the lines its priorities and goals are on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigText {
    /// The TOML.
    pub text: String,
    /// The 1-based line of each priority's `[[priority]]`.
    pub priority_lines: Vec<usize>,
    /// The 1-based line of each goal's `[[priority.goal]]`, by priority.
    pub goal_lines: Vec<Vec<usize>>,
}

/// The things a person should look at in the config, as sentences.
pub fn look_at(
    programme: &ImportedProgramme,
    code_given: bool,
    period_given: bool,
    lang: Lang,
) -> Vec<String> {
    let mut look = Vec::new();
    if !code_given {
        look.push(ImportMsg::LookCode.render(lang));
    }
    if programme.municipality.is_none() {
        look.push(ImportMsg::LookMunicipality.render(lang));
    }
    look.push(
        ImportMsg::LookPeriod {
            start: programme.period.0.format("%d.%m.%Y").to_string(),
            end: programme.period.1.format("%d.%m.%Y").to_string(),
            given: period_given,
        }
        .render(lang),
    );
    look.push(
        ImportMsg::LookInstitutions {
            count: programme.institutions.len(),
        }
        .render(lang),
    );
    for priority in &programme.priorities {
        if priority.made_up {
            look.push(
                ImportMsg::LookMadeUpPriority {
                    number: priority.number,
                }
                .render(lang),
            );
        }
        for goal in priority.goals.iter().filter(|g| g.made_up) {
            look.push(ImportMsg::LookMadeUpGoal { code: &goal.code }.render(lang));
        }
    }
    let no_indicator = programme
        .activities
        .iter()
        .filter(|a| a.indicators.is_empty())
        .count();
    if no_indicator > 0 {
        look.push(
            ImportMsg::LookNoIndicator {
                count: no_indicator,
            }
            .render(lang),
        );
    }
    let no_deadline = programme
        .activities
        .iter()
        .filter(|a| a.deadline_missing)
        .count();
    if no_deadline > 0 {
        look.push(ImportMsg::LookNoDeadline { count: no_deadline }.render(lang));
    }
    let (_, not_placed) = programme.accounting();
    if not_placed > 0 {
        look.push(ImportMsg::LookNotPlaced { count: not_placed }.render(lang));
    }
    look.push(ImportMsg::ConfigNothing.render(lang));
    look.push(crate::catalogue::DocumentMsg::LookText.render(lang));
    look.push(crate::catalogue::DocumentMsg::LookCouncil.render(lang));
    look
}

/// A TOML basic string.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The currency of a programme starting on `start`: the lev before the euro came on
/// 1 January 2026.
pub fn currency_for(start: NaiveDate) -> Currency {
    if start.year() < 2026 {
        Currency::Bgn
    } else {
        Currency::Eur
    }
}

/// The `programme.toml` of an imported programme.
///
/// # Examples
///
/// ```
/// use zakrila::{catalogue::Lang, read::{Limits, document::read_document}};
/// let bytes = std::fs::read("tests/fixtures/import/haskovo-2019.odt").unwrap();
/// let document = read_document(&bytes, Limits::default()).unwrap();
/// let programme = zakrila::import::read_programme(&document, None).unwrap();
/// let config = zakrila::write::imported::config_toml(&programme, Some("HKV34"), "хасково.odt", &[], Lang::Bg);
/// assert!(config.text.contains("municipality_code = \"HKV34\""));
/// assert!(config.text.contains("municipality = \"Хасково\""));
/// ```
pub fn config_toml(
    programme: &ImportedProgramme,
    municipality_code: Option<&str>,
    source: &str,
    look: &[String],
    lang: Lang,
) -> ConfigText {
    let mut lines: Vec<String> = Vec::new();
    lines.push(format!(
        "# {}",
        ImportMsg::ConfigHead { source }.render(lang)
    ));
    lines.push(format!("# {}", ImportMsg::ConfigReview.render(lang)));
    for item in look {
        lines.push(format!("#  - {}", item.replace('\n', " ")));
    }
    lines.push(String::new());
    lines.push("[programme]".into());
    lines.push(format!(
        "title = {}",
        quoted("Общинска програма за закрила на детето")
    ));
    let municipality = programme.municipality.as_deref().unwrap_or("?");
    lines.push(format!("municipality = {}", quoted(municipality)));
    lines.push(format!(
        "municipality_code = {}",
        quoted(municipality_code.unwrap_or(CODE_PLACEHOLDER))
    ));
    lines.push(format!(
        "period_start = {}",
        programme.period.0.format("%Y-%m-%d")
    ));
    lines.push(format!(
        "period_end = {}",
        programme.period.1.format("%Y-%m-%d")
    ));
    lines.push(format!(
        "currency = {}",
        quoted(currency_for(programme.period.0).code())
    ));
    let mut priority_lines = Vec::new();
    let mut goal_lines = Vec::new();
    for priority in &programme.priorities {
        lines.push(String::new());
        lines.push("[[priority]]".into());
        priority_lines.push(lines.len());
        lines.push(format!("number = {}", priority.number));
        let title = if priority.title.is_empty() {
            format!("Приоритет {}", priority.number)
        } else {
            priority.title.clone()
        };
        lines.push(format!("title = {}", quoted(&title)));
        let mut goals = Vec::new();
        for goal in &priority.goals {
            lines.push(String::new());
            lines.push("[[priority.goal]]".into());
            goals.push(lines.len());
            lines.push(format!("code = {}", quoted(&goal.code)));
            let title = if goal.title.is_empty() {
                format!("Цел {}", goal.code)
            } else {
                goal.title.clone()
            };
            lines.push(format!("title = {}", quoted(&title)));
        }
        goal_lines.push(goals);
    }
    for institution in &programme.institutions {
        lines.push(String::new());
        lines.push("[[institution]]".into());
        lines.push(format!("name = {}", quoted(&institution.name)));
        if !institution.aliases.is_empty() {
            let aliases: Vec<String> = institution.aliases.iter().map(|a| quoted(a)).collect();
            lines.push(format!("aliases = [{}]", aliases.join(", ")));
        }
    }
    let mut text = lines.join("\n");
    text.push('\n');
    ConfigText {
        text,
        priority_lines,
        goal_lines,
    }
}

/// A file name for an institution's contribution: its name without the characters file
/// systems refuse, and ".xlsx".
///
/// # Examples
///
/// ```
/// use zakrila::write::imported::file_name;
/// assert_eq!(file_name("РУО – Русе"), "РУО – Русе.xlsx");
/// assert_eq!(file_name("ОДЦКИ / ОМЦ: \"Русе\""), "ОДЦКИ - ОМЦ- -Русе-.xlsx");
/// ```
pub fn file_name(institution: &str) -> String {
    let name: String = institution
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '-',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let name = name.trim().trim_matches('.').trim();
    let name: String = name.chars().take(120).collect();
    let name = if name.is_empty() {
        "институция".to_string()
    } else {
        name
    };
    format!("{name}.xlsx")
}

/// One contribution: its file name, the lead institution and its rows.
#[derive(Clone, Debug, PartialEq)]
pub struct ContributionRows {
    /// The file name.
    pub file: String,
    /// The institution, as `Институция` names it.
    pub institution: String,
    /// The rows of `Дейности`.
    pub rows: Vec<PrefilledRow>,
}

/// Where each activity went: (contribution index, first row, last row), rows 1-based as
/// the spreadsheet numbers them.
pub type ActivityRows = Vec<Option<(usize, u32, u32)>>;

/// The contributions: one per lead institution, in institution order, its activities in
/// document order, one row per indicator.
pub fn contributions(
    programme: &ImportedProgramme,
    lang: Lang,
) -> (Vec<ContributionRows>, ActivityRows) {
    let mut files: Vec<ContributionRows> = Vec::new();
    let mut placed: ActivityRows = vec![None; programme.activities.len()];
    let mut used: HashMap<String, usize> = HashMap::new();
    for (index, institution) in programme.institutions.iter().enumerate() {
        let activities: Vec<usize> = programme
            .activities
            .iter()
            .enumerate()
            .filter(|(_, a)| a.lead == Some(index))
            .map(|(i, _)| i)
            .collect();
        if activities.is_empty() {
            continue;
        }
        let mut file = file_name(&institution.name);
        let key = file.to_lowercase();
        let seen = used.entry(key).or_insert(0);
        *seen += 1;
        if *seen > 1 {
            file = format!("{} ({}).xlsx", file.trim_end_matches(".xlsx"), seen);
        }
        let mut rows = Vec::new();
        for a in activities {
            let first = rows.len() as u32 + 2;
            rows.extend(activity_rows(programme, a, lang));
            placed[a] = Some((files.len(), first, rows.len() as u32 + 1));
        }
        files.push(ContributionRows {
            file,
            institution: institution.name.clone(),
            rows,
        });
    }
    (files, placed)
}

fn text(value: impl Into<String>) -> Option<Prefilled> {
    let value = value.into();
    (!value.trim().is_empty()).then_some(Prefilled::Text(value))
}

fn activity_rows(programme: &ImportedProgramme, index: usize, lang: Lang) -> Vec<PrefilledRow> {
    let activity = &programme.activities[index];
    let priority = &programme.priorities[activity.priority];
    let goal = &priority.goals[activity.goal];
    let mut notes = Vec::new();
    if let Some(old) = &activity.old_deadline {
        notes.push(ImportMsg::NoteOldDeadline { text: old }.render(lang));
    }
    if let Some(code) = activity.old_code.as_deref().filter(|c| *c != activity.code) {
        notes.push(ImportMsg::NoteOldCode { code }.render(lang));
    }
    // Without an indicator in the document, one row with the indicator left for the
    // institution to fill (`indicator-to-fill` when validated).
    type Values = (String, Option<f64>, Option<f64>, Option<String>);
    let indicators: Vec<Values> = if activity.indicators.is_empty() {
        vec![(String::new(), None, None, None)]
    } else {
        activity
            .indicators
            .iter()
            .map(|i| (i.text.clone(), i.baseline, i.target, i.unit.clone()))
            .collect()
    };
    let name = |i: usize| programme.institutions[i].name.clone();
    let mut rows = Vec::new();
    for (n, (indicator, baseline, target, unit)) in indicators.into_iter().enumerate() {
        let mut row: PrefilledRow = Default::default();
        row[6] = text(indicator);
        row[7] = unit.and_then(text);
        row[8] = baseline.map(Prefilled::Number);
        row[9] = target.map(Prefilled::Number);
        if n == 0 {
            row[0] = text(priority.number.to_string());
            row[1] = text(goal.code.clone());
            row[2] = text(activity.code.clone());
            row[3] = text(activity.text.clone());
            row[4] = text(activity.deadline.clone());
            row[5] = activity.expected_result.clone().and_then(text);
            if let Some((amount, currency)) = activity.amount {
                row[10] = Some(Prefilled::Number(amount));
                row[11] = currency.and_then(|c| text(c.code()));
            }
            row[12] = activity.funding_source.clone().and_then(text);
            row[13] = activity
                .budget_text
                .clone()
                .filter(|b| Some(b) != activity.funding_source.as_ref())
                .and_then(text);
            row[14] = activity.lead.map(name).and_then(text);
            let partners: Vec<String> = activity
                .partners
                .iter()
                .map(|p| name(*p))
                .chain(activity.partner_words.iter().cloned())
                .collect();
            row[15] = text(partners.join("; "));
            row[16] = text(notes.join(" "));
        }
        rows.push(row);
    }
    rows
}

/// `import-report.xlsx`: `Обобщение` (the counts), `Редове` (every table row and where it
/// went) and `За преглед` (what a person should look at).
///
/// # Errors
///
/// Only when rust_xlsxwriter rejects something, which would be a bug.
#[allow(clippy::too_many_arguments)]
pub fn report(
    programme: &ImportedProgramme,
    source: &str,
    config: &ConfigText,
    files: &[ContributionRows],
    placed: &ActivityRows,
    look: &[String],
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let word = |w: ReportWord| ImportMsg::Report(w).render(lang);
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(word(ReportWord::SheetRows))
            .set_author("zakrila")
            .set_creation_datetime(&created),
    );
    let header = header_format();
    let top = Format::new().set_align(FormatAlign::Top);
    let wrap = top.clone().set_text_wrap();

    // Summary.
    let (placed_rows, not_placed) = programme.accounting();
    let sheet = workbook.add_worksheet();
    sheet.set_name(word(ReportWord::SheetSummary))?;
    sheet.set_column_width(0, 32)?;
    sheet.set_column_width(1, 40)?;
    let period = format!(
        "{} – {}",
        programme.period.0.format("%d.%m.%Y"),
        programme.period.1.format("%d.%m.%Y")
    );
    let counts: [(ReportWord, String); 11] = [
        (ReportWord::Document, source.to_string()),
        (ReportWord::Period, period),
        (ReportWord::Rows, programme.rows.len().to_string()),
        (ReportWord::Placed, placed_rows.to_string()),
        (ReportWord::NotPlaced, not_placed.to_string()),
        (
            ReportWord::Priorities,
            programme.priorities.len().to_string(),
        ),
        (ReportWord::Goals, programme.goal_count().to_string()),
        (
            ReportWord::Activities,
            programme.activities.len().to_string(),
        ),
        (
            ReportWord::Indicators,
            programme.indicators_read.to_string(),
        ),
        (
            ReportWord::Institutions,
            programme.institutions.len().to_string(),
        ),
        (ReportWord::Contributions, files.len().to_string()),
    ];
    for (r, (label, value)) in counts.iter().enumerate() {
        sheet.write_with_format(r as u32, 0, word(*label), &header)?;
        match value.parse::<f64>() {
            Ok(number) if !matches!(label, ReportWord::Document | ReportWord::Period) => {
                sheet.write_number(r as u32, 1, number)?;
            }
            _ => {
                sheet.write_with_format(r as u32, 1, value, &wrap)?;
            }
        }
    }
    print::set_up(
        sheet,
        Page {
            landscape: false,
            repeat: None,
            last: (counts.len() as u32 - 1, 1),
            gridlines: false,
        },
    )?;

    // Every row.
    let sheet = workbook.add_worksheet();
    sheet.set_name(word(ReportWord::SheetRows))?;
    let headers = [
        (ReportWord::Table, 9.0),
        (ReportWord::Row, 7.0),
        (ReportWord::Kind, 22.0),
        (ReportWord::Where, 40.0),
        (ReportWord::Reason, 50.0),
        (ReportWord::Text, 80.0),
    ];
    for (c, (label, width)) in headers.iter().enumerate() {
        sheet.write_with_format(0, c as u16, word(*label), &header)?;
        sheet.set_column_width(c as u16, *width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (i, account) in programme.rows.iter().enumerate() {
        let r = i as u32 + 1;
        let (kind, place, reason) = match &account.place {
            Place::Header => (ReportWord::KindHeader, word(ReportWord::WhereNothing), None),
            Place::Empty => (ReportWord::KindEmpty, word(ReportWord::WhereNothing), None),
            Place::Priority(p) => (
                ReportWord::KindPriority,
                ImportMsg::AtConfigLine {
                    line: config.priority_lines[*p],
                }
                .render(lang),
                None,
            ),
            Place::Goal(p, g) => (
                ReportWord::KindGoal,
                ImportMsg::AtConfigLine {
                    line: config.goal_lines[*p][*g],
                }
                .render(lang),
                None,
            ),
            Place::Activities(list) => (
                ReportWord::KindActivities,
                where_rows(list, files, placed, lang),
                None,
            ),
            Place::Continuation(list) => (
                ReportWord::KindContinuation,
                where_rows(list, files, placed, lang),
                None,
            ),
            Place::NotPlaced(why) => (
                ReportWord::KindNotPlaced,
                String::new(),
                Some(match why {
                    NotPlaced::NoActivity => ReportWord::ReasonNoActivity,
                    NotPlaced::NoInstitution => ReportWord::ReasonNoInstitution,
                    NotPlaced::NotProgrammeTable => ReportWord::ReasonNotProgrammeTable,
                }),
            ),
        };
        sheet.write_number_with_format(r, 0, account.table as f64, &top)?;
        sheet.write_number_with_format(r, 1, account.row as f64, &top)?;
        sheet.write_with_format(r, 2, word(kind), &wrap)?;
        sheet.write_with_format(r, 3, place.as_str(), &wrap)?;
        if let Some(reason) = reason {
            sheet.write_with_format(r, 4, word(reason), &wrap)?;
        }
        let text = cell_limit(&account.text);
        sheet.write_with_format(r, 5, text.as_ref(), &wrap)?;
        let texts = [(place.as_str(), 40.0), (text.as_ref(), 80.0)];
        if let Some(height) = wrapped_row_height(&texts) {
            sheet.set_row_height(r, height.min(409.0))?;
        }
    }
    sheet.autofilter(0, 0, programme.rows.len() as u32, headers.len() as u16 - 1)?;
    print::set_up(
        sheet,
        Page::table(programme.rows.len().max(1) as u32, headers.len() as u16 - 1),
    )?;

    // What to look at.
    let sheet = workbook.add_worksheet();
    sheet.set_name(word(ReportWord::SheetLook))?;
    sheet.set_column_width(0, 120)?;
    for (r, item) in look.iter().enumerate() {
        sheet.write_with_format(r as u32, 0, item, &wrap)?;
        if let Some(height) = wrapped_row_height(&[(item, 120.0)]) {
            sheet.set_row_height(r as u32, height.min(409.0))?;
        }
    }
    print::set_up(
        sheet,
        Page {
            landscape: true,
            repeat: None,
            last: (look.len().max(1) as u32 - 1, 0),
            gridlines: false,
        },
    )?;

    // Says what the file is, so that `validate` of the folder it is written in recognises it.
    let sheet = workbook.add_worksheet();
    sheet.set_name(crate::contract::template::SHEET_META)?;
    sheet.set_very_hidden(true);
    sheet.write(0, 0, "template_id")?;
    sheet.write(0, 1, crate::contract::template::IMPORT_REPORT_ID)?;
    workbook.save_to_buffer()
}

fn where_rows(
    list: &[usize],
    files: &[ContributionRows],
    placed: &ActivityRows,
    lang: Lang,
) -> String {
    list.iter()
        .filter_map(|a| placed.get(*a).copied().flatten())
        .map(|(file, first, last)| {
            ImportMsg::AtRows {
                file: &files[file].file,
                first,
                last,
            }
            .render(lang)
        })
        .collect::<Vec<_>>()
        .join("; ")
}
