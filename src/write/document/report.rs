//! The report document the council hears a year later (spec: documents.md, "The report
//! document"): a summary per priority, the institutions that did not report, and per
//! activity its indicators' target and reported values, what was reached in words
//! („изпълнено“, „частично“, „неизпълнено“, „няма отчет“) and the institution's notes.

use std::collections::BTreeMap;

use crate::config::Programme;
use crate::contract::document::report::{self as words, ACTIVITY_COLUMNS, SUMMARY_COLUMNS};
use crate::contract::document::{currency_word, municipality_line, period_text};
use crate::contract::reporting::Status;
use crate::model::reporting::{ReportRow, achievement};
use crate::normalise::number::format_bg;
use crate::normalise::text::{clean, fold_key};

use super::layout::{self, fits_on_page};
use super::ooxml::{Block, Cell, Docx, Merge, Paragraph, Row, Run, Section, Style, Table};

/// What an indicator, or an activity, reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reached {
    /// All of it.
    Done,
    /// Part of it.
    Partly,
    /// None of it.
    NotDone,
    /// Nobody reported it.
    NotReported,
}

impl Reached {
    /// The word the document uses.
    pub fn word(self) -> &'static str {
        match self {
            Reached::Done => words::DONE,
            Reached::Partly => words::PARTLY,
            Reached::NotDone => words::NOT_DONE,
            Reached::NotReported => words::NOT_REPORTED,
        }
    }

    /// What one indicator reached: the status the institution chose when it chose one,
    /// otherwise the reported value against the target.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::contract::reporting::Status;
    /// use zakrila::write::document::report::Reached;
    /// assert_eq!(Reached::of_indicator(Some(18.0), Some(20.0), None), Reached::Partly);
    /// assert_eq!(Reached::of_indicator(Some(25.0), Some(20.0), None), Reached::Done);
    /// assert_eq!(Reached::of_indicator(Some(5.0), Some(20.0), Some(Status::Done)), Reached::Done);
    /// assert_eq!(Reached::of_indicator(None, Some(20.0), Some(Status::Dropped)), Reached::NotDone);
    /// assert_eq!(Reached::of_indicator(None, Some(20.0), None), Reached::NotReported);
    /// ```
    pub fn of_indicator(
        actual: Option<f64>,
        target: Option<f64>,
        status: Option<Status>,
    ) -> Reached {
        match status {
            Some(Status::Done) => return Reached::Done,
            Some(Status::Partly | Status::InProgress) => return Reached::Partly,
            Some(Status::NotDone | Status::Dropped) => return Reached::NotDone,
            None => {}
        }
        match (actual, target) {
            (None, _) => Reached::NotReported,
            (Some(v), Some(t)) if t > 0.0 && v >= t => Reached::Done,
            (Some(v), Some(t)) if t > 0.0 && v > 0.0 => Reached::Partly,
            (Some(v), _) if v > 0.0 => Reached::Done,
            (Some(_), _) => Reached::NotDone,
        }
    }

    /// What an activity reached from its indicators: done when every one is, not done when
    /// none is even partly, not reported when none was, partly otherwise.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::write::document::report::Reached::{self, *};
    /// assert_eq!(Reached::of_activity(&[Done, Done]), Done);
    /// assert_eq!(Reached::of_activity(&[Done, NotReported]), Partly);
    /// assert_eq!(Reached::of_activity(&[NotDone, NotReported]), NotDone);
    /// assert_eq!(Reached::of_activity(&[NotReported]), NotReported);
    /// ```
    pub fn of_activity(indicators: &[Reached]) -> Reached {
        if indicators.iter().all(|r| *r == Reached::NotReported) {
            Reached::NotReported
        } else if indicators.iter().all(|r| *r == Reached::Done) {
            Reached::Done
        } else if indicators
            .iter()
            .all(|r| matches!(r, Reached::NotDone | Reached::NotReported))
        {
            Reached::NotDone
        } else {
            Reached::Partly
        }
    }
}

/// One activity of the report with what it reached.
#[derive(Clone, Debug)]
pub struct ActivityReport<'a> {
    /// Its rows, one per indicator.
    pub rows: Vec<&'a ReportRow>,
    /// What it reached.
    pub reached: Reached,
}

