//! The portal's e-mail, in words: every message it sends ([`Letter`]) said as a subject and
//! a few blocks of text ([`LetterWords`]), in Bulgarian and English.
//!
//! Only words live here. How blocks become a plain-text part and an HTML part, and how those
//! become a message, is `mail/`'s business, so a sentence is changed in one place and both
//! parts follow.

use chrono::NaiveDate;

use super::{Lang, Noun, count};

/// Which round a message is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MailRound {
    /// Contributions to the programme.
    Contributions,
    /// Implementation reports.
    Reports,
}

/// What the portal says about a file it has just received, after the counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReceiptNote {
    /// No error, no warning.
    Clean,
    /// Warnings only.
    Warnings,
    /// Errors to fix before it counts.
    Errors,
    /// It names another institution (or none) and waits for the secretary.
    Held,
    /// It is not a file the round can read (a PDF, the wrong workbook, no rows).
    Unreadable,
}

/// Why a message could not be sent, as the dashboard says it (the server's own words go
/// beside it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MailTrouble {
    /// No connection: the server is down, the name or port is wrong, a firewall, a timeout.
    Unreachable,
    /// The secure connection failed: the certificate is not trusted or names another host.
    Tls,
    /// The server refused the user name or password.
    SignIn,
    /// The server refused this message (a 5xx answer: no such mailbox, not allowed to send).
    Refused,
    /// The server asked to try later (a 4xx answer).
    Busy,
    /// The recipient's address cannot be written in a message.
    BadAddress,
}

impl MailTrouble {
    /// Trying the same message again the same way will not help.
    pub fn is_permanent(self) -> bool {
        matches!(
            self,
            MailTrouble::SignIn | MailTrouble::Refused | MailTrouble::BadAddress
        )
    }

    /// The word stored in the outbox.
    pub fn as_str(self) -> &'static str {
        match self {
            MailTrouble::Unreachable => "unreachable",
            MailTrouble::Tls => "tls",
            MailTrouble::SignIn => "sign-in",
            MailTrouble::Refused => "refused",
            MailTrouble::Busy => "busy",
            MailTrouble::BadAddress => "bad-address",
        }
    }

    /// The trouble a stored word names.
    pub fn parse(word: &str) -> Option<MailTrouble> {
        [
            MailTrouble::Unreachable,
            MailTrouble::Tls,
            MailTrouble::SignIn,
            MailTrouble::Refused,
            MailTrouble::Busy,
            MailTrouble::BadAddress,
        ]
        .into_iter()
        .find(|trouble| trouble.as_str() == word)
    }

    /// The sentence for the dashboard.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::catalogue::{Lang, MailTrouble};
    /// assert!(MailTrouble::SignIn.says(Lang::Bg).contains("ZAKRILA_SMTP_PASSWORD"));
    /// ```
    pub fn says(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (MailTrouble::Unreachable, Lang::Bg) => {
                "пощенският сървър не отговаря (изключен, грешно име или порт в [mail] smtp, или мрежата не го пуска); писмото ще бъде изпратено, когато отговори"
            }
            (MailTrouble::Unreachable, Lang::En) => {
                "the mail server does not answer (down, a wrong name or port in [mail] smtp, or the network blocks it); the message goes out when it answers"
            }
            (MailTrouble::Tls, Lang::Bg) => {
                "защитената връзка с пощенския сървър не се осъществи (сертификатът му не е доверен или е за друго име; проверете [mail] smtp, security и ca_file)"
            }
            (MailTrouble::Tls, Lang::En) => {
                "the secure connection to the mail server failed (its certificate is not trusted or names another host; check [mail] smtp, security and ca_file)"
            }
            (MailTrouble::SignIn, Lang::Bg) => {
                "пощенският сървър не прие потребителя или паролата (проверете [mail] user и ZAKRILA_SMTP_PASSWORD, после рестартирайте портала)"
            }
            (MailTrouble::SignIn, Lang::En) => {
                "the mail server refused the user or password (check [mail] user and ZAKRILA_SMTP_PASSWORD, then restart the portal)"
            }
            (MailTrouble::Refused, Lang::Bg) => "пощенският сървър отказа писмото",
            (MailTrouble::Refused, Lang::En) => "the mail server refused the message",
            (MailTrouble::Busy, Lang::Bg) => {
                "пощенският сървър помоли за нов опит по-късно; писмото ще бъде изпратено отново"
            }
            (MailTrouble::Busy, Lang::En) => {
                "the mail server asked to try later; the message will be sent again"
            }
            (MailTrouble::BadAddress, Lang::Bg) => {
                "адресът на получателя не е имейл адрес; поправете го на таблото"
            }
            (MailTrouble::BadAddress, Lang::En) => {
                "the recipient's address is not an e-mail address; correct it on the dashboard"
            }
        }
    }
}

/// Why the portal cannot send mail with the `[mail]` it was given: said once when it
/// starts, and on the dashboard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MailSetupProblem {
    /// `[mail]` has a `user` and `ZAKRILA_SMTP_PASSWORD` is not set.
    NoPassword {
        /// The user.
        user: String,
    },
    /// `ca_file` cannot be read.
    CaFileUnreadable {
        /// The file.
        path: std::path::PathBuf,
        /// The system's words.
        detail: String,
    },
    /// `ca_file` holds no certificate in PEM form.
    CaFileNotCertificates {
        /// The file.
        path: std::path::PathBuf,
    },
    /// The TLS library refused the settings.
    Tls {
        /// Its words.
        detail: String,
    },
}

