//! `zakrila import`: last year's programme document becomes this year's programme
//! (spec: import.md). The rules that build a programme out of a document's tables live
//! here; reading the document is [`crate::read::document`], and the config, the pre-filled
//! contributions and the import report are written by [`crate::write`].
//!
//! - [`header`]: a programme table's header, by its labels, over one or two rows;
//! - [`text`]: numbers in front of titles, packed activities and indicators, values and
//!   amounts inside text;
//! - [`names`]: the institutions, spellings grouped, abbreviations expanded;
//! - [`responsible`]: responsible cells written by hand taken apart into institutions and
//!   words that name none;
//! - [`period`]: the document's title, municipality and years; deadlines moved;
//! - [`programme_text`]: `programme.md`, the document's words outside the tables;
//! - [`values`]: indicator values and budget lines as zakrila's own documents write them.
//!
//! A table is a programme table when a row among its first six names an activity column
//! and a responsible-institution column. A heading before it names its priority: one that
//! says "Приоритет" ("ПРИОРИТЕТ I: …", "Приоритетна област I: …") also across the paragraphs
//! that describe it; a bare numbered one ("I. …") only right before the table. Its rows are
//! read top to bottom: a row spanning the table is a priority ("Приоритет 4: …", "I. …",
//! "1. …") or a goal ("1.1. …"); a goal cell merged down over its activities, or repeated,
//! or written once and left blank below, holds for the rows under it — goals are told apart
//! by their words within their priority, so the same words under two priorities are two
//! goals; an activity cell gives one activity, or several when it packs numbered items or
//! only bullets; a row with no activity of its own adds its indicators to the activity
//! above. A column the document lacks (indicators, deadlines) is left for the institution
//! to fill. Every row is accounted for ([`Place`]).

pub mod header;
pub mod names;
pub mod period;
pub mod programme_text;
pub mod responsible;
pub mod text;
pub mod values;

use chrono::{Datelike, NaiveDate};

use crate::model::import::{
    ImportedActivity, ImportedGoal, ImportedIndicator, ImportedPriority, ImportedProgramme,
    NotPlaced, Place, RowAccount,
};
use crate::normalise::text::{clean, fold_key, one_line};
use crate::read::document::{Block, Document, Table, TableCell};

use header::{Field, Header};
use names::Names;
use responsible::{Known, Piece};
use text::{PriorityTitle, priority_title, split_code};

