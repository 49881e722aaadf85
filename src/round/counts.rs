//! The counts of a round, as the dashboard, the audit log and the command line say them:
//! how many institutions sent something of their own and how many wait for the secretary
//! ([`Tally`]), who is late ([`late_contribution`], [`overdue`]), what a merge and a
//! collect made ([`MergeCounts`], [`CollectCounts`]).
//!
//! A merge's and a collect's summaries are kept as JSON beside their workbook: they are
//! written with their keys in alphabetical order ([`MergeCounts::json`]) and read back
//! with any key missing as zero, so a summary an older zakrila kept still reads.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::catalogue::Phrase;
use crate::model::findings::Severity;
use crate::model::reporting::Collected;

use super::{Entry, LeftOut, State};

/// How many institutions of a plan sent something of their own, and how many of them wait
/// for the secretary, for the dashboard's top line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Institutions in the plan.
    pub total: usize,
    /// Institutions whose latest version is a contribution of their own (with errors,
    /// submitted, accepted or returned), or from which the merge takes one. A held or
    /// unreadable file alone does not count.
    pub submitted: usize,
    /// Institutions whose latest version is held.
    pub held: usize,
    /// Institutions whose latest version is unreadable.
    pub unreadable: usize,
    /// Institutions whose latest version was returned.
    pub returned: usize,
}

impl Tally {
    /// The tally of a plan.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::round::{Kind, Review, Tally, Version, plan};
    /// let version = |id, names_its_sender| Version {
    ///     id, number: 1, review: Review::Pending, kind: Kind::Readable, names_its_sender,
    ///     decision: None, has_errors: false,
    /// };
    /// let versions = [("ПИЦ", version(2, false)), ("РУО", version(1, true))];
    /// let tally = Tally::of(&plan(&["РУО", "ПИЦ", "РЗИ"], &versions));
    /// assert_eq!((tally.total, tally.submitted, tally.held), (3, 1, 1));
    /// ```
    pub fn of(plan: &[Entry<'_>]) -> Tally {
        let count = |state: State| plan.iter().filter(|entry| entry.state == state).count();
        Tally {
            total: plan.len(),
            submitted: plan
                .iter()
                .filter(|entry| {
                    matches!(
                        entry.state,
                        State::Errors | State::Submitted | State::Accepted | State::Returned
                    ) || entry.outcome.taken().is_some()
                })
                .count(),
            held: count(State::Held),
            unreadable: count(State::Unreadable),
            returned: count(State::Returned),
        }
    }

    /// The states that ask for the secretary's attention, with their counts, those with
    /// none left out: held, unreadable, returned.
    pub fn attention(&self) -> Vec<(State, usize)> {
        [
            (State::Held, self.held),
            (State::Unreadable, self.unreadable),
            (State::Returned, self.returned),
        ]
        .into_iter()
        .filter(|(_, count)| *count > 0)
        .collect()
    }
}

/// Whether an institution is late with its contribution: the due date has passed and it
/// sent nothing of its own by then (`first_sent`: the day of its first own version).
///
/// # Examples
///
/// ```
/// use chrono::NaiveDate;
/// use zakrila::round::late_contribution;
/// let day = |d| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
/// assert!(late_contribution(Some(day(10)), day(11), None));
/// assert!(late_contribution(Some(day(10)), day(11), Some(day(11))));
/// assert!(!late_contribution(Some(day(10)), day(11), Some(day(9))));
/// assert!(!late_contribution(Some(day(10)), day(10), None));
/// assert!(!late_contribution(None, day(11), None));
/// ```
pub fn late_contribution(
    due: Option<NaiveDate>,
    today: NaiveDate,
    first_sent: Option<NaiveDate>,
) -> bool {
    due.is_some_and(|due| today > due && first_sent.is_none_or(|sent| sent > due))
}

/// Whether the due date has passed with nothing sent: an institution's page says so to it,
/// and the reporting dashboard of a lead institution with no report.
///
/// # Examples
///
/// ```
/// use chrono::NaiveDate;
/// let day = |d| NaiveDate::from_ymd_opt(2027, 2, d).unwrap();
/// assert!(zakrila::round::overdue(Some(day(28)), NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(), false));
/// assert!(!zakrila::round::overdue(Some(day(28)), day(28), false));
/// ```
pub fn overdue(due: Option<NaiveDate>, today: NaiveDate, sent: bool) -> bool {
    due.is_some_and(|due| today > due) && !sent
}

/// What a portal's merge made, kept as JSON beside its workbook (and sent in the
/// `X-Zakrila-Summary` header of the API's merge).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MergeCounts {
    /// Files merged.
    pub files: usize,
    /// Data rows read.
    pub rows: usize,
    /// Rows accepted.
    pub accepted: usize,
    /// Rows rejected.
    pub rejected: usize,
    /// Rows skipped as no activity.
    pub skipped: usize,
    /// The institutions the merge left out; none in a summary kept before the rule.
    pub left_out: Option<Vec<LeftOut>>,
}

