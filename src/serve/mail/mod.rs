//! The portal's e-mail (spec: portal.md, "E-mail"): what each event writes to the outbox,
//! in the event's own transaction, and the worker that sends it.
//!
//! Only a portal whose `[mail]` is set and whose base URL institutions can reach has a
//! [`Mailer`]; without one nothing is written to the outbox and nothing is offered. The
//! words are the catalogue's ([`Letter`]); the delivery rules are `mail/`'s (the outbox's
//! state machine, the reminder rule, the worker's pass); this folder is the SQL and the glue:
//!
//! - here: the [`Mailer`], writing a message to the outbox, the institutions' addresses and
//!   languages;
//! - [`events`]: what an upload and a return write, in their own transactions;
//! - [`letters`]: the link letters, reminders (by hand and by the rule) and the daily line;
//! - [`outbox`]: the outbox as the dashboard, the API and the worker read it; the worker's
//!   start;
//! - [`routes`]: the mail API and the dashboard's e-mail section.
//!
//! Log lines name messages by their number only: a personal link is a password.

use std::sync::Arc;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use crate::catalogue::{Lang, MailContext, MailSetupProblem};
use crate::config::{MailSettings, Programme};
use crate::mail::sender::Wake;
use crate::mail::{Composed, SmtpTransport};

use super::AppState;
use super::store::{Store, StoreResult, now};

mod events;
mod letters;
mod outbox;
pub mod routes;
#[cfg(test)]
mod tests;

pub use events::{receipt, returned};
pub use letters::{RoundNow, leads, queue_daily_line, queue_links, queue_reminders, round_now};
pub use outbox::{Outbox, OutboxRow, outbox, outbox_counts, resume, start};

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
    /// Wakes the worker: a message written, or the secretary's "try again now".
    pub wake: Arc<Wake>,
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
            wake: Arc::new(Wake::default()),
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
    mailer.wake.written.notify_one();
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
        crate::round::AuditAction::MailAddress,
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