impl MailSetupProblem {
    /// The sentence.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::catalogue::{Lang, MailSetupProblem};
    /// let problem = MailSetupProblem::NoPassword { user: "komisia@ruse.bg".into() };
    /// assert!(problem.says(Lang::En).contains("ZAKRILA_SMTP_PASSWORD"));
    /// ```
    pub fn says(&self, lang: Lang) -> String {
        match (self, lang) {
            (MailSetupProblem::NoPassword { user }, Lang::Bg) => format!(
                "в [mail] е зададен потребител „{user}“, но паролата му не е зададена: задайте я в променливата на средата ZAKRILA_SMTP_PASSWORD и стартирайте портала отново; дотогава писмата чакат в изходящата поща"
            ),
            (MailSetupProblem::NoPassword { user }, Lang::En) => format!(
                "[mail] names the user \"{user}\" but not its password: set it in the environment variable ZAKRILA_SMTP_PASSWORD and start the portal again; until then the messages wait in the outbox"
            ),
            (MailSetupProblem::CaFileUnreadable { path, detail }, Lang::Bg) => format!(
                "файлът със сертификати {} (ca_file в [mail]) не може да се прочете: {detail}",
                path.display()
            ),
            (MailSetupProblem::CaFileUnreadable { path, detail }, Lang::En) => format!(
                "the certificate file {} (ca_file in [mail]) cannot be read: {detail}",
                path.display()
            ),
            (MailSetupProblem::CaFileNotCertificates { path }, Lang::Bg) => format!(
                "файлът {} (ca_file в [mail]) не съдържа сертификат във вид PEM (текст, започващ с -----BEGIN CERTIFICATE-----)",
                path.display()
            ),
            (MailSetupProblem::CaFileNotCertificates { path }, Lang::En) => format!(
                "the file {} (ca_file in [mail]) holds no certificate in PEM form (text starting with -----BEGIN CERTIFICATE-----)",
                path.display()
            ),
            (MailSetupProblem::Tls { detail }, Lang::Bg) => {
                format!("защитената връзка не може да се настрои: {detail}")
            }
            (MailSetupProblem::Tls { detail }, Lang::En) => {
                format!("the secure connection cannot be set up: {detail}")
            }
        }
    }
}

/// Who is writing: the programme and the commission, the same in every message.
#[derive(Clone, Copy, Debug)]
pub struct MailContext<'a> {
    /// The programme's title.
    pub programme: &'a str,
    /// The municipality.
    pub municipality: &'a str,
    /// The name under every message: the `from` name of `[mail]`, when one is written.
    pub signature: Option<&'a str>,
}

/// One institution's arrivals of a day, for the secretary's daily line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arrival {
    /// The institution.
    pub institution: String,
    /// Contribution versions received that day.
    pub contributions: usize,
    /// Report versions received that day.
    pub reports: usize,
}

/// A message the portal sends.
#[derive(Clone, Debug)]
pub enum Letter<'a> {
    /// The personal link of an institution, with what to do with it.
    Link {
        /// The institution.
        institution: &'a str,
        /// The round the link is for now.
        round: MailRound,
        /// The due date of that round, when the config gives one.
        due: Option<NaiveDate>,
        /// The personal link.
        link: &'a str,
    },
    /// The receipt of an upload.
    Receipt {
        /// The institution.
        institution: &'a str,
        /// Contribution or report.
        round: MailRound,
        /// The version number the file became.
        version: u32,
        /// The file's name as sent.
        file: &'a str,
        /// When it arrived, as shown on the page ("07.12.2026 14:32").
        received: &'a str,
        /// Rows read (contributions) or indicators (reports).
        rows: usize,
        /// Errors found.
        errors: usize,
        /// Warnings found.
        warnings: usize,
        /// What the counts mean for the institution.
        note: ReceiptNote,
        /// The institution's page.
        page: &'a str,
    },
    /// A version returned for correction, with the secretary's comment.
    Returned {
        /// The institution.
        institution: &'a str,
        /// Contribution or report.
        round: MailRound,
        /// The version returned.
        version: u32,
        /// The secretary's comment.
        comment: &'a str,
        /// The institution's page.
        page: &'a str,
    },
    /// A reminder to an institution that has not sent its file.
    Reminder {
        /// The institution.
        institution: &'a str,
        /// The round it is missing from.
        round: MailRound,
        /// The due date, when the config gives one.
        due: Option<NaiveDate>,
        /// The day the reminder is written (for "in 7 days", "yesterday").
        today: NaiveDate,
        /// The institution's page.
        page: &'a str,
    },
    /// The secretary's line about a day's arrivals.
    Daily {
        /// The day.
        day: NaiveDate,
        /// Who sent what, in institution order.
        arrivals: &'a [Arrival],
        /// The dashboard's address.
        dashboard: &'a str,
    },
}