/// The report's activities in the order of `Изпълнение`.
pub fn activities(rows: &[ReportRow]) -> Vec<ActivityReport<'_>> {
    let mut out: Vec<ActivityReport<'_>> = Vec::new();
    for row in rows {
        match out.last_mut() {
            Some(last)
                if last.rows[0].activity_code == row.activity_code
                    && last.rows[0].goal == row.goal =>
            {
                last.rows.push(row);
            }
            _ => out.push(ActivityReport {
                rows: vec![row],
                reached: Reached::NotReported,
            }),
        }
    }
    for activity in &mut out {
        let states: Vec<Reached> = activity
            .rows
            .iter()
            .map(|r| Reached::of_indicator(r.actual, r.target, r.status))
            .collect();
        activity.reached = Reached::of_activity(&states);
    }
    out
}

/// The counts of a priority's line in the summary.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Tally {
    activities: usize,
    reached: [usize; 4],
    indicators: usize,
    reported: usize,
    achievement_sum: f64,
    achievement_count: usize,
}

impl Tally {
    fn add(&mut self, activity: &ActivityReport<'_>) {
        self.activities += 1;
        self.reached[activity.reached as usize] += 1;
        for row in &activity.rows {
            self.indicators += 1;
            if row.counts() {
                self.reported += 1;
            }
            if let Some(pct) = achievement(row.actual, row.target) {
                self.achievement_sum += pct;
                self.achievement_count += 1;
            }
        }
    }

    fn merge(&mut self, other: &Tally) {
        self.activities += other.activities;
        for (a, b) in self.reached.iter_mut().zip(other.reached) {
            *a += b;
        }
        self.indicators += other.indicators;
        self.reported += other.reported;
        self.achievement_sum += other.achievement_sum;
        self.achievement_count += other.achievement_count;
    }

    fn cells(&self, label: String) -> Vec<String> {
        let average = if self.achievement_count > 0 {
            percent(self.achievement_sum / self.achievement_count as f64)
        } else {
            "—".into()
        };
        vec![
            label,
            self.activities.to_string(),
            self.reached[0].to_string(),
            self.reached[1].to_string(),
            self.reached[2].to_string(),
            self.reached[3].to_string(),
            format!("{} от {}", self.reported, self.indicators),
            average,
        ]
    }
}

/// „87,5 %“.
fn percent(fraction: f64) -> String {
    format!("{} %", format_bg((fraction * 1000.0).round() / 10.0))
}

/// The report document of an implementation report's rows.
pub fn build(programme: &Programme, rows: &[ReportRow]) -> Docx {
    let activities = activities(rows);
    let period = period_text(programme.period_start, programme.period_end);
    let mut blocks = vec![
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
            space_before: Some(360),
            ..Paragraph::new(Style::Title, words::title(&programme.title))
        }),
        Block::Paragraph(Paragraph::new(Style::Title, words::period_line(&period))),
        Block::Paragraph(Paragraph::new(Style::Heading1, words::SUMMARY)),
    ];
    let (summary, total) = summary_table(programme, &activities);
    blocks.push(Block::Paragraph(Paragraph::new(
        Style::Body,
        summary_sentence(&total),
    )));
    blocks.push(Block::Table(summary));
    blocks.push(Block::Paragraph(Paragraph::new(
        Style::Heading1,
        words::MISSING,
    )));
    blocks.extend(missing_blocks(rows));
    blocks.push(Block::SectionEnd(Section::Portrait));
    blocks.push(Block::Paragraph(Paragraph::new(
        Style::Heading1,
        words::ACTIVITIES,
    )));
    blocks.push(Block::Table(activity_table(programme, &activities)));
    Docx {
        title: format!(
            "{} – {}",
            words::title(&programme.title),
            programme.municipality
        ),
        blocks,
        last_section: Section::Landscape,
    }
}

/// „От 80 дейности 60 са изпълнени, …“.
fn summary_sentence(total: &Tally) -> String {
    format!(
        "От {} дейности на програмата {} са изпълнени, {} — частично, {} — неизпълнени, а за {} няма отчет. Отчетени са {} от {} индикатора.",
        total.activities,
        total.reached[0],
        total.reached[1],
        total.reached[2],
        total.reached[3],
        total.reported,
        total.indicators
    )
}

