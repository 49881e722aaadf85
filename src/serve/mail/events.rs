//! What an event writes to the outbox in its own transaction: an upload its receipt, a
//! return its comment.

use chrono::Local;
use rusqlite::{Connection, OptionalExtension};

use crate::catalogue::{Letter, MailRound, ReceiptNote};
use crate::mail::compose;

use super::super::AppState;
use super::{NewMail, address_of, context, kind, lang_of, page_of, queue};
use crate::round::{REPORTS as REPORT_ROUND, Sender};
use crate::serve::store::{NewSubmission, StoreResult};

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
    if new.sent_by != Sender::Link {
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
    let note = if new.kind != crate::round::Kind::Readable {
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