/// One block of a message's body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// A paragraph.
    Paragraph(String),
    /// A link on a line of its own, after its label.
    Link {
        /// What the link is.
        label: String,
        /// The address.
        url: String,
    },
    /// Label–value lines: the facts of a receipt.
    Facts(Vec<(String, String)>),
    /// Someone else's words, quoted as written (the secretary's comment).
    Quote(String),
    /// A list.
    List(Vec<String>),
    /// The closing and the signature, one line each.
    Closing(Vec<String>),
}

/// A message in words: its subject and its body's blocks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LetterWords {
    /// The subject line.
    pub subject: String,
    /// The body.
    pub blocks: Vec<Block>,
}

/// "31.03.2025" in both languages: the form the portal's pages use.
fn date(day: NaiveDate) -> String {
    day.format("%d.%m.%Y").to_string()
}

/// "след 7 дни", "утре", "днес", "вчера", "преди 3 дни".
fn relative(today: NaiveDate, due: NaiveDate, lang: Lang) -> String {
    let days = (due - today).num_days();
    match (days, lang) {
        (0, Lang::Bg) => "днес".into(),
        (0, Lang::En) => "today".into(),
        (1, Lang::Bg) => "утре".into(),
        (1, Lang::En) => "tomorrow".into(),
        (-1, Lang::Bg) => "вчера".into(),
        (-1, Lang::En) => "yesterday".into(),
        (n, Lang::Bg) if n > 0 => format!("след {n} дни"),
        (n, Lang::En) if n > 0 => format!("in {n} days"),
        (n, Lang::Bg) => format!("преди {} дни", -n),
        (n, Lang::En) => format!("{} days ago", -n),
    }
}

