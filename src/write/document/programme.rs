//! The programme document the council adopts (spec: documents.md): the mayor's proposal
//! when `[council]` is set, the title block, `programme.md`'s sections, and at `[таблица]`
//! the programme table on landscape pages — a row across the table for each priority, the
//! goal's cell merged down over its activities, the header repeated on every page.

use crate::config::{Council, Programme};
use crate::contract::document::{
    ACTIVITY_HEADER, PROGRAMME_COLUMNS, RESULT_HEADER, adopted_line, currency_word,
    municipality_line, period_text, proposal,
};
use crate::contract::programme_text::{ProgrammeText, TextBlock};
use crate::model::programme_rows::DataRow;
use crate::normalise::number::format_bg;
use crate::normalise::text::{clean, fold_key};

use super::layout::{self, fits_on_page};
use super::ooxml::{Align, Block, Cell, Docx, Merge, Paragraph, Row, Run, Section, Style, Table};

/// The programme document of a merged programme: `rows` are its `Данни`, `text` is
/// `programme.md` with its placeholders filled and the table's place marked.
pub fn build(programme: &Programme, rows: &[DataRow], text: &ProgrammeText) -> Docx {
    let mut blocks = Vec::new();
    if let Some(council) = &programme.council {
        blocks.extend(proposal_blocks(programme, council));
        blocks.push(Block::SectionEnd(Section::Portrait));
    }
    blocks.extend(title_block(programme));
    let mut table_written = false;
    let mut after_table = false;
    for block in &text.blocks {
        if table_written && !after_table && *block != TextBlock::Table {
            // The text after the table goes back to portrait pages.
            blocks.push(Block::SectionEnd(Section::Landscape));
            after_table = true;
        }
        match block {
            TextBlock::Heading { level, text } => {
                let style = if *level <= 1 {
                    Style::Heading1
                } else {
                    Style::Heading2
                };
                blocks.push(Block::Paragraph(Paragraph::new(style, text.clone())));
            }
            TextBlock::Paragraph(text) => {
                blocks.push(Block::Paragraph(Paragraph::new(Style::Body, text.clone())));
            }
            TextBlock::Table if !table_written => {
                // The heading right above the table goes onto its first landscape page.
                let heading = match blocks.last() {
                    Some(Block::Paragraph(p))
                        if matches!(p.style, Style::Heading1 | Style::Heading2) =>
                    {
                        blocks.pop()
                    }
                    _ => None,
                };
                blocks.push(Block::SectionEnd(Section::Portrait));
                // LibreOffice lays a table that starts a section out on the section before's
                // pages: a paragraph (the heading, or an empty one) goes first.
                blocks.push(
                    heading.unwrap_or_else(|| Block::Paragraph(Paragraph::new(Style::Plain, ""))),
                );
                blocks.push(Block::Table(programme_table(programme, rows)));
                table_written = true;
            }
            // Only the first mark gets the table (`document` says so).
            TextBlock::Table => {}
        }
    }
    Docx {
        title: format!("{} – {}", programme.title, programme.municipality),
        blocks,
        last_section: if table_written && !after_table {
            Section::Landscape
        } else {
            Section::Portrait
        },
    }
}

/// ОБЩИНА …, the programme's title, its period and the line the council fills in.
fn title_block(programme: &Programme) -> Vec<Block> {
    let period = period_text(programme.period_start, programme.period_end);
    vec![
        Block::Paragraph(Paragraph {
            runs: vec![Run {
                text: municipality_line(&programme.municipality),
                bold: true,
                spacing: Some(60),
                ..Run::default()
            }],
            ..Paragraph::new(Style::Title, "")
        }),
        Block::Paragraph(Paragraph {
            space_before: Some(480),
            ..Paragraph::new(Style::Title, programme.title.to_uppercase())
        }),
        Block::Paragraph(Paragraph::new(Style::Title, period)),
        Block::Paragraph(Paragraph {
            space_before: Some(240),
            ..Paragraph::new(Style::Plain, adopted_line(&programme.municipality))
                .aligned(Align::Center)
        }),
    ]
}