fn summary_table(programme: &Programme, activities: &[ActivityReport<'_>]) -> (Table, Tally) {
    let mut by_priority: BTreeMap<u32, Tally> = BTreeMap::new();
    for activity in activities {
        by_priority
            .entry(activity.rows[0].priority)
            .or_default()
            .add(activity);
    }
    let mut rows = vec![layout::header_row(&SUMMARY_COLUMNS)];
    let mut total = Tally::default();
    let line = |cells: Vec<String>, bold: bool| Row {
        cells: cells
            .into_iter()
            .enumerate()
            .map(|(i, text)| {
                let mut p = Paragraph::new(Style::TableText, text);
                if i > 0 {
                    p = p.aligned(super::ooxml::Align::Center);
                }
                if bold {
                    p = p.bold();
                }
                Cell::of(vec![p])
            })
            .collect(),
        header: false,
        keep_together: true,
    };
    for priority in &programme.priorities {
        let Some(tally) = by_priority.get(&priority.number) else {
            continue;
        };
        total.merge(tally);
        rows.push(line(tally.cells(priority.label()), false));
    }
    rows.push(line(total.cells(words::TOTAL.to_string()), true));
    let table = Table {
        widths: SUMMARY_COLUMNS.iter().map(|(_, w)| *w).collect(),
        rows,
    };
    (table, total)
}

/// The institutions with indicators nobody reported: those that sent nothing, then those
/// that reported a part.
fn missing_blocks(rows: &[ReportRow]) -> Vec<Block> {
    let mut by_lead: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for row in rows {
        let lead = row.leads.first().map_or("", String::as_str);
        let entry = by_lead.entry(lead).or_default();
        entry.0 += 1;
        if row.counts() {
            entry.1 += 1;
        }
    }
    let none: Vec<(&str, usize)> = by_lead
        .iter()
        .filter(|(_, (_, reported))| *reported == 0)
        .map(|(lead, (total, _))| (*lead, *total))
        .collect();
    let part: Vec<(&str, usize, usize)> = by_lead
        .iter()
        .filter(|(_, (total, reported))| *reported > 0 && reported < total)
        .map(|(lead, (total, reported))| (*lead, total - reported, *total))
        .collect();
    let mut blocks = Vec::new();
    if none.is_empty() && part.is_empty() {
        blocks.push(Block::Paragraph(Paragraph::new(
            Style::Body,
            words::NONE_MISSING,
        )));
        return blocks;
    }
    let item = |text: String| Block::Paragraph(Paragraph::new(Style::Plain, format!("• {text}")));
    if !none.is_empty() {
        blocks.push(Block::Paragraph(
            Paragraph::new(Style::Body, words::NO_REPORT).kept_with_next(),
        ));
        for (lead, total) in none {
            blocks.push(item(format!(
                "{lead} ({})",
                words::unreported(total, total)
            )));
        }
    }
    if !part.is_empty() {
        blocks.push(Block::Paragraph(Paragraph {
            space_before: Some(120),
            ..Paragraph::new(Style::Body, words::PART_REPORTED).kept_with_next()
        }));
        for (lead, missing, total) in part {
            blocks.push(item(format!(
                "{lead} — {}",
                words::unreported(missing, total)
            )));
        }
    }
    blocks
}

/// „• Брой деца: 20 → 18 (90 %)“, or what was reported instead of a value.
fn indicator_line(row: &ReportRow) -> String {
    let unit = row
        .unit
        .as_deref()
        .filter(|u| fold_key(u) != "брой")
        .map(|u| format!(" {u}"))
        .unwrap_or_default();
    let target = row
        .target
        .map(|t| format!("{}{unit}", format_bg(t)))
        .unwrap_or_default();
    let reported = match (row.actual, row.status) {
        (Some(v), _) => {
            let pct = achievement(row.actual, row.target)
                .map(|p| format!(" ({})", percent(p)))
                .unwrap_or_default();
            format!("{}{unit}{pct}", format_bg(v))
        }
        (None, Some(status)) => status.label().to_lowercase(),
        (None, None) => words::NO_VALUE.to_string(),
    };
    let status = match (row.actual, row.status) {
        (Some(_), Some(status)) => format!(" — {}", status.label().to_lowercase()),
        _ => String::new(),
    };
    format!(
        "• {}: {target} → {reported}{status}",
        clean(&row.indicator).replace('\n', " ")
    )
    .replace(":  →", ": →")
}

fn lines_cell(lines: &[String]) -> Cell {
    Cell::of(
        lines
            .iter()
            .flat_map(|l| l.lines().map(str::to_string).collect::<Vec<_>>())
            .filter(|l| !l.trim().is_empty())
            .map(|l| Paragraph::new(Style::TableText, l))
            .collect(),
    )
}

fn activity_table(programme: &Programme, activities: &[ActivityReport<'_>]) -> Table {
    let widths: Vec<u32> = ACTIVITY_COLUMNS.iter().map(|(_, w)| *w).collect();
    let mut rows = vec![layout::header_row(&ACTIVITY_COLUMNS)];
    for priority in &programme.priorities {
        let of_priority: Vec<&ActivityReport<'_>> = activities
            .iter()
            .filter(|a| a.rows[0].priority == priority.number)
            .collect();
        if of_priority.is_empty() {
            continue;
        }
        rows.push(layout::priority_row(priority, widths.len()));
        // Goals in the config's order, then any the config no longer has, as written.
        let mut goals: Vec<(String, String)> = priority
            .goals
            .iter()
            .map(|g| (g.code.clone(), g.label()))
            .collect();
        for activity in &of_priority {
            let code = &activity.rows[0].goal;
            if !goals.iter().any(|(c, _)| c == code) {
                goals.push((code.clone(), code.clone()));
            }
        }
        for (code, label) in goals {
            let of_goal: Vec<&&ActivityReport<'_>> = of_priority
                .iter()
                .filter(|a| a.rows[0].goal == code)
                .collect();
            for (index, activity) in of_goal.iter().enumerate() {
                let first = activity.rows[0];
                let goal_cell = if index == 0 {
                    Cell {
                        merge: if of_goal.len() > 1 {
                            Merge::Start
                        } else {
                            Merge::None
                        },
                        ..Cell::of(vec![Paragraph::new(Style::TableText, label.clone()).bold()])
                    }
                } else {
                    Cell {
                        merge: Merge::Continue,
                        ..Cell::of(Vec::new())
                    }
                };
                let mut notes: Vec<String> = Vec::new();
                for row in &activity.rows {
                    if let Some(comment) = &row.comment {
                        let comment = clean(comment);
                        if !notes.contains(&comment) {
                            notes.push(comment);
                        }
                    }
                }
                let spent: f64 = activity.rows.iter().filter_map(|r| r.spent).sum();
                if activity.rows.iter().any(|r| r.spent.is_some()) {
                    notes.push(format!(
                        "Изразходвани средства: {} {}",
                        format_bg((spent * 100.0).round() / 100.0),
                        currency_word(first.currency)
                    ));
                }
                let mut leads: Vec<String> = Vec::new();
                for row in &activity.rows {
                    for lead in &row.leads {
                        if !leads.contains(lead) {
                            leads.push(lead.clone());
                        }
                    }
                }
                let indicators: Vec<String> =
                    activity.rows.iter().map(|r| indicator_line(r)).collect();
                let cells = vec![
                    goal_cell,
                    lines_cell(&[format!("{}. {}", first.activity_code, first.activity)]),
                    lines_cell(&leads),
                    lines_cell(&indicators),
                    Cell::of(vec![
                        Paragraph::new(Style::TableText, activity.reached.word()).bold(),
                    ]),
                    lines_cell(&notes),
                ];
                let keep_together = fits_on_page(&cells, &widths, Section::Landscape);
                rows.push(Row {
                    cells,
                    header: false,
                    keep_together,
                });
            }
        }
    }
    Table { widths, rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(code: &str, actual: Option<f64>, status: Option<Status>) -> ReportRow {
        ReportRow {
            priority: 1,
            goal: "1.1".into(),
            activity_code: code.into(),
            activity: "Дейност".into(),
            indicator: "Брой деца".into(),
            unit: Some("%".into()),
            target: Some(20.0),
            actual,
            status,
            spent: None,
            currency: crate::config::Currency::Eur,
            comment: None,
            reported_by: None,
            leads: vec!["РУО – Русе".into()],
        }
    }

    #[test]
    fn each_indicator_says_its_target_and_what_was_reported() {
        assert_eq!(
            indicator_line(&row("1.1.1", Some(18.0), None)),
            "• Брой деца: 20 % → 18 % (90 %)"
        );
        assert_eq!(
            indicator_line(&row("1.1.1", None, Some(Status::InProgress))),
            "• Брой деца: 20 % → в процес"
        );
        assert_eq!(
            indicator_line(&row("1.1.1", None, None)),
            "• Брой деца: 20 % → не е отчетено"
        );
        let mut no_target = row("1.1.1", Some(3.0), Some(Status::Done));
        no_target.target = None;
        no_target.unit = None;
        assert_eq!(indicator_line(&no_target), "• Брой деца: → 3 — изпълнена");
    }

    #[test]
    fn activities_are_judged_by_all_their_indicators() {
        let rows = [
            row("1.1.1", Some(20.0), None),
            row("1.1.1", None, None),
            row("1.1.2", Some(0.0), None),
        ];
        let activities = activities(&rows);
        assert_eq!(activities.len(), 2);
        assert_eq!(activities[0].reached, Reached::Partly);
        assert_eq!(activities[1].reached, Reached::NotDone);
        let blocks = missing_blocks(&rows);
        assert_eq!(blocks.len(), 2);
    }
}
