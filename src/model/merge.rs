//! Merging contributions into one programme (spec: programme-workbook.md, "Merge rules").
//!
//! The merge never drops what it was given: every submitted activity becomes a *part* of a
//! merged activity (two institutions sending the same activity give one activity with two
//! parts), every rejected row is kept with its reasons, every finding becomes a note. The
//! result depends only on the inputs' contents: files are ordered by institution name, not
//! by the command line.

use std::collections::HashMap;

use crate::config::{Currency, Programme};
use crate::model::contribution::{Activity, Contact, Rejection, Submission};
use crate::model::findings::{Finding, Place, Problem, Severity};
use crate::normalise::text::fold_key;

/// Leva per euro, fixed since 2026-01-01.
pub const BGN_PER_EUR: f64 = 1.95583;

/// An amount in euro.
///
/// # Examples
///
/// ```
/// use zakrila::{config::Currency, model::merge::to_eur};
/// assert_eq!(to_eur(195.583, Currency::Bgn), 100.0);
/// assert_eq!(to_eur(10.0, Currency::Eur), 10.0);
/// ```
pub fn to_eur(value: f64, currency: Currency) -> f64 {
    match currency {
        Currency::Eur => value,
        Currency::Bgn => value / BGN_PER_EUR,
    }
}

/// One input file as the merge accounts for it.
#[derive(Clone, Debug)]
pub struct Source {
    /// The file name, without folders.
    pub file_name: String,
    /// The path as given.
    pub display: String,
    /// SHA-256 of the bytes, when the file could be read.
    pub sha256: Option<String>,
    /// The submitting institution (index), when known.
    pub institution: Option<usize>,
    /// Contact details.
    pub contact: Contact,
    /// `_meta` template version.
    pub template_version: Option<String>,
    /// Data rows read.
    pub rows_read: usize,
    /// Rows accepted.
    pub accepted: usize,
    /// Rows rejected.
    pub rejected: usize,
    /// Rows that hold no activity (a repeated header, a subtotal, a title), skipped with a
    /// warning each: `rows_read == accepted + rejected + skipped`.
    pub skipped: usize,
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
}

/// One submitted activity inside a merged activity.
#[derive(Clone, Debug)]
pub struct Part {
    /// Index into [`Merged::sources`].
    pub source: usize,
    /// The activity as read (its indicators included).
    pub activity: Activity,
}

/// A merged activity: one or more submitted activities with the same goal and text.
#[derive(Clone, Debug)]
pub struct MergedActivity {
    /// The new code, goal.N.
    pub code: String,
    /// The submitted activities, in merge order; the first gives the text.
    pub parts: Vec<Part>,
}

impl MergedActivity {
    /// The activity text (of the first part).
    pub fn text(&self) -> &str {
        &self.parts[0].activity.text
    }

    /// Lead institutions of all parts, in order, without repeats.
    pub fn leads(&self) -> Vec<usize> {
        let mut leads = Vec::new();
        for part in &self.parts {
            for &lead in &part.activity.leads {
                if !leads.contains(&lead) {
                    leads.push(lead);
                }
            }
        }
        leads
    }

    /// Number of indicators over all parts.
    pub fn indicator_count(&self) -> usize {
        self.parts.iter().map(|p| p.activity.indicators.len()).sum()
    }

    /// Budget of all parts in euro.
    pub fn budget_eur(&self) -> f64 {
        self.parts
            .iter()
            .filter_map(|p| p.activity.budget)
            .map(|b| to_eur(b.value, b.currency))
            .sum()
    }
}

/// A goal with its merged activities.
#[derive(Clone, Debug)]
pub struct MergedGoal {
    /// Priority number.
    pub priority: u32,
    /// Goal code.
    pub code: String,
    /// Activities, numbered goal.1, goal.2, …
    pub activities: Vec<MergedActivity>,
}

