//! What a merge takes (spec: portal.md, "What a merge takes (one rule, one place)").
//!
//! The commission adopts what the merge gives, so the secretary must be able to trust that
//! the programme holds exactly what was accepted. This module is that rule, and nothing
//! else: plain data in, plain data out — no HTTP, no SQL. The portal's dashboard, its merge,
//! its reporting round and its JSON API all ask it, so they cannot disagree.
//!
//! - Each [`Version`] of an institution has a [`State`]: its review, whether it is
//!   **held** (the file names another institution, or none, and the secretary has not
//!   decided whose it is), and whether it is a readable contribution at all ([`Kind`]).
//! - [`take`] picks, from one institution's versions, the one the merge takes: its latest
//!   **accepted** version; when none is accepted, its latest version that is neither
//!   returned, held nor unreadable — or says why none is ([`Outcome::LeftOut`]).
//! - [`plan`] does that for every configured institution.
//!
//! [`kind`] says what a file is (a contribution, a PDF, a reporting workbook…), from what
//! the library read in it. The rest of the round's rules, over what the portal keeps as
//! plain data:
//!
//! - [`kept`]: a kept version ([`KeptVersion`]) as the rule sees it, what a merge or a
//!   collect takes of a round's versions ([`plan_of`], [`taken`], [`left_out`]) and what the
//!   portal says beside a version ([`notes`]);
//! - [`counts`]: the dashboard's counts ([`Tally`]), who is late, what a merge and a collect
//!   made ([`MergeCounts`], [`CollectCounts`], the latter shared with `report collect`);
//! - [`programme`]: which programme a reporting round starts from and the export reads —
//!   the one chosen, else the latest merge, else none yet ([`start_from`],
//!   [`export_from`]) — and its lead institutions ([`leads`]).

pub mod audit;
pub mod counts;
pub mod kept;
pub mod kind;
pub mod programme;

pub use audit::{AuditAction, AuditSubject};
pub use counts::{CollectCounts, MergeCounts, Tally, late_contribution, overdue};
pub use kept::{
    CONTRIBUTIONS, KeptVersion, LeftOut, Note, REPORTS, Sender, first_error, left_out, notes,
    plan_of, taken,
};
pub use kind::{Kind, Unreadable};
pub use programme::{
    ExportFrom, KeptMerge, KeptOutput, KeptRound, StartFrom, export_from, leads, merge_source,
    start_from,
};

/// The secretary's review of a version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Review {
    /// Not reviewed yet.
    Pending,
    /// Accepted: the merge takes the latest accepted version first.
    Accepted,
    /// Returned for correction: never merged.
    Returned,
}

/// The secretary's decision on a held version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Kept as the version of the institution whose link sent it.
    Kept,
    /// Moved to the institution the file names: the copy there is that institution's
    /// version, and this one no longer belongs to the sender.
    Moved,
    /// Returned to the sender (its review is `Returned` too).
    Returned,
}

impl Decision {
    /// The stable code, as stored: `kept`, `moved`, `returned`.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::round::Decision;
    /// assert_eq!(Decision::from_code(Decision::Moved.code()), Some(Decision::Moved));
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            Decision::Kept => "kept",
            Decision::Moved => "moved",
            Decision::Returned => "returned",
        }
    }

    /// The decision of a stored code.
    pub fn from_code(code: &str) -> Option<Decision> {
        match code {
            "kept" => Some(Decision::Kept),
            "moved" => Some(Decision::Moved),
            "returned" => Some(Decision::Returned),
            _ => None,
        }
    }
}

/// One version of an institution, as the rule sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Version {
    /// Its id.
    pub id: i64,
    /// Its number among the institution's versions (1 for the first).
    pub number: i64,
    /// The secretary's review.
    pub review: Review,
    /// Whether the file is a readable contribution (or report).
    pub kind: Kind,
    /// Whether the file names the institution whose link (or row) it came through. A file
    /// naming another institution, or none, is held until the secretary decides.
    pub names_its_sender: bool,
    /// The secretary's decision, when the version was held.
    pub decision: Option<Decision>,
    /// Whether the check found errors (its valid rows still enter).
    pub has_errors: bool,
}

