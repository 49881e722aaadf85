//! The pages behind an institution's personal link `/i/{token}`: its template, its uploads
//! and every version it has sent.

use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::Response;
use minijinja::context;
use serde::{Deserialize, Serialize};

use crate::catalogue::{Lang, Phrase};

use super::AppState;
use super::error::{Answer, PortalError};
use super::extract::{Files, Path, Query};
use super::http::{Ctx, download, page, slot};
use super::pages::{ReportView, local_time, report_view};
use super::upload::created;
use super::upload::institution_for;
use super::upload::keep_upload;
use super::upload::read_file_field;
use super::upload::refuse_upload;
use super::upload::within_quota;
use super::words;
use crate::round::{KeptVersion, Sender};

/// `?v=` shows one version's check (`?r=` one report's); `sent=1` says it was just
/// received.
#[derive(Deserialize)]
pub struct PageQuery {
    v: Option<i64>,
    r: Option<i64>,
    sent: Option<u8>,
}

/// A version as the institution's table shows it.
#[derive(Serialize)]
struct VersionView {
    id: i64,
    version: i64,
    uploaded_at: String,
    file_name: String,
    rows: i64,
    errors: i64,
    warnings: i64,
    state: &'static str,
    state_word: &'static str,
    comment: Option<String>,
}

impl VersionView {
    fn of(record: &KeptVersion, lang: Lang) -> VersionView {
        let state = record.state();
        VersionView {
            id: record.id,
            version: record.version,
            uploaded_at: local_time(&record.uploaded_at),
            file_name: record.file_name.clone(),
            rows: record.rows,
            errors: record.errors,
            warnings: record.warnings,
            state: state.code(),
            state_word: words::state_word(state, lang),
            comment: record.comment.clone(),
        }
    }
}

/// The shown version's check, with the portal's notes about it.
fn shown_version(
    state: &AppState,
    record: &KeptVersion,
    all: &[KeptVersion],
    lang: Lang,
) -> Result<minijinja::Value, PortalError> {
    let json = state
        .store()
        .submission_report(record.id, lang == Lang::En)?
        .unwrap_or_default();
    let mut report: ReportView = report_view(record, &json, lang);
    report.notes = words::notes(record, all, lang);
    Ok(context! {
        id => record.id,
        version => record.version,
        file_name => record.file_name,
        comment => record.comment,
        report => report,
    })
}

/// `GET /i/{token}`: the institution's page.
pub async fn show(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(query): Query<PageQuery>,
    ctx: Ctx,
) -> Answer {
    let institution = institution_for(&state, &token)?;
    let all = state.store().submissions(crate::round::CONTRIBUTIONS)?;
    let versions: Vec<KeptVersion> = all
        .iter()
        .filter(|record| record.institution == institution)
        .cloned()
        .collect();
    // The version asked for, or the newest one.
    let shown = match query.v {
        Some(id) => versions.iter().find(|record| record.id == id),
        None => versions.first(),
    };
    let shown = match shown {
        Some(record) => Some(shown_version(&state, record, &all, ctx.lang)?),
        None => None,
    };
    let received = match (
        query.sent,
        query.v,
        versions.iter().find(|r| Some(r.id) == query.v),
    ) {
        (Some(1), Some(_), Some(record)) => Some(
            Phrase::Received {
                version: record.version,
            }
            .render(ctx.lang),
        ),
        _ => None,
    };
    let rows: Vec<VersionView> = versions
        .iter()
        .map(|record| VersionView::of(record, ctx.lang))
        .collect();
    let due = state.programme.portal.contributions_due;
    let late = crate::round::overdue(due, chrono::Local::now().date_naive(), !versions.is_empty());
    let reporting = super::report_views::institution_section(
        &state,
        &ctx,
        &institution,
        query.r,
        query.sent == Some(1),
    )?;
    let frame = ctx.frame(&state, institution.clone());
    page(
        &state,
        &ctx,
        &frame,
        "institution.html",
        context! {
            institution => institution,
            base => format!("/i/{token}"),
            token => token,
            due => due.map(|d| d.format("%d.%m.%Y").to_string()),
            late => late,
            shown => shown,
            received => received,
            versions => rows,
            reporting => reporting,
        },
    )
}

/// `GET /i/{token}/template`: the template with the institution chosen.
pub async fn template(State(state): State<AppState>, Path(token): Path<String>) -> Answer {
    let institution = institution_for(&state, &token)?;
    let worker = state.clone();
    let bytes = tokio::task::spawn_blocking(move || {
        crate::api::template_for(&worker.programme, &institution)
    })
    .await??;
    let name = format!("шаблон-{}.xlsx", state.programme.municipality_code);
    Ok(download(bytes, &name))
}

/// `POST /i/{token}/submissions`: an upload, validated and kept as the next version.
/// JSON clients get 201 with the report; a browser form is sent back to the page, which
/// shows the check (so a reload does not send the file again).
pub async fn upload(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ctx: Ctx,
    Files(mut multipart): Files,
) -> Answer {
    let institution = match institution_for(&state, &token)
        .and_then(|institution| within_quota(&state, &institution, 0).map(|()| institution))
    {
        Ok(institution) => institution,
        Err(failure) => return Err(refuse_upload(&mut multipart, failure).await),
    };
    // Bodies are read a few at a time per core, so a burst of large files cannot hold
    // more than that in memory.
    let body_permit = slot(&state.uploads).await?;
    let (file_name, bytes) = read_file_field(&state, &mut multipart).await?;
    within_quota(&state, &institution, bytes.len() as u64)?;
    super::mail::remember_lang_of(&state, &institution, ctx.lang);

    // Validation runs in the bounded pool: never more at once than the machine's cores.
    let permit = slot(&state.pool).await?;
    let worker = state.clone();
    let lang = ctx.lang;
    let kept = tokio::task::spawn_blocking(move || {
        let kept = keep_upload(
            &worker,
            &institution,
            &file_name,
            bytes,
            permit,
            Sender::Link,
        );
        drop(body_permit);
        kept
    })
    .await??;

    if ctx.json {
        return created(&state, &ctx, kept.id);
    }
    let lang_amp = if lang == Lang::En { "&lang=en" } else { "" };
    let location = format!("/i/{token}?v={}&sent=1{lang_amp}#shown", kept.id);
    let mut response = Response::new(axum::body::Body::empty());
    *response.status_mut() = StatusCode::SEE_OTHER;
    if let Ok(value) = location.parse() {
        response.headers_mut().insert(LOCATION, value);
    }
    Ok(response)
}
