//! The portal's e-mail (spec: portal.md, "E-mail"): what each event writes to the outbox,
//! in the event's own transaction, and the worker that sends it.
//!
//! Only a portal whose `[mail]` is set and whose base URL institutions can reach has a
//! [`Mailer`]; without one nothing is written to the outbox and nothing is offered. The
//! words are the catalogue's ([`Letter`]); the delivery rules are `mail/`'s (the outbox's
//! state machine, the reminder rule, the worker's pass); this file is the SQL and the glue.
//! Log lines name messages by their number only: a personal link is a password.

use std::sync::Arc;

use chrono::{DateTime, Local, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use tokio::sync::Notify;

use crate::catalogue::{
    Arrival, Lang, Letter, MailContext, MailRound, MailSetupProblem, MailTrouble, ReceiptNote,
};
use crate::config::{MailSettings, Programme};
use crate::mail::reminders::{self, ReminderCandidate, reminders_due};
use crate::mail::{
    Composed, Delivery, MailFailure, MailState, MailStore, OutgoingMail, SmtpTransport, compose,
};

use super::AppState;
use super::institution::ROUND;
use super::reporting::REPORT_ROUND;
use super::store::{NewSubmission, SENT_BY_LINK, Store, StoreResult, now};

/// The settings key of the address the secretary set for an institution.
const ADDRESS_SETTING: &str = "mail.address:";
/// The settings key of the language an institution last used on its page (`en`).
const LANG_SETTING: &str = "mail.lang:";
/// The day the secretary's daily line last went, and the time it covered up to.
const DAILY_ON_SETTING: &str = "mail.daily_on";
const DAILY_SINCE_SETTING: &str = "mail.daily_since";

/// What an outbox row is.
pub mod kind {
    /// The personal link letter.
    pub const LINK: &str = "link";
    /// The receipt of an upload.
    pub const RECEIPT: &str = "receipt";
    /// A version returned with the secretary's comment.
    pub const RETURNED: &str = "returned";
    /// A reminder, by hand (`stage` = `manual`) or automatic.
    pub const REMINDER: &str = "reminder";
    /// The secretary's daily line.
    pub const DAILY: &str = "daily";
}

/// The portal's e-mail, when it sends any.
pub struct Mailer {
    /// `[mail]`.
    pub settings: MailSettings,
    /// The transport, or why there is none (no password, a bad `ca_file`): then messages
    /// wait in the outbox and the dashboard says why.
    pub transport: Result<SmtpTransport, MailSetupProblem>,
    /// Notified when a message is written, so the worker sends it at once.
    pub wake: Arc<Notify>,
    /// The domain of the Message-IDs: the sender's.
    domain: String,
}

impl Mailer {
    /// The mailer of a portal: none without `[mail]`, or when the base URL is this
    /// computer's own (no institution could open the links the messages carry).
    pub fn of(programme: &Programme, loopback: bool) -> Option<Mailer> {
        let settings = programme.mail.clone().filter(|_| !loopback)?;
        let password = std::env::var(MailSettings::PASSWORD_VARIABLE)
            .ok()
            .filter(|password| !password.is_empty());
        let signature = signature(programme);
        let transport = SmtpTransport::new(&settings, password, &signature);
        let domain = settings
            .from
            .address
            .rsplit_once('@')
            .map_or("zakrila.invalid", |(_, domain)| domain)
            .to_string();
        Some(Mailer {
            settings,
            transport,
            wake: Arc::new(Notify::new()),
            domain,
        })
    }
}

/// The name under the messages when `from` gives none.
fn signature(programme: &Programme) -> String {
    format!("Комисия за детето – община {}", programme.municipality)
}

fn context(programme: &Programme) -> MailContext<'_> {
    MailContext {
        programme: &programme.title,
        municipality: &programme.municipality,
        signature: programme
            .mail
            .as_ref()
            .and_then(|mail| mail.from.name.as_deref()),
    }
}

/// A message to write to the outbox.
struct NewMail<'a> {
    kind: &'static str,
    institution: Option<&'a str>,
    round: Option<&'a str>,
    stage: Option<&'a str>,
    day: Option<NaiveDate>,
    to: &'a str,
    lang: Lang,
    message: Composed,
}

