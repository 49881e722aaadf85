//! The reporting round as data: what each institution reported for each indicator, the
//! reports read, and the keys and digest that tie a reporting workbook to its programme.

use std::collections::{BTreeMap, HashMap};

use sha2::{Digest, Sha256};

use crate::contract::reporting::Status;

use super::findings::Finding;
use super::programme_rows::DataRow;

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
    /// Findings past [`crate::model::contribution::MAX_FINDINGS`], counted but not kept.
    pub unlisted: usize,
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

impl ReportFile {
    /// A report of `display` with nothing read yet.
    pub fn empty(display: &str) -> ReportFile {
        ReportFile {
            file: display.to_string(),
            institution: None,
            rows: BTreeMap::new(),
            findings: Vec::new(),
            rejected: false,
            unlisted: 0,
        }
    }
}

impl Collected {
    /// Every finding of every report.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.files.iter().flat_map(|f| &f.findings)
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
            digest: programme_digest(data),
            lead_of: row_keys(data)
                .into_iter()
                .zip(data)
                .map(|(k, r)| (k, r.leads.first().cloned().unwrap_or_default()))
                .collect(),
        }
    }
}

/// What an implementation report says about one indicator, for `export --report`.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The reported value.
    pub actual: Option<f64>,
    /// The status label, or "няма отчет".
    pub status: Option<String>,
}

/// One indicator of an implementation report as `Изпълнение` lists it: what the report
/// document is made of.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportRow {
    /// Priority number.
    pub priority: u32,
    /// Goal code.
    pub goal: String,
    /// The merged activity code.
    pub activity_code: String,
    /// Activity text.
    pub activity: String,
    /// Indicator.
    pub indicator: String,
    /// Unit.
    pub unit: Option<String>,
    /// Target value.
    pub target: Option<f64>,
    /// The reported value.
    pub actual: Option<f64>,
    /// The status, when one was reported.
    pub status: Option<Status>,
    /// Spent budget, in `currency`.
    pub spent: Option<f64>,
    /// The activity's currency.
    pub currency: crate::config::Currency,
    /// The institution's comment.
    pub comment: Option<String>,
    /// Who reported it; none when nobody did.
    pub reported_by: Option<String>,
    /// Lead institutions, canonical names.
    pub leads: Vec<String>,
}

impl ReportRow {
    /// An indicator counts as reported when it has a value or a status (reporting.md).
    pub fn counts(&self) -> bool {
        self.actual.is_some() || self.status.is_some()
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

/// The hidden key of a `Данни` row: its merged activity code and the 1-based place of the
/// indicator among that activity's rows.
pub fn row_keys(rows: &[DataRow]) -> Vec<String> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    rows.iter()
        .map(|row| {
            let n = seen.entry(row.activity_code.as_str()).or_insert(0);
            *n += 1;
            format!("{}#{n}", row.activity_code)
        })
        .collect()
}

/// SHA-256 of the content of `Данни` (not of the file's bytes, which LibreOffice or Excel
/// would change by merely saving): what `_meta` records as `programme_sha256`.
pub fn programme_digest(rows: &[DataRow]) -> String {
    let mut hasher = Sha256::new();
    for row in rows {
        hasher.update(format!("{row:?}\n").as_bytes());
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The reporting workbooks of a programme: one per lead institution (the first lead of each
/// row), as (institution, rows with their keys), in institution order.
pub fn by_institution(rows: &[DataRow]) -> BTreeMap<String, Vec<(String, &DataRow)>> {
    let keys = row_keys(rows);
    let mut groups: BTreeMap<String, Vec<(String, &DataRow)>> = BTreeMap::new();
    for (row, key) in rows.iter().zip(keys) {
        let lead = row.leads.first().cloned().unwrap_or_default();
        groups.entry(lead).or_default().push((key, row));
    }
    groups
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::config::Currency;

    fn row(code: &str, lead: &str, indicator: &str) -> DataRow {
        DataRow {
            priority: 1,
            goal: "1.1".into(),
            activity_code: code.into(),
            activity: format!("Дейност {code}"),
            deadline: "2025 г.".into(),
            expected_result: None,
            indicator: indicator.into(),
            unit: Some("брой".into()),
            baseline: Some(1.0),
            target: Some(4.0),
            budget: None,
            currency: Currency::Eur,
            funding_source: None,
            funding_note: None,
            leads: vec![lead.into()],
            partners: Vec::new(),
            note: None,
            start: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
            end: NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
            budget_eur: None,
            submitted_by: lead.into(),
            file: "f.xlsx".into(),
            row: 2,
            original_code: None,
        }
    }

    fn programme_rows() -> Vec<DataRow> {
        vec![
            row("1.1.1", "РУО – Русе", "Брой обучения"),
            row("1.1.1", "РУО – Русе", "Брой участници"),
            row("1.1.2", "Община Русе", "Брой деца"),
        ]
    }

    #[test]
    fn keys_number_the_indicators_of_each_activity() {
        assert_eq!(
            row_keys(&programme_rows()),
            ["1.1.1#1", "1.1.1#2", "1.1.2#1"]
        );
    }

    #[test]
    fn the_digest_follows_the_content_only() {
        let rows = programme_rows();
        assert_eq!(programme_digest(&rows), programme_digest(&rows.clone()));
        let mut changed = rows.clone();
        changed[1].target = Some(5.0);
        assert_ne!(programme_digest(&rows), programme_digest(&changed));
        assert_eq!(programme_digest(&rows).len(), 64);
    }

    #[test]
    fn indicators_are_grouped_by_their_lead_with_their_keys() {
        let rows = programme_rows();
        let groups = by_institution(&rows);
        let names: Vec<&str> = groups.keys().map(String::as_str).collect();
        assert_eq!(names, ["Община Русе", "РУО – Русе"]);
        let keys: Vec<&str> = groups["РУО – Русе"]
            .iter()
            .map(|(key, _)| key.as_str())
            .collect();
        assert_eq!(keys, ["1.1.1#1", "1.1.1#2"]);
        let expected = Expected::new(&rows);
        assert_eq!(expected.lead_of["1.1.2#1"], "Община Русе");
        assert_eq!(expected.digest, programme_digest(&rows));
    }

    #[test]
    fn achievement_is_the_share_of_the_target() {
        assert_eq!(achievement(Some(3.0), Some(4.0)), Some(0.75));
        assert_eq!(achievement(Some(3.0), Some(0.0)), None);
        assert_eq!(achievement(None, Some(4.0)), None);
        assert_eq!(achievement(Some(3.0), None), None);
    }

    #[test]
    fn a_report_counts_with_a_value_or_a_status() {
        let mut reported = Reported {
            value: None,
            status: None,
            spent: Some(10.0),
            comment: Some("коментар".into()),
            institution: "РУО – Русе".into(),
            file: "отчет.xlsx".into(),
        };
        assert!(!reported.counts());
        reported.status = Some(Status::InProgress);
        assert!(reported.counts());
        reported.status = None;
        reported.value = Some(0.0);
        assert!(reported.counts());
    }
}