/// The mayor's proposal with the draft decision, as seed 000 has it.
fn proposal_blocks(programme: &Programme, council: &Council) -> Vec<Block> {
    let municipality = &programme.municipality;
    let period = period_text(programme.period_start, programme.period_end);
    let meeting = council
        .commission_meeting
        .map(|d| d.format("%d.%m.%Y").to_string());
    let mut blocks = Vec::new();
    let mut push = |p: Paragraph| blocks.push(Block::Paragraph(p));
    for line in proposal::addressee(municipality) {
        push(Paragraph::new(Style::Plain, line).bold());
    }
    push(Paragraph {
        space_before: Some(720),
        runs: vec![Run {
            text: proposal::HEADING.into(),
            bold: true,
            spacing: Some(80),
            ..Run::default()
        }],
        ..Paragraph::new(Style::Title, "")
    });
    push(Paragraph::new(Style::Plain, proposal::from(&council.mayor)).aligned(Align::Center));
    push(Paragraph::new(Style::Plain, council.mayor_title.clone()).aligned(Align::Center));
    let (label, subject) = proposal::subject(&programme.title, &period);
    push(Paragraph {
        space_before: Some(480),
        runs: vec![
            Run {
                text: label.into(),
                bold: true,
                ..Run::default()
            },
            Run::new(subject),
        ],
        ..Paragraph::new(Style::Body, "")
    });
    push(Paragraph {
        space_before: Some(240),
        ..Paragraph::new(Style::Plain, proposal::SALUTATION).bold()
    });
    let mut reasons = proposal::reasons(municipality, meeting.as_deref());
    reasons.extend(council.proposal_basis.clone());
    reasons.push(proposal::therefore(municipality));
    for reason in reasons {
        push(Paragraph::new(Style::Body, reason));
    }
    push(Paragraph::new(Style::Title, proposal::DECISION));
    push(Paragraph::new(
        Style::Body,
        proposal::decision_basis(municipality),
    ));
    push(Paragraph::new(
        Style::Body,
        proposal::decision(&programme.title, &period, municipality),
    ));
    push(Paragraph {
        space_before: Some(720),
        ..Paragraph::new(Style::Plain, proposal::SUBMITTED_BY).bold()
    });
    push(Paragraph {
        space_before: Some(480),
        ..Paragraph::new(Style::Plain, council.mayor.to_uppercase()).bold()
    });
    push(Paragraph::new(Style::Plain, council.mayor_title.clone()));
    blocks
}

/// One activity of the table, gathered from its `Данни` rows (one per indicator of each
/// institution's submitted activity).
#[derive(Debug, Default)]
struct ActivityCells {
    code: String,
    goal: String,
    priority: u32,
    text: String,
    deadlines: Vec<String>,
    results: Vec<String>,
    indicators: Vec<String>,
    budgets: Vec<String>,
    leads: Vec<String>,
    partners: Vec<String>,
}

fn push_new(list: &mut Vec<String>, value: &str) {
    let value = clean(value);
    if !value.is_empty() && !list.contains(&value) {
        list.push(value);
    }
}