/// Writes a message, pending and due now; its Message-ID holds its number.
fn queue(connection: &Connection, mailer: &Mailer, mail: &NewMail<'_>) -> StoreResult<i64> {
    let at = now();
    connection.execute(
        "INSERT INTO outbox (created_at, kind, institution, round, stage, day, to_address,
             lang, subject, body_text, body_html, message_id, state, next_attempt)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, '', 'pending', ?1)",
        params![
            at,
            mail.kind,
            mail.institution,
            mail.round,
            mail.stage,
            mail.day.map(|day| day.to_string()),
            mail.to,
            lang_code(mail.lang),
            mail.message.subject,
            mail.message.text,
            mail.message.html,
        ],
    )?;
    let id = connection.last_insert_rowid();
    let stamp: String = at.chars().filter(char::is_ascii_digit).collect();
    connection.execute(
        "UPDATE outbox SET message_id = ?2 WHERE id = ?1",
        params![id, format!("<zakrila.{id}.{stamp}@{}>", mailer.domain)],
    )?;
    // Woken now, the worker still reads the outbox only after this transaction ends: it
    // takes the same store lock, held until the commit (or the rollback: then it finds
    // nothing new).
    mailer.wake.notify_one();
    Ok(id)
}

fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::Bg => "bg",
        Lang::En => "en",
    }
}

/// Where an institution's messages go, and where that address came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Address {
    /// The address.
    pub address: String,
    /// `dashboard` (set by the secretary), `config` (`email` in programme.toml) or `file`
    /// (the contact e-mail of its latest file).
    pub source: &'static str,
}

/// An institution's address: the one the secretary set, else the config's, else the
/// contact e-mail of its latest file.
pub fn address_of(
    connection: &Connection,
    programme: &Programme,
    institution: &str,
) -> StoreResult<Option<Address>> {
    let set: Option<String> = connection
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [format!("{ADDRESS_SETTING}{institution}")],
            |row| row.get(0),
        )
        .optional()?;
    if let Some(address) = set {
        return Ok(Some(Address {
            address,
            source: "dashboard",
        }));
    }
    let configured = programme
        .institutions
        .iter()
        .find(|i| i.name == institution)
        .and_then(|i| i.email.clone());
    if let Some(address) = configured {
        return Ok(Some(Address {
            address,
            source: "config",
        }));
    }
    let from_file: Option<String> = connection
        .query_row(
            "SELECT contact_email FROM submissions
             WHERE institution = ?1 AND contact_email IS NOT NULL AND contact_email != ''
             ORDER BY id DESC LIMIT 1",
            [institution],
            |row| row.get(0),
        )
        .optional()?;
    Ok(from_file
        .filter(|address| crate::config::is_email(address))
        .map(|address| Address {
            address,
            source: "file",
        }))
}

/// Sets (or, with an empty address, clears) the address the secretary chose.
pub fn set_address(store: &mut Store, institution: &str, address: &str) -> StoreResult<()> {
    let key = format!("{ADDRESS_SETTING}{institution}");
    if address.is_empty() {
        store.clear_setting(&key)?;
    } else {
        store.set_setting(&key, address)?;
    }
    store.audit(
        "secretary",
        "mail-address",
        Some(institution),
        (!address.is_empty()).then_some(address),
    )
}

/// Remembers the language an institution's page was in when it sent a file, so that its
/// messages are in it.
pub fn remember_lang(store: &Store, institution: &str, lang: Lang) -> StoreResult<()> {
    let key = format!("{LANG_SETTING}{institution}");
    match lang {
        Lang::En => store.set_setting(&key, "en"),
        Lang::Bg => store.clear_setting(&key),
    }
}

/// [`remember_lang`], for a portal that sends mail (no other writes a setting per upload);
/// a failure only costs the language of the receipt.
pub fn remember_lang_of(state: &AppState, institution: &str, lang: Lang) {
    if state.mail.is_some()
        && let Err(err) = remember_lang(&state.store(), institution, lang)
    {
        eprintln!("mail: the page's language could not be kept: {err}");
    }
}

fn lang_of(connection: &Connection, institution: &str) -> StoreResult<Lang> {
    let value: Option<String> = connection
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [format!("{LANG_SETTING}{institution}")],
            |row| row.get(0),
        )
        .optional()?;
    Ok(if value.as_deref() == Some("en") {
        Lang::En
    } else {
        Lang::Bg
    })
}

/// The institution's page, in its language.
fn page_of(
    state: &AppState,
    connection: &Connection,
    institution: &str,
    lang: Lang,
) -> StoreResult<Option<String>> {
    let token: Option<String> = connection
        .query_row(
            "SELECT token FROM links WHERE institution = ?1 AND replaced_at IS NULL",
            [institution],
            |row| row.get(0),
        )
        .optional()?;
    Ok(token.map(|token| {
        let link = state.link(&token);
        match lang {
            Lang::En => format!("{link}?lang=en"),
            Lang::Bg => link,
        }
    }))
}

