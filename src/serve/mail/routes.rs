//! The routes of the portal's e-mail: the link letters (one or all), reminders by hand, the
//! address of an institution, the outbox as JSON, and the dashboard's mail section.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use minijinja::{Value, context};
use serde::Deserialize;

use crate::catalogue::{Lang, MailPhrase, PortalProblem, mail_texts};

use super::super::AppState;
use super::super::error::{Answer, PortalError};
use super::super::http::Ctx;
use super::super::session::{lang_query, redirect, secretary, secretary_form};
use crate::serve::extract::{Form, Json as JsonBody, Path};
use crate::serve::mail;

/// The body of `POST /api/v1/mail/links` and `/reminders`: institutions by name; none (or
/// no body) means all (with an address; for reminders, all without a file).
#[derive(Default, Deserialize)]
pub struct Institutions {
    #[serde(default)]
    institutions: Vec<String>,
}

/// The body of `POST /api/v1/mail/addresses`.
#[derive(Deserialize)]
pub struct AddressJson {
    institution: String,
    #[serde(default)]
    address: String,
}

/// A form with the session's CSRF token and, for one institution, its index.
#[derive(Deserialize)]
pub struct MailForm {
    csrf: String,
    institution: Option<usize>,
    #[serde(default)]
    address: String,
}

/// Refused when the portal sends no mail, saying why.
fn mail_on(state: &AppState, ctx: &Ctx) -> Result<(), PortalError> {
    if state.mail.is_some() {
        return Ok(());
    }
    let (code, phrase) = if state.programme.mail.is_some() {
        ("mail-loopback", MailPhrase::Loopback)
    } else {
        ("mail-off", MailPhrase::Off)
    };
    Err(PortalError::from(PortalProblem::NotNow {
        code,
        message: phrase.render(ctx.lang),
    }))
}

/// The names of a JSON body, each a configured institution.
fn names(state: &AppState, ctx: &Ctx, body: &Bytes) -> Result<Vec<String>, PortalError> {
    let asked: Institutions = if body.iter().all(u8::is_ascii_whitespace) {
        Institutions::default()
    } else {
        serde_json::from_slice(body).map_err(|err| {
            PortalError::from(PortalProblem::BadRequest {
                detail: err.to_string(),
            })
        })?
    };
    let known = state.institution_names();
    if let Some(unknown) = asked
        .institutions
        .iter()
        .find(|name| !known.contains(&name.as_str()))
    {
        return Err(PortalError::from(PortalProblem::BadRequest {
            detail: MailPhrase::UnknownInstitution { name: unknown }.render(ctx.lang),
        }));
    }
    Ok(asked.institutions)
}

/// The institution of a form's index, as a one-name list; none: all.
fn chosen(state: &AppState, index: Option<usize>) -> Result<Vec<String>, PortalError> {
    match index {
        None => Ok(Vec::new()),
        Some(index) => state
            .programme
            .institutions
            .get(index)
            .map(|institution| vec![institution.name.clone()])
            .ok_or_else(|| PortalError::from(PortalProblem::NotFound)),
    }
}

/// `work` on a blocking thread; its failure, or the thread's, with its cause.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, super::super::store::StoreError> + Send + 'static,
) -> Result<T, PortalError> {
    Ok(tokio::task::spawn_blocking(work).await??)
}

/// `POST /api/v1/mail/links` `{"institutions": [names]}`: 202 `{"queued", "without_address"}`.
pub async fn links_json(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> Answer {
    secretary(&state, &ctx)?;
    mail_on(&state, &ctx)?;
    let asked = names(&state, &ctx, &body)?;
    let worker = state.clone();
    let (queued, without) = blocking(move || mail::queue_links(&worker, &asked)).await?;
    let body = serde_json::json!({ "queued": queued, "without_address": without });
    Ok((StatusCode::ACCEPTED, Json(body)).into_response())
}

/// `POST /api/v1/mail/reminders` `{"institutions": [names]}` (none: all without a file):
/// 202 `{"queued"}`; whoever was reminded today is left out.
pub async fn reminders_json(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> Answer {
    secretary(&state, &ctx)?;
    mail_on(&state, &ctx)?;
    let asked = names(&state, &ctx, &body)?;
    let worker = state.clone();
    let today = chrono::Local::now().date_naive();
    let queued = blocking(move || mail::queue_reminders(&worker, Some(&asked), today)).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(serde_json::json!({ "queued": queued })),
    )
        .into_response())
}

/// `POST /api/v1/mail/addresses` `{"institution", "address"}` (an empty address clears the
/// one set here).
pub async fn address_json(
    State(state): State<AppState>,
    ctx: Ctx,
    JsonBody(body): JsonBody<AddressJson>,
) -> Answer {
    secretary(&state, &ctx)?;
    if !state
        .institution_names()
        .contains(&body.institution.as_str())
    {
        return Err(PortalError::from(PortalProblem::BadRequest {
            detail: MailPhrase::UnknownInstitution {
                name: &body.institution,
            }
            .render(ctx.lang),
        }));
    }
    set_address(&state, &ctx, &body.institution, &body.address)?;
    Ok(Json(serde_json::json!({ "institution": body.institution })).into_response())
}