/// The activities in programme order, each with its cells' texts.
fn activities(rows: &[DataRow]) -> Vec<ActivityCells> {
    let mut out: Vec<ActivityCells> = Vec::new();
    // The file of the submitted activity being gathered, and whether its budget is written.
    let mut part: Option<(String, bool)> = None;
    let mut budget_lines: Vec<String> = Vec::new();
    let flush = |activity: &mut ActivityCells, lines: &mut Vec<String>| {
        if !lines.is_empty() {
            push_new(&mut activity.budgets, &lines.join("\n"));
            lines.clear();
        }
    };
    for row in rows {
        let new_activity = out
            .last()
            .is_none_or(|a| a.code != row.activity_code || a.goal != row.goal);
        if new_activity {
            if let Some(last) = out.last_mut() {
                flush(last, &mut budget_lines);
            }
            out.push(ActivityCells {
                code: row.activity_code.clone(),
                goal: row.goal.clone(),
                priority: row.priority,
                text: row.activity.clone(),
                ..ActivityCells::default()
            });
            part = None;
        }
        let Some(activity) = out.last_mut() else {
            continue;
        };
        push_new(&mut activity.deadlines, &row.deadline);
        if let Some(result) = &row.expected_result {
            push_new(&mut activity.results, result);
        }
        // An indicator left for the institution to fill (a document without indicators,
        // imported) has no line.
        if !row.indicator.trim().is_empty() {
            activity.indicators.push(indicator_line(row));
        }
        // A submitted activity's budget is on its first indicator row: a row with an
        // amount, or from another file, starts the next institution's part.
        let starts_part = match &part {
            None => true,
            Some((file, has_amount)) => *file != row.file || (*has_amount && row.budget.is_some()),
        };
        if starts_part {
            flush(activity, &mut budget_lines);
            budget_lines = budget_of(row);
            part = Some((row.file.clone(), row.budget.is_some()));
        }
        for lead in &row.leads {
            push_new(&mut activity.leads, lead);
        }
        for partner in &row.partners {
            push_new(&mut activity.partners, partner);
        }
    }
    if let Some(last) = out.last_mut() {
        flush(last, &mut budget_lines);
    }
    for activity in &mut out {
        let leads = activity.leads.clone();
        activity.partners.retain(|p| !leads.contains(p));
    }
    out
}

/// „• Брой деца: 10 → 20 %“: the indicator, its current and target values, and its unit
/// when it is not „брой“.
fn indicator_line(row: &DataRow) -> String {
    let unit = row
        .unit
        .as_deref()
        .filter(|u| fold_key(u) != "брой")
        .map(|u| format!(" {u}"))
        .unwrap_or_default();
    let values = match (row.baseline, row.target) {
        (Some(b), Some(t)) => format!(": {} → {}{unit}", format_bg(b), format_bg(t)),
        (None, Some(t)) => format!(": → {}{unit}", format_bg(t)),
        (Some(b), None) => format!(": {}{unit} →", format_bg(b)),
        (None, None) => String::new(),
    };
    format!("• {}{values}", clean(&row.indicator).replace('\n', " "))
}

/// The budget cell's lines for a submitted activity: the amount, the funding source, the
/// note, each on a line of its own.
fn budget_of(row: &DataRow) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(amount) = row.budget {
        lines.push(format!(
            "{} {}",
            format_bg(amount),
            currency_word(row.currency)
        ));
    }
    lines.extend(row.funding_source.clone());
    lines.extend(row.funding_note.clone());
    lines
}

fn cell_paragraphs(text: &str, style: Style) -> Vec<Paragraph> {
    clean(text)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| Paragraph::new(style, line))
        .collect()
}

fn text_cell(lines: &[String]) -> Cell {
    Cell::of(cell_paragraphs(&lines.join("\n"), Style::TableText))
}

/// The table's columns: all of [`PROGRAMME_COLUMNS`], or without the expected results
/// (their width going to the activity) when no activity has one.
fn columns(with_results: bool) -> Vec<(&'static str, u32)> {
    if with_results {
        return PROGRAMME_COLUMNS.to_vec();
    }
    let freed: u32 = PROGRAMME_COLUMNS
        .iter()
        .filter(|(h, _)| *h == RESULT_HEADER)
        .map(|(_, w)| w)
        .sum();
    PROGRAMME_COLUMNS
        .iter()
        .filter(|(h, _)| *h != RESULT_HEADER)
        .map(|&(h, w)| (h, if h == ACTIVITY_HEADER { w + freed } else { w }))
        .collect()
}

/// A deadline with a no-break space before each „г.“, so that „2025 г.“ never breaks in a
/// narrow column (the import reads the space back as a space).
fn unbroken_years(deadline: &str) -> String {
    deadline.replace(" г.", "\u{a0}г.")
}

