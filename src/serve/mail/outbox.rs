//! The outbox as the dashboard and the API show it, and as the worker reads and records it
//! ([`MailStore`]); the worker's start and the clock of the automatic messages.

use std::sync::Arc;

use chrono::{DateTime, Local, Utc};
use rusqlite::params;

use crate::catalogue::{Lang, MailTrouble};
use crate::mail::reminders;
use crate::mail::{Delivery, MailFailure, MailState, MailStore, OutgoingMail};

use super::super::AppState;
use super::{queue_daily_line, queue_reminders};
use crate::serve::store::{Store, StoreResult, now};

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
            created_at: crate::serve::pages::local_time(&created),
            sent_at: sent.as_deref().map(crate::serve::pages::local_time),
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
