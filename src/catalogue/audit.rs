//! The audit log in words (issue 29): who, what and to what, as the page shows each line —
//! „обединяване №1: 7 файла“, „РУО, версия 2 (№5)“ — in both languages. The log itself
//! keeps stable codes ([`AuditAction`], the subject as written), which the JSON API gives.

use crate::round::{AuditAction, AuditSubject};

use super::{Lang, Noun, PageTexts, count};

/// The word for what was done.
///
/// # Examples
///
/// ```
/// use zakrila::catalogue::{Lang, audit_action};
/// use zakrila::round::AuditAction;
/// assert_eq!(audit_action(AuditAction::Merge, Lang::Bg), "обединяване");
/// assert_eq!(audit_action(AuditAction::Merge, Lang::En), "merge");
/// ```
pub fn audit_action(action: AuditAction, lang: Lang) -> &'static str {
    let t = PageTexts::of(lang);
    match action {
        AuditAction::Upload => t.audit_upload,
        AuditAction::Review => t.audit_review,
        AuditAction::Decide => t.audit_decide,
        AuditAction::Merge => t.audit_merge,
        AuditAction::Login => t.audit_login,
        AuditAction::LoginFailed => t.audit_login_failed,
        AuditAction::LinkReplaced => t.audit_link_replaced,
        AuditAction::PasswordSet => t.audit_password_set,
        AuditAction::RoundStarted => t.audit_round_started,
        AuditAction::Implementation => t.audit_implementation,
        AuditAction::Export => t.audit_export,
        AuditAction::FilesZip => t.audit_files_zip,
        AuditAction::TextSaved => t.audit_text_saved,
        AuditAction::Document => t.audit_document,
        AuditAction::MailLinks => t.audit_mail_links,
        AuditAction::MailReminders => t.audit_mail_reminders,
        AuditAction::MailAddress => t.audit_mail_address,
    }
}

/// Who did it: the secretary, an institution (by its name), the system or someone unknown.
pub fn audit_actor(actor: &str, lang: Lang) -> String {
    let t = PageTexts::of(lang);
    match actor {
        "secretary" => t.actor_secretary.to_string(),
        "anyone" => t.actor_anyone.to_string(),
        "system" => t.actor_system.to_string(),
        other => other
            .strip_prefix("institution:")
            .unwrap_or(other)
            .to_string(),
    }
}

/// "обединяване №1" / "merge #1": an output or a round by its kind and id.
fn output_words(kind: &str, id: i64, lang: Lang) -> String {
    match (kind, lang) {
        ("merge", Lang::Bg) => format!("обединяване №{id}"),
        ("merge", Lang::En) => format!("merge #{id}"),
        ("implementation", Lang::Bg) => format!("отчет за изпълнението №{id}"),
        ("implementation", Lang::En) => format!("implementation report #{id}"),
        ("report", Lang::Bg) => format!("отчетен кръг №{id}"),
        ("report", Lang::En) => format!("reporting round #{id}"),
        (kind, _) => format!("{kind} #{id}"),
    }
}

/// The word for a decision on a version.
fn decision_word(decision: &str, lang: Lang) -> &str {
    let t = PageTexts::of(lang);
    match (decision, lang) {
        ("accepted", _) => t.review_accepted,
        ("returned", _) => t.review_returned,
        ("kept", Lang::Bg) => "оставен при изпратилия го",
        ("kept", Lang::En) => "kept with its sender",
        ("moved", Lang::Bg) => "преместен",
        ("moved", Lang::En) => "moved",
        (other, _) => other,
    }
}

/// What it was done to, in words.
///
/// # Examples
///
/// ```
/// use zakrila::catalogue::{Lang, audit_subject};
/// use zakrila::round::AuditAction;
/// let said = |subject| audit_subject(AuditAction::Merge, subject, Lang::Bg);
/// assert_eq!(said("merge #1: 2,3,4,1,5,6,7"), "обединяване №1: 7 файла");
/// let said = |subject| audit_subject(AuditAction::Upload, subject, Lang::En);
/// assert_eq!(said("РУО v2 #5"), "РУО, version 2 (#5)");
/// ```
pub fn audit_subject(action: AuditAction, subject: &str, lang: Lang) -> String {
    if matches!(action, AuditAction::MailLinks | AuditAction::MailReminders)
        && let Ok(letters) = subject.parse::<usize>()
    {
        return count(letters, Noun::Letter, lang);
    }
    match AuditSubject::read(subject) {
        AuditSubject::Made { id, from } => {
            let noun = if action == AuditAction::Implementation {
                Noun::Report
            } else {
                Noun::File
            };
            let kind = if action == AuditAction::Implementation {
                "implementation"
            } else {
                "merge"
            };
            format!(
                "{}: {}",
                output_words(kind, id, lang),
                count(from, noun, lang)
            )
        }
        AuditSubject::Output { kind, id } => output_words(kind, id, lang),
        AuditSubject::Version {
            institution,
            version,
            id,
        } => match lang {
            Lang::Bg => format!("{institution}, версия {version} (№{id})"),
            Lang::En => format!("{institution}, version {version} (#{id})"),
        },
        AuditSubject::Decision {
            id,
            decision,
            institution,
            moved_to,
        } => {
            let (number, from) = match (lang, institution) {
                (Lang::Bg, Some(sender)) => (format!("№{id}"), format!(" ({sender})")),
                (Lang::En, Some(sender)) => (format!("#{id}"), format!(" ({sender})")),
                (Lang::Bg, None) => (format!("№{id}"), String::new()),
                (Lang::En, None) => (format!("#{id}"), String::new()),
            };
            let word = decision_word(decision, lang);
            match (moved_to, lang) {
                (Some((to, version, new)), Lang::Bg) => {
                    format!("{number}{from}: {word} при {to} като версия {version} (№{new})")
                }
                (Some((to, version, new)), Lang::En) => {
                    format!("{number}{from}: {word} to {to} as version {version} (#{new})")
                }
                (None, _) => format!("{number}{from}: {word}"),
            }
        }
        AuditSubject::Text { version } => match lang {
            Lang::Bg => format!("programme.md, версия {version}"),
            Lang::En => format!("programme.md, version {version}"),
        },
        AuditSubject::Plain(text) => text.to_string(),
    }
}

