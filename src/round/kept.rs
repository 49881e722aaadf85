//! The versions a round keeps, as plain data, and what the rule makes of them: each
//! version's state, what a merge (or a collect) takes, and what the portal says beside a
//! version ([`Note`]). The portal's store gives these records; nothing here reads a
//! database or answers a request.

use serde::Serialize;

use crate::catalogue::Phrase;

use super::{Decision, Entry, Kind, Outcome, Review, State, Unreadable, Version, plan};

/// The contributions round's name, as a kept version's `round` holds it.
pub const CONTRIBUTIONS: &str = "contribution";
/// The reporting round's name, as a kept version's `round` (and a started round's kind)
/// holds it.
pub const REPORTS: &str = "report";

/// Who sent a kept version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sender {
    /// The institution, through its personal link.
    Link,
    /// The secretary, who received the file by e-mail and added it.
    Secretary,
    /// The secretary, who moved a held file here from the link that sent it.
    Move,
}

impl Sender {
    /// The stable code, as stored: `link`, `secretary`, `move`.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::round::Sender;
    /// assert_eq!(Sender::from_code(Sender::Move.code()), Sender::Move);
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            Sender::Link => "link",
            Sender::Secretary => "secretary",
            Sender::Move => "move",
        }
    }

    /// The sender of a stored code (an unknown one is read as the link's).
    pub fn from_code(code: &str) -> Sender {
        match code {
            "secretary" => Sender::Secretary,
            "move" => Sender::Move,
            _ => Sender::Link,
        }
    }
}

/// A kept version of a file sent in a round, as the pages and the JSON API show it.
#[derive(Clone, Debug, Serialize)]
pub struct KeptVersion {
    /// Its id.
    pub id: i64,
    /// `contribution` or `report` ([`CONTRIBUTIONS`], [`REPORTS`]).
    pub round: String,
    /// The institution whose version it is (whose link sent it, or where it was moved).
    pub institution: String,
    /// 1 for the institution's first file of the round.
    pub version: i64,
    /// The file name as sent.
    pub file_name: String,
    /// SHA-256 of the bytes.
    pub sha256: String,
    /// Size in bytes.
    pub size: i64,
    /// When it was received (UTC, RFC 3339).
    pub uploaded_at: String,
    /// Data rows read (in a report: indicators reported).
    pub rows: i64,
    /// Errors found.
    pub errors: i64,
    /// Warnings found.
    pub warnings: i64,
    /// The institution the file names (when configured), for the "another institution" note.
    pub named_institution: Option<String>,
    /// The contact e-mail the file gives.
    pub contact_email: Option<String>,
    /// `accepted`, `returned`, or none yet.
    pub review: Option<String>,
    /// The secretary's comment with the latest review.
    pub comment: Option<String>,
    /// When it was last reviewed.
    pub reviewed_at: Option<String>,
    /// What the file is: `readable`, or why it is not ([`Kind::code`]).
    pub kind: String,
    /// Who sent it: `link`, `secretary` or `move` ([`Sender::code`]).
    pub sent_by: String,
    /// The secretary's decision on it when it was held: `kept`, `moved`, `returned`.
    pub decision: Option<String>,
    /// The version it was moved to, when moved.
    pub moved_to: Option<i64>,
    /// The version it is a move of, when it was moved here.
    pub moved_from: Option<i64>,
}

impl KeptVersion {
    /// The version as the rule sees it.
    pub fn rule_version(&self) -> Version {
        Version {
            id: self.id,
            number: self.version,
            review: match self.review.as_deref() {
                Some("accepted") => Review::Accepted,
                Some("returned") => Review::Returned,
                _ => Review::Pending,
            },
            kind: Kind::from_code(&self.kind),
            names_its_sender: self.named_institution.as_deref() == Some(self.institution.as_str()),
            decision: self.decision.as_deref().and_then(Decision::from_code),
            has_errors: self.errors > 0,
        }
    }

    /// The version's state.
    pub fn state(&self) -> State {
        self.rule_version().state()
    }

    /// Who sent it.
    pub fn sender(&self) -> Sender {
        Sender::from_code(&self.sent_by)
    }