/// In an upload's transaction: its receipt, when the portal sends mail, the file came
/// through the institution's link and the institution has an address.
pub fn receipt(
    state: &AppState,
    connection: &Connection,
    new: &NewSubmission<'_>,
    version: i64,
) -> StoreResult<()> {
    let Some(mailer) = &state.mail else {
        return Ok(());
    };
    if new.sent_by != SENT_BY_LINK {
        return Ok(());
    }
    let Some(to) = address_of(connection, &state.programme, new.institution)? else {
        return Ok(());
    };
    let lang = lang_of(connection, new.institution)?;
    let Some(page) = page_of(state, connection, new.institution, lang)? else {
        return Ok(());
    };
    let report = new.round == REPORT_ROUND;
    let note = if new.kind != crate::round::Kind::Readable.code() {
        ReceiptNote::Unreadable
    } else if !report && new.named_institution != Some(new.institution) {
        ReceiptNote::Held
    } else if new.errors > 0 {
        ReceiptNote::Errors
    } else if new.warnings > 0 {
        ReceiptNote::Warnings
    } else {
        ReceiptNote::Clean
    };
    let received = Local::now().format("%d.%m.%Y %H:%M").to_string();
    let letter = Letter::Receipt {
        institution: new.institution,
        round: if report {
            MailRound::Reports
        } else {
            MailRound::Contributions
        },
        version: u32::try_from(version).unwrap_or(u32::MAX),
        file: new.file_name,
        received: &received,
        rows: new.rows,
        errors: new.errors,
        warnings: new.warnings,
        note,
        page: &page,
    };
    queue(
        connection,
        mailer,
        &NewMail {
            kind: kind::RECEIPT,
            institution: Some(new.institution),
            round: Some(new.round),
            stage: None,
            day: None,
            to: &to.address,
            lang,
            message: compose(&letter, &context(&state.programme), lang),
        },
    )?;
    Ok(())
}

/// In a review's (or a decision's) transaction: the return comment, when the version was
/// returned.
pub fn returned(state: &AppState, connection: &Connection, id: i64) -> StoreResult<()> {
    let Some(mailer) = &state.mail else {
        return Ok(());
    };
    /// What a return letter says of the version.
    struct Returned {
        institution: String,
        round: String,
        version: i64,
        comment: Option<String>,
    }
    let found = connection
        .query_row(
            "SELECT institution, round, version, comment FROM submissions
             WHERE id = ?1 AND review = 'returned'",
            [id],
            |row| {
                Ok(Returned {
                    institution: row.get(0)?,
                    round: row.get(1)?,
                    version: row.get(2)?,
                    comment: row.get(3)?,
                })
            },
        )
        .optional()?;
    let Some(Returned {
        institution,
        round,
        version,
        comment,
    }) = found
    else {
        return Ok(());
    };
    let Some(to) = address_of(connection, &state.programme, &institution)? else {
        return Ok(());
    };
    let lang = lang_of(connection, &institution)?;
    let Some(page) = page_of(state, connection, &institution, lang)? else {
        return Ok(());
    };
    let letter = Letter::Returned {
        institution: &institution,
        round: if round == REPORT_ROUND {
            MailRound::Reports
        } else {
            MailRound::Contributions
        },
        version: u32::try_from(version).unwrap_or(u32::MAX),
        comment: comment.as_deref().unwrap_or_default(),
        page: &page,
    };
    queue(
        connection,
        mailer,
        &NewMail {
            kind: kind::RETURNED,
            institution: Some(&institution),
            round: Some(&round),
            stage: None,
            day: None,
            to: &to.address,
            lang,
            message: compose(&letter, &context(&state.programme), lang),
        },
    )?;
    Ok(())
}

/// The round institutions are in now and its due date: the reporting round once it has
/// started (for its lead institutions), the contributions otherwise.
pub struct RoundNow {
    /// Which.
    pub round: MailRound,
    /// Its due date.
    pub due: Option<NaiveDate>,
    /// The institutions it asks files of, with whether each has sent one.
    pub missing: Vec<(String, bool)>,
}

/// The lead institutions of the reporting round, when one has started: read (once per
/// round) as the reporting pages read them. Asked before the store is locked, since reading
/// the round locks it.
pub fn leads(state: &AppState) -> Option<Vec<String>> {
    let ctx = super::http::Ctx {
        lang: Lang::Bg,
        json: true,
        path: String::new(),
        address: None,
        session: None,
        device: None,
    };
    super::reporting::round_data(state, &ctx)
        .ok()
        .flatten()
        .map(|data| data.leads.keys().cloned().collect())
}