/// A row that was not merged.
#[derive(Clone, Debug)]
pub struct RejectedRow {
    /// Index into [`Merged::sources`].
    pub source: usize,
    /// 1-based row in the file's activity sheet (None for a file that could not be read).
    pub row: Option<u32>,
    /// The sheet, when known.
    pub sheet: Option<String>,
    /// Every reason: the error findings of the row (or of its activity's row, or the file).
    pub reasons: Vec<Finding>,
    /// For an indicator row of a rejected activity: the activity's row (1-based).
    pub activity_row: Option<u32>,
}

/// The merged programme.
#[derive(Clone, Debug)]
pub struct Merged {
    /// Input files, ordered by institution name, then file name.
    pub sources: Vec<Source>,
    /// Every configured goal, in config order, with its activities.
    pub goals: Vec<MergedGoal>,
    /// Rows not merged, in source order.
    pub rejected: Vec<RejectedRow>,
    /// Every finding of every input, and a note for each united duplicate.
    pub notes: Vec<Finding>,
}

impl Merged {
    /// Rows read over all inputs.
    pub fn rows_read(&self) -> usize {
        self.sources.iter().map(|s| s.rows_read).sum()
    }

    /// Rows accepted over all inputs.
    pub fn rows_accepted(&self) -> usize {
        self.sources.iter().map(|s| s.accepted).sum()
    }

    /// Rows rejected over all inputs.
    pub fn rows_rejected(&self) -> usize {
        self.sources.iter().map(|s| s.rejected).sum()
    }

    /// Rows skipped as no activity over all inputs.
    pub fn rows_skipped(&self) -> usize {
        self.sources.iter().map(|s| s.skipped).sum()
    }

    /// Whether any input had a file-level error (nothing of it could be merged).
    pub fn has_file_errors(&self) -> bool {
        self.notes
            .iter()
            .any(|f| f.severity() == Severity::Error && f.problem.rejects_file())
    }
}