/// Why `import` made nothing, from the file to the outputs: the one error type of an
/// import (the command adds the document's path; the catalogue says each in words).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ImportError {
    /// The document cannot be opened.
    #[error("the document cannot be opened")]
    Unreadable(#[source] crate::system::SystemError),
    /// The bytes are no readable document.
    #[error("the document cannot be read")]
    Document(#[source] crate::read::document::DocumentError),
    /// No table of the document names activities and responsible institutions.
    #[error("no table of the document names activities and responsible institutions")]
    NoProgrammeTable {
        /// How many tables the document has.
        tables: usize,
    },
    /// Programme tables were found but hold no activity.
    #[error("the programme tables hold no activity")]
    NoActivities,
    /// The document names no year to move the programme on from, and no `--period` was
    /// given.
    #[error("the document names no year, and no --period was given")]
    NoPeriod,
    /// `--period` is no period.
    #[error("--period {0:?} is no period")]
    BadPeriod(String),
    /// `--municipality-code` is no EKATTE code.
    #[error("--municipality-code {0:?} is no EKATTE code")]
    BadCode(String),
    /// The config made from the document does not load (a name or title the config rules
    /// refuse).
    #[error("the config made from the document does not load")]
    Config(#[source] Box<crate::config::ConfigError>),
    /// A workbook could not be made.
    #[error("a workbook of the import could not be made")]
    Write(#[source] crate::write::WriteError),
}

impl From<crate::read::ReadError> for ImportError {
    /// A file that cannot be opened is the system's trouble; anything else the reader found
    /// is the document's.
    fn from(err: crate::read::ReadError) -> ImportError {
        match err {
            crate::read::ReadError::Unreadable { reason } => ImportError::Unreadable(reason),
            other => ImportError::Document(other.into()),
        }
    }
}

/// Reads the programme out of a document. `period` is the new programme's period; without
/// it, the period is the years after the document's own (as many as it spans).
///
/// # Errors
///
/// An [`ImportError`] when the document holds no programme table or no activity, or its
/// years cannot be told and no period is given.
pub fn read_programme(
    document: &Document,
    period: Option<(NaiveDate, NaiveDate)>,
) -> Result<ImportedProgramme, ImportError> {
    let municipality = period::municipality(document);
    let old_years = period::document_years(document);
    let headers = table_headers(document);
    let known = known_names(document, &headers, municipality.as_deref());
    let mut reader = Reader::new(municipality.as_deref(), known);
    let mut tables = headers.iter();
    let mut table_number = 0;
    for block in &document.blocks {
        match block {
            Block::Paragraph(paragraph) => reader.paragraph(&paragraph.text),
            Block::Table(table) => {
                table_number += 1;
                match tables.next().and_then(Option::as_ref) {
                    Some(header) => reader.table(table_number, table, header),
                    None => reader.other_table(table_number, table),
                }
                reader.pending = None;
            }
        }
    }
    if reader.programme_tables == 0 {
        return Err(ImportError::NoProgrammeTable {
            tables: table_number,
        });
    }
    if reader.activities.is_empty() {
        return Err(ImportError::NoActivities);
    }
    // The new period, and how far deadlines move.
    let deadline_years: Vec<i32> = reader
        .activities
        .iter()
        .flat_map(|a| period::years_in(&a.deadline))
        .collect();
    let old_start = old_years
        .map(|(start, _)| start)
        .or_else(|| deadline_years.iter().min().copied());
    let period = match (period, old_years) {
        (Some(period), _) => period,
        (None, Some((start, end))) => new_period(end + 1, end + 1 + (end - start)),
        (None, None) => {
            let last = deadline_years
                .iter()
                .max()
                .copied()
                .ok_or(ImportError::NoPeriod)?;
            new_period(last + 1, last + 1)
        }
    };
    let offset = old_start.map_or(0, |start| period.0.year() - start);
    for activity in &mut reader.activities {
        let (deadline, old, missing) = period::move_deadline(&activity.deadline, offset, period);
        activity.deadline = deadline;
        activity.old_deadline = old;
        activity.deadline_missing = missing;
    }
    Ok(reader.finish(municipality, old_years, period))
}

/// Each table's header in document order: its own, or — for a table without one right
/// after a programme table of the same width — that table's columns (Word splits a long
/// table at a page break); `None` for a table that is no programme table.
fn table_headers(document: &Document) -> Vec<Option<Header>> {
    let mut headers = Vec::new();
    let mut last: Option<(Header, u32)> = None;
    for table in document.blocks.iter().filter_map(|b| match b {
        Block::Table(table) => Some(table),
        Block::Paragraph(_) => None,
    }) {
        let header = header::find(table).or_else(|| {
            last.as_ref()
                .filter(|(_, width)| *width == table.width())
                .map(|(h, _)| Header {
                    first_row: 0,
                    data_row: 0,
                    columns: h.columns.clone(),
                })
        });
        if let Some(header) = &header {
            last = Some((header.clone(), table.width()));
        }
        headers.push(header);
    }
    headers
}

/// The names the document's responsible cells write alone, for splitting " и " between
/// two of them ([`responsible::split`]).
fn known_names(
    document: &Document,
    headers: &[Option<Header>],
    municipality: Option<&str>,
) -> Known {
    let mut known = Known::new(municipality);
    let tables = document.blocks.iter().filter_map(|b| match b {
        Block::Table(table) => Some(table),
        Block::Paragraph(_) => None,
    });
    for (table, header) in tables.zip(headers) {
        let Some(header) = header else { continue };
        let columns: Vec<u32> = [Field::Lead, Field::Responsible, Field::Partners]
            .into_iter()
            .filter_map(|f| header.column(f))
            .collect();
        for row in table.rows.iter().skip(header.data_row) {
            for cell in row.iter().filter(|c| !c.continues_above) {
                if columns
                    .iter()
                    .any(|col| cell.col <= *col && *col < cell.col + cell.span)
                {
                    known.learn(&cell.text);
                }
            }
        }
    }
    known
}

fn new_period(first: i32, last: i32) -> (NaiveDate, NaiveDate) {
    let start = NaiveDate::from_ymd_opt(first, 1, 1).unwrap_or_default();
    let end = NaiveDate::from_ymd_opt(last, 12, 31).unwrap_or_default();
    (start, end)
}

/// The longest a row's text is kept in the import report.
const ROW_TEXT_CHARS: usize = 300;

struct Reader {
    priorities: Vec<ImportedPriority>,
    /// The priority rows and headings go into; none at the start of a table that has a
    /// heading of its own before it.
    priority: Option<usize>,
    goal: Option<usize>,
    /// The folded text of each goal's cell, by priority: goals are found again by their
    /// words within their priority (never across priorities).
    goal_keys: Vec<Vec<String>>,
    /// A heading before the next table that names a priority.
    pending: Option<PriorityTitle>,
    activities: Vec<ImportedActivity>,
    /// The activities of the last row that had some, for rows that continue them.
    last: Vec<usize>,
    names: Names,
    /// Names written alone somewhere in the document, for " и " in responsible cells.
    known: Known,
    rows: Vec<RowAccount>,
    other_tables: Vec<(usize, usize)>,
    programme_tables: usize,
}

impl Reader {
    fn new(municipality: Option<&str>, known: Known) -> Reader {
        Reader {
            priorities: Vec::new(),
            priority: None,
            goal: None,
            goal_keys: Vec::new(),
            pending: None,
            activities: Vec::new(),
            last: Vec::new(),
            names: Names::new(municipality),
            known,
            rows: Vec::new(),
            other_tables: Vec::new(),
            programme_tables: 0,
        }
    }

    fn account(&mut self, table: usize, row: usize, text: String, place: Place) {
        self.rows.push(RowAccount {
            table,
            row: row + 1,
            text,
            place,
        });
    }

    /// A paragraph between tables. A heading that names a priority ("ПРИОРИТЕТ I: …",
    /// "Приоритетна област I: …") waits for the next table across the paragraphs that
    /// describe it; a bare numbered heading ("I. …") only while nothing but empty
    /// paragraphs follows it, since documents number their chapters the same way.
    fn paragraph(&mut self, text: &str) {
        let text = clean(text);
        if text.is_empty() {
            return;
        }
        let heading = (text.chars().count() < 400)
            .then(|| priority_title(&text))
            .flatten()
            .filter(|p| !p.title.is_empty());
        let named_waits = self.pending.as_ref().is_some_and(|p| p.named);
        match heading {
            Some(heading) if heading.named || !named_waits => self.pending = Some(heading),
            // A numbered line of a named priority's description.
            Some(_) => {}
            None if named_waits => {}
            None => self.pending = None,
        }
    }

    fn other_table(&mut self, number: usize, table: &Table) {
        self.other_tables.push((number, table.rows.len()));
        for (r, row) in table.rows.iter().enumerate() {
            let text = row_text(row);
            let place = if text.is_empty() {
                Place::Empty
            } else {
                Place::NotPlaced(NotPlaced::NotProgrammeTable)
            };
            self.account(number, r, text, place);
        }
    }

    fn table(&mut self, number: usize, table: &Table, header: &Header) {
        self.programme_tables += 1;
        if self.pending.is_some() {
            // A heading before the table starts a new priority, once something needs one.
            self.priority = None;
            self.goal = None;
        }
        let width = table.width();
        let texts = resolved_texts(table);
        for (r, row) in table.rows.iter().enumerate() {
            let text = row_text(row);
            if text.is_empty() {
                self.account(number, r, text, Place::Empty);
                continue;
            }
            let spanning = spanning_text(row, width);
            if r < header.first_row {
                // Rows above the header: a priority, or the table's own title.
                let place = match spanning.as_deref().and_then(priority_title) {
                    Some(title) if !title.title.is_empty() => self.start_priority(title),
                    _ => Place::Header,
                };
                self.account(number, r, text, place);
                continue;
            }
            if r < header.data_row {
                self.account(number, r, text, Place::Header);
                continue;
            }
            let place = match spanning {
                Some(span) => self.spanning_row(&span, header),
                None => self.data_row(number, r, row, &texts[r], header),
            };
            self.account(number, r, text, place);
        }
    }

    /// A row with one cell across the table: a priority or a goal.
    fn spanning_row(&mut self, text: &str, header: &Header) -> Place {
        if let Some(title) = priority_title(text).filter(|t| !t.title.is_empty()) {
            return self.start_priority(title);
        }
        if split_code(text).0.is_some() || !header.has(Field::Goal) {
            let (priority, goal) = self.goal_of(text);
            return Place::Goal(priority, goal);
        }
        // An unnumbered line across a table that has a goal column: a priority heading.
        self.start_priority(PriorityTitle {
            old_number: None,
            title: one_line(text),
            named: false,
        })
    }

    fn start_priority(&mut self, title: PriorityTitle) -> Place {
        self.pending = None;
        let number = self.priorities.len() as u32 + 1;
        self.priorities.push(ImportedPriority {
            number,
            title: title.title,
            old_number: title.old_number,
            made_up: false,
            goals: Vec::new(),
        });
        self.goal_keys.push(Vec::new());
        self.priority = Some(self.priorities.len() - 1);
        self.goal = None;
        Place::Priority(self.priorities.len() - 1)
    }

    /// The priority new goals go into, made from a pending heading or made up.
    fn current_priority(&mut self) -> usize {
        if let Some(priority) = self.priority {
            return priority;
        }
        let title = self.pending.take().unwrap_or(PriorityTitle {
            old_number: None,
            title: String::new(),
            named: false,
        });
        let made_up = title.title.is_empty();
        self.start_priority(title);
        let index = self.priorities.len() - 1;
        self.priorities[index].made_up = made_up;
        index
    }

    /// The goal a goal cell or row names: the current priority's goal of the same words,
    /// or a new one.
    fn goal_of(&mut self, text: &str) -> (usize, usize) {
        let priority = self.current_priority();
        let key = fold_key(text);
        if let Some(goal) = self.goal_keys[priority].iter().position(|k| *k == key) {
            self.goal = Some(goal);
            return (priority, goal);
        }
        self.start_goal(text)
    }

    fn start_goal(&mut self, text: &str) -> (usize, usize) {
        let priority = self.current_priority();
        let (old_code, title) = goal_title(text);
        let number = self.priorities[priority].number;
        let goals = &mut self.priorities[priority].goals;
        let code = format!("{number}.{}", goals.len() + 1);
        goals.push(ImportedGoal {
            code,
            title,
            old_code,
            made_up: false,
        });
        self.goal = Some(goals.len() - 1);
        self.goal_keys[priority].push(fold_key(text));
        (priority, goals.len() - 1)
    }

    /// The goal new activities go into, made up when the table has given none.
    fn current_goal(&mut self) -> (usize, usize) {
        let priority = self.current_priority();
        if let Some(goal) = self.goal {
            return (priority, goal);
        }
        let title = self.priorities[priority].title.clone();
        let (p, g) = self.start_goal(&title);
        let goal = &mut self.priorities[p].goals[g];
        goal.made_up = true;
        goal.old_code = None;
        // A made-up goal is found again by no cell's words.
        self.goal_keys[p][g].clear();
        (p, g)
    }

    fn data_row(
        &mut self,
        table: usize,
        r: usize,
        row: &[TableCell],
        texts: &[(u32, u32, String)],
        header: &Header,
    ) -> Place {
        let cell = |field: Field| header.column(field).and_then(|col| covering(row, col));
        let text = |field: Field| {
            header
                .column(field)
                .and_then(|col| texts.iter().find(|(c, s, _)| *c <= col && col < c + s))
                .map(|(_, _, t)| t.clone())
                .unwrap_or_default()
        };

        // The goal: a new one when the goal cell has a text of its own.
        if let Some(goal_cell) = cell(Field::Goal)
            && !goal_cell.continues_above
            && !goal_cell.text.trim().is_empty()
        {
            let (code, title) = split_code(&clean(&goal_cell.text));
            if title.trim_matches(['.', ' ']).is_empty() {
                // A number alone ("1.7."): the goal of that number, if there is one.
                if let (Some(code), Some(priority)) = (code, self.priority)
                    && let Some(index) = self.priorities[priority]
                        .goals
                        .iter()
                        .position(|g| g.old_code.as_deref() == Some(code.as_str()))
                {
                    self.goal = Some(index);
                }
            } else {
                self.goal_of(&goal_cell.text);
            }
        }

        let activity_cell = cell(Field::Activity);
        let own_activity = activity_cell
            .filter(|c| !c.continues_above)
            .map(|c| c.text.trim().to_string())
            .unwrap_or_default();
        let indicators = indicators(
            &text(Field::Indicator),
            &text(Field::Baseline),
            &text(Field::Target),
        );
        if own_activity.is_empty() {
            if self.last.is_empty() {
                return Place::NotPlaced(NotPlaced::NoActivity);
            }
            for &index in &self.last {
                self.activities[index]
                    .indicators
                    .extend(indicators.iter().cloned());
            }
            return Place::Continuation(self.last.clone());
        }

        // Institutions: the lead column, or the first of the responsible ones; words that
        // name no institution stay on the partners as written.
        let mut pieces = responsible::split(&text(Field::Lead), &self.known);
        if pieces.is_empty() {
            pieces = responsible::split(&text(Field::Responsible), &self.known);
        }
        pieces.extend(responsible::split(&text(Field::Partners), &self.known));
        let mut names: Vec<String> = Vec::new();
        let mut phrases: Vec<String> = Vec::new();
        for piece in pieces {
            match piece {
                Piece::Institution(name) => names.push(name),
                Piece::Phrase(words) if !phrases.contains(&words) => phrases.push(words),
                Piece::Phrase(_) => {}
            }
        }
        if names.is_empty() {
            self.last.clear();
            return Place::NotPlaced(NotPlaced::NoInstitution);
        }
        let groups: Vec<usize> = names.iter().map(|n| self.names.add(n)).collect();
        self.names.lead(groups[0]);
        let mut partners: Vec<usize> = Vec::new();
        for group in &groups[1..] {
            if *group != groups[0] && !partners.contains(group) {
                partners.push(*group);
            }
        }

        let (priority, goal) = self.current_goal();
        let deadline = clean(&text(Field::Deadline)).replace('\n', " ");
        let budget = clean(&text(Field::Budget));
        let result = clean(&text(Field::Result));
        let mut made = Vec::new();
        for (old_code, activity_text) in text::split_activities(&own_activity) {
            let goal_code = &self.priorities[priority].goals[goal].code;
            let count = self
                .activities
                .iter()
                .filter(|a| a.priority == priority && a.goal == goal)
                .count();
            self.activities.push(ImportedActivity {
                priority,
                goal,
                code: format!("{goal_code}.{}", count + 1),
                old_code,
                text: activity_text,
                deadline: deadline.clone(),
                old_deadline: None,
                deadline_missing: false,
                expected_result: (!result.is_empty()).then(|| result.clone()),
                indicators: indicators.clone(),
                budget_text: (!budget.is_empty()).then(|| budget.clone()),
                amount: values::amount_line(&budget).or_else(|| text::amount_in(&budget)),
                funding_source: values::source_line(&budget)
                    .or_else(|| text::funding_source(&budget))
                    .map(str::to_string),
                lead: Some(groups[0]),
                partners: partners.clone(),
                partner_words: phrases.clone(),
                source: (table, r + 1),
            });
            made.push(self.activities.len() - 1);
        }
        self.last = made.clone();
        Place::Activities(made)
    }

    fn finish(
        self,
        municipality: Option<String>,
        old_years: Option<(i32, i32)>,
        period: (NaiveDate, NaiveDate),
    ) -> ImportedProgramme {
        let (institutions, index) = self.names.finish();
        let activities: Vec<ImportedActivity> = self
            .activities
            .into_iter()
            .map(|mut a| {
                a.lead = a.lead.map(|g| index[g]);
                let mut partners = Vec::new();
                for p in a.partners.iter().map(|g| index[*g]) {
                    if Some(p) != a.lead && !partners.contains(&p) {
                        partners.push(p);
                    }
                }
                a.partners = partners;
                a
            })
            .collect();
        let indicators_read = activities.iter().map(|a| a.indicators.len()).sum();
        ImportedProgramme {
            municipality,
            old_years,
            period,
            priorities: self.priorities,
            institutions,
            activities,
            rows: self.rows,
            other_tables: self.other_tables,
            indicators_read,
        }
    }
}

/// A goal's title without its number: (old code, title). "Цел 2:" and "2." are numbers too.
fn goal_title(text: &str) -> (Option<String>, String) {
    let text = one_line(&clean(text));
    let (code, rest) = split_code(&text);
    let (code, rest) = match code {
        Some(code) => (Some(code), rest),
        None => {
            let folded = fold_key(&rest);
            let rest = if folded.starts_with("цел ") {
                rest.chars().skip(4).collect::<String>()
            } else {
                rest
            };
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            if !digits.is_empty() && rest[digits.len()..].starts_with(['.', ':', ')']) {
                (
                    Some(digits.clone()),
                    rest[digits.len() + 1..].trim().to_string(),
                )
            } else {
                (None, rest)
            }
        }
    };
    let title = rest
        .trim_start_matches([':', '.', ' ', '-', '–'])
        .trim_end_matches([' ', ';', ':'])
        .to_string();
    (code, title)
}

/// The cell covering grid column `col`.
fn covering(row: &[TableCell], col: u32) -> Option<&TableCell> {
    row.iter().find(|c| c.col <= col && col < c.col + c.span)
}

/// The text of each cell, a continued cell taking the text of the cell above it.
fn resolved_texts(table: &Table) -> Vec<Vec<(u32, u32, String)>> {
    let mut out: Vec<Vec<(u32, u32, String)>> = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let resolved = row
            .iter()
            .map(|cell| {
                let text = if cell.continues_above {
                    out.last()
                        .and_then(|above| {
                            above
                                .iter()
                                .find(|(c, s, _)| *c <= cell.col && cell.col < c + s)
                        })
                        .map(|(_, _, t)| t.clone())
                        .unwrap_or_default()
                } else {
                    cell.text.clone()
                };
                (cell.col, cell.span, text)
            })
            .collect();
        out.push(resolved);
    }
    out
}

/// The row's own text (merged-from-above cells left out), cells joined by " | ", on one
/// line and cut for the report.
fn row_text(row: &[TableCell]) -> String {
    let joined = row
        .iter()
        .filter(|c| !c.continues_above)
        .map(|c| one_line(&c.text))
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" | ");
    if joined.chars().count() > ROW_TEXT_CHARS {
        let cut: String = joined.chars().take(ROW_TEXT_CHARS).collect();
        format!("{cut}…")
    } else {
        joined
    }
}

/// The text of a row that is one cell across the table (allowing one column short).
fn spanning_text(row: &[TableCell], width: u32) -> Option<String> {
    let filled: Vec<&TableCell> = row
        .iter()
        .filter(|c| !c.continues_above && !c.text.trim().is_empty())
        .collect();
    match filled.as_slice() {
        [only] if row.len() == 1 || only.span + 1 >= width.max(2) => Some(only.text.clone()),
        _ => None,
    }
}

/// The indicators of a row: its indicator cell split, or its current and target cells
/// split and paired, their values taken from the end of each item.
fn indicators(indicator: &str, baseline: &str, target: &str) -> Vec<ImportedIndicator> {
    let named = text::split_items(indicator);
    let current = text::split_items(baseline);
    let targets = text::split_items(target);
    let count = named.len().max(current.len()).max(targets.len());
    (0..count)
        .filter_map(|i| {
            let (current_text, baseline) = current
                .get(i)
                .map(|t| text::trailing_value(t))
                .unwrap_or_default();
            let (target_text, target) = targets
                .get(i)
                .map(|t| text::trailing_value(t))
                .unwrap_or_default();
            let text = named
                .get(i)
                .cloned()
                .filter(|t| !t.is_empty())
                .or_else(|| (!target_text.is_empty()).then_some(target_text))
                .or_else(|| (!current_text.is_empty()).then_some(current_text))?;
            // „Брой деца: 10 → 20 %“, as zakrila's own documents write values.
            if let (None, None, Some(arrow)) = (baseline, target, values::arrow_values(&text)) {
                return Some(ImportedIndicator {
                    text: arrow.text,
                    baseline: arrow.baseline,
                    target: arrow.target,
                    unit: arrow.unit,
                });
            }
            Some(ImportedIndicator {
                text,
                baseline,
                target,
                unit: None,
            })
        })
        .collect()
}