/// The state of a version, and of an institution (the state of its latest version).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum State {
    /// No version yet (an institution only).
    None,
    /// Read with errors; its valid rows enter the merge.
    Errors,
    /// Read without errors, not reviewed.
    Submitted,
    /// Accepted by the secretary.
    Accepted,
    /// Returned for correction: never merged.
    Returned,
    /// Names another institution, or none: never merged until the secretary decides.
    Held,
    /// Not a readable contribution (a PDF, a reporting workbook, no rows): never merged.
    Unreadable,
    /// Moved by the secretary to the institution it names (a version only: it is that
    /// institution's now).
    Moved,
}

impl State {
    /// The stable code of the JSON API: `none`, `errors`, `submitted`, `accepted`,
    /// `returned`, `held`, `unreadable` (and `moved` for a version moved away).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(zakrila::round::State::Held.code(), "held");
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            State::None => "none",
            State::Errors => "errors",
            State::Submitted => "submitted",
            State::Accepted => "accepted",
            State::Returned => "returned",
            State::Held => "held",
            State::Unreadable => "unreadable",
            State::Moved => "moved",
        }
    }

    /// Whether a version in this state may be merged.
    pub fn may_be_merged(self) -> bool {
        matches!(self, State::Errors | State::Submitted | State::Accepted)
    }
}

impl Version {
    /// Whether the version waits for the secretary's decision on whose it is: it names
    /// another institution (or none), nobody decided, and it is a readable file that was
    /// not returned (a returned or unreadable file is never merged anyway).
    pub fn is_held(&self) -> bool {
        !self.names_its_sender
            && self.decision.is_none()
            && self.kind == Kind::Readable
            && self.review != Review::Returned
    }

    /// The version's state. What keeps a version out of the merge comes first: moved away,
    /// returned, unreadable, held; then the review; then the check.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::round::{Kind, Review, State, Version};
    /// let version = Version {
    ///     id: 1, number: 1, review: Review::Pending, kind: Kind::Readable,
    ///     names_its_sender: false, decision: None, has_errors: false,
    /// };
    /// assert_eq!(version.state(), State::Held);
    /// ```
    pub fn state(&self) -> State {
        if self.decision == Some(Decision::Moved) {
            State::Moved
        } else if self.review == Review::Returned {
            State::Returned
        } else if self.kind != Kind::Readable {
            State::Unreadable
        } else if self.is_held() {
            State::Held
        } else if self.review == Review::Accepted {
            State::Accepted
        } else if self.has_errors {
            State::Errors
        } else {
            State::Submitted
        }
    }
}

/// Why the merge takes a version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// It is the institution's latest accepted version.
    Accepted,
    /// None is accepted, and it is the latest that is neither returned, held nor
    /// unreadable.
    Latest,
}

/// What the merge does with one institution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// It takes this version.
    Taken {
        /// The version.
        version: Version,
        /// Why this one.
        why: Why,
    },
    /// It takes none: the institution is left out of the programme.
    LeftOut {
        /// Why: the state of its latest version (`held`, `returned`, `unreadable`), or
        /// `none` when it has sent nothing.
        state: State,
        /// Its latest version, when it has one.
        latest: Option<Version>,
    },
}

impl Outcome {
    /// The version taken, when one is.
    pub fn taken(&self) -> Option<&Version> {
        match self {
            Outcome::Taken { version, .. } => Some(version),
            Outcome::LeftOut { .. } => None,
        }
    }
}