/// Merges read contributions.
///
/// # Examples
///
/// ```no_run
/// # let programme = zakrila::config::Programme::load("samples/ruse-2025/programme.toml".as_ref()).unwrap();
/// let limits = zakrila::read::Limits::default();
/// let submissions = vec![zakrila::validate::contribution::read("руо.xlsx".as_ref(), "руо.xlsx", &programme, limits)];
/// let merged = zakrila::model::merge::merge(submissions, &programme);
/// assert_eq!(
///     merged.rows_read(),
///     merged.rows_accepted() + merged.rows_rejected() + merged.rows_skipped()
/// );
/// ```
pub fn merge(mut submissions: Vec<Submission>, programme: &Programme) -> Merged {
    // The command line's order must not matter: order by institution, then file name, then
    // content, so equal names from different folders still sort the same way every time.
    let institution_name = |s: &Submission| {
        s.institution
            .map(|i| programme.institutions[i].name.clone())
            .unwrap_or_default()
    };
    submissions.sort_by(|a, b| {
        institution_name(a)
            .cmp(&institution_name(b))
            .then_with(|| file_name(&a.file).cmp(&file_name(&b.file)))
            .then_with(|| a.sha256.cmp(&b.sha256))
            .then_with(|| a.file.cmp(&b.file))
    });

    let mut sources = Vec::with_capacity(submissions.len());
    let mut rejected = Vec::new();
    let mut notes = Vec::new();
    // Sized once: an activity is a few hundred bytes, and a growing vector would hold two
    // copies of them for a moment.
    let mut parts: Vec<Part> =
        Vec::with_capacity(submissions.iter().map(|s| s.activities.len()).sum());
    for (index, submission) in submissions.into_iter().enumerate() {
        sources.push(Source {
            file_name: file_name(&submission.file),
            display: submission.file.clone(),
            sha256: submission.sha256.clone(),
            institution: submission.institution,
            contact: submission.contact.clone(),
            template_version: submission.template_version.clone(),
            rows_read: submission.rows_read,
            accepted: submission.rows_accepted(),
            rejected: submission.rejected_rows.len(),
            skipped: submission.skipped_rows.len(),
            errors: submission.errors(),
            warnings: submission.warnings(),
        });
        rejected.extend(rejected_rows(index, &submission));
        // Moved, not cloned: a national merge has a hundred thousand findings.
        notes.extend(submission.findings);
        parts.extend(submission.activities.into_iter().map(|activity| Part {
            source: index,
            activity,
        }));
    }

    // Order: by the submitted activity code where given, then file order, then row.
    parts.sort_by_cached_key(|p| {
        (
            code_key(p.activity.code.as_deref()),
            p.source,
            p.activity.row,
        )
    });

    let mut goals: Vec<MergedGoal> = programme
        .priorities
        .iter()
        .flat_map(|p| {
            p.goals.iter().map(|g| MergedGoal {
                priority: p.number,
                code: g.code.clone(),
                activities: Vec::new(),
            })
        })
        .collect();
    let goal_index: HashMap<String, usize> = goals
        .iter()
        .enumerate()
        .map(|(i, g)| (g.code.clone(), i))
        .collect();
    // (goal, hash of the loose text) → the goal's activities with that hash. A hash, not the
    // loose text itself: the texts would be a second copy of every activity (100 MB for a
    // national merge of long texts). Folding every text is most of the merge's own work, so
    // the hashes are made on every core first; the merge itself then compares texts only
    // when two hashes agree.
    let hashes = loose_hashes(&parts);
    let mut seen: HashMap<(usize, u64), Vec<usize>> = HashMap::new();
    for (part, hash) in parts.into_iter().zip(hashes) {
        let Some(&g) = goal_index.get(&part.activity.goal) else {
            continue; // an accepted activity always has a configured goal
        };
        let candidates = seen.entry((g, hash)).or_default();
        let activities = &mut goals[g].activities;
        let text = &part.activity.text;
        let same = |a: &usize| {
            let first = activities[*a].text();
            first == text || loose_key(first) == loose_key(text)
        };
        match candidates.iter().copied().find(same) {
            Some(a) => {
                notes.push(duplicate_note(&sources, &activities[a].parts[0], &part));
                activities[a].parts.push(part);
            }
            None => {
                candidates.push(activities.len());
                activities.push(MergedActivity {
                    code: String::new(),
                    parts: vec![part],
                });
            }
        }
    }
    for goal in &mut goals {
        for (n, activity) in goal.activities.iter_mut().enumerate() {
            activity.code = format!("{}.{}", goal.code, n + 1);
        }
    }
    Merged {
        sources,
        goals,
        rejected,
        notes,
    }
}

/// The note for a united duplicate, at the duplicate's row.
fn duplicate_note(sources: &[Source], first: &Part, duplicate: &Part) -> Finding {
    let first_source = &sources[first.source];
    Finding {
        file: sources[duplicate.source].display.clone(),
        place: Some(Place {
            sheet: crate::contract::template::SHEET_ACTIVITIES.to_string(),
            cell: Some((duplicate.activity.row, 3)),
            row: Some(duplicate.activity.row),
            column: Some("Дейност".to_string()),
        }),
        problem: Problem::DuplicateActivity {
            other_file: first_source.file_name.clone(),
            other_row: first.activity.row + 1,
        },
    }
}

