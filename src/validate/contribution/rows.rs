//! The data rows: fill-down, continuation rows, and every cell's value and problems.

use super::*;

impl SubmissionReader<'_> {
    pub(super) fn read_rows(&mut self, sheet: &Sheet, map: &TableLayout) {
        self.report_unread_cells(sheet, map);
        if self.keep == Keep::Table {
            let merges = table_merges(sheet, map);
            self.submission.table_rows = Some(
                data_rows(sheet, map)
                    .map(|row| TableRow {
                        row,
                        // A row that is no activity is kept as typed: a title merged across
                        // the table is one text, not seventeen copies of it.
                        values: match not_data::not_data(sheet, map, &merges, row) {
                            Some(_) => typed_values(sheet, map, row),
                            None => row_values(sheet, map, &merges, row),
                        },
                    })
                    .collect(),
            );
        }
        if self.file_rejected_by_columns() {
            // A required column is missing: count the rows, reject them all.
            for row in data_rows(sheet, map) {
                self.submission.rows_read += 1;
                self.submission
                    .rejected_rows
                    .insert(row, Rejection::FileRejected);
            }
            return;
        }
        let merges = table_merges(sheet, map);
        let mut state = RowState::default();
        for row in data_rows(sheet, map) {
            self.submission.rows_read += 1;
            if let Some(skipped) = not_data::not_data(sheet, map, &merges, row) {
                self.skip_row(&sheet.name, row, skipped, &mut state);
                continue;
            }
            let cells = row_cells(sheet, map, &merges, row);
            self.read_row(sheet, &cells, &mut state);
        }
        if let Some(open) = state.open.take() {
            self.close_activity(open);
        }
        if self.submission.rows_read == 0 {
            self.sheet_problem(&sheet.name, Problem::NoRows);
        }
    }

    /// Warns about every filled cell that is not read: right of the header's last column,
    /// beyond the grid, or cut for being longer than a cell can hold.
    fn report_unread_cells(&mut self, sheet: &Sheet, map: &TableLayout) {
        let name = sheet.name.as_str();
        let mut outside: Vec<(u32, u32, String)> = Vec::new();
        for row in sheet.rows().filter(|row| *row > map.header_row) {
            for (col, data) in sheet.row(row).filter(|(col, _)| *col > map.last_col) {
                if !is_blank(data) {
                    outside.push((row, u32::from(col), cell_text(data).unwrap_or_default()));
                }
            }
        }
        let beyond = sheet.outside_count();
        outside.extend(sheet.outside_cells().iter().map(|cell| {
            (
                cell.row,
                cell.col,
                crate::normalise::text::clean(&cell.text),
            )
        }));
        let total = outside.len() as u64 - sheet.outside_cells().len() as u64 + beyond;
        for (row, col, text) in outside.iter().take(OUTSIDE_REPORTED) {
            let at = crate::model::findings::a1_wide(*row, *col);
            let text = crate::normalise::text::one_line(text);
            let problem = Problem::CellOutsideTable { at, text };
            match u16::try_from(*col) {
                Ok(col) if *row < crate::read::GRID_ROWS => {
                    self.cell_problem(name, (*row, col), None, problem);
                }
                _ => self.sheet_problem(name, problem),
            }
        }
        if total > OUTSIDE_REPORTED as u64 {
            self.sheet_problem(
                name,
                Problem::MoreCellsOutsideTable {
                    count: total - OUTSIDE_REPORTED as u64,
                },
            );
        }
        for long in sheet.long_cells() {
            if long.row > map.header_row && long.col <= map.last_col {
                let header = COLUMNS
                    .iter()
                    .zip(map.at)
                    .find(|(_, at)| *at == Some(long.col))
                    .map(|(column, _)| column.header);
                self.cell_problem(
                    name,
                    (long.row, long.col),
                    header,
                    Problem::CellTooLong { chars: long.chars },
                );
            }
        }
    }

    /// A row that holds no activity: a warning at its first cell, counted as skipped. The
    /// activity above stays open (a header repeated at a page break may cut its indicator
    /// rows in two); a title that names a priority or a goal is filled down like one.
    fn skip_row(
        &mut self,
        sheet: &str,
        row: u32,
        skipped: not_data::NotData,
        state: &mut RowState,
    ) {
        let text = skipped.text;
        let problem = match skipped.skip {
            Skip::RepeatedHeader => Problem::RepeatedHeaderRow { row: row + 1 },
            Skip::Subtotal => Problem::SubtotalRow {
                row: row + 1,
                text: text.clone(),
            },
            Skip::Title => Problem::TitleRow {
                row: row + 1,
                text: text.clone(),
            },
        };
        self.cell_problem(sheet, (row, skipped.col), None, problem);
        self.submission.skipped_rows.insert(row, skipped.skip);
        if skipped.skip == Skip::Title {
            if let Some(number) = self.heading_priority(&text) {
                state.priority = Some(number);
                state.goal = None;
            } else if let Some(code) = self.resolve_goal(&text) {
                state.priority = self.programme.goal(&code).map(|(p, _)| p.number);
                state.goal = Some(code);
            }
        }
    }

    /// The priority a title names: as the template writes it, or by its number after the
    /// word („Приоритет 2: …“ with the title worded otherwise).
    fn heading_priority(&self, text: &str) -> Option<u32> {
        if let Some(number) = self.resolve_priority(text) {
            return Some(number);
        }
        let folded = fold_key(text);
        let rest = folded.strip_prefix("приоритет")?;
        let rest = rest.trim_start_matches(|c: char| c.is_alphabetic() || c == ' ');
        let rest = rest.trim_start_matches(['№', ' ', ':', '.']);
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let number: u32 = digits.parse().ok()?;
        self.programme
            .priorities
            .iter()
            .any(|p| p.number == number)
            .then_some(number)
    }

    fn file_rejected_by_columns(&self) -> bool {
        self.submission
            .findings
            .iter()
            .any(|f| matches!(f.problem, Problem::MissingColumn { .. }))
    }

    fn read_row(&mut self, sheet: &Sheet, cells: &RowCells<'_>, state: &mut RowState) {
        let mut row = RowReader {
            sheet: &sheet.name,
            at: cells,
            problems: Vec::new(),
        };

        // Priority and goal, filled down from the rows above.
        let priority = self.priority_of(&mut row, state);
        let goal = self.goal_of(&mut row, state, priority);

        let activity_text = row.text(col::ACTIVITY);
        let code = row.code_text(col::CODE);
        let indicator_text = row.text(col::INDICATOR);

        let continuation = match &state.open {
            Some(open) => {
                let same_goal = goal == open.goal;
                let activity_continues = match &activity_text {
                    None => true,
                    Some(_) if cells.from_merge[col::ACTIVITY] => true,
                    Some(text) => fold_same(text, &open.activity.text),
                };
                let code_continues =
                    code.is_none() || cells.from_merge[col::CODE] || code == open.activity.code;
                same_goal && activity_continues && code_continues && indicator_text.is_some()
            }
            None => false,
        };

        if continuation {
            self.continue_activity(row, state);
            return;
        }
        if let Some(open) = state.open.take() {
            self.close_activity(open);
        }
        self.start_activity(row, state, priority, goal, activity_text, code);
    }

    fn priority_of(&self, row: &mut RowReader<'_, '_>, state: &mut RowState) -> Option<u32> {
        let data = row.at.cells[col::PRIORITY];
        if is_blank(data) {
            return state.priority;
        }
        let text = cell_text(data).unwrap_or_default();
        match self.resolve_priority(&text) {
            Some(number) => {
                state.priority = Some(number);
                Some(number)
            }
            None => {
                row.problem(col::PRIORITY, Problem::UnknownPriority { value: text });
                state.priority = None;
                None
            }
        }
    }

    fn resolve_priority(&self, text: &str) -> Option<u32> {
        self.priorities_seen
            .borrow_mut()
            .get_or(text, |text| self.resolve_priority_uncached(text))
    }

    fn resolve_priority_uncached(&self, text: &str) -> Option<u32> {
        let folded = fold_key(text);
        let rest = folded.strip_prefix("приоритет").unwrap_or(&folded).trim();
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(number) = digits.parse::<u32>() {
            let after = rest[digits.len()..].trim_start_matches(['.', ':', ' ', ')']);
            self.programme
                .priorities
                .iter()
                .find(|p| p.number == number)?;
            // "3. <another title>" names two priorities at once: trust neither.
            return (after.is_empty() || self.keys.priority_by_title.get(after) == Some(&number))
                .then_some(number);
        }
        self.keys.priority_by_title.get(&folded).copied()
    }

    fn goal_of(
        &self,
        row: &mut RowReader<'_, '_>,
        state: &mut RowState,
        priority: Option<u32>,
    ) -> Option<String> {
        let data = row.at.cells[col::GOAL];
        let goal = if is_blank(data) {
            state.goal.clone()
        } else {
            let text = row.code_text(col::GOAL).unwrap_or_default();
            match self.resolve_goal(&text) {
                Some(code) => {
                    state.goal = Some(code.clone());
                    Some(code)
                }
                None => {
                    row.problem(col::GOAL, Problem::UnknownGoal { value: text });
                    state.goal = None;
                    return None;
                }
            }
        };
        let code = goal?;
        let (goal_priority, _) = self.programme.goal(&code)?;
        match priority {
            Some(number) if number != goal_priority.number => {
                row.problem(
                    col::GOAL,
                    Problem::GoalNotInPriority {
                        goal: code,
                        priority: number,
                    },
                );
                None
            }
            _ => Some(code),
        }
    }

    fn resolve_goal(&self, text: &str) -> Option<String> {
        self.goals_seen
            .borrow_mut()
            .get_or(text, |text| self.resolve_goal_uncached(text))
    }

    fn resolve_goal_uncached(&self, text: &str) -> Option<String> {
        let folded = fold_key(text);
        let code: String = folded
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let code = code.trim_end_matches('.');
        if code.contains('.') {
            let after = folded[code.len()..].trim_start_matches(['.', ':', ' ', ')']);
            let (_, goal) = self.programme.goal(code)?;
            return (after.is_empty() || self.keys.goal_by_title.get(after) == Some(&goal.code))
                .then(|| goal.code.clone());
        }
        self.keys.goal_by_title.get(&folded).cloned()
    }

    fn start_activity(
        &mut self,
        mut row: RowReader<'_, '_>,
        state: &mut RowState,
        priority: Option<u32>,
        goal: Option<String>,
        activity_text: Option<String>,
        code: Option<String>,
    ) {
        let r = row.at.row;
        if priority.is_none() && is_blank(row.at.cells[col::PRIORITY]) && goal.is_none() {
            row.problem(
                col::PRIORITY,
                Problem::MissingValue {
                    header: COLUMNS[col::PRIORITY].header,
                },
            );
        }
        if goal.is_none() && is_blank(row.at.cells[col::GOAL]) && state.goal.is_none() {
            row.problem(
                col::GOAL,
                Problem::MissingValue {
                    header: COLUMNS[col::GOAL].header,
                },
            );
        }
        let priority = priority.or_else(|| {
            goal.as_deref()
                .and_then(|g| self.programme.goal(g))
                .map(|(p, _)| p.number)
        });
        if activity_text.is_none() {
            row.problem(
                col::ACTIVITY,
                Problem::MissingValue {
                    header: COLUMNS[col::ACTIVITY].header,
                },
            );
        }
        if let (Some(code), Some(goal)) = (&code, &goal) {
            if !code.starts_with(&format!("{goal}.")) {
                row.problem(
                    col::CODE,
                    Problem::ActivityCodeMismatch {
                        code: code.clone(),
                        goal: goal.clone(),
                    },
                );
            }
            match state.codes.get(code) {
                Some(&first_row) => row.problem(
                    col::CODE,
                    Problem::DuplicateActivityCode {
                        code: code.clone(),
                        first_row: first_row + 1,
                    },
                ),
                None => {
                    state.codes.insert(code.clone(), r);
                }
            }
        }

        let deadline = self.deadline_of(&mut row);
        let currency_column = self.currency_of(&mut row);
        let budget = row.number(col::BUDGET);
        let budget = budget.map(|(value, written)| {
            if value < 0.0 {
                row.problem(
                    col::BUDGET,
                    Problem::NegativeBudget {
                        value: crate::normalise::number::format_bg(value),
                    },
                );
            }
            if let (Some(written), Some(column)) = (written, currency_column)
                && written != column
            {
                row.problem(
                    col::CURRENCY,
                    Problem::CurrencyConflict {
                        written: written.code().to_string(),
                        column: column.code().to_string(),
                    },
                );
            }
            Amount {
                value,
                currency: written
                    .or(currency_column)
                    .unwrap_or(self.programme.currency),
            }
        });
        let currency = budget
            .map(|b| b.currency)
            .or(currency_column)
            .unwrap_or(self.programme.currency);
        let funding_source = self.funding_of(&mut row);
        let funding_note = row.text(col::FUNDING_NOTE);
        let leads = self.leads_of(&mut row);
        let partners = self.partners_of(&mut row);
        let expected_result = row.text(col::RESULT);
        let note = row.text(col::NOTE);

        let mut level_texts: [Option<String>; 17] = Default::default();
        for c in col::ACTIVITY_LEVEL {
            level_texts[c] = cell_text(row.at.cells[c]);
        }
        let text = activity_text.clone().unwrap_or_default();
        let indicators = self.indicators_of(&mut row, expected_result, note);

        let rejected = row.has_errors();
        let goal_key = goal.clone();
        let activity = Activity {
            row: r,
            priority: priority.unwrap_or(0),
            goal: goal.unwrap_or_default(),
            code,
            text: text.clone(),
            deadline,
            budget,
            currency,
            funding_source,
            funding_note,
            leads,
            partners,
            indicators,
        };
        self.take_problems(row);
        state.open = Some(OpenActivity {
            activity,
            level_texts,
            goal: goal_key,
            rows: vec![r],
            rejected,
        });
    }

    fn continue_activity(&mut self, mut row: RowReader<'_, '_>, state: &mut RowState) {
        let Some(open) = state.open.as_mut() else {
            return;
        };
        for c in col::ACTIVITY_LEVEL {
            if row.at.from_merge[c] {
                continue;
            }
            let Some(text) = cell_text(row.at.cells[c]) else {
                continue;
            };
            let same = match &open.level_texts[c] {
                Some(first) => fold_same(first, &text),
                None => false,
            };
            if !same {
                row.problem(
                    c,
                    Problem::ContinuationDiffers {
                        header: COLUMNS[c].header,
                    },
                );
            }
        }
        let expected = row.text(col::RESULT).or_else(|| {
            open.activity
                .indicators
                .first()
                .and_then(|i| i.expected_result.clone())
        });
        let note = row.text(col::NOTE).or_else(|| {
            open.activity
                .indicators
                .first()
                .and_then(|i| i.note.clone())
        });
        let indicators = self.indicators_of(&mut row, expected, note);
        let r = row.at.row;
        let has_errors = row.has_errors();
        self.take_problems(row);
        let Some(open) = state.open.as_mut() else {
            return;
        };
        open.rows.push(r);
        if has_errors {
            self.submission
                .rejected_rows
                .insert(r, Rejection::OwnErrors);
        } else {
            open.activity.indicators.extend(indicators);
        }
    }

    fn close_activity(&mut self, open: OpenActivity) {
        if open.rejected {
            // The activity row has an error: none of its rows can be merged.
            let first = open.activity.row;
            for row in open.rows {
                let why = if row == first {
                    Rejection::OwnErrors
                } else {
                    Rejection::ActivityRejected {
                        activity_row: first,
                    }
                };
                self.submission.rejected_rows.entry(row).or_insert(why);
            }
            return;
        }
        self.submission.activities.push(open.activity);
    }

    fn take_problems(&mut self, row: RowReader<'_, '_>) {
        let sheet = row.sheet.to_string();
        let at = row.at;
        for (c, problem) in row.problems {
            // Report at the cell the value came from: a merged range's first cell.
            let cell = (at.row, at.col_of(c));
            self.cell_problem(&sheet, cell, Some(COLUMNS[c].header), problem);
        }
    }

    fn deadline_of(&self, row: &mut RowReader<'_, '_>) -> Deadline {
        let data = row.at.cells[col::DEADLINE];
        let deadline = match data {
            Data::DateTime(dt) => dt.as_datetime().map(|d| deadline::from_date(d.date())),
            Data::DateTimeIso(text) => {
                NaiveDate::parse_from_str(text.get(..10).unwrap_or(text), "%Y-%m-%d")
                    .ok()
                    .map(deadline::from_date)
            }
            _ => None,
        };
        let deadline = match deadline {
            Some(deadline) => deadline,
            None => match cell_text(data) {
                None => {
                    // Pre-filled by `zakrila import` from a document without a deadline
                    // here: the institution's to fill, as the contact is.
                    let problem = if self.prefilled {
                        Problem::DeadlineToFill
                    } else {
                        Problem::MissingValue {
                            header: COLUMNS[col::DEADLINE].header,
                        }
                    };
                    row.problem(col::DEADLINE, problem);
                    return deadline::parse("", self.period);
                }
                Some(text) if matches!(data, Data::Error(_)) => {
                    row.problem(col::DEADLINE, Problem::FormulaError { value: text });
                    return deadline::parse("", self.period);
                }
                Some(text) => deadline::parse(&text, self.period),
            },
        };
        match deadline.kind {
            DeadlineKind::NotUnderstood => {
                let text = deadline.text.clone();
                row.problem(col::DEADLINE, Problem::DeadlineNotUnderstood { text });
                return deadline;
            }
            DeadlineKind::NoRealDeadline => {
                let text = deadline.text.clone();
                row.problem(col::DEADLINE, Problem::DeadlineVague { text });
                return deadline;
            }
            _ => {}
        }
        // The period is written out only for a finding: most deadlines are inside it.
        let period = || {
            format!(
                "{} – {}",
                self.period.start.format("%d.%m.%Y"),
                self.period.end.format("%d.%m.%Y")
            )
        };
        match deadline.fit(self.period) {
            Fit::Inside => {}
            Fit::Outside => row.problem(
                col::DEADLINE,
                Problem::DeadlineOutsidePeriod {
                    text: deadline.text.clone(),
                    period: period(),
                },
            ),
            _ => row.problem(
                col::DEADLINE,
                Problem::DeadlinePartlyOutsidePeriod {
                    text: deadline.text.clone(),
                    period: period(),
                },
            ),
        }
        deadline
    }

    fn currency_of(&self, row: &mut RowReader<'_, '_>) -> Option<Currency> {
        let text = row.text(col::CURRENCY)?;
        match currency_from_word(&text) {
            Some(currency) => Some(currency),
            None => {
                row.problem(col::CURRENCY, Problem::UnknownCurrency { value: text });
                None
            }
        }
    }

    fn funding_of(&self, row: &mut RowReader<'_, '_>) -> Option<String> {
        let Some(text) = row.text(col::FUNDING) else {
            row.problem(col::FUNDING, Problem::MissingFundingSource);
            return None;
        };
        let configured = self.funding_seen.borrow_mut().get_or(&text, |text| {
            self.keys.funding_by_key.get(&fold_key(text)).cloned()
        });
        match configured {
            Some(source) => Some(source),
            None => {
                row.problem(
                    col::FUNDING,
                    Problem::UnknownFundingSource {
                        value: text.clone(),
                    },
                );
                Some(text)
            }
        }
    }

    fn leads_of(&self, row: &mut RowReader<'_, '_>) -> Vec<usize> {
        let Some(text) = row.text(col::LEAD) else {
            row.problem(
                col::LEAD,
                Problem::MissingValue {
                    header: COLUMNS[col::LEAD].header,
                },
            );
            return Vec::new();
        };
        if let Some(index) = self.matcher.find(&text) {
            return vec![index];
        }
        let names = split_names(&text);
        let mut leads = Vec::new();
        for name in &names {
            match self.matcher.find(name) {
                Some(index) if !leads.contains(&index) => leads.push(index),
                Some(_) => {}
                None => {
                    row.problem(col::LEAD, Problem::UnknownLead { name: name.clone() });
                    return Vec::new();
                }
            }
        }
        if leads.is_empty() {
            row.problem(col::LEAD, Problem::UnknownLead { name: text });
        } else if leads.len() > 1 {
            row.problem(col::LEAD, Problem::SeveralLeads { count: leads.len() });
        }
        leads
    }

    fn partners_of(&self, row: &mut RowReader<'_, '_>) -> Vec<Partner> {
        let Some(text) = row.text(col::PARTNERS) else {
            return Vec::new();
        };
        let mut partners: Vec<Partner> = Vec::new();
        let whole = self.matcher.find(&text).map(|i| vec![i.to_string()]);
        let names = match whole {
            Some(_) => vec![text],
            None => split_names(&text),
        };
        for name in names {
            let partner = match self.matcher.find(&name) {
                Some(index) => Partner::Known(index),
                None => {
                    row.problem(
                        col::PARTNERS,
                        Problem::UnknownPartner { name: name.clone() },
                    );
                    Partner::Unknown(name)
                }
            };
            if !partners.contains(&partner) {
                partners.push(partner);
            }
        }
        partners
    }

    fn indicators_of(
        &self,
        row: &mut RowReader<'_, '_>,
        expected_result: Option<String>,
        note: Option<String>,
    ) -> Vec<Indicator> {
        let r = row.at.row;
        let text = row.raw_text(col::INDICATOR);
        // Pre-filled by `zakrila import` from a document without indicators: one indicator
        // still to be written, merged as blank until it is (a reminder, not an error).
        let to_fill = text.is_none() && self.prefilled;
        let parts = match text {
            Some(text) => split_indicators(&text),
            None if to_fill => {
                row.problem(col::INDICATOR, Problem::IndicatorToFill);
                vec![String::new()]
            }
            None => {
                row.problem(
                    col::INDICATOR,
                    Problem::MissingValue {
                        header: COLUMNS[col::INDICATOR].header,
                    },
                );
                return Vec::new();
            }
        };
        if parts.len() > 1 {
            row.problem(
                col::INDICATOR,
                Problem::IndicatorsSplit { count: parts.len() },
            );
        }
        let unit_text = row.text(col::UNIT);
        let baseline = row.number(col::BASELINE).map(|(v, _)| v);
        let target = row.number(col::TARGET).map(|(v, _)| v);
        if target.is_none() && is_blank(row.at.cells[col::TARGET]) && !to_fill {
            row.problem(col::TARGET, Problem::MissingTarget);
        }
        let unit = unit_text.map(|u| match unit_from_word(&u) {
            Some(unit) => unit.to_string(),
            None => {
                row.problem(col::UNIT, Problem::UnknownUnit { value: u.clone() });
                u
            }
        });
        parts
            .into_iter()
            .enumerate()
            .map(|(i, text)| {
                // Values typed once for a cell of several indicators belong to the first.
                let (unit, baseline, target) = if i == 0 {
                    (unit.clone(), baseline, target)
                } else {
                    (None, None, None)
                };
                let unit = unit.or_else(|| {
                    crate::normalise::text::fold_starts_with(&text, "брой")
                        .then(|| "брой".to_string())
                });
                Indicator {
                    row: r,
                    text,
                    unit,
                    baseline,
                    target,
                    expected_result: expected_result.clone(),
                    note: note.clone(),
                }
            })
            .collect()
    }
}