/// The round now and who is missing from it; `leads` from [`leads`].
pub fn round_now(
    state: &AppState,
    store: &mut Store,
    leads: Option<Vec<String>>,
) -> StoreResult<RoundNow> {
    let reporting = store.current_round(REPORT_ROUND)?;
    let names = state.institution_names();
    if let Some(round) = reporting {
        let sent: std::collections::BTreeSet<String> = store
            .reports_of_round(round.id)?
            .into_iter()
            .map(|record| record.institution)
            .collect();
        let asked: Vec<String> =
            leads.unwrap_or_else(|| names.iter().map(|name| name.to_string()).collect());
        return Ok(RoundNow {
            round: MailRound::Reports,
            due: state.programme.portal.reports_due,
            missing: asked
                .into_iter()
                .map(|name| {
                    let missing = !sent.contains(&name);
                    (name, missing)
                })
                .collect(),
        });
    }
    let sent: std::collections::BTreeSet<String> = store
        .submissions(ROUND)?
        .into_iter()
        .map(|record| record.institution)
        .collect();
    Ok(RoundNow {
        round: MailRound::Contributions,
        due: state.programme.portal.contributions_due,
        missing: names
            .iter()
            .map(|name| (name.to_string(), !sent.contains(*name)))
            .collect(),
    })
}

/// Writes link letters to `institutions` (all with an address when empty), in one
/// transaction with the audit line. Returns those written and those without an address.
pub fn queue_links(state: &AppState, institutions: &[String]) -> StoreResult<(usize, Vec<String>)> {
    let Some(mailer) = &state.mail else {
        return Ok((0, Vec::new()));
    };
    let leads = leads(state);
    let mut store = state.store();
    let names = state.institution_names();
    // Links are made on first need, as the dashboard makes them.
    let mut failure = false;
    store.links(&names, || {
        super::auth::new_token().unwrap_or_else(|_| {
            failure = true;
            String::new()
        })
    })?;
    if failure {
        return Err(super::store::StoreError::Folder {
            path: std::path::PathBuf::new(),
            reason: "no randomness for a link".into(),
        });
    }
    let round = round_now(state, &mut store, leads)?;
    // In the reporting round the letter asks for a report: only its lead institutions get it.
    let in_round = |name: &str| round.missing.iter().any(|(asked, _)| asked == name);
    let asked: Vec<String> = if institutions.is_empty() {
        names.iter().map(|name| name.to_string()).collect()
    } else {
        institutions.to_vec()
    }
    .into_iter()
    .filter(|name| in_round(name))
    .collect();
    let transaction = store.connection().transaction()?;
    let mut queued = 0;
    let mut without = Vec::new();
    for institution in &asked {
        let Some(to) = address_of(&transaction, &state.programme, institution)? else {
            without.push(institution.clone());
            continue;
        };
        let lang = lang_of(&transaction, institution)?;
        let Some(link) = page_of(state, &transaction, institution, lang)? else {
            continue;
        };
        let letter = Letter::Link {
            institution,
            round: round.round,
            due: round.due,
            link: &link,
        };
        queue(
            &transaction,
            mailer,
            &NewMail {
                kind: kind::LINK,
                institution: Some(institution),
                round: Some(round_code(round.round)),
                stage: None,
                day: None,
                to: &to.address,
                lang,
                message: compose(&letter, &context(&state.programme), lang),
            },
        )?;
        queued += 1;
    }
    super::store::audit_in(
        &transaction,
        "secretary",
        "mail-links",
        Some(&format!("{queued}")),
        None,
        (!without.is_empty()).then(|| without.join("; ")).as_deref(),
    )?;
    transaction.commit()?;
    Ok((queued, without))
}

fn round_code(round: MailRound) -> &'static str {
    match round {
        MailRound::Contributions => ROUND,
        MailRound::Reports => REPORT_ROUND,
    }
}

/// The last day each institution was reminded in `round`.
fn last_reminded(
    connection: &Connection,
    round: &str,
) -> StoreResult<std::collections::HashMap<String, NaiveDate>> {
    let mut statement = connection.prepare(
        "SELECT institution, MAX(day) FROM outbox
         WHERE kind = 'reminder' AND round = ?1 GROUP BY institution",
    )?;
    let rows = statement.query_map([round], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
    })?;
    let mut last = std::collections::HashMap::new();
    for row in rows {
        let (institution, day) = row?;
        if let Ok(day) = day.parse::<NaiveDate>() {
            last.insert(institution, day);
        }
    }
    Ok(last)
}

