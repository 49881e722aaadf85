//! The secretary's hand in the versions: the decision on a held version (keep it as the
//! sending link's institution's, move it to the institution it names, or return it), and a
//! file received by e-mail added as an institution's version.

use axum::Json;
use axum::extract::State;
use axum::response::IntoResponse;
use serde::Deserialize;

use crate::catalogue::{Phrase, PortalProblem};

use super::AppState;
use super::error::{Answer, PortalError};
use super::extract::{Files, Form, Json as JsonBody, Path};
use super::http::{Ctx, slot};
use super::session::{lang_query, redirect, secretary, secretary_form};
use super::store::Decided;
use super::upload::{created, keep_upload, read_upload_form, refuse_upload};
use super::words::not_now;

/// The decision form's fields.
#[derive(Deserialize)]
pub struct DecideForm {
    decision: String,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    csrf: String,
}

/// The JSON decision's body.
#[derive(Deserialize)]
pub struct DecideJson {
    decision: String,
    #[serde(default)]
    comment: String,
}

/// `POST /submissions/{id}/decide` (form): back to the version's page.
pub async fn decide_form(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    ctx: Ctx,
    Form(form): Form<DecideForm>,
) -> Answer {
    secretary_form(&state, &ctx, &form.csrf)?;
    let moved = decide(&state, &ctx, id, &form.decision, &form.comment)?;
    // A move shows where the file went.
    let shown = moved.unwrap_or(id);
    Ok(redirect(&format!(
        "/submissions/{shown}/done{}",
        lang_query(ctx.lang)
    )))
}

/// `POST /api/v1/submissions/{id}/decide` `{"decision": "keep" | "move" | "return",
/// "comment"}`: the version as it is now, with `moved_to` for a move.
pub async fn decide_json(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    ctx: Ctx,
    JsonBody(body): JsonBody<DecideJson>,
) -> Answer {
    secretary(&state, &ctx)?;
    decide(&state, &ctx, id, &body.decision, &body.comment)?;
    let record = state
        .store()
        .submission(id)?
        .ok_or_else(|| PortalError::from(PortalProblem::NotFound))?;
    let state_code = record.state().code();
    let mut body = serde_json::to_value(&record).unwrap_or_default();
    body["state"] = state_code.into();
    Ok(Json(body).into_response())
}

/// Decides on a held version; gives the id of the new version for a move.
fn decide(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    decision: &str,
    comment: &str,
) -> Result<Option<i64>, PortalError> {
    let decision = match decision {
        "keep" => crate::round::Decision::Kept,
        "move" => crate::round::Decision::Moved,
        "return" => crate::round::Decision::Returned,
        _ => {
            return Err(PortalError::from(PortalProblem::BadRequest {
                detail: "decision: keep | move | return".into(),
            }));
        }
    };
    let record = state
        .store()
        .submission(id)?
        .ok_or_else(|| PortalError::from(PortalProblem::NotFound))?;
    if !record.rule_version().is_held() {
        return Err(not_now(ctx.lang, "not-held", Phrase::NotHeld));
    }
    // A file is moved only to the configured institution it names.
    let to = match (decision, &record.named_institution) {
        (crate::round::Decision::Moved, Some(named))
            if state.institution_names().contains(&named.as_str()) =>
        {
            Some(named.as_str())
        }
        (crate::round::Decision::Moved, _) => {
            return Err(not_now(
                ctx.lang,
                "names-no-institution",
                Phrase::NamesNoInstitution,
            ));
        }
        _ => None,
    };
    let comment: String = comment.trim().chars().take(4000).collect();
    match state.store().decide_with(
        id,
        decision.code(),
        &comment,
        to,
        &mut |connection, id, _| match decision.code() {
            "returned" => super::mail::returned(state, connection, id),
            _ => Ok(()),
        },
    )? {
        Decided::NotFound => Err(PortalError::from(PortalProblem::NotFound)),
        Decided::AlreadyDecided => Err(not_now(ctx.lang, "not-held", Phrase::NotHeld)),
        Decided::Done { moved } => Ok(moved.map(|(new, _)| new)),
    }
}

/// `POST /submissions` (form: `csrf`, `institution` as its index, `file`) and
/// `POST /api/v1/submissions` (multipart `institution` as its name, `file`): a file the
/// secretary received by e-mail, kept as the institution's next version, sent by the
/// secretary. The form goes to the version's page; JSON gets 201 as an upload does.
pub async fn add(State(state): State<AppState>, ctx: Ctx, Files(mut multipart): Files) -> Answer {
    let from_form = !ctx.path.starts_with("/api/");
    // Who asks is checked before the file is read; the form's CSRF token comes first in
    // its fields, and is checked once read.
    if let Err(failure) = secretary(&state, &ctx) {
        return Err(refuse_upload(&mut multipart, failure).await);
    }
    let body_permit = slot(&state.uploads).await?;
    let form = read_upload_form(&state, &mut multipart).await?;
    if from_form {
        secretary_form(&state, &ctx, form.field("csrf"))?;
    }
    let names = state.institution_names();
    let wanted = form.field("institution");
    let institution = if from_form {
        wanted
            .parse::<usize>()
            .ok()
            .and_then(|index| names.get(index))
    } else {
        names.iter().find(|name| **name == wanted.trim())
    }
    .map(|name| (*name).to_string())
    .ok_or_else(|| {
        PortalError::from(PortalProblem::Unusable {
            code: "unknown-institution",
            message: Phrase::UnknownInstitution { name: wanted }.render(ctx.lang),
        })
    })?;
    let (file_name, bytes) = form
        .file
        .ok_or_else(|| PortalError::from(PortalProblem::NoFile))?;
    let permit = slot(&state.pool).await?;
    let worker = state.clone();
    let kept = tokio::task::spawn_blocking(move || {
        let kept = keep_upload(
            &worker,
            &institution,
            &file_name,
            bytes,
            permit,
            crate::round::Sender::Secretary,
        );
        drop(body_permit);
        kept
    })
    .await??;
    if from_form {
        return Ok(redirect(&format!(
            "/submissions/{}{}",
            kept.id,
            lang_query(ctx.lang)
        )));
    }
    created(&state, &ctx, kept.id)
}