/// The values of a row as typed in its own cells, by contract column, merged ranges not
/// resolved.
fn typed_values(sheet: &Sheet, map: &TableLayout, row: u32) -> [Data; 17] {
    let cells = sheet.row_at(row);
    std::array::from_fn(|c| map.at[c].map_or(Data::Empty, |col| cells.get(col).clone()))
}

/// Cells outside the table reported one by one; the rest are counted in one finding.
const OUTSIDE_REPORTED: usize = 100;

#[derive(Default)]
pub(super) struct RowState {
    priority: Option<u32>,
    goal: Option<String>,
    open: Option<OpenActivity>,
    /// Activity codes seen, with their first row (0-based).
    codes: HashMap<String, u32>,
}

/// Reads the cells of one row, collecting its problems by contract column.
pub(super) struct RowReader<'a, 's> {
    sheet: &'a str,
    at: &'a RowCells<'s>,
    problems: Vec<(usize, Problem)>,
}

impl RowReader<'_, '_> {
    fn problem(&mut self, column: usize, problem: Problem) {
        self.problems.push((column, problem));
    }

    fn has_errors(&self) -> bool {
        self.problems
            .iter()
            .any(|(_, p)| p.severity() == Severity::Error)
    }

    /// The cleaned text of a cell (spaces folded), or None when blank.
    fn text(&mut self, column: usize) -> Option<String> {
        let data = self.at.cells[column];
        if let Data::Error(_) = data {
            let value = cell_text(data)?;
            self.problem(column, Problem::FormulaError { value });
            return None;
        }
        cell_text(data)
    }

