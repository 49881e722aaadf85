//! Which programme the reporting round and the export read: the adopted programme the
//! secretary chose, or else the latest merge — and when there is neither, no programme
//! yet. The portal's store gives what it keeps ([`KeptMerge`], [`KeptRound`],
//! [`KeptOutput`]); these rules say which of it is used.

use std::collections::BTreeMap;

use crate::model::programme_rows::DataRow;

/// A kept merge: its id and the SHA-256 of its workbook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptMerge {
    /// Its id (`merge #N`).
    pub id: i64,
    /// The SHA-256 of its workbook.
    pub sha256: String,
    /// Its counts as JSON ([`super::MergeCounts::json`]).
    pub summary: String,
}

/// A started reporting round.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct KeptRound {
    /// Its id.
    pub id: i64,
    /// When it was started (UTC, RFC 3339).
    pub started_at: String,
    /// The SHA-256 of the adopted programme workbook it was started from.
    pub programme_sha256: String,
}

/// A kept implementation report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptOutput {
    /// Its id.
    pub id: i64,
    /// The SHA-256 of its bytes.
    pub sha256: String,
    /// Its counts as JSON ([`super::CollectCounts::json`]).
    pub summary: String,
    /// The reporting round it was collected in.
    pub round_id: Option<i64>,
}

/// How the audit log names a programme taken from a merge: `merge #N` (a stable code).
pub fn merge_source(id: i64) -> String {
    format!("merge #{id}")
}

/// The programme a reporting round starts from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StartFrom {
    /// A programme checked on the page before the round, kept then: its SHA-256 and the name
    /// it was chosen under (its SHA-256 when the form lost it).
    Checked {
        /// Its SHA-256.
        sha256: String,
        /// How the audit log names it.
        source: String,
    },
    /// A programme file sent with the start: its name and bytes.
    File {
        /// Its name, as the audit log gives it.
        name: String,
        /// Its bytes.
        bytes: Vec<u8>,
    },
    /// No file: the latest merge.
    Merge(KeptMerge),
}

/// Which programme a reporting round starts from: the one checked on the page before it,
/// else the file sent with the start, else the latest merge; none when there is none of
/// them (no programme yet).
///
/// # Examples
///
/// ```
/// use zakrila::round::{KeptMerge, StartFrom, start_from};
/// let merge = KeptMerge { id: 3, sha256: "ab".into(), summary: "{}".into() };
/// assert_eq!(start_from(None, None, None, Some(merge.clone())), Some(StartFrom::Merge(merge)));
/// let file = ("програма.xlsx".to_string(), vec![1]);
/// assert!(matches!(start_from(None, None, Some(file), None), Some(StartFrom::File { .. })));
/// assert_eq!(start_from(None, None, None, None), None);
/// ```
pub fn start_from(
    checked: Option<String>,
    checked_name: Option<String>,
    file: Option<(String, Vec<u8>)>,
    latest_merge: Option<KeptMerge>,
) -> Option<StartFrom> {
    if let Some(sha256) = checked {
        return Some(StartFrom::Checked {
            source: checked_name.unwrap_or_else(|| sha256.clone()),
            sha256,
        });
    }
    if let Some((name, bytes)) = file {
        return Some(StartFrom::File { name, bytes });
    }
    latest_merge.map(StartFrom::Merge)
}

/// What the national export reads; `R` is the reporting round as the caller holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportFrom<R> {
    /// The reporting round's programme, with the values of the implementation report
    /// collected in that round, when there is one.
    Round {
        /// The round.
        round: R,
        /// The round's latest implementation report.
        report: Option<KeptOutput>,
    },
    /// No round: the latest merge's programme, with no reported values.
    Merge(KeptMerge),
}

/// What the export reads: the current reporting round's programme (`round`: its id and the
/// round as the caller holds it), with its latest implementation report when that was
/// collected in this round; else the latest merge; none when there is neither (no programme
/// yet).
///
/// # Examples
///
/// ```
/// use zakrila::round::{ExportFrom, KeptOutput, export_from};
/// let report = KeptOutput { id: 1, sha256: "ab".into(), summary: "{}".into(), round_id: Some(1) };
/// // A report collected in an earlier round is not this round's.
/// assert_eq!(
///     export_from(Some((2, "round 2")), Some(report), None),
///     Some(ExportFrom::Round { round: "round 2", report: None })
/// );
/// assert_eq!(export_from::<()>(None, None, None), None);
/// ```
pub fn export_from<R>(
    round: Option<(i64, R)>,
    latest_report: Option<KeptOutput>,
    latest_merge: Option<KeptMerge>,
) -> Option<ExportFrom<R>> {
    match round {
        Some((round_id, round)) => Some(ExportFrom::Round {
            round,
            report: latest_report.filter(|report| report.round_id == Some(round_id)),
        }),
        None => latest_merge.map(ExportFrom::Merge),
    }
}

/// Each lead institution of a programme's rows and the number of indicators it reports, in
/// name order: who the reporting round asks for a report.
///
/// # Examples
///
/// ```
/// let programme = zakrila::config::Programme::load("samples/ruse-2025/programme.toml".as_ref()).unwrap();
/// let bytes = std::fs::read("samples/ruse-2025/02-ruo-ruse.xlsx").unwrap();
/// let read = zakrila::api::validate(&programme, "руо.xlsx", bytes, Default::default());
/// let (merged, _) = zakrila::api::merge(&programme, vec![read]);
/// let workbook = zakrila::api::programme_workbook(merged, &programme, Default::default()).unwrap();
/// let rows = zakrila::api::programme_rows(workbook, Default::default()).unwrap();
/// let leads = zakrila::round::leads(&rows);
/// assert_eq!(leads.values().sum::<usize>(), rows.len());
/// ```
pub fn leads(rows: &[DataRow]) -> BTreeMap<String, usize> {
    crate::model::reporting::by_institution(rows)
        .into_iter()
        .map(|(institution, group)| (institution, group.len()))
        .collect()
}
