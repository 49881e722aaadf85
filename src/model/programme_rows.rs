//! The programme as rows: one row of `Данни` per indicator of each submitted activity,
//! the form in which the reporting round and the national CSV read the programme.

use chrono::NaiveDate;

use crate::config::{Currency, Programme};

use super::contribution::Partner;
use super::merge::{Merged, to_eur};

/// One row of `Данни`: one indicator of one submitted activity, with every field.
#[derive(Clone, Debug, PartialEq)]
pub struct DataRow {
    /// Priority number.
    pub priority: u32,
    /// Goal code.
    pub goal: String,
    /// The merged activity code, goal.N.
    pub activity_code: String,
    /// Activity text.
    pub activity: String,
    /// Deadline as written.
    pub deadline: String,
    /// Expected result.
    pub expected_result: Option<String>,
    /// Indicator.
    pub indicator: String,
    /// Unit.
    pub unit: Option<String>,
    /// Current value.
    pub baseline: Option<f64>,
    /// Target value.
    pub target: Option<f64>,
    /// Budget in its currency: on the first indicator row of each submitted activity only,
    /// so that a column sum is the programme's budget.
    pub budget: Option<f64>,
    /// Currency of the row.
    pub currency: Currency,
    /// Funding source.
    pub funding_source: Option<String>,
    /// Funding note.
    pub funding_note: Option<String>,
    /// Lead institutions, canonical names.
    pub leads: Vec<String>,
    /// Partners, canonical names or as written.
    pub partners: Vec<String>,
    /// Note.
    pub note: Option<String>,
    /// Parsed deadline start.
    pub start: NaiveDate,
    /// Parsed deadline end.
    pub end: NaiveDate,
    /// Budget in euro, two decimals (first indicator row only, as `budget`).
    pub budget_eur: Option<f64>,
    /// The institution that sent the row.
    pub submitted_by: String,
    /// The source file's name.
    pub file: String,
    /// The row in that file (1-based).
    pub row: u32,
    /// The activity code as submitted.
    pub original_code: Option<String>,
}

/// The rows of `Данни` for a merged programme, in programme order.
pub fn data_rows(merged: &Merged, programme: &Programme) -> Vec<DataRow> {
    data_rows_iter(merged, programme).collect()
}

/// The number of rows of `Данни`.
pub fn data_row_count(merged: &Merged) -> usize {
    merged
        .goals
        .iter()
        .flat_map(|g| &g.activities)
        .flat_map(|a| &a.parts)
        .map(|p| p.activity.indicators.len())
        .sum()
}

/// The rows of `Данни`, made one at a time (a national merge has 100,000 of them).
pub fn data_rows_iter<'a>(
    merged: &'a Merged,
    programme: &'a Programme,
) -> impl Iterator<Item = DataRow> + 'a {
    merged.goals.iter().flat_map(move |goal| {
        goal.activities.iter().flat_map(move |activity| {
            activity.parts.iter().flat_map(move |part| {
                let a = &part.activity;
                let source = &merged.sources[part.source];
                let submitted_by = source
                    .institution
                    .map(|i| programme.institutions[i].name.clone())
                    .unwrap_or_default();
                let leads: Vec<String> = a
                    .leads
                    .iter()
                    .map(|&l| programme.institutions[l].name.clone())
                    .collect();
                let partners = partner_names(&a.partners, programme);
                a.indicators.iter().enumerate().map(move |(i, indicator)| {
                    let first = i == 0;
                    DataRow {
                        priority: goal.priority,
                        goal: goal.code.clone(),
                        activity_code: activity.code.clone(),
                        activity: activity.text().to_string(),
                        deadline: a.deadline.text.clone(),
                        expected_result: indicator.expected_result.clone(),
                        indicator: indicator.text.clone(),
                        unit: indicator.unit.clone(),
                        baseline: indicator.baseline,
                        target: indicator.target,
                        budget: a.budget.filter(|_| first).map(|b| b.value),
                        currency: a.currency,
                        funding_source: a.funding_source.clone(),
                        funding_note: a.funding_note.clone(),
                        leads: leads.clone(),
                        partners: partners.clone(),
                        note: indicator.note.clone(),
                        start: a.deadline.start,
                        end: a.deadline.end,
                        budget_eur: a
                            .budget
                            .filter(|_| first)
                            .map(|b| round2(to_eur(b.value, b.currency))),
                        submitted_by: submitted_by.clone(),
                        file: source.file_name.clone(),
                        row: indicator.row + 1,
                        original_code: a.code.clone(),
                    }
                })
            })
        })
    })
}

/// The names of an activity's partners: the configured name, or the name as written.
pub fn partner_names(partners: &[Partner], programme: &Programme) -> Vec<String> {
    partners
        .iter()
        .map(|p| match p {
            Partner::Known(i) => programme.institutions[*i].name.clone(),
            Partner::Unknown(name) => name.clone(),
        })
        .collect()
}

/// Rounds to cents.
pub fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}