impl Letter<'_> {
    /// The message in `lang`: its subject and body.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::catalogue::{Block, Lang, Letter, MailContext, MailRound};
    /// let context = MailContext { programme: "Програма 2025", municipality: "Русе", signature: None };
    /// let letter = Letter::Link {
    ///     institution: "РУО – Русе",
    ///     round: MailRound::Contributions,
    ///     due: None,
    ///     link: "https://portal.ruse.bg/i/abc",
    /// };
    /// let words = letter.words(&context, Lang::Bg);
    /// assert!(words.subject.contains("Програма 2025"));
    /// assert!(words.blocks.iter().any(|block| matches!(block,
    ///     Block::Link { url, .. } if url == "https://portal.ruse.bg/i/abc")));
    /// ```
    pub fn words(&self, context: &MailContext<'_>, lang: Lang) -> LetterWords {
        let programme = context.programme;
        let municipality = context.municipality;
        let mut blocks = Vec::new();
        let subject = match (self, lang) {
            (
                Letter::Link {
                    institution,
                    round,
                    due,
                    link,
                },
                _,
            ) => {
                blocks.push(greeting(institution, lang));
                blocks.push(Block::Paragraph(link_invitation(
                    *round,
                    programme,
                    municipality,
                    *due,
                    lang,
                )));
                blocks.push(Block::Link {
                    label: match lang {
                        Lang::Bg => "Личната връзка на вашата институция".into(),
                        Lang::En => "Your institution's personal link".into(),
                    },
                    url: link.to_string(),
                });
                blocks.push(Block::List(steps(*round, lang)));
                blocks.push(Block::Paragraph(keep_link(lang)));
                match (round, lang) {
                    (MailRound::Contributions, Lang::Bg) => {
                        format!("Покана за принос към „{programme}“")
                    }
                    (MailRound::Contributions, Lang::En) => {
                        format!("Invitation to contribute to \"{programme}\"")
                    }
                    (MailRound::Reports, Lang::Bg) => {
                        format!("Покана за отчет за изпълнението на „{programme}“")
                    }
                    (MailRound::Reports, Lang::En) => {
                        format!("Invitation to report on the implementation of \"{programme}\"")
                    }
                }
            }
            (
                Letter::Receipt {
                    institution,
                    round,
                    version,
                    file,
                    received,
                    rows,
                    errors,
                    warnings,
                    note,
                    page,
                },
                _,
            ) => {
                blocks.push(greeting(institution, lang));
                blocks.push(Block::Paragraph(match (round, lang) {
                    (MailRound::Contributions, Lang::Bg) => format!(
                        "Порталът получи вашия принос към „{programme}“ и го запази като версия {version}."
                    ),
                    (MailRound::Contributions, Lang::En) => format!(
                        "The portal received your contribution to \"{programme}\" and kept it as version {version}."
                    ),
                    (MailRound::Reports, Lang::Bg) => format!(
                        "Порталът получи вашия отчет за изпълнението на „{programme}“ и го запази като версия {version}."
                    ),
                    (MailRound::Reports, Lang::En) => format!(
                        "The portal received your implementation report on \"{programme}\" and kept it as version {version}."
                    ),
                }));
                let counted = match (round, lang) {
                    (MailRound::Contributions, Lang::Bg) => "Редове",
                    (MailRound::Contributions, Lang::En) => "Rows",
                    (MailRound::Reports, Lang::Bg) => "Индикатори",
                    (MailRound::Reports, Lang::En) => "Indicators",
                };
                let facts = match lang {
                    Lang::Bg => vec![
                        ("Версия".to_string(), version.to_string()),
                        ("Файл".to_string(), file.to_string()),
                        ("Получен".to_string(), received.to_string()),
                        (counted.to_string(), rows.to_string()),
                        ("Грешки".to_string(), errors.to_string()),
                        ("Предупреждения".to_string(), warnings.to_string()),
                    ],
                    Lang::En => vec![
                        ("Version".to_string(), version.to_string()),
                        ("File".to_string(), file.to_string()),
                        ("Received".to_string(), received.to_string()),
                        (counted.to_string(), rows.to_string()),
                        ("Errors".to_string(), errors.to_string()),
                        ("Warnings".to_string(), warnings.to_string()),
                    ],
                };
                blocks.push(Block::Facts(facts));
                blocks.push(Block::Paragraph(receipt_note(*note, *errors, lang)));
                blocks.push(Block::Link {
                    label: match lang {
                        Lang::Bg => "Проверката, всички версии и коментарите на секретаря".into(),
                        Lang::En => "The check, every version and the secretary's comments".into(),
                    },
                    url: page.to_string(),
                });
                let found = format!(
                    "{}, {}",
                    count(*errors, Noun::Error, lang),
                    count(*warnings, Noun::Warning, lang)
                );
                match lang {
                    Lang::Bg => format!("Получен: {institution}, версия {version} ({found})"),
                    Lang::En => format!("Received: {institution}, version {version} ({found})"),
                }
            }
            (
                Letter::Returned {
                    institution,
                    round,
                    version,
                    comment,
                    page,
                },
                _,
            ) => {
                blocks.push(greeting(institution, lang));
                blocks.push(Block::Paragraph(match (round, lang) {
                    (MailRound::Contributions, Lang::Bg) => format!(
                        "Секретарят на комисията върна версия {version} на вашия принос към „{programme}“ за поправка, с този коментар:"
                    ),
                    (MailRound::Contributions, Lang::En) => format!(
                        "The commission's secretary returned version {version} of your contribution to \"{programme}\" for correction, with this comment:"
                    ),
                    (MailRound::Reports, Lang::Bg) => format!(
                        "Секретарят на комисията върна версия {version} на вашия отчет за „{programme}“ за поправка, с този коментар:"
                    ),
                    (MailRound::Reports, Lang::En) => format!(
                        "The commission's secretary returned version {version} of your report on \"{programme}\" for correction, with this comment:"
                    ),
                }));
                blocks.push(Block::Quote(comment.to_string()));
                blocks.push(Block::Paragraph(match lang {
                    Lang::Bg => "Поправете файла и го изпратете отново от страницата на вашата институция; новата версия не заменя старата, а се добавя до нея.".into(),
                    Lang::En => "Correct the file and send it again from your institution's page; the new version does not replace the old one but is kept beside it.".into(),
                }));
                blocks.push(Block::Link {
                    label: page_label(lang),
                    url: page.to_string(),
                });
                match lang {
                    Lang::Bg => format!("Върнат за поправка: {institution}, версия {version}"),
                    Lang::En => {
                        format!("Returned for correction: {institution}, version {version}")
                    }
                }
            }
            (
                Letter::Reminder {
                    institution,
                    round,
                    due,
                    today,
                    page,
                },
                _,
            ) => {
                blocks.push(greeting(institution, lang));
                let what = match (round, lang) {
                    (MailRound::Contributions, Lang::Bg) => format!(
                        "Комисията за детето на община {municipality} събира приносите към „{programme}“ и още не е получила вашия."
                    ),
                    (MailRound::Contributions, Lang::En) => format!(
                        "The Commission for the Child of {municipality} municipality is collecting the contributions to \"{programme}\" and has not received yours yet."
                    ),
                    (MailRound::Reports, Lang::Bg) => format!(
                        "Комисията за детето на община {municipality} събира отчетите за изпълнението на „{programme}“ и още не е получила вашия."
                    ),
                    (MailRound::Reports, Lang::En) => format!(
                        "The Commission for the Child of {municipality} municipality is collecting the implementation reports on \"{programme}\" and has not received yours yet."
                    ),
                };
                let when = due.map(|due| {
                    let relative = relative(*today, due, lang);
                    match (due >= *today, lang) {
                        (true, Lang::Bg) => format!(" Срокът е {} ({relative}).", date(due)),
                        (true, Lang::En) => format!(" It is due on {} ({relative}).", date(due)),
                        (false, Lang::Bg) => format!(
                            " Срокът беше {} ({relative}); изпратете файла възможно най-скоро.",
                            date(due)
                        ),
                        (false, Lang::En) => format!(
                            " It was due on {} ({relative}); please send it as soon as you can.",
                            date(due)
                        ),
                    }
                });
                blocks.push(Block::Paragraph(what + &when.unwrap_or_default()));
                blocks.push(Block::Link {
                    label: page_label(lang),
                    url: page.to_string(),
                });
                blocks.push(Block::Paragraph(match lang {
                    Lang::Bg => "Ако вече сте изпратили файла по друг начин, пишете на секретаря, като отговорите на това писмо.".into(),
                    Lang::En => "If you have already sent the file some other way, tell the secretary by answering this message.".into(),
                }));
                let overdue = due.is_some_and(|due| due < *today);
                match (round, overdue, lang) {
                    (MailRound::Contributions, false, Lang::Bg) => {
                        format!("Напомняне: принос към „{programme}“")
                    }
                    (MailRound::Contributions, false, Lang::En) => {
                        format!("Reminder: contribution to \"{programme}\"")
                    }
                    (MailRound::Contributions, true, Lang::Bg) => {
                        format!("Срокът изтече: принос към „{programme}“")
                    }
                    (MailRound::Contributions, true, Lang::En) => {
                        format!("Past due: contribution to \"{programme}\"")
                    }
                    (MailRound::Reports, false, Lang::Bg) => {
                        format!("Напомняне: отчет за изпълнението на „{programme}“")
                    }
                    (MailRound::Reports, false, Lang::En) => {
                        format!("Reminder: implementation report on \"{programme}\"")
                    }
                    (MailRound::Reports, true, Lang::Bg) => {
                        format!("Срокът изтече: отчет за изпълнението на „{programme}“")
                    }
                    (MailRound::Reports, true, Lang::En) => {
                        format!("Past due: implementation report on \"{programme}\"")
                    }
                }
            }
            (
                Letter::Daily {
                    day,
                    arrivals,
                    dashboard,
                },
                _,
            ) => {
                let files: usize = arrivals.iter().map(|a| a.contributions + a.reports).sum();
                blocks.push(Block::Paragraph(match lang {
                    Lang::Bg => format!(
                        "На {} в портала на „{programme}“ пристигнаха {}:",
                        date(*day),
                        count(files, Noun::File, lang)
                    ),
                    Lang::En => format!(
                        "On {} the portal of \"{programme}\" received {}:",
                        date(*day),
                        count(files, Noun::File, lang)
                    ),
                }));
                blocks.push(Block::List(
                    arrivals
                        .iter()
                        .map(|arrival| arrival_line(arrival, lang))
                        .collect(),
                ));
                blocks.push(Block::Link {
                    label: match lang {
                        Lang::Bg => "Таблото".into(),
                        Lang::En => "The dashboard".into(),
                    },
                    url: dashboard.to_string(),
                });
                match lang {
                    Lang::Bg => format!(
                        "{}: {} в портала на {}",
                        date(*day),
                        count(files, Noun::File, lang),
                        municipality
                    ),
                    Lang::En => format!(
                        "{}: {} in the portal of {}",
                        date(*day),
                        count(files, Noun::File, lang),
                        municipality
                    ),
                }
            }
        };
        blocks.push(closing(context, matches!(self, Letter::Daily { .. }), lang));
        LetterWords { subject, blocks }
    }
}