/// Writes reminders to the institutions missing from the round now: by hand (`manual`,
/// to `institutions`, or all missing when empty) or automatic (the rule of
/// [`reminders_due`] for `today`). Never twice in one day to one institution. Returns how
/// many were written.
pub fn queue_reminders(
    state: &AppState,
    institutions: Option<&[String]>,
    today: NaiveDate,
) -> StoreResult<usize> {
    let Some(mailer) = &state.mail else {
        return Ok(0);
    };
    let leads = leads(state);
    let mut store = state.store();
    let round = round_now(state, &mut store, leads)?;
    let code = round_code(round.round);
    let transaction = store.connection().transaction()?;
    let last = last_reminded(&transaction, code)?;
    let mut chosen: Vec<(String, String)> = Vec::new();
    for (institution, missing) in &round.missing {
        let address = address_of(&transaction, &state.programme, institution)?;
        let reminded_today = last.get(institution) == Some(&today);
        match institutions {
            Some(asked) => {
                let wanted = if asked.is_empty() {
                    *missing
                } else {
                    asked.contains(institution)
                };
                if wanted && !reminded_today && address.is_some() {
                    chosen.push((institution.clone(), "manual".into()));
                }
            }
            None => {
                let Some(due) = round.due else { continue };
                let candidate = ReminderCandidate {
                    institution,
                    missing: *missing,
                    has_address: address.is_some(),
                    last_reminded: last.get(institution).copied(),
                };
                for (_, stage) in reminders_due(today, due, &[candidate]) {
                    chosen.push((
                        institution.clone(),
                        format!("{code}:{due}:{}", stage.as_str()),
                    ));
                }
            }
        }
    }
    let mut queued = 0;
    for (institution, stage) in &chosen {
        let Some(to) = address_of(&transaction, &state.programme, institution)? else {
            continue;
        };
        let lang = lang_of(&transaction, institution)?;
        let Some(page) = page_of(state, &transaction, institution, lang)? else {
            continue;
        };
        let letter = Letter::Reminder {
            institution,
            round: round.round,
            due: round.due,
            today,
            page: &page,
        };
        queue(
            &transaction,
            mailer,
            &NewMail {
                kind: kind::REMINDER,
                institution: Some(institution),
                round: Some(code),
                stage: Some(stage),
                day: Some(today),
                to: &to.address,
                lang,
                message: compose(&letter, &context(&state.programme), lang),
            },
        )?;
        queued += 1;
    }
    if queued > 0 {
        let actor = if institutions.is_some() {
            "secretary"
        } else {
            "system"
        };
        super::store::audit_in(
            &transaction,
            actor,
            "mail-reminders",
            Some(&queued.to_string()),
            None,
            None,
        )?;
    }
    transaction.commit()?;
    Ok(queued)
}

/// Writes the secretary's daily line when it is due at `now` (local): what arrived through
/// the links since the last line.
pub fn queue_daily_line(state: &AppState, now: chrono::NaiveDateTime) -> StoreResult<bool> {
    let Some(mailer) = &state.mail else {
        return Ok(false);
    };
    let mut store = state.store();
    let transaction = store.connection().transaction()?;
    let setting = |key: &str| -> StoreResult<Option<String>> {
        Ok(transaction
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()?)
    };
    let last_on = setting(DAILY_ON_SETTING)?.and_then(|day| day.parse::<NaiveDate>().ok());
    let since = setting(DAILY_SINCE_SETTING)?.unwrap_or_default();
    let mut arrivals: Vec<Arrival> = Vec::new();
    {
        let mut statement = transaction.prepare(
            "SELECT institution, round, COUNT(*) FROM submissions
             WHERE uploaded_at > ?1 AND sent_by = 'link' GROUP BY institution, round",
        )?;
        let rows = statement.query_map([&since], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, i64>(2)?,
            ))
        })?;
        for row in rows {
            let (institution, round, count) = row?;
            let count = usize::try_from(count).unwrap_or(0);
            let index = match arrivals.iter().position(|a| a.institution == institution) {
                Some(index) => index,
                None => {
                    arrivals.push(Arrival {
                        institution,
                        contributions: 0,
                        reports: 0,
                    });
                    arrivals.len() - 1
                }
            };
            if round == REPORT_ROUND {
                arrivals[index].reports += count;
            } else {
                arrivals[index].contributions += count;
            }
        }
    }
    let files = arrivals.iter().map(|a| a.contributions + a.reports).sum();
    if !reminders::daily_line_due(now, last_on, files) {
        return Ok(false);
    }
    let order = state.institution_names();
    arrivals.sort_by_key(|a| order.iter().position(|name| *name == a.institution));
    let dashboard = format!("{}/", state.base_url);
    let letter = Letter::Daily {
        day: now.date(),
        arrivals: &arrivals,
        dashboard: &dashboard,
    };
    queue(
        &transaction,
        mailer,
        &NewMail {
            kind: kind::DAILY,
            institution: None,
            round: None,
            stage: None,
            day: None,
            to: mailer.settings.secretary_address(),
            lang: Lang::Bg,
            message: compose(&letter, &context(&state.programme), Lang::Bg),
        },
    )?;
    for (key, value) in [
        (DAILY_ON_SETTING, now.date().to_string()),
        (DAILY_SINCE_SETTING, now_utc_text()),
    ] {
        transaction.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
    }
    transaction.commit()?;
    Ok(true)
}

