//! The audit log's lines as the round's code writes and reads them: what was done
//! ([`AuditAction`], stored as a stable code) and what it was done to ([`AuditSubject`],
//! read back from the stored subject so that the page can say it in words: „обединяване
//! №1: 7 файла“, not `merge #1: 2,3,4,1,5,6,7`). The JSON API gives the stored codes.

/// What an audit line says was done.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AuditAction {
    /// A file was sent (by a link, or added by the secretary).
    Upload,
    /// The secretary accepted or returned a version.
    Review,
    /// The secretary decided on a held file.
    Decide,
    /// The contributions were merged into a programme.
    Merge,
    /// The secretary signed in.
    Login,
    /// A password was tried and was wrong.
    LoginFailed,
    /// An institution's link was replaced.
    LinkReplaced,
    /// The secretary's password was set.
    PasswordSet,
    /// A reporting round was started.
    RoundStarted,
    /// The reports were collected into an implementation report.
    Implementation,
    /// The export for the agency was downloaded.
    Export,
    /// Every kept file was downloaded.
    FilesZip,
    /// The programme's text was saved.
    TextSaved,
    /// A document for the council was made.
    Document,
    /// The personal links were put in the outbox, one letter each.
    MailLinks,
    /// Reminders were put in the outbox (by the secretary, or by the portal itself).
    MailReminders,
    /// The secretary set or cleared an institution's e-mail address.
    MailAddress,
}

impl AuditAction {
    /// Every action, in the order the log's help names them.
    pub const ALL: [AuditAction; 17] = [
        AuditAction::Upload,
        AuditAction::Review,
        AuditAction::Decide,
        AuditAction::Merge,
        AuditAction::Login,
        AuditAction::LoginFailed,
        AuditAction::LinkReplaced,
        AuditAction::PasswordSet,
        AuditAction::RoundStarted,
        AuditAction::Implementation,
        AuditAction::Export,
        AuditAction::FilesZip,
        AuditAction::TextSaved,
        AuditAction::Document,
        AuditAction::MailLinks,
        AuditAction::MailReminders,
        AuditAction::MailAddress,
    ];

    /// The stable code, as stored and as the JSON API gives it.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::round::AuditAction;
    /// assert_eq!(AuditAction::LoginFailed.code(), "login-failed");
    /// assert_eq!(AuditAction::from_code("merge"), Some(AuditAction::Merge));
    /// ```
    pub const fn code(self) -> &'static str {
        match self {
            AuditAction::Upload => "upload",
            AuditAction::Review => "review",
            AuditAction::Decide => "decide",
            AuditAction::Merge => "merge",
            AuditAction::Login => "login",
            AuditAction::LoginFailed => "login-failed",
            AuditAction::LinkReplaced => "link-replaced",
            AuditAction::PasswordSet => "password-set",
            AuditAction::RoundStarted => "round-started",
            AuditAction::Implementation => "implementation",
            AuditAction::Export => "export",
            AuditAction::FilesZip => "files-zip",
            AuditAction::TextSaved => "text-saved",
            AuditAction::Document => "document",
            AuditAction::MailLinks => "mail-links",
            AuditAction::MailReminders => "mail-reminders",
            AuditAction::MailAddress => "mail-address",
        }
    }

    /// The action of a stored code; none for a code this version does not know.
    pub fn from_code(code: &str) -> Option<AuditAction> {
        AuditAction::ALL
            .into_iter()
            .find(|action| action.code() == code)
    }
}