fn greeting(institution: &str, lang: Lang) -> Block {
    Block::Paragraph(match lang {
        Lang::Bg => format!("Уважаеми колеги от {institution},"),
        Lang::En => format!("Dear colleagues of {institution},"),
    })
}

fn page_label(lang: Lang) -> String {
    match lang {
        Lang::Bg => "Страницата на вашата институция".into(),
        Lang::En => "Your institution's page".into(),
    }
}

fn keep_link(lang: Lang) -> String {
    match lang {
        Lang::Bg => "Връзката е само за вашата институция и важи през целия кръг: запазете това писмо и не я препращайте извън институцията. Всеки, който я има, може да изпраща файлове от ваше име.".into(),
        Lang::En => "The link is for your institution only and works for the whole round: keep this message and do not pass the link on outside your institution. Whoever has it can send files in your name.".into(),
    }
}

fn link_invitation(
    round: MailRound,
    programme: &str,
    municipality: &str,
    due: Option<NaiveDate>,
    lang: Lang,
) -> String {
    let by = |lang| match (due, lang) {
        (Some(due), Lang::Bg) => format!(" в срок до {}", date(due)),
        (Some(due), Lang::En) => format!(" by {}", date(due)),
        (None, _) => String::new(),
    };
    match (round, lang) {
        (MailRound::Contributions, Lang::Bg) => format!(
            "Комисията за детето на община {municipality} съставя „{programme}“ и ви кани да изпратите своя принос{} чрез личната връзка по-долу.",
            by(lang)
        ),
        (MailRound::Contributions, Lang::En) => format!(
            "The Commission for the Child of {municipality} municipality is writing \"{programme}\" and invites you to send your contribution{} through the personal link below.",
            by(lang)
        ),
        (MailRound::Reports, Lang::Bg) => format!(
            "Комисията за детето на община {municipality} събира отчетите за изпълнението на „{programme}“ и ви кани да изпратите отчета за дейностите, за които сте водеща институция{}, чрез личната връзка по-долу.",
            by(lang)
        ),
        (MailRound::Reports, Lang::En) => format!(
            "The Commission for the Child of {municipality} municipality is collecting the implementation reports on \"{programme}\" and invites you to report on the activities you lead{} through the personal link below.",
            by(lang)
        ),
    }
}