/// The programme table.
fn programme_table(programme: &Programme, rows: &[DataRow]) -> Table {
    let activities = activities(rows);
    let with_results = activities.iter().any(|a| !a.results.is_empty());
    let columns = columns(with_results);
    let widths: Vec<u32> = columns.iter().map(|(_, w)| *w).collect();
    let mut table_rows = vec![layout::header_row(&columns)];
    for priority in &programme.priorities {
        let of_priority: Vec<&ActivityCells> = activities
            .iter()
            .filter(|a| a.priority == priority.number)
            .collect();
        if of_priority.is_empty() {
            continue;
        }
        table_rows.push(layout::priority_row(priority, widths.len()));
        for goal in &priority.goals {
            let of_goal: Vec<&&ActivityCells> =
                of_priority.iter().filter(|a| a.goal == goal.code).collect();
            for (index, activity) in of_goal.iter().enumerate() {
                let goal_cell = if index == 0 {
                    Cell {
                        merge: if of_goal.len() > 1 {
                            Merge::Start
                        } else {
                            Merge::None
                        },
                        ..Cell::of(vec![Paragraph::new(Style::TableText, goal.label()).bold()])
                    }
                } else {
                    Cell {
                        merge: Merge::Continue,
                        ..Cell::of(Vec::new())
                    }
                };
                let deadlines: Vec<String> = activity
                    .deadlines
                    .iter()
                    .map(|d| unbroken_years(d))
                    .collect();
                let mut cells = vec![
                    goal_cell,
                    Cell::of(cell_paragraphs(
                        &format!("{}. {}", activity.code, activity.text),
                        Style::TableText,
                    )),
                    text_cell(&deadlines),
                ];
                if with_results {
                    cells.push(text_cell(&activity.results));
                }
                cells.extend([
                    text_cell(&activity.indicators),
                    text_cell(&activity.budgets),
                    text_cell(&activity.leads),
                    text_cell(&activity.partners),
                ]);
                let keep_together = fits_on_page(&cells, &widths, Section::Landscape);
                table_rows.push(Row {
                    cells,
                    header: false,
                    keep_together,
                });
            }
        }
    }
    Table {
        widths,
        rows: table_rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(code: &str, indicator: &str, file: &str, budget: Option<f64>) -> DataRow {
        let date = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        DataRow {
            priority: 1,
            goal: "1.1".into(),
            activity_code: code.into(),
            activity: "Дейност".into(),
            deadline: "2025 г.".into(),
            expected_result: None,
            indicator: indicator.into(),
            unit: Some("%".into()),
            baseline: Some(10.0),
            target: Some(20.5),
            budget,
            currency: crate::config::Currency::Bgn,
            funding_source: Some("Общински бюджет".into()),
            funding_note: None,
            leads: vec![file.to_uppercase()],
            partners: vec!["НПО".into(), file.to_uppercase()],
            note: None,
            start: date,
            end: date,
            budget_eur: None,
            submitted_by: file.into(),
            file: file.into(),
            row: 2,
            original_code: None,
        }
    }

    #[test]
    fn an_activity_sent_by_two_institutions_keeps_both_budgets_and_leads() {
        let rows = [
            row("1.1.1", "Брой деца", "а", Some(1200.0)),
            row("1.1.1", "Брой срещи", "а", None),
            row("1.1.1", "Брой деца", "б", Some(300.0)),
            row("1.1.2", "Дял", "б", None),
        ];
        let activities = activities(&rows);
        assert_eq!(activities.len(), 2);
        let first = &activities[0];
        assert_eq!(first.indicators[0], "• Брой деца: 10 → 20,5 %");
        assert_eq!(
            first.budgets,
            ["1 200 лв.\nОбщински бюджет", "300 лв.\nОбщински бюджет"]
        );
        assert_eq!(first.leads, ["А", "Б"]);
        assert_eq!(first.partners, ["НПО"]);
        assert_eq!(activities[1].budgets, ["Общински бюджет"]);
    }
}