/// What an audit line's subject names, read back from the stored text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuditSubject<'a> {
    /// `merge #1: 2,3,4` or `implementation #1: 10,11`: something made, and the kept
    /// versions it was made from.
    Made {
        /// Its id.
        id: i64,
        /// How many versions it was made from.
        from: usize,
    },
    /// `merge #1` or `implementation #1` (a document's subject), or `report #1` (a round).
    Output {
        /// What it is: `merge`, `implementation` or `report`.
        kind: &'a str,
        /// Its id.
        id: i64,
    },
    /// `РУО v2 #5`: a kept version.
    Version {
        /// The institution.
        institution: &'a str,
        /// Its version number.
        version: i64,
        /// Its id.
        id: i64,
    },
    /// `#5 accepted`, `#5 kept (РУО)` or `#5 moved → РЗИ v2 #7 (РУО)`: a decision on a
    /// version.
    Decision {
        /// The version's id.
        id: i64,
        /// The decision's code (`accepted`, `returned`, `kept`, `moved`).
        decision: &'a str,
        /// The institution whose link sent it, when said.
        institution: Option<&'a str>,
        /// Where a moved file went: the institution, its version, the new id.
        moved_to: Option<(&'a str, i64, i64)>,
    },
    /// `programme.md #2`: a saved version of the programme's text.
    Text {
        /// Its version number.
        version: i64,
    },
    /// Anything else (an institution, a file name), said as stored.
    Plain(&'a str),
}

fn id_of(text: &str) -> Option<i64> {
    text.strip_prefix('#')?.parse().ok()
}

impl<'a> AuditSubject<'a> {
    /// Reads a stored subject; what it cannot read is [`AuditSubject::Plain`].
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::round::AuditSubject;
    /// assert_eq!(
    ///     AuditSubject::read("merge #1: 2,3,4"),
    ///     AuditSubject::Made { id: 1, from: 3 }
    /// );
    /// assert_eq!(AuditSubject::read("РУО"), AuditSubject::Plain("РУО"));
    /// ```
    pub fn read(subject: &'a str) -> AuditSubject<'a> {
        AuditSubject::made(subject)
            .or_else(|| AuditSubject::output(subject))
            .or_else(|| AuditSubject::decision(subject))
            .or_else(|| AuditSubject::version(subject))
            .unwrap_or(AuditSubject::Plain(subject))
    }

    fn made(subject: &'a str) -> Option<AuditSubject<'a>> {
        let (head, ids) = subject.split_once(": ")?;
        let AuditSubject::Output { kind, id } = AuditSubject::output(head)? else {
            return None;
        };
        if kind == "report" || !ids.split(',').all(|id| id.parse::<i64>().is_ok()) {
            return None;
        }
        let from = ids.split(',').filter(|id| !id.is_empty()).count();
        Some(AuditSubject::Made { id, from })
    }

    fn output(subject: &'a str) -> Option<AuditSubject<'a>> {
        let (kind, id) = subject.split_once(' ')?;
        let id = id_of(id)?;
        match kind {
            "merge" | "implementation" | "report" => Some(AuditSubject::Output { kind, id }),
            "programme.md" => Some(AuditSubject::Text { version: id }),
            _ => None,
        }
    }

    fn decision(subject: &'a str) -> Option<AuditSubject<'a>> {
        let (id, rest) = subject.split_once(' ')?;
        let id = id_of(id)?;
        let (decision, after) = rest.split_once(' ').unwrap_or((rest, ""));
        // What follows the decision: ` → РЗИ v2 #7` for a move, then ` (РУО)`, the
        // institution whose link sent it (a name may hold brackets of its own).
        let (moved, institution) = match after.strip_prefix("→ ") {
            Some(to) => {
                let split = to.match_indices(" (").map(|(at, _)| at).find(|&at| {
                    to[..at]
                        .rsplit_once(" #")
                        .is_some_and(|(_, id)| id.parse::<i64>().is_ok())
                });
                match split {
                    Some(at) => (Some(&to[..at]), &to[at + 1..]),
                    None => (Some(to), ""),
                }
            }
            None => (None, after),
        };
        let institution = match institution {
            "" => None,
            bracketed => Some(bracketed.strip_prefix('(')?.strip_suffix(')')?),
        };
        let moved_to = match moved.map(AuditSubject::version) {
            None => None,
            Some(Some(AuditSubject::Version {
                institution,
                version,
                id,
            })) => Some((institution, version, id)),
            Some(_) => return None,
        };
        Some(AuditSubject::Decision {
            id,
            decision,
            institution,
            moved_to,
        })
    }

    fn version(subject: &'a str) -> Option<AuditSubject<'a>> {
        let (rest, id) = subject.rsplit_once(' ')?;
        let id = id_of(id)?;
        let (institution, version) = rest.rsplit_once(" v")?;
        Some(AuditSubject::Version {
            institution,
            version: version.parse().ok()?,
            id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_as_its_action() {
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::from_code(action.code()), Some(action));
        }
        assert_eq!(AuditAction::from_code("mail"), None);
    }

    #[test]
    fn every_subject_the_store_writes_reads_back() {
        let read = AuditSubject::read;
        assert_eq!(
            read("merge #1: 2,3,4,1"),
            AuditSubject::Made { id: 1, from: 4 }
        );
        assert_eq!(
            read("implementation #2: 10"),
            AuditSubject::Made { id: 2, from: 1 }
        );
        assert_eq!(
            read("report #1"),
            AuditSubject::Output {
                kind: "report",
                id: 1
            }
        );
        assert_eq!(
            read("РУО – Русе v2 #5"),
            AuditSubject::Version {
                institution: "РУО – Русе",
                version: 2,
                id: 5
            }
        );
        assert_eq!(
            read("#5 accepted"),
            AuditSubject::Decision {
                id: 5,
                decision: "accepted",
                institution: None,
                moved_to: None
            }
        );
        assert_eq!(
            read("#5 moved → РЗИ v2 #7 (ОД на МВР (Русе))"),
            AuditSubject::Decision {
                id: 5,
                decision: "moved",
                institution: Some("ОД на МВР (Русе)"),
                moved_to: Some(("РЗИ", 2, 7))
            }
        );
        assert_eq!(read("programme.md #3"), AuditSubject::Text { version: 3 });
        assert_eq!(
            read("програма-1.zip"),
            AuditSubject::Plain("програма-1.zip")
        );
    }
}