/// The line's detail in words, where the store wrote a count or a code (a merge's and a
/// collect's counts are said by the portal from their JSON).
pub fn audit_detail(action: AuditAction, detail: &str, lang: Lang) -> String {
    let number = |suffix: &str| {
        detail
            .strip_suffix(suffix)
            .and_then(|n| n.trim().parse::<usize>().ok())
    };
    match action {
        AuditAction::TextSaved => match number(" bytes") {
            Some(n) => count(n, Noun::Byte, lang),
            None => detail.to_string(),
        },
        AuditAction::FilesZip => match number(" files") {
            Some(n) => count(n, Noun::File, lang),
            None => detail.to_string(),
        },
        AuditAction::Document | AuditAction::RoundStarted => match (detail, lang) {
            ("skeleton", Lang::Bg) => "скелет (без programme.md)".to_string(),
            ("skeleton", Lang::En) => "skeleton (no programme.md)".to_string(),
            _ => audit_subject(action, detail, lang),
        },
        _ => detail.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_the_store_writes_is_said_in_words_in_both_languages() {
        use AuditAction as A;
        let cases = [
            (
                A::Merge,
                "merge #1: 2,3,4,1,5,6,7",
                "обединяване №1: 7 файла",
                "merge #1: 7 files",
            ),
            (
                A::Implementation,
                "implementation #1: 10",
                "отчет за изпълнението №1: 1 отчет",
                "implementation report #1: 1 report",
            ),
            (
                A::RoundStarted,
                "report #1",
                "отчетен кръг №1",
                "reporting round #1",
            ),
            (
                A::Upload,
                "РУО v2 #5",
                "РУО, версия 2 (№5)",
                "РУО, version 2 (#5)",
            ),
            (A::Review, "#5 accepted", "№5: приет", "#5: accepted"),
            (
                A::Review,
                "#5 returned (РУО – Русе)",
                "№5 (РУО – Русе): върнат",
                "#5 (РУО – Русе): returned",
            ),
            (
                A::Decide,
                "#5 kept (РУО)",
                "№5 (РУО): оставен при изпратилия го",
                "#5 (РУО): kept with its sender",
            ),
            (
                A::Decide,
                "#5 moved → РЗИ v1 #9 (РУО)",
                "№5 (РУО): преместен при РЗИ като версия 1 (№9)",
                "#5 (РУО): moved to РЗИ as version 1 (#9)",
            ),
            (
                A::TextSaved,
                "programme.md #2",
                "programme.md, версия 2",
                "programme.md, version 2",
            ),
            (
                A::Document,
                "implementation #3",
                "отчет за изпълнението №3",
                "implementation report #3",
            ),
            (A::LinkReplaced, "РУО", "РУО", "РУО"),
            (A::MailLinks, "3", "3 писма", "3 letters"),
            (A::MailReminders, "1", "1 писмо", "1 letter"),
        ];
        for (action, subject, bg, en) in cases {
            assert_eq!(audit_subject(action, subject, Lang::Bg), bg, "{subject}");
            assert_eq!(audit_subject(action, subject, Lang::En), en, "{subject}");
        }
        assert_eq!(
            audit_detail(A::TextSaved, "120 bytes", Lang::Bg),
            "120 байта"
        );
        assert_eq!(audit_detail(A::FilesZip, "1 files", Lang::En), "1 file");
        assert_eq!(
            audit_detail(A::Document, "skeleton", Lang::Bg),
            "скелет (без programme.md)"
        );
        assert_eq!(
            audit_detail(A::RoundStarted, "merge #2", Lang::Bg),
            "обединяване №2"
        );
        assert_eq!(audit_actor("institution:РУО", Lang::En), "РУО");
        assert_eq!(audit_actor("secretary", Lang::Bg), "секретарят");
        for action in AuditAction::ALL {
            assert!(!audit_action(action, Lang::Bg).is_empty());
            assert!(!audit_action(action, Lang::En).is_empty());
        }
    }
}