fn steps(round: MailRound, lang: Lang) -> Vec<String> {
    let steps: [&str; 4] = match (round, lang) {
        (MailRound::Contributions, Lang::Bg) => [
            "Отворете връзката в браузър и изтеглете шаблона (вашата институция вече е избрана в него).",
            "Попълнете лист „Дейности“ в Excel или LibreOffice.",
            "Изпратете файла от същата страница и прочетете проверката: тя посочва всяка клетка за поправка.",
            "Поправете и изпратете отново, докато няма грешки; всяко изпращане е нова версия и получавате потвърждение по имейл.",
        ],
        (MailRound::Contributions, Lang::En) => [
            "Open the link in a browser and download the template (your institution is already chosen in it).",
            "Fill in the sheet \"Дейности\" in Excel or LibreOffice.",
            "Send the file from the same page and read the check: it names every cell to correct.",
            "Correct and send again until there are no errors; every file sent is a new version and you get a receipt by e-mail.",
        ],
        (MailRound::Reports, Lang::Bg) => [
            "Отворете връзката в браузър и изтеглете работната книга за отчета.",
            "Попълнете „Отчетена стойност“, „Статус“, „Изразходван бюджет“ и „Коментар“.",
            "Изпратете файла от същата страница и прочетете проверката.",
            "Поправете и изпратете отново, докато няма грешки; получавате потвърждение по имейл за всяка версия.",
        ],
        (MailRound::Reports, Lang::En) => [
            "Open the link in a browser and download the reporting workbook.",
            "Fill in \"Отчетена стойност\", \"Статус\", \"Изразходван бюджет\" and \"Коментар\".",
            "Send the file from the same page and read the check.",
            "Correct and send again until there are no errors; you get a receipt by e-mail for every version.",
        ],
    };
    steps.iter().map(|step| step.to_string()).collect()
}

fn receipt_note(note: ReceiptNote, errors: usize, lang: Lang) -> String {
    match (note, lang) {
        (ReceiptNote::Clean, Lang::Bg) => "Файлът е без грешки и предупреждения. Секретарят на комисията ще го прегледа; ако го върне за поправка, ще получите писмо.".into(),
        (ReceiptNote::Clean, Lang::En) => "The file has no errors and no warnings. The commission's secretary will review it; if it is returned for correction, you will get a message.".into(),
        (ReceiptNote::Warnings, Lang::Bg) => "Файлът е без грешки, но има предупреждения: прегледайте ги на страницата. Секретарят на комисията ще го прегледа.".into(),
        (ReceiptNote::Warnings, Lang::En) => "The file has no errors but has warnings: look at them on the page. The commission's secretary will review it.".into(),
        (ReceiptNote::Errors, Lang::Bg) => format!(
            "Файлът има {}: страницата посочва всяка клетка и какво да се напише в нея. Поправете ги и изпратете файла отново.",
            count(errors, Noun::Error, lang)
        ),
        (ReceiptNote::Errors, Lang::En) => format!(
            "The file has {}: the page names every cell and what to write in it. Correct them and send the file again.",
            count(errors, Noun::Error, lang)
        ),
        (ReceiptNote::Held, Lang::Bg) => "Файлът посочва друга институция (или никоя) на лист „Институция“, затова е задържан, докато секретарят реши чий е. Ако е грешка, изберете вашата институция на този лист и го изпратете отново.".into(),
        (ReceiptNote::Held, Lang::En) => "The file names another institution (or none) on the sheet \"Институция\", so it is held until the secretary decides whose it is. If that is a mistake, choose your institution on that sheet and send it again.".into(),
        (ReceiptNote::Unreadable, Lang::Bg) => "Файлът не може да се прочете като попълнен шаблон: страницата казва какъв е и къде трябва да се изпрати. Изпратете попълнения шаблон от същата страница.".into(),
        (ReceiptNote::Unreadable, Lang::En) => "The file cannot be read as a filled template: the page says what it is and where it should go. Send the filled template from the same page.".into(),
    }
}

fn arrival_line(arrival: &Arrival, lang: Lang) -> String {
    let mut parts = Vec::new();
    let versions = |n: usize, lang| match (n, lang) {
        (1, Lang::Bg) => "1 версия на приноса".to_string(),
        (n, Lang::Bg) => format!("{n} версии на приноса"),
        (1, Lang::En) => "1 contribution version".to_string(),
        (n, Lang::En) => format!("{n} contribution versions"),
    };
    let reports = |n: usize, lang| match (n, lang) {
        (1, Lang::Bg) => "1 отчет".to_string(),
        (n, Lang::Bg) => format!("{n} отчета"),
        (1, Lang::En) => "1 report".to_string(),
        (n, Lang::En) => format!("{n} reports"),
    };
    if arrival.contributions > 0 {
        parts.push(versions(arrival.contributions, lang));
    }
    if arrival.reports > 0 {
        parts.push(reports(arrival.reports, lang));
    }
    format!("{}: {}", arrival.institution, parts.join(", "))
}