fn rejected_rows(source: usize, submission: &Submission) -> Vec<RejectedRow> {
    let file_errors: Vec<Finding> = submission
        .findings
        .iter()
        .filter(|f| f.severity() == Severity::Error && f.problem.rejects_file())
        .cloned()
        .collect();
    // The error findings of the table's sheet, by 1-based row: looked up once per rejected
    // row, so a file with a hundred thousand rejected rows costs no more than it reads.
    let table_sheet = submission.table.as_ref().map(|t| t.sheet.as_str());
    let mut errors_by_row: HashMap<u32, Vec<&Finding>> = HashMap::new();
    for finding in &submission.findings {
        if finding.severity() == Severity::Error
            && finding.place.as_ref().map(|p| p.sheet.as_str()) == table_sheet
            && let Some(row) = finding.row()
        {
            errors_by_row.entry(row).or_default().push(finding);
        }
    }
    // A row whose errors were past the findings a file keeps is rejected for the reason
    // that says so.
    let not_listed: Vec<Finding> = submission
        .findings
        .iter()
        .filter(|f| matches!(f.problem, Problem::TooManyFindings { .. }))
        .cloned()
        .collect();
    let errors_at = |row: u32| -> Vec<Finding> {
        errors_by_row
            .get(&(row + 1))
            .map(|findings| findings.iter().map(|f| (*f).clone()).collect())
            .unwrap_or_else(|| not_listed.clone())
    };
    let sheet = submission.table.as_ref().map(|t| t.sheet.clone());
    let mut rows: Vec<RejectedRow> = submission
        .rejected_rows
        .iter()
        .map(|(&row, why)| {
            let (reasons, activity_row) = match why {
                Rejection::OwnErrors => (errors_at(row), None),
                Rejection::ActivityRejected { activity_row } => {
                    (errors_at(*activity_row), Some(activity_row + 1))
                }
                Rejection::FileRejected => (file_errors.clone(), None),
            };
            RejectedRow {
                source,
                row: Some(row + 1),
                sheet: sheet.clone(),
                reasons,
                activity_row,
            }
        })
        .collect();
    // A file that could not be read at all has no rows to list: list the file itself.
    if rows.is_empty() && !file_errors.is_empty() {
        rows.push(RejectedRow {
            source,
            row: None,
            sheet: None,
            reasons: file_errors,
            activity_row: None,
        });
    }
    rows
}

/// The hash of each part's loose text, in order, made on every core.
fn loose_hashes(parts: &[Part]) -> Vec<u64> {
    // A hash that is the same on every run: std's default hasher with its fixed keys.
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    let hash = |part: &Part| {
        BuildHasherDefault::<DefaultHasher>::default().hash_one(loose_key(&part.activity.text))
    };
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let chunk = parts.len().div_ceil(cores).max(1);
    std::thread::scope(|scope| {
        let chunks: Vec<_> = parts
            .chunks(chunk)
            .map(|chunk| scope.spawn(move || chunk.iter().map(hash).collect::<Vec<u64>>()))
            .collect();
        chunks
            .into_iter()
            .flat_map(|chunk| {
                chunk
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// The file name of a path as given, without folders.
pub fn file_name(display: &str) -> String {
    std::path::Path::new(display)
        .file_name()
        .map_or_else(|| display.to_string(), |n| n.to_string_lossy().into_owned())
}

/// The sort key of an activity code: its parts as numbers ("1.2.10" after "1.2.9"); no code
/// sorts after every code.
fn code_key(code: Option<&str>) -> (bool, Vec<u64>) {
    match code {
        Some(code) => (
            false,
            code.split('.')
                .filter(|p| !p.is_empty())
                .map(|p| p.trim().parse().unwrap_or(u64::MAX))
                .collect(),
        ),
        None => (true, Vec::new()),
    }
}

/// The key two activity texts are the same under: case, spaces and punctuation folded.
///
/// # Examples
///
/// ```
/// use zakrila::model::merge::loose_key;
/// assert_eq!(loose_key("Клубове за неформално образование."), loose_key("клубове  за неформално образование"));
/// assert_eq!(loose_key("„Детска кухня“ – проект"), loose_key("Детска кухня проект"));
/// ```
pub fn loose_key(text: &str) -> String {
    let folded = fold_key(text);
    let mut key = String::with_capacity(folded.len());
    for ch in folded.chars() {
        // Folded text is lower case: ASCII and Cyrillic letters take the quick test.
        if ch.is_ascii_alphanumeric() || ('а'..='я').contains(&ch) || ch.is_alphanumeric() {
            key.push(ch);
        } else if !key.is_empty() && !key.ends_with(' ') {
            key.push(' ');
        }
    }
    key.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_order_as_numbers() {
        assert!(code_key(Some("1.2.9")) < code_key(Some("1.2.10")));
        assert!(code_key(Some("1.2.1")) < code_key(None));
        assert_eq!(code_key(None), code_key(None));
    }
}