    /// The text of a code cell (Цел, № на дейност). A spreadsheet in the Bulgarian locale
    /// turns a typed "1.2" into 1 February and "1.2.3" into 1 February 2003; such a date is
    /// read back as the code it was typed as, with a warning.
    fn code_text(&mut self, column: usize) -> Option<String> {
        let Data::DateTime(datetime) = self.at.cells[column] else {
            return self.text(column);
        };
        let Some(date) = datetime.as_datetime().map(|d| d.date()) else {
            return self.text(column);
        };
        use chrono::Datelike;
        let code = if column == col::CODE && (2000..2100).contains(&date.year()) {
            format!("{}.{}.{}", date.day(), date.month(), date.year() % 100)
        } else {
            format!("{}.{}", date.day(), date.month())
        };
        self.problem(
            column,
            Problem::CodeAsDate {
                read_as: code.clone(),
            },
        );
        Some(code)
    }

    /// The text of a cell with its line breaks kept (for splitting), or None when blank.
    fn raw_text(&mut self, column: usize) -> Option<String> {
        match self.at.cells[column] {
            Data::String(text) => {
                let lines: Vec<String> = text.lines().map(clean).collect();
                let joined = lines.join("\n");
                (!joined.trim().is_empty()).then(|| joined.trim().to_string())
            }
            _ => self.text(column),
        }
    }