fn closing(context: &MailContext<'_>, to_secretary: bool, lang: Lang) -> Block {
    if to_secretary {
        return Block::Closing(vec![match lang {
            Lang::Bg => "Писмото е от портала zakrila; изпраща се веднъж дневно, когато е пристигнало нещо.".into(),
            Lang::En => "This message is from the zakrila portal; it is sent once a day when something has arrived.".into(),
        }]);
    }
    let signature = match (context.signature, lang) {
        (Some(name), _) => name.to_string(),
        (None, Lang::Bg) => format!("Комисия за детето – община {}", context.municipality),
        (None, Lang::En) => format!(
            "Commission for the Child – {} municipality",
            context.municipality
        ),
    };
    Block::Closing(match lang {
        Lang::Bg => vec![
            "С уважение,".into(),
            signature,
            "(писмото е изпратено от портала на комисията; отговорът ви стига до секретаря)".into(),
        ],
        Lang::En => vec![
            "Kind regards,".into(),
            signature,
            "(sent by the commission's portal; your answer reaches the secretary)".into(),
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn reminders_say_how_far_the_due_date_is() {
        let today = day("2025-03-24");
        assert_eq!(relative(today, day("2025-03-31"), Lang::Bg), "след 7 дни");
        assert_eq!(relative(today, day("2025-03-25"), Lang::Bg), "утре");
        assert_eq!(relative(today, day("2025-03-23"), Lang::En), "yesterday");
        assert_eq!(relative(today, day("2025-03-20"), Lang::Bg), "преди 4 дни");
    }

    #[test]
    fn every_letter_has_a_subject_and_a_closing_in_both_languages() {
        let context = MailContext {
            programme: "Програма",
            municipality: "Русе",
            signature: Some("Комисия <k@ruse.bg>"),
        };
        let arrivals = [Arrival {
            institution: "РУО".into(),
            contributions: 2,
            reports: 1,
        }];
        let letters = [
            Letter::Link {
                institution: "РУО",
                round: MailRound::Reports,
                due: Some(day("2027-02-28")),
                link: "https://x/i/t",
            },
            Letter::Receipt {
                institution: "РУО",
                round: MailRound::Contributions,
                version: 2,
                file: "ruo.xlsx",
                received: "01.03.2025 10:00",
                rows: 12,
                errors: 1,
                warnings: 0,
                note: ReceiptNote::Errors,
                page: "https://x/i/t",
            },
            Letter::Returned {
                institution: "РУО",
                round: MailRound::Contributions,
                version: 2,
                comment: "Липсва бюджет",
                page: "https://x/i/t",
            },
            Letter::Reminder {
                institution: "РУО",
                round: MailRound::Contributions,
                due: Some(day("2025-03-31")),
                today: day("2025-04-01"),
                page: "https://x/i/t",
            },
            Letter::Daily {
                day: day("2025-03-01"),
                arrivals: &arrivals,
                dashboard: "https://x/",
            },
        ];
        for letter in &letters {
            for lang in [Lang::Bg, Lang::En] {
                let words = letter.words(&context, lang);
                assert!(!words.subject.is_empty());
                assert!(!words.subject.contains('\n'));
                assert!(matches!(words.blocks.last(), Some(Block::Closing(_))));
                assert!(
                    words
                        .blocks
                        .iter()
                        .any(|block| matches!(block, Block::Link { .. }))
                );
            }
        }
        let overdue = letters[3].words(&context, Lang::Bg);
        assert!(
            overdue.subject.starts_with("Срокът изтече"),
            "{}",
            overdue.subject
        );
        let daily = letters[4].words(&context, Lang::Bg);
        assert!(daily.subject.contains("3 файла"), "{}", daily.subject);
        assert!(daily.blocks.contains(&Block::List(vec![
            "РУО: 2 версии на приноса, 1 отчет".into()
        ])));
    }
}

/// The portal's words about its e-mail: the dashboard's mail section (by key, as the
/// templates read them: `mail.t.<key>`) and the sentences of its answers.
///
/// # Examples
///
/// ```
/// use zakrila::catalogue::{Lang, mail_texts};
/// assert_eq!(mail_texts(Lang::Bg)["send_all"], "Изпрати връзките по имейл");
/// assert_eq!(mail_texts(Lang::En)["send_all"], "E-mail the links");
/// ```
pub fn mail_texts(lang: Lang) -> std::collections::BTreeMap<&'static str, &'static str> {
    const TEXTS: &[(&str, &str, &str)] = &[
        ("heading", "Имейли", "E-mail"),
        (
            "help",
            "Порталът изпраща по имейл личните връзки, потвърждение за всеки получен файл, върнатите с коментар версии и напомняния (7 дни и 1 ден преди срока и денят след него, на тези без файл; никога два пъти в един ден). Адресът е този от таблото, ако сте задали такъв; иначе от programme.toml; иначе имейлът за контакт от последния файл на институцията.",
            "The portal e-mails the personal links, a receipt for every file received, versions returned with a comment, and reminders (7 days and 1 day before the due date and the day after it, to those without a file; never twice in one day). The address is the one set here, if any; else the one in programme.toml; else the contact e-mail of the institution's latest file.",
        ),
        ("send_all", "Изпрати връзките по имейл", "E-mail the links"),
        ("send_one", "Изпрати връзката", "E-mail the link"),
        (
            "remind_all",
            "Напомни на всички без файл",
            "Remind everyone without a file",
        ),
        ("remind_one", "Напомни", "Remind"),
        ("retry", "Опитай отново сега", "Try again now"),
        ("address", "Имейл", "E-mail"),
        ("no_address", "няма адрес", "no address"),
        ("source_dashboard", "зададен тук", "set here"),
        ("source_config", "от programme.toml", "from programme.toml"),
        ("source_file", "от последния файл", "from the latest file"),
        ("set_address", "Запази адреса", "Save the address"),
        ("outbox", "Изходяща поща", "Outbox"),
        (
            "outbox_empty",
            "Още няма изпратени писма.",
            "No messages yet.",
        ),
        ("to", "До", "To"),
        ("subject", "Тема", "Subject"),
        ("state", "Състояние", "State"),
        ("attempts", "Опити", "Tries"),
        ("error", "Последна грешка", "Last error"),
        ("written", "Написано", "Written"),
        ("sent_at", "Изпратено", "Sent"),
        ("pending", "чака", "pending"),
        ("sent", "изпратено", "sent"),
        ("failed", "неуспешно", "failed"),
        ("kind_link", "връзка", "link"),
        ("kind_receipt", "потвърждение", "receipt"),
        ("kind_returned", "върнат", "returned"),
        ("kind_reminder", "напомняне", "reminder"),
        ("kind_daily", "дневен преглед", "daily line"),
    ];
    TEXTS
        .iter()
        .map(|(key, bg, en)| {
            (
                *key,
                match lang {
                    Lang::Bg => *bg,
                    Lang::En => *en,
                },
            )
        })
        .collect()
}

/// A sentence of the portal's e-mail answers.
#[derive(Clone, Debug)]
pub enum MailPhrase<'a> {
    /// `[mail]` is not set.
    Off,
    /// The base URL is this computer's own.
    Loopback,
    /// A name that is no configured institution.
    UnknownInstitution {
        /// The name as sent.
        name: &'a str,
    },
    /// An address that is not one.
    BadAddress {
        /// The address as typed.
        value: &'a str,
    },
    /// "3 писма чакат за изпращане, 1 неуспешно"
    Counts {
        /// Pending.
        pending: i64,
        /// Sent.
        sent: i64,
        /// Failed.
        failed: i64,
    },
    /// Link letters written, and those without an address.
    LinksQueued {
        /// Written.
        queued: usize,
        /// Without an address.
        without: &'a [String],
    },
    /// "Адреси на институциите (2 от 46 имат адрес)"
    AddressesKnown {
        /// Institutions with an address.
        known: usize,
        /// Institutions.
        total: usize,
    },
    /// Reminders written.
    RemindersQueued {
        /// Written.
        queued: usize,
    },
}

impl MailPhrase<'_> {
    /// The sentence.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::catalogue::{Lang, MailPhrase};
    /// let words = MailPhrase::Counts { pending: 2, sent: 10, failed: 1 }.render(Lang::Bg);
    /// assert_eq!(words, "изпратени 10, чакат 2, неуспешни 1");
    /// ```
    pub fn render(&self, lang: Lang) -> String {
        match (self, lang) {
            (MailPhrase::Off, Lang::Bg) => "порталът не изпраща имейли: в programme.toml няма таблица [mail] (README, „Имейли от портала“)".into(),
            (MailPhrase::Off, Lang::En) => "the portal sends no e-mail: programme.toml has no [mail] table (README, \"E-mail from the portal\")".into(),
            (MailPhrase::Loopback, Lang::Bg) => "порталът е отворен само на този компютър, затова не изпраща имейли: връзките в тях няма да се отварят от институциите; стартирайте го с --base-url с адрес, достъпен за тях".into(),
            (MailPhrase::Loopback, Lang::En) => "the portal is open on this computer only, so it sends no e-mail: institutions could not open the links in them; start it with a --base-url they can reach".into(),
            (MailPhrase::UnknownInstitution { name }, Lang::Bg) => format!("„{name}“ не е институция от programme.toml"),
            (MailPhrase::UnknownInstitution { name }, Lang::En) => format!("\"{name}\" is not an institution of programme.toml"),
            (MailPhrase::BadAddress { value }, Lang::Bg) => format!("„{value}“ не е имейл адрес; напишете го във вида ime@institucia.bg"),
            (MailPhrase::BadAddress { value }, Lang::En) => format!("\"{value}\" is not an e-mail address; write it as name@institution.bg"),
            (MailPhrase::Counts { pending, sent, failed }, Lang::Bg) => format!("изпратени {sent}, чакат {pending}, неуспешни {failed}"),
            (MailPhrase::Counts { pending, sent, failed }, Lang::En) => format!("{sent} sent, {pending} pending, {failed} failed"),
            (MailPhrase::LinksQueued { queued, without }, Lang::Bg) => {
                let mut words = format!("писма с връзката, написани за изпращане: {queued}");
                if !without.is_empty() {
                    words += &format!("; без адрес: {}", without.join(", "));
                }
                words
            }
            (MailPhrase::LinksQueued { queued, without }, Lang::En) => {
                let mut words = format!("link letters written for sending: {queued}");
                if !without.is_empty() {
                    words += &format!("; no address: {}", without.join(", "));
                }
                words
            }
            (MailPhrase::AddressesKnown { known, total }, Lang::Bg) => format!("Адреси на институциите ({known} от {total} имат адрес)"),
            (MailPhrase::AddressesKnown { known, total }, Lang::En) => format!("The institutions' addresses ({known} of {total} have one)"),
            (MailPhrase::RemindersQueued { queued }, Lang::Bg) => format!("напомняния, написани за изпращане: {queued} (който вече е получил напомняне днес, не получава второ)"),
            (MailPhrase::RemindersQueued { queued }, Lang::En) => format!("reminders written for sending: {queued} (whoever was reminded today gets no second one)"),
        }
    }
}
