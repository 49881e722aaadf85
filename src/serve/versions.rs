//! One kept version on the secretary's side: its page, its review (accept or return), and
//! its original and marked-up copy.

use axum::Json;
use axum::extract::State;
use axum::response::IntoResponse;
use minijinja::context;
use serde::Deserialize;

use crate::catalogue::{Lang, PageTexts, Phrase, PortalProblem};

use super::AppState;
use super::auth::institution_of;
use super::error::{Answer, PortalError};
use super::extract::{Form, Json as JsonBody, Path, Query};
use super::http::{Ctx, download, page, slot};
use super::pages::{local_time, report_view};
use super::session::lang_query;
use super::session::redirect;
use super::session::secretary;
use super::session::secretary_form;
use super::words::{self, not_now, state_word};
use crate::round::KeptVersion;

pub(super) fn record_or_404(state: &AppState, id: i64) -> Result<KeptVersion, PortalError> {
    state
        .store()
        .submission(id)?
        .ok_or_else(|| PortalError::from(PortalProblem::NotFound))
}

/// `GET /submissions/{id}`: a version's findings, files and review; for a held version,
/// the decision on whose it is.
pub async fn submission_page(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    ctx: Ctx,
) -> Answer {
    let secretary = secretary(&state, &ctx)?;
    let mut record = record_or_404(&state, id)?;
    let json = state
        .store()
        .submission_report(id, ctx.lang == Lang::En)?
        .unwrap_or_default();
    let records = state
        .store()
        .submissions_with_bytes(&record.round, &record.sha256)?;
    let mut report = report_view(&record, &json, ctx.lang);
    report.notes = words::notes(&record, &records, ctx.lang);
    if !record.is_contribution() {
        // A report counts indicators.
        let total = super::rounds::round_data(&state)?
            .and_then(|data| data.leads.get(&record.institution).copied())
            .unwrap_or(0);
        report.counts = Phrase::ReportedOf {
            reported: usize::try_from(record.rows).unwrap_or(0),
            total,
        }
        .render(ctx.lang);
    }
    let version = record.rule_version();
    let state_code = version.state();
    let texts = PageTexts::of(ctx.lang);
    let sent_by = match record.sender() {
        crate::round::Sender::Link => texts.sent_by_link,
        crate::round::Sender::Secretary => texts.sent_by_secretary,
        crate::round::Sender::Move => texts.sent_by_move,
    };
    record.uploaded_at = local_time(&record.uploaded_at);
    let frame = ctx
        .frame(
            &state,
            format!("{}, {}", record.institution, record.file_name),
        )
        .signed_in(&secretary.csrf);
    page(
        &state,
        &ctx,
        &frame,
        "submission.html",
        context! {
            held => version.is_held(),
            readable => version.kind == crate::round::Kind::Readable,
            record => record,
            report => report,
            sent_by => sent_by,
            state => state_code.code(),
            state_word => state_word(state_code, ctx.lang),
        },
    )
}

/// The review form.
#[derive(Deserialize)]
pub struct ReviewForm {
    decision: String,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    csrf: String,
}

fn decision(value: &str) -> Option<&'static str> {
    match value {
        "accept" => Some("accepted"),
        "return" => Some("returned"),
        _ => None,
    }
}

/// `POST /submissions/{id}/review` (form).
pub async fn review_form(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    ctx: Ctx,
    Form(form): Form<ReviewForm>,
) -> Answer {
    {
        secretary_form(&state, &ctx, &form.csrf)?;
        review(&state, &ctx, id, &form.decision, &form.comment)?;
        Ok(redirect(&format!(
            "/submissions/{id}/done{}",
            lang_query(ctx.lang)
        )))
    }
}

/// The JSON review's body.
#[derive(Deserialize)]
pub struct ReviewJson {
    decision: String,
    #[serde(default)]
    comment: String,
}

/// `POST /api/v1/submissions/{id}/review`.
pub async fn review_json(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    ctx: Ctx,
    JsonBody(body): JsonBody<ReviewJson>,
) -> Answer {
    {
        secretary(&state, &ctx)?;
        review(&state, &ctx, id, &body.decision, &body.comment)?;
        let record = record_or_404(&state, id)?;
        Ok(Json(record).into_response())
    }
}

