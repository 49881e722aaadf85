//! The messages the secretary asks for or the rules write: link letters, reminders (by hand
//! and by [`reminders_due`]) and the secretary's daily line.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use crate::catalogue::{Arrival, Lang, Letter, MailRound};
use crate::mail::compose;
use crate::mail::reminders::{self, ReminderCandidate, reminders_due};

use super::super::AppState;
use super::{
    DAILY_ON_SETTING, DAILY_SINCE_SETTING, NewMail, address_of, context, kind, lang_of, page_of,
    queue,
};
use crate::round::{CONTRIBUTIONS as ROUND, REPORTS as REPORT_ROUND};
use crate::serve::store::{Store, StoreResult, now};

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
    crate::serve::rounds::round_data(state)
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
        crate::serve::auth::new_token().unwrap_or_else(|_| {
            failure = true;
            String::new()
        })
    })?;
    if failure {
        return Err(crate::serve::store::StoreError::Folder {
            path: std::path::PathBuf::new(),
            reason: (&std::io::Error::other("no randomness for a link")).into(),
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
    crate::serve::store::audit_in(
        &transaction,
        "secretary",
        crate::round::AuditAction::MailLinks,
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

/// Which institutions get a reminder, each with its stage: by hand (`manual`, to
/// `institutions`, or all missing when empty) or by the rule of [`reminders_due`]; never
/// twice in one day, never without an address.
fn reminders_chosen(
    state: &AppState,
    transaction: &Connection,
    round: &RoundNow,
    institutions: Option<&[String]>,
    today: NaiveDate,
) -> StoreResult<Vec<(String, String)>> {
    let code = round_code(round.round);
    let last = last_reminded(transaction, code)?;
    let mut chosen: Vec<(String, String)> = Vec::new();
    for (institution, missing) in &round.missing {
        let address = address_of(transaction, &state.programme, institution)?;
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
    Ok(chosen)
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
    let chosen = reminders_chosen(state, &transaction, &round, institutions, today)?;
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
        crate::serve::store::audit_in(
            &transaction,
            actor,
            crate::round::AuditAction::MailReminders,
            Some(&queued.to_string()),
            None,
            None,
        )?;
    }
    transaction.commit()?;
    Ok(queued)
}

/// What arrived through the links since `since` (UTC, RFC 3339), per institution.
fn arrivals_since(transaction: &Connection, since: &str) -> StoreResult<Vec<Arrival>> {
    let mut arrivals: Vec<Arrival> = Vec::new();
    let mut statement = transaction.prepare(
        "SELECT institution, round, COUNT(*) FROM submissions
         WHERE uploaded_at > ?1 AND sent_by = 'link' GROUP BY institution, round",
    )?;
    let rows = statement.query_map([since], |row| {
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
    Ok(arrivals)
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
    let mut arrivals = arrivals_since(&transaction, &since)?;
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