    /// A number cell: (value, currency named in the text). Problems are recorded.
    fn number(&mut self, column: usize) -> Option<(f64, Option<Currency>)> {
        match self.at.cells[column] {
            Data::Empty => None,
            Data::Float(value) => Some((*value, None)),
            Data::Int(value) => Some((*value as f64, None)),
            Data::String(text) if clean(text).is_empty() => None,
            Data::String(text) => match parse_number(text) {
                Some(number) => {
                    self.problem(
                        column,
                        Problem::NumberAsText {
                            text: clean(text),
                            value: crate::normalise::number::format_bg(number.value),
                        },
                    );
                    Some((number.value, number.currency))
                }
                None => {
                    self.problem(column, Problem::NotANumber { text: clean(text) });
                    None
                }
            },
            Data::Error(_) => {
                let value = cell_text(self.at.cells[column]).unwrap_or_default();
                self.problem(column, Problem::FormulaError { value });
                None
            }
            other => {
                let text = cell_text(other).unwrap_or_default();
                self.problem(column, Problem::NotANumber { text });
                None
            }
        }
    }
}

impl RowCells<'_> {
    /// The sheet column of a contract column in this row.
    fn col_of(&self, column: usize) -> u16 {
        self.cols[column]
    }
}

/// Splits an indicator cell holding several indicators (line breaks, ";", bullets).
pub(super) fn split_indicators(text: &str) -> Vec<String> {
    text.split(['\n', ';'])
        .map(|part| {
            clean(part.trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, '•' | '·' | '-' | '–' | '*' | '▪')
            }))
        })
        .filter(|part| !part.is_empty())
        .map(|part| crate::normalise::text::cell_limit(&part).into_owned())
        .collect()
}

