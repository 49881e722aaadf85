//! The audit log: as a page in words ([`crate::catalogue::audit_subject`]) and as JSON
//! with its stable codes.

use axum::Json;
use axum::extract::State;
use axum::response::IntoResponse;
use minijinja::context;

use crate::round::AuditAction;

use super::AppState;
use super::error::Answer;
use super::http::{Ctx, page, summary_words};
use super::pages::local_time;
use super::session::secretary;

/// `GET /audit`: the audit log as a page, newest first.
pub async fn audit_page(State(state): State<AppState>, ctx: Ctx) -> Answer {
    let secretary = secretary(&state, &ctx)?;
    let mut entries = state.store().audit_log()?;
    entries.reverse();
    // The log keeps stable codes (the API gives them); the page says them in words.
    for entry in &mut entries {
        entry.at = local_time(&entry.at);
        entry.actor = crate::catalogue::audit_actor(&entry.actor, ctx.lang);
        let Some(action) = AuditAction::from_code(&entry.action) else {
            continue;
        };
        entry.action = crate::catalogue::audit_action(action, ctx.lang).to_string();
        if let Some(subject) = &mut entry.subject {
            *subject = crate::catalogue::audit_subject(action, subject, ctx.lang);
        }
        if let Some(detail) = &mut entry.detail {
            *detail = match action {
                AuditAction::Merge | AuditAction::Implementation => {
                    summary_words(action.code(), detail, ctx.lang)
                }
                _ => crate::catalogue::audit_detail(action, detail, ctx.lang),
            };
        }
    }
    let title = crate::catalogue::PageTexts::of(ctx.lang).audit.to_string();
    let frame = ctx.frame(&state, title).signed_in(&secretary.csrf);
    page(
        &state,
        &ctx,
        &frame,
        "audit.html",
        context! { entries => entries },
    )
}

/// `GET /api/v1/audit`: the audit log, oldest first.
pub async fn audit_json(State(state): State<AppState>, ctx: Ctx) -> Answer {
    secretary(&state, &ctx)?;
    let entries = state.store().audit_log()?;
    Ok(Json(entries).into_response())
}