    /// Whether it was sent in the contributions round (else in the reporting round).
    pub fn is_contribution(&self) -> bool {
        self.round == CONTRIBUTIONS
    }

    /// What it is, when it is not a readable contribution (or report).
    pub fn unreadable(&self) -> Option<Unreadable> {
        match Kind::from_code(&self.kind) {
            Kind::Unreadable(what) => Some(what),
            Kind::Readable => None,
        }
    }

    /// The one sentence for a version that is not a readable contribution (or report), when
    /// it is one: what the file is and which form takes it. `detail` is the reader's first
    /// sentence, said for a file that cannot be opened.
    pub fn unreadable_phrase(&self, detail: Option<String>) -> Option<Phrase<'static>> {
        let what = self.unreadable()?;
        Some(Phrase::NotAContribution {
            kind: what.code(),
            report_form: !self.is_contribution(),
            detail: (what == Unreadable::Damaged).then_some(detail).flatten(),
        })
    }
}

/// What the rule makes of `records` (one round's versions, newest first) for the
/// institutions `names`, in their order.
pub fn plan_of<'a>(names: &[&'a str], records: &[KeptVersion]) -> Vec<Entry<'a>> {
    let versions: Vec<(&str, Version)> = records
        .iter()
        .map(|record| (record.institution.as_str(), record.rule_version()))
        .collect();
    plan(names, &versions)
}

/// The records a plan takes, in the plan's (institution) order.
pub fn taken<'r>(plan: &[Entry<'_>], records: &'r [KeptVersion]) -> Vec<&'r KeptVersion> {
    plan.iter()
        .filter_map(|entry| entry.outcome.taken())
        .filter_map(|version| records.iter().find(|record| record.id == version.id))
        .collect()
}

/// One institution a merge left out, as the merge's summary keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct LeftOut {
    /// The institution.
    pub institution: String,
    /// `held`, `returned`, `unreadable` or `none`.
    pub state: String,
    /// Its latest version's number, when it has one.
    pub version: Option<i64>,
    /// Its latest version's id, when it has one.
    pub id: Option<i64>,
}

/// Every institution a plan leaves out, in the plan's order.
pub fn left_out(plan: &[Entry<'_>]) -> Vec<LeftOut> {
    plan.iter()
        .filter_map(|entry| match entry.outcome {
            Outcome::LeftOut { state, latest } => Some(LeftOut {
                institution: entry.institution.to_string(),
                state: state.code().to_string(),
                version: latest.map(|version| version.number),
                id: latest.map(|version| version.id),
            }),
            Outcome::Taken { .. } => None,
        })
        .collect()
}

/// What the portal says about a version beside its check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note<'a> {
    /// The secretary added it (a file received by e-mail).
    AddedBySecretary,
    /// The secretary moved it here from the link of `sender`.
    MovedFrom {
        /// The institution whose link sent it.
        sender: &'a str,
    },
    /// Held, the secretary kept it as the version of the link's institution.
    KeptBySecretary {
        /// The link's institution.
        link: &'a str,
    },
    /// Held, the secretary moved it to the institution it names.
    MovedTo {
        /// The institution it names.
        named: &'a str,
        /// Its version number there.
        version: i64,
    },
    /// The file names another institution than the link's: held.
    OtherInstitution {
        /// The institution named in the file.
        named: &'a str,
        /// The link's institution.
        link: &'a str,
    },
    /// The file names no configured institution: held.
    NoInstitutionNamed {
        /// The link's institution.
        link: &'a str,
    },
    /// Other institutions sent the same bytes.
    SameBytesFrom {
        /// The other institutions, in the order they sent it.
        institutions: Vec<&'a str>,
    },
}

impl<'a> Note<'a> {
    /// The catalogue's sentence of the note.
    pub fn phrase(&self) -> Phrase<'a> {
        match self {
            Note::AddedBySecretary => Phrase::AddedBySecretary,
            Note::MovedFrom { sender } => Phrase::MovedFrom { sender },
            Note::KeptBySecretary { link } => Phrase::KeptBySecretary { link },
            Note::MovedTo { named, version } => Phrase::MovedTo {
                named,
                version: *version,
            },
            Note::OtherInstitution { named, link } => Phrase::OtherInstitution { named, link },
            Note::NoInstitutionNamed { link } => Phrase::NoInstitutionNamed { link },
            Note::SameBytesFrom { institutions } => Phrase::SameBytesFrom {
                institutions: institutions.clone(),
            },
        }
    }
}