/// A currency from a word in the currency column or an amount.
pub(super) fn currency_from_word(text: &str) -> Option<Currency> {
    match fold_key(text).trim_end_matches('.') {
        "eur" | "евро" | "€" | "еur" | "еuro" | "euro" => Some(Currency::Eur),
        "bgn" | "лв" | "лева" | "лев" | "вgn" => Some(Currency::Bgn),
        _ => None,
    }
}

/// The template unit a written unit stands for.
pub(super) fn unit_from_word(text: &str) -> Option<&'static str> {
    static UNIT_KEYS: LazyLock<Vec<(String, &'static str)>> =
        LazyLock::new(|| UNITS.iter().map(|u| (fold_key(u), *u)).collect());
    let key = fold_key(text);
    let key = key.trim_end_matches('.');
    if let Some((_, unit)) = UNIT_KEYS.iter().find(|(k, _)| k == key) {
        return Some(unit);
    }
    match key {
        "бр" | "броя" | "бройка" => Some("брой"),
        "процент" | "процента" | "%." => Some("%"),
        "лв" | "лева" => Some("BGN"),
        "евро" | "€" => Some("EUR"),
        "час" | "часове" | "ч" => Some("часа"),
        "ден" => Some("дни"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indicator_splitting() {
        assert_eq!(
            split_indicators(
                "Брой проведени мероприятия; \n\nброй участвали специалисти;\n- брой ученици"
            ),
            [
                "Брой проведени мероприятия",
                "брой участвали специалисти",
                "брой ученици"
            ]
        );
        assert_eq!(split_indicators("Брой деца"), ["Брой деца"]);
    }

    #[test]
    fn currency_words() {
        assert_eq!(currency_from_word("лв."), Some(Currency::Bgn));
        assert_eq!(currency_from_word("Лева"), Some(Currency::Bgn));
        assert_eq!(currency_from_word("€"), Some(Currency::Eur));
        assert_eq!(currency_from_word("EUR"), Some(Currency::Eur));
        assert_eq!(currency_from_word("USD"), None);
    }
}