fn set_address(
    state: &AppState,
    ctx: &Ctx,
    institution: &str,
    address: &str,
) -> Result<(), PortalError> {
    let address = address.trim();
    if !address.is_empty() && !crate::config::is_email(address) {
        return Err(PortalError::from(PortalProblem::BadRequest {
            detail: MailPhrase::BadAddress { value: address }.render(ctx.lang),
        }));
    }
    Ok(mail::set_address(&mut state.store(), institution, address)?)
}

/// `GET /api/v1/mail/outbox`: every message, newest first.
pub async fn outbox_json(State(state): State<AppState>, ctx: Ctx) -> Answer {
    secretary(&state, &ctx)?;
    let lang = ctx.lang;
    let worker = state.clone();
    let rows = blocking(move || mail::outbox(&mut worker.store(), lang, usize::MAX >> 1)).await?;
    Ok(Json(rows).into_response())
}

/// Every message not yet sent tried again now, the server's pause ended: the secretary
/// heard the server is back (or fixed the password and restarted nothing).
async fn retry_now(state: &AppState, ctx: &Ctx) -> Result<usize, PortalError> {
    mail_on(state, ctx)?;
    let worker = state.clone();
    let waiting = blocking(move || mail::resume(&mut worker.store())).await?;
    if let Some(mailer) = &state.mail {
        mailer.wake.retry.notify_one();
    }
    Ok(waiting)
}

/// `POST /api/v1/mail/retry`: 202 `{"queued"}`, the messages not yet sent, all due now.
pub async fn retry_json(State(state): State<AppState>, ctx: Ctx) -> Answer {
    secretary(&state, &ctx)?;
    let queued = retry_now(&state, &ctx).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(serde_json::json!({ "queued": queued })),
    )
        .into_response())
}

/// `POST /mail/retry` (form): "Опитай отново сега".
pub async fn retry_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<MailForm>,
) -> Answer {
    secretary_form(&state, &ctx, &form.csrf)?;
    retry_now(&state, &ctx).await?;
    Ok(redirect(&format!("/{}#mail", lang_query(ctx.lang))))
}

/// `POST /mail/links` (form): the link letter to one institution, or to all.
pub async fn links_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<MailForm>,
) -> Answer {
    secretary_form(&state, &ctx, &form.csrf)?;
    mail_on(&state, &ctx)?;
    let asked = chosen(&state, form.institution)?;
    let worker = state.clone();
    blocking(move || mail::queue_links(&worker, &asked)).await?;
    Ok(redirect(&format!("/{}#mail", lang_query(ctx.lang))))
}

/// `POST /mail/reminders` (form): a reminder to one institution, or to all without a file.
pub async fn reminders_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<MailForm>,
) -> Answer {
    secretary_form(&state, &ctx, &form.csrf)?;
    mail_on(&state, &ctx)?;
    let asked = chosen(&state, form.institution)?;
    let worker = state.clone();
    let today = chrono::Local::now().date_naive();
    blocking(move || mail::queue_reminders(&worker, Some(&asked), today)).await?;
    Ok(redirect(&format!("/{}#mail", lang_query(ctx.lang))))
}

/// `POST /mail/addresses/{index}` (form): the address of one institution.
pub async fn address_form(
    State(state): State<AppState>,
    Path(index): Path<usize>,
    ctx: Ctx,
    Form(form): Form<MailForm>,
) -> Answer {
    secretary_form(&state, &ctx, &form.csrf)?;
    let institution = chosen(&state, Some(index))?.remove(0);
    set_address(&state, &ctx, &institution, &form.address)?;
    Ok(redirect(&format!("/{}#mail", lang_query(ctx.lang))))
}

/// The dashboard's mail section: none when `[mail]` is not set; a note when the portal is
/// on this computer only; otherwise the addresses, the buttons and the outbox.
pub fn dashboard_section(state: &AppState, ctx: &Ctx) -> Result<Value, PortalError> {
    let lang = ctx.lang;
    let Some(mailer) = &state.mail else {
        return Ok(match state.programme.mail {
            Some(_) => context! { t => mail_texts(lang), off => MailPhrase::Loopback.render(lang) },
            None => Value::from(()),
        });
    };
    let leads = mail::leads(state);
    let mut store = state.store();
    let round = mail::round_now(state, &mut store, leads)?;
    let mut rows = Vec::new();
    let mut known = 0;
    for (index, institution) in state.programme.institutions.iter().enumerate() {
        let address = mail::address_of(store.connection(), &state.programme, &institution.name)?;
        known += usize::from(address.is_some());
        let missing = round
            .missing
            .iter()
            .any(|(name, missing)| *name == institution.name && *missing);
        rows.push(context! {
            index => index,
            institution => &institution.name,
            address => address.as_ref().map(|a| a.address.clone()),
            source => address.as_ref().map(|a| mail_texts(lang)[&*format!("source_{}", a.source)]),
            missing => missing,
        });
    }
    let (pending, sent, failed) = mail::outbox_counts(&mut store)?;
    let outbox = mail::outbox(&mut store, lang, 30)?;
    Ok(context! {
        t => mail_texts(lang),
        problem => mailer.transport.as_ref().err().map(|problem| problem.says(lang)),
        counts => MailPhrase::Counts { pending, sent, failed }.render(lang),
        unsent => pending + failed > 0,
        addresses_known => MailPhrase::AddressesKnown { known, total: rows.len() }.render(lang),
        // Open while no institution has an address: that is where the secretary starts.
        addresses_open => known == 0,
        rows => rows,
        outbox => outbox,
        lang_query => if lang == Lang::En { "?lang=en" } else { "" },
    })
}