fn review(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    value: &str,
    comment: &str,
) -> Result<(), PortalError> {
    let Some(decision) = decision(value) else {
        return Err(PortalError::from(PortalProblem::BadRequest {
            detail: "decision: accept | return".into(),
        }));
    };
    if decision == "accepted" {
        let version = record_or_404(state, id)?.rule_version();
        if version.is_held() {
            return Err(not_now(ctx.lang, "held", Phrase::AcceptHeld));
        }
        if version.kind != crate::round::Kind::Readable {
            return Err(not_now(ctx.lang, "unreadable", Phrase::AcceptUnreadable));
        }
    }
    let comment: String = comment.trim().chars().take(4000).collect();
    let returned =
        |connection: &rusqlite::Connection, id, _| super::mail::returned(state, connection, id);
    if state
        .store()
        .review_with(id, decision, &comment, &mut { returned })?
    {
        Ok(())
    } else {
        Err(PortalError::from(PortalProblem::NotFound))
    }
}

/// `?token=` on a download: an institution's own files.
#[derive(Deserialize)]
pub struct TokenQuery {
    token: Option<String>,
}

/// Who may download a version: the secretary, or the institution whose link sent it. Asked
/// before the version is looked up, so that nobody learns which ids exist.
fn may_download_any(state: &AppState, ctx: &Ctx, token: Option<&str>) -> Result<(), PortalError> {
    match token {
        Some(_) => Ok(()), // checked against the version's institution below
        None => secretary(state, ctx).map(|_| ()),
    }
}

/// Who may download a version: the secretary, or the institution whose link sent it.
fn may_download(
    state: &AppState,
    ctx: &Ctx,
    token: Option<&str>,
    record: &KeptVersion,
) -> Result<(), PortalError> {
    match token {
        Some(token) => {
            let links = state.store().current_links()?;
            // Another institution's token gets the same 404 as a wrong one.
            if institution_of(&links, token) == Some(record.institution.as_str()) {
                Ok(())
            } else {
                Err(PortalError::from(PortalProblem::NotFound))
            }
        }
        None => secretary(state, ctx).map(|_| ()),
    }
}

/// `GET /api/v1/submissions/{id}/original`: the file as sent.
pub async fn original(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(query): Query<TokenQuery>,
    ctx: Ctx,
) -> Answer {
    {
        may_download_any(&state, &ctx, query.token.as_deref())?;
        let record = record_or_404(&state, id)?;
        may_download(&state, &ctx, query.token.as_deref(), &record)?;
        let bytes = state
            .store()
            .blob(&record.sha256)?
            .ok_or_else(|| PortalError::from(PortalProblem::NotFound))?;
        Ok(download(bytes, &record.file_name))
    }
}

/// `GET /api/v1/submissions/{id}/annotated`: the marked-up copy (`validate --annotate`).
pub async fn annotated(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(query): Query<TokenQuery>,
    ctx: Ctx,
) -> Answer {
    may_download_any(&state, &ctx, query.token.as_deref())?;
    let record = record_or_404(&state, id)?;
    may_download(&state, &ctx, query.token.as_deref(), &record)?;
    // A marked-up copy is a contribution's (`validate --annotate`); a report's findings are
    // on its page.
    if !record.is_contribution() {
        return Err(PortalError::from(PortalProblem::NotFound));
    }
    // A file that is no contribution has no marked-up copy: its one sentence says why.
    if let Some(sentence) = words::unreadable_sentence(&record, None, ctx.lang) {
        return Err(PortalError::from(PortalProblem::NotNow {
            code: "unreadable",
            message: sentence,
        }));
    }
    let bytes = state
        .store()
        .blob(&record.sha256)?
        .ok_or_else(|| PortalError::from(PortalProblem::NotFound))?;
    let permit = slot(&state.pool).await?;
    let worker = state.clone();
    let lang = ctx.lang;
    let name = record.file_name.clone();
    let made = tokio::task::spawn_blocking(move || {
        let submission =
            crate::api::validate_for_copy(&worker.programme, &name, bytes, worker.limits);
        let made = crate::api::annotate(&submission, &worker.programme, lang);
        drop(permit);
        made
    })
    .await??;
    Ok(download(
        made,
        &crate::write::annotated::copy_name(std::path::Path::new(&record.file_name)),
    ))
}