fn now_utc_text() -> String {
    now()
}

/// One outbox row as the dashboard and `GET /api/v1/mail/outbox` show it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct OutboxRow {
    /// Its number.
    pub id: i64,
    /// The recipient.
    pub to: String,
    /// The subject.
    pub subject: String,
    /// `link`, `receipt`, `returned`, `reminder`, `daily`.
    pub kind: String,
    /// The institution, none for the daily line.
    pub institution: Option<String>,
    /// `pending`, `sent`, `failed`.
    pub state: String,
    /// Tries so far.
    pub attempts: i64,
    /// The last error in words, with the server's own.
    pub last_error: Option<String>,
    /// When it was written (local time).
    pub created_at: String,
    /// When the server took it (local time).
    pub sent_at: Option<String>,
}

/// The newest `limit` messages, newest first, their errors said in `lang`.
pub fn outbox(store: &mut Store, lang: Lang, limit: usize) -> StoreResult<Vec<OutboxRow>> {
    let connection = store.connection();
    let mut statement = connection.prepare(
        "SELECT id, to_address, subject, kind, institution, state, attempts, error_kind,
             error_detail, created_at, sent_at
         FROM outbox ORDER BY id DESC LIMIT ?1",
    )?;
    let rows = statement.query_map([limit as i64], |row| {
        let error_kind: Option<String> = row.get(7)?;
        let detail: Option<String> = row.get(8)?;
        let created: String = row.get(9)?;
        let sent: Option<String> = row.get(10)?;
        Ok(OutboxRow {
            id: row.get(0)?,
            to: row.get(1)?,
            subject: row.get(2)?,
            kind: row.get(3)?,
            institution: row.get(4)?,
            state: row.get(5)?,
            attempts: row.get(6)?,
            last_error: error_kind
                .as_deref()
                .and_then(MailTrouble::parse)
                .map(|trouble| match &detail {
                    Some(detail) if !detail.is_empty() => {
                        format!("{} ({detail})", trouble.says(lang))
                    }
                    _ => trouble.says(lang).to_string(),
                }),
            created_at: super::pages::local_time(&created),
            sent_at: sent.as_deref().map(super::pages::local_time),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Counts of the outbox by state: (pending, sent, failed).
pub fn outbox_counts(store: &mut Store) -> StoreResult<(i64, i64, i64)> {
    Ok(store.connection().query_row(
        "SELECT COALESCE(SUM(state = 'pending'), 0), COALESCE(SUM(state = 'sent'), 0),
             COALESCE(SUM(state = 'failed'), 0) FROM outbox",
        [],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
    )?)
}

/// Makes every message not yet sent due at once (the portal has just started). Returns
/// how many wait.
pub fn resume(store: &mut Store) -> StoreResult<usize> {
    Ok(store.connection().execute(
        "UPDATE outbox SET next_attempt = ?1 WHERE state != 'sent'",
        [now()],
    )?)
}

fn time_of(text: Option<String>) -> Option<DateTime<Utc>> {
    text.and_then(|text| DateTime::parse_from_rfc3339(&text).ok())
        .map(|time| time.with_timezone(&Utc))
}

fn time_text(time: DateTime<Utc>) -> String {
    time.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// The outbox table as the worker sees it ([`MailStore`]), over the portal's store.
#[derive(Clone)]
pub struct Outbox(pub AppState);

impl Outbox {
    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Store) -> StoreResult<T> + Send + 'static,
    ) -> Result<T, String> {
        let state = self.0.clone();
        tokio::task::spawn_blocking(move || work(&mut state.store()))
            .await
            .map_err(|err| err.to_string())?
            .map_err(|err| err.to_string())
    }
}

impl MailStore for Outbox {
    type Error = String;

    async fn due(&self, now: DateTime<Utc>, limit: usize) -> Result<Vec<OutgoingMail>, String> {
        self.blocking(move |store| {
            let connection = store.connection();
            let mut statement = connection.prepare(
                "SELECT id, to_address, subject, body_text, body_html, message_id, state,
                     attempts, error_kind, error_detail, next_attempt, sent_at
                 FROM outbox WHERE state != 'sent' AND next_attempt <= ?1
                 ORDER BY id LIMIT ?2",
            )?;
            let rows = statement.query_map(params![time_text(now), limit as i64], |row| {
                let state: String = row.get(6)?;
                let error_kind: Option<String> = row.get(8)?;
                let detail: Option<String> = row.get(9)?;
                Ok(OutgoingMail {
                    id: row.get(0)?,
                    to: row.get(1)?,
                    subject: row.get(2)?,
                    text: row.get(3)?,
                    html: row.get(4)?,
                    message_id: row.get(5)?,
                    delivery: Delivery {
                        state: MailState::parse(&state).unwrap_or(MailState::Pending),
                        attempts: row.get(7)?,
                        last_error: error_kind.as_deref().and_then(MailTrouble::parse).map(
                            |trouble| MailFailure {
                                trouble,
                                detail: detail.unwrap_or_default(),
                            },
                        ),
                        next_attempt: time_of(row.get(10)?),
                        sent_at: time_of(row.get(11)?),
                    },
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
    }

    async fn record(&self, id: i64, delivery: &Delivery) -> Result<(), String> {
        let delivery = delivery.clone();
        self.blocking(move |store| {
            store.connection().execute(
                "UPDATE outbox SET state = ?2, attempts = ?3, error_kind = ?4, error_detail = ?5,
                     next_attempt = ?6, sent_at = ?7
                 WHERE id = ?1",
                params![
                    id,
                    delivery.state.as_str(),
                    delivery.attempts,
                    delivery.last_error.as_ref().map(|e| e.trouble.as_str()),
                    delivery.last_error.as_ref().map(|e| e.detail.as_str()),
                    delivery.next_attempt.map(time_text),
                    delivery.sent_at.map(time_text),
                ],
            )?;
            Ok(())
        })
        .await
    }

    async fn next_due(&self) -> Result<Option<DateTime<Utc>>, String> {
        self.blocking(|store| {
            let next: Option<String> = store.connection().query_row(
                "SELECT MIN(next_attempt) FROM outbox WHERE state != 'sent'",
                [],
                |row| row.get(0),
            )?;
            Ok(time_of(next))
        })
        .await
    }
}

/// How often the worker looks for reminders and the daily line to write.
const RULES_EVERY: std::time::Duration = std::time::Duration::from_secs(600);

/// Starts the worker and the reminder clock of a portal that sends mail: messages not sent
/// before the restart are due at once. Prints why nothing can be sent when the transport
/// cannot be made (the messages then wait for a restart that fixes it).
pub fn start(state: &AppState, lang: Lang) {
    let Some(mailer) = &state.mail else {
        return;
    };
    match resume(&mut state.store()) {
        Ok(waiting) if waiting > 0 => {
            eprintln!("mail: {waiting} message(s) waiting in the outbox");
        }
        Ok(_) => {}
        Err(err) => eprintln!("mail: the outbox could not be read: {err}"),
    }
    let transport = match &mailer.transport {
        Ok(transport) => transport.clone(),
        Err(problem) => {
            eprintln!("mail: {}", problem.says(lang));
            return;
        }
    };
    let wake = Arc::clone(&mailer.wake);
    let outbox = Outbox(state.clone());
    tokio::spawn(async move {
        crate::mail::sender::run(outbox, transport, &wake, |line| eprintln!("{line}")).await;
    });
    let clock = state.clone();
    tokio::spawn(async move {
        loop {
            let state = clock.clone();
            let _ = tokio::task::spawn_blocking(move || automatic(&state)).await;
            tokio::time::sleep(RULES_EVERY).await;
        }
    });
}

/// The automatic messages due now: reminders (from the reminder hour on) and the daily line.
fn automatic(state: &AppState) {
    let now = Local::now().naive_local();
    if reminders::is_reminder_time(now)
        && let Err(err) = queue_reminders(state, None, now.date())
    {
        eprintln!("mail: reminders could not be written: {err}");
    }
    if let Err(err) = queue_daily_line(state, now) {
        eprintln!("mail: the daily line could not be written: {err}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::store::{NewSubmission, SENT_BY_LINK};

    /// A portal on the Ruse sample with `[mail]`, a due date and two addresses, its store
    /// in `folder`.
    fn portal(folder: &std::path::Path) -> AppState {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/samples/ruse-2025/programme.toml"
        );
        let text = std::fs::read_to_string(path)
            .unwrap()
            .replacen(
                "name = \"РУО – Русе\"",
                "name = \"РУО – Русе\"\nemail = \"ruo@ruse.bg\"",
                1,
            )
            .replacen(
                "name = \"РЗИ – Русе\"",
                "name = \"РЗИ – Русе\"\nemail = \"rzi@ruse.bg\"",
                1,
            )
            + "\n[portal]\ncontributions_due = 2025-03-31\n\
               [mail]\nsmtp = \"127.0.0.1:9\"\nsecurity = \"none\"\nfrom = \"k@ruse.bg\"\n";
        let programme = Programme::from_bytes(path.as_ref(), text.as_bytes()).unwrap();
        let store = Store::open(folder).unwrap();
        crate::serve::state(
            programme,
            store,
            20,
            "https://zakrila.ruse.bg".into(),
            crate::serve::throttle::Policy::default(),
        )
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn reminders(state: &AppState) -> Vec<(String, String, String)> {
        let mut store = state.store();
        let connection = store.connection();
        let mut statement = connection
            .prepare(
                "SELECT institution, stage, day FROM outbox WHERE kind = 'reminder' ORDER BY id",
            )
            .unwrap();
        statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn automatic_reminders_go_to_the_missing_on_their_days_and_never_twice_a_day() {
        let folder = tempfile::tempdir().unwrap();
        let state = portal(folder.path());
        let mut i = 0;
        state
            .store()
            .links(&state.institution_names(), || {
                i += 1;
                format!("token-{i}")
            })
            .unwrap();
        // The РЗИ has sent a file: it is not missing.
        state
            .store()
            .add_submission(&NewSubmission {
                round: ROUND,
                institution: "РЗИ – Русе",
                file_name: "rzi.xlsx",
                bytes: b"x",
                sha256: "s",
                rows: 1,
                errors: 0,
                warnings: 0,
                named_institution: Some("РЗИ – Русе"),
                contact_email: None,
                round_id: None,
                report_bg: "{}",
                report_en: "{}",
                kind: "readable",
                sent_by: SENT_BY_LINK,
            })
            .unwrap();

        assert_eq!(queue_reminders(&state, None, day("2025-03-20")).unwrap(), 0);
        assert_eq!(queue_reminders(&state, None, day("2025-03-24")).unwrap(), 1);
        assert_eq!(queue_reminders(&state, None, day("2025-03-24")).unwrap(), 0);
        assert_eq!(queue_reminders(&state, None, day("2025-03-26")).unwrap(), 0);
        // By hand on the 30th, then the day before's stage finds it reminded that day.
        let manual = queue_reminders(&state, Some(&[]), day("2025-03-30")).unwrap();
        assert_eq!(manual, 1);
        assert_eq!(queue_reminders(&state, None, day("2025-03-30")).unwrap(), 0);
        assert_eq!(queue_reminders(&state, None, day("2025-04-01")).unwrap(), 1);
        assert_eq!(queue_reminders(&state, None, day("2025-04-02")).unwrap(), 0);
        assert_eq!(
            reminders(&state),
            [
                (
                    "РУО – Русе".to_string(),
                    "contribution:2025-03-31:week-before".to_string(),
                    "2025-03-24".to_string()
                ),
                (
                    "РУО – Русе".to_string(),
                    "manual".to_string(),
                    "2025-03-30".to_string()
                ),
                (
                    "РУО – Русе".to_string(),
                    "contribution:2025-03-31:day-after".to_string(),
                    "2025-04-01".to_string()
                ),
            ]
        );
        // A file kept without the portal's hook (as `add_submission` alone) has no receipt:
        // the receipt is written by the upload route's hook, in its transaction.
        let receipts: i64 = state
            .store()
            .connection()
            .query_row(
                "SELECT COUNT(*) FROM outbox WHERE kind = 'receipt'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(
            receipts, 0,
            "add_submission without the hook writes no receipt"
        );
    }
}