/// The version the merge takes from one institution's versions (newest first), or why it
/// takes none.
///
/// Versions moved to another institution are no longer this one's and are passed over.
///
/// # Examples
///
/// ```
/// use zakrila::round::{Kind, Outcome, Review, State, Version, Why, take};
/// let version = |id, review, names_its_sender| Version {
///     id, number: id, review, kind: Kind::Readable, names_its_sender, decision: None,
///     has_errors: false,
/// };
/// // v3 is held (another institution's file), v2 returned, v1 accepted: v1 is taken.
/// let versions = [
///     version(3, Review::Pending, false),
///     version(2, Review::Returned, true),
///     version(1, Review::Accepted, true),
/// ];
/// assert!(matches!(take(&versions), Outcome::Taken { version, why: Why::Accepted } if version.id == 1));
/// // Only the held one: left out, because it is held.
/// assert!(matches!(take(&versions[..1]), Outcome::LeftOut { state: State::Held, .. }));
/// ```
pub fn take(versions: &[Version]) -> Outcome {
    let own = || {
        versions
            .iter()
            .filter(|version| version.state() != State::Moved)
    };
    if let Some(version) = own().find(|version| version.state() == State::Accepted) {
        return Outcome::Taken {
            version: *version,
            why: Why::Accepted,
        };
    }
    if let Some(version) = own().find(|version| version.state().may_be_merged()) {
        return Outcome::Taken {
            version: *version,
            why: Why::Latest,
        };
    }
    let latest = own().next().copied();
    Outcome::LeftOut {
        state: latest.map_or(State::None, |version| version.state()),
        latest,
    }
}

/// One institution in a [`plan`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry<'a> {
    /// The institution.
    pub institution: &'a str,
    /// The state of its latest version (of its own: moved ones are not), or `none`.
    pub state: State,
    /// Its latest version, when it has one.
    pub latest: Option<Version>,
    /// How many versions are its own.
    pub versions: usize,
    /// What the merge takes.
    pub outcome: Outcome,
    /// Its versions newer than the one taken that the merge passes over, newest first
    /// (with the reason each is passed over: its state).
    pub passed_over: Vec<Version>,
}

/// What the merge takes from every institution, in the order given: `versions` holds
/// every version of the round with the institution it belongs to, in any institution
/// order but newest first within each.
///
/// # Examples
///
/// ```
/// use zakrila::round::{Kind, Review, State, Version, plan};
/// let version = |id, names_its_sender| Version {
///     id, number: 1, review: Review::Pending, kind: Kind::Readable, names_its_sender,
///     decision: None, has_errors: false,
/// };
/// // РУО's own file, and РУО's file again through ПИЦ's link.
/// let versions = [("ПИЦ", version(2, false)), ("РУО", version(1, true))];
/// let plan = plan(&["РУО", "ПИЦ", "РЗИ"], &versions);
/// assert_eq!(plan[0].outcome.taken().map(|v| v.id), Some(1));
/// assert_eq!((plan[1].state, plan[1].outcome.taken()), (State::Held, None));
/// assert_eq!(plan[2].state, State::None);
/// ```
pub fn plan<'a>(institutions: &[&'a str], versions: &[(&str, Version)]) -> Vec<Entry<'a>> {
    institutions
        .iter()
        .map(|&institution| {
            let own: Vec<Version> = versions
                .iter()
                .filter(|(of, version)| *of == institution && version.state() != State::Moved)
                .map(|(_, version)| *version)
                .collect();
            let outcome = take(&own);
            let passed_over = match outcome.taken() {
                Some(taken) => own
                    .iter()
                    .take_while(|version| version.id != taken.id)
                    .copied()
                    .collect(),
                None => Vec::new(),
            };
            let latest = own.first().copied();
            Entry {
                institution,
                state: latest.map_or(State::None, |version| version.state()),
                latest,
                versions: own.len(),
                outcome,
                passed_over,
            }
        })
        .collect()
}

/// The other institutions that sent the same bytes (by SHA-256) as a version: `sent` holds
/// (institution, SHA-256) of every version, `sender` is the version's institution. Each
/// named once, in the order first met.
///
/// # Examples
///
/// ```
/// let sent = [("РУО", "ab"), ("ПИЦ", "ab"), ("РЗИ", "cd"), ("РУО", "ab")];
/// assert_eq!(zakrila::round::same_bytes_from(&sent, "ПИЦ", "ab"), ["РУО"]);
/// ```
pub fn same_bytes_from<'a>(sent: &[(&'a str, &str)], sender: &str, sha256: &str) -> Vec<&'a str> {
    let mut others: Vec<&str> = Vec::new();
    for &(institution, sha) in sent {
        if sha == sha256 && institution != sender && !others.contains(&institution) {
            others.push(institution);
        }
    }
    others
}

#[cfg(test)]
mod tests;