impl MergeCounts {
    /// The summary of a merge (its counts from [`crate::api::merge`]) and what it left out.
    pub fn of(counts: &crate::api::MergeSummary, left_out: Vec<LeftOut>) -> MergeCounts {
        MergeCounts {
            files: counts.files,
            rows: counts.rows,
            accepted: counts.accepted,
            rejected: counts.rejected,
            skipped: counts.skipped,
            left_out: Some(left_out),
        }
    }

    /// The summary as kept: JSON with its keys in alphabetical order.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::round::MergeCounts;
    /// let summary = MergeCounts { files: 2, rows: 5, accepted: 5, left_out: Some(vec![]), ..Default::default() };
    /// assert_eq!(
    ///     summary.json(),
    ///     r#"{"accepted":5,"files":2,"left_out":[],"rejected":0,"rows":5,"skipped":0}"#
    /// );
    /// assert_eq!(MergeCounts::read(&summary.json()), summary);
    /// ```
    pub fn json(&self) -> String {
        sorted_json(self)
    }

    /// A kept summary read back; what cannot be read counts as nothing.
    pub fn read(json: &str) -> MergeCounts {
        serde_json::from_str(json).unwrap_or_default()
    }

    /// The counts in words.
    pub fn phrase(&self) -> Phrase<'static> {
        Phrase::MergeCounts {
            files: self.files,
            rows: self.rows,
            accepted: self.accepted,
            rejected: self.rejected,
            skipped: self.skipped,
        }
    }
}

/// What a collect made: the counts `report collect` prints and the portal keeps beside the
/// implementation report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CollectCounts {
    /// Report files read.
    pub files: usize,
    /// Indicators of the programme.
    pub indicators: usize,
    /// Indicators reported (a value or a status).
    pub reported: usize,
    /// Errors in the reports.
    pub errors: usize,
}

impl CollectCounts {
    /// The counts of a collected round.
    pub fn of(collected: &Collected) -> CollectCounts {
        CollectCounts {
            files: collected.files.len(),
            indicators: collected.rows.len(),
            reported: collected
                .rows
                .iter()
                .filter(|(key, _)| collected.reported.get(key).is_some_and(|r| r.counts()))
                .count(),
            errors: collected
                .findings()
                .filter(|finding| finding.severity() == Severity::Error)
                .count(),
        }
    }

    /// The summary as kept: JSON with its keys in alphabetical order.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::round::CollectCounts;
    /// let summary = CollectCounts { files: 2, indicators: 9, reported: 7, errors: 1 };
    /// assert_eq!(summary.json(), r#"{"errors":1,"files":2,"indicators":9,"reported":7}"#);
    /// assert_eq!(CollectCounts::read(&summary.json()), summary);
    /// ```
    pub fn json(&self) -> String {
        sorted_json(self)
    }

    /// A kept summary read back; what cannot be read counts as nothing.
    pub fn read(json: &str) -> CollectCounts {
        serde_json::from_str(json).unwrap_or_default()
    }

    /// The counts in words.
    pub fn phrase(&self) -> Phrase<'static> {
        Phrase::CollectCounts {
            files: self.files,
            indicators: self.indicators,
            reported: self.reported,
            errors: self.errors,
        }
    }
}

/// JSON of a value with every object's keys in alphabetical order (as `serde_json::Value`
/// keeps them), whatever the order of the fields.
fn sorted_json(value: &impl Serialize) -> String {
    let value: serde_json::Value = serde_json::to_value(value).unwrap_or_default();
    let sorted = sort_keys(value);
    sorted.to_string()
}

fn sort_keys(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<(String, serde_json::Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            serde_json::Value::Object(
                entries
                    .into_iter()
                    .map(|(key, value)| (key, sort_keys(value)))
                    .collect(),
            )
        }
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.into_iter().map(sort_keys).collect())
        }
        other => other,
    }
}