/// What the portal says about `record` beside its check: who sent it, whether it is held
/// (and who else sent the same bytes), what the secretary decided. `records` holds the
/// versions of its round with the same bytes, at least (which include a move's other end),
/// or every version of the round.
///
/// # Examples
///
/// ```
/// use zakrila::round::{KeptVersion, Note, notes};
/// let record = |id, institution: &str, named: &str| KeptVersion {
///     id, round: "contribution".into(), institution: institution.into(), version: 1,
///     file_name: "f.xlsx".into(), sha256: "ab".into(), size: 1, uploaded_at: String::new(),
///     rows: 3, errors: 0, warnings: 0, named_institution: Some(named.into()),
///     contact_email: None, review: None, comment: None, reviewed_at: None,
///     kind: "readable".into(), sent_by: "link".into(), decision: None, moved_to: None,
///     moved_from: None,
/// };
/// // РУО's file, sent through ПИЦ's link too: held, and РУО is named as its other sender.
/// let records = [record(2, "ПИЦ", "РУО"), record(1, "РУО", "РУО")];
/// assert_eq!(
///     notes(&records[0], &records),
///     [
///         Note::OtherInstitution { named: "РУО", link: "ПИЦ" },
///         Note::SameBytesFrom { institutions: vec!["РУО"] },
///     ]
/// );
/// assert!(notes(&records[1], &records).is_empty());
/// ```
pub fn notes<'a>(record: &'a KeptVersion, records: &'a [KeptVersion]) -> Vec<Note<'a>> {
    let mut notes = Vec::new();
    let version = record.rule_version();
    match record.sender() {
        Sender::Secretary => notes.push(Note::AddedBySecretary),
        Sender::Move => {
            if let Some(from) = record
                .moved_from
                .and_then(|id| records.iter().find(|other| other.id == id))
            {
                notes.push(Note::MovedFrom {
                    sender: &from.institution,
                });
            }
        }
        Sender::Link => {}
    }
    if version.names_its_sender || version.kind != Kind::Readable {
        return notes;
    }
    match version.decision {
        Some(Decision::Kept) => notes.push(Note::KeptBySecretary {
            link: &record.institution,
        }),
        Some(Decision::Moved) => {
            let moved = record
                .moved_to
                .and_then(|id| records.iter().find(|other| other.id == id));
            if let Some(moved) = moved {
                notes.push(Note::MovedTo {
                    named: &moved.institution,
                    version: moved.version,
                });
            }
        }
        Some(Decision::Returned) | None => {
            notes.push(match &record.named_institution {
                Some(named) => Note::OtherInstitution {
                    named,
                    link: &record.institution,
                },
                None => Note::NoInstitutionNamed {
                    link: &record.institution,
                },
            });
            let sent: Vec<(&str, &str)> = records
                .iter()
                .filter(|other| other.decision.as_deref() != Some(Decision::Moved.code()))
                .map(|other| (other.institution.as_str(), other.sha256.as_str()))
                .collect();
            let others = super::same_bytes_from(&sent, &record.institution, &record.sha256);
            if !others.is_empty() {
                notes.push(Note::SameBytesFrom {
                    institutions: others,
                });
            }
        }
    }
    notes
}

/// The first error's sentence in a kept check (`validate --format json`'s file object): for
/// a file that cannot be opened, the reader's reason.
///
/// # Examples
///
/// ```
/// let check = r#"{"findings": [{"severity": "warning", "message": "a"},
///                               {"severity": "error", "message": "b"}]}"#;
/// assert_eq!(zakrila::round::first_error(check).as_deref(), Some("b"));
/// ```
pub fn first_error(report_json: &str) -> Option<String> {
    let report: serde_json::Value = serde_json::from_str(report_json).ok()?;
    report["findings"]
        .as_array()?
        .iter()
        .find(|finding| finding["severity"] == "error")
        .and_then(|finding| finding["message"].as_str())
        .map(str::to_string)
}
