//! The pages behind an institution's personal link `/i/{token}`: its template, its uploads
//! and every version it has sent.

use axum::Json;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use minijinja::context;
use serde::{Deserialize, Serialize};

use crate::catalogue::{Lang, Phrase, PortalProblem};

use super::AppState;
use super::auth::{institution_of, sha256_hex};
use super::http::{Answer, Ctx, Failure, clean_file_name, download, fell_silent, page, slot};
use super::pages::{ReportView, local_time, report_view};
use super::plan;
use super::store::{NewSubmission, SENT_BY_LINK, SubmissionRecord};

/// The contributions round's name in the store.
pub const ROUND: &str = "contribution";

/// The institution of a personal link's token, or 404.
pub(super) fn institution_for(state: &AppState, ctx: &Ctx, token: &str) -> Result<String, Failure> {
    let links = state
        .store()
        .current_links()
        .map_err(|_| ctx.fail(PortalProblem::Internal))?;
    institution_of(&links, token)
        .map(str::to_string)
        .ok_or_else(|| ctx.fail(PortalProblem::NotFound))
}

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

/// `GET /i/{token}`: the institution's page.
pub async fn show(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(query): Query<PageQuery>,
    ctx: Ctx,
) -> Answer {
    let institution = institution_for(&state, &ctx, &token)?;
    let all = state
        .store()
        .submissions(ROUND)
        .map_err(|_| ctx.fail(PortalProblem::Internal))?;
    let versions: Vec<SubmissionRecord> = all
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
        Some(record) => {
            let json = state
                .store()
                .submission_report(record.id, ctx.lang == Lang::En)
                .map_err(|_| ctx.fail(PortalProblem::Internal))?
                .unwrap_or_default();
            let mut report: ReportView = report_view(record, &json, ctx.lang);
            report.notes = plan::notes(record, &all, ctx.lang);
            Some(context! {
                id => record.id,
                version => record.version,
                file_name => record.file_name,
                comment => record.comment,
                report => report,
            })
        }
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
        .map(|record| {
            let state = plan::state_of(record);
            VersionView {
                id: record.id,
                version: record.version,
                uploaded_at: local_time(&record.uploaded_at),
                file_name: record.file_name.clone(),
                rows: record.rows,
                errors: record.errors,
                warnings: record.warnings,
                state: state.code(),
                state_word: plan::state_word(state, ctx.lang),
                comment: record.comment.clone(),
            }
        })
        .collect();
    let due = state.programme.portal.contributions_due;
    let late =
        due.is_some_and(|due| chrono::Local::now().date_naive() > due && versions.is_empty());
    let reporting = super::reporting::institution_section(
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
pub async fn template(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ctx: Ctx,
) -> Answer {
    let institution = institution_for(&state, &ctx, &token)?;
    let worker = state.clone();
    let bytes = tokio::task::spawn_blocking(move || {
        crate::api::template_for(&worker.programme, &institution)
    })
    .await
    .map_err(|_| ctx.fail(PortalProblem::Internal))?
    .map_err(|_| ctx.fail(PortalProblem::Internal))?;
    let name = format!("шаблон-{}.xlsx", state.programme.municipality_code);
    Ok(download(bytes, &name))
}

/// What an upload became.
#[derive(Serialize)]
pub(super) struct Created {
    pub(super) id: i64,
    pub(super) version: i64,
    /// The institution it is a version of.
    pub(super) institution: String,
    /// Its state (portal.md: `errors`, `submitted`, `held`, `unreadable` …).
    pub(super) state: &'static str,
    /// Kept as stored, so its fields stay in `validate --format json`'s order.
    pub(super) report: Box<serde_json::value::RawValue>,
    /// What the portal adds: the one sentence for a file that is no contribution, the file
    /// names another institution than the link's (or none) and is held, who else sent it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) notes: Vec<String>,
}

/// The 201 answer of a kept upload: its id, version, state, check and notes.
pub(super) fn created(state: &AppState, ctx: &Ctx, id: i64) -> Answer {
    let (record, report, records) = {
        let store = state.store();
        let record = store
            .submission(id)
            .map_err(|_| ctx.fail(PortalProblem::Internal))?
            .ok_or_else(|| ctx.fail(PortalProblem::Internal))?;
        let report = store
            .submission_report(id, ctx.lang == Lang::En)
            .map_err(|_| ctx.fail(PortalProblem::Internal))?
            .unwrap_or_default();
        let records = store
            .submissions_with_bytes(&record.round, &record.sha256)
            .map_err(|_| ctx.fail(PortalProblem::Internal))?;
        (record, report, records)
    };
    let mut notes = plan::notes(&record, &records, ctx.lang);
    if let Some(sentence) = plan::unreadable_sentence(&record, plan::first_error(&report), ctx.lang)
    {
        notes.insert(0, sentence);
    }
    let report = serde_json::value::RawValue::from_string(report)
        .map_err(|_| ctx.fail(PortalProblem::Internal))?;
    let body = Created {
        id: record.id,
        version: record.version,
        state: plan::state_of(&record).code(),
        institution: record.institution,
        report,
        notes,
    };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// `POST /i/{token}/submissions`: an upload, validated and kept as the next version.
/// JSON clients get 201 with the report; a browser form is sent back to the page, which
/// shows the check (so a reload does not send the file again).
pub async fn upload(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ctx: Ctx,
    mut multipart: Multipart,
) -> Answer {
    let institution = match institution_for(&state, &ctx, &token)
        .and_then(|institution| within_quota(&state, &ctx, &institution, 0).map(|()| institution))
    {
        Ok(institution) => institution,
        Err(failure) => return Err(refuse_upload(&mut multipart, failure).await),
    };
    // Bodies are read a few at a time per core, so a burst of large files cannot hold
    // more than that in memory.
    let body_permit = slot(&state.uploads, &ctx).await?;
    let (file_name, bytes) = read_file_field(&state, &ctx, &mut multipart).await?;
    within_quota(&state, &ctx, &institution, bytes.len() as u64)?;
    super::mail::remember_lang_of(&state, &institution, ctx.lang);

    // Validation runs in the bounded pool: never more at once than the machine's cores.
    let permit = slot(&state.pool, &ctx).await?;
    let worker = state.clone();
    let lang = ctx.lang;
    let kept = tokio::task::spawn_blocking(move || {
        let kept = keep_upload(
            &worker,
            &institution,
            &file_name,
            bytes,
            permit,
            SENT_BY_LINK,
        );
        drop(body_permit);
        kept
    })
    .await
    .map_err(|_| ctx.fail(PortalProblem::Internal))?
    .map_err(|err| match err {
        KeepError::Quota(refused) => ctx.fail(refused.problem()),
        KeepError::Store(_) => ctx.fail(PortalProblem::Internal),
    })?;

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

/// Whether `institution`'s link may send `incoming` more bytes now (0 before the body is
/// read), or the 429 of its daily quota ([`super::quota`]).
pub(super) fn within_quota(
    state: &AppState,
    ctx: &Ctx,
    institution: &str,
    incoming: u64,
) -> Result<(), Failure> {
    match state
        .quota
        .check(&state.store(), institution, incoming, chrono::Utc::now())
    {
        Ok(Ok(())) => Ok(()),
        Ok(Err(refused)) => Err(ctx.fail(refused.problem())),
        Err(_) => Err(ctx.fail(PortalProblem::Internal)),
    }
}

/// Why an upload was not kept.
pub(super) enum KeepError {
    /// The store failed.
    Store(super::store::StoreError),
    /// Uploads sent meanwhile took the link's quota.
    Quota(super::quota::Refused),
}

impl From<super::store::StoreError> for KeepError {
    fn from(err: super::store::StoreError) -> KeepError {
        KeepError::Store(err)
    }
}

/// Keeps an upload unless its link's quota is taken, weighed under the same store lock as
/// the commit, so that uploads sent in parallel cannot pass the quota together. A file the
/// secretary adds for an institution (received by e-mail) is hers, not the link's: no quota.
pub(super) fn add_within_quota(
    state: &AppState,
    new: &NewSubmission<'_>,
) -> Result<(i64, i64), KeepError> {
    let mut store = state.store();
    // The receipt is written in the upload's own transaction: both are kept, or neither.
    let mut receipt = |connection: &rusqlite::Connection, _id, version| {
        super::mail::receipt(state, connection, new, version)
    };
    if new.sent_by != SENT_BY_LINK {
        return Ok(store.add_submission_with(new, &mut receipt)?);
    }
    state
        .quota
        .check(
            &store,
            new.institution,
            new.bytes.len() as u64,
            chrono::Utc::now(),
        )?
        .map_err(KeepError::Quota)?;
    Ok(store.add_submission_with(new, &mut receipt)?)
}

/// `failure`, once the rest of the upload's body is read and dropped (within the upload
/// limit, a chunk at a time). A server that answers an upload without reading it closes the
/// connection on the unread bytes, and the client then often gets "connection reset" instead
/// of the answer: for an old link, the page that says to ask the secretary for the new one.
pub(super) async fn refuse_upload(multipart: &mut Multipart, failure: Failure) -> Failure {
    while let Ok(Some(mut field)) = multipart.next_field().await {
        while let Ok(Some(_)) = field.chunk().await {}
    }
    failure
}

/// The `file` field of an upload form: its cleaned name and its bytes, within the limit.
pub(super) async fn read_file_field(
    state: &AppState,
    ctx: &Ctx,
    multipart: &mut Multipart,
) -> Result<(String, Vec<u8>), Failure> {
    let too_large = || {
        ctx.fail(PortalProblem::TooLarge {
            limit_mb: state.max_file_mb,
        })
    };
    let limit = usize::try_from(state.max_upload_bytes()).unwrap_or(usize::MAX);
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return Err(ctx.fail(PortalProblem::NoFile)),
            Err(err) if err.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large()),
            Err(err) if fell_silent(&err) => return Err(ctx.fail(PortalProblem::TooSlow)),
            Err(err) => {
                return Err(ctx.fail(PortalProblem::BadRequest {
                    detail: err.body_text(),
                }));
            }
        };
        if field.name() != Some("file") {
            continue;
        }
        // A form sent with no file chosen still has the field, with an empty name.
        let name = field.file_name().unwrap_or_default().to_string();
        let mut field = field;
        let mut bytes = Vec::new();
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    if bytes.len() + chunk.len() > limit {
                        return Err(too_large());
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(err) if err.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    return Err(too_large());
                }
                Err(err) if fell_silent(&err) => return Err(ctx.fail(PortalProblem::TooSlow)),
                Err(err) => {
                    return Err(ctx.fail(PortalProblem::BadRequest {
                        detail: err.body_text(),
                    }));
                }
            }
        }
        if name.is_empty() && bytes.is_empty() {
            return Err(ctx.fail(PortalProblem::NoFile));
        }
        return Ok((clean_file_name(&name), bytes));
    }
}

/// An upload form with fields beside its file (the secretary's: `csrf`, `institution`).
#[derive(Default)]
pub(super) struct UploadForm {
    /// The `file` field: its cleaned name and bytes, when one was sent.
    pub file: Option<(String, Vec<u8>)>,
    fields: Vec<(String, String)>,
}

impl UploadForm {
    /// A text field's value, or "".
    pub fn field(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(key, _)| key == name)
            .map_or("", |(_, value)| value.as_str())
    }
}

/// The most a text field of an upload form may hold.
const FIELD_LIMIT: usize = 4096;

/// Reads a whole upload form, its fields in any order: the `file` within the upload limit,
/// each other field as text of at most [`FIELD_LIMIT`] bytes.
pub(super) async fn read_upload_form(
    state: &AppState,
    ctx: &Ctx,
    multipart: &mut Multipart,
) -> Result<UploadForm, Failure> {
    let mut form = UploadForm::default();
    let limit = usize::try_from(state.max_upload_bytes()).unwrap_or(usize::MAX);
    let fail = |err: axum::extract::multipart::MultipartError| {
        if err.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ctx.fail(PortalProblem::TooLarge {
                limit_mb: state.max_file_mb,
            })
        } else {
            ctx.fail(PortalProblem::BadRequest {
                detail: err.body_text(),
            })
        }
    };
    while let Some(mut field) = multipart.next_field().await.map_err(fail)? {
        let name = field.name().unwrap_or_default().to_string();
        let is_file = name == "file";
        let file_name = field.file_name().unwrap_or_default().to_string();
        let most = if is_file { limit } else { FIELD_LIMIT };
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(fail)? {
            if bytes.len() + chunk.len() > most {
                return Err(if is_file {
                    ctx.fail(PortalProblem::TooLarge {
                        limit_mb: state.max_file_mb,
                    })
                } else {
                    ctx.fail(PortalProblem::BadRequest {
                        detail: format!("{name}: too long"),
                    })
                });
            }
            bytes.extend_from_slice(&chunk);
        }
        if is_file {
            if !(file_name.is_empty() && bytes.is_empty()) {
                form.file = Some((clean_file_name(&file_name), bytes));
            }
        } else {
            form.fields
                .push((name, String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
    Ok(form)
}

/// A kept upload.
pub(super) struct Kept {
    pub id: i64,
}

/// Validates an upload as `zakrila validate` does and keeps it (bytes and record, one
/// transaction) before anything is answered: as `institution`'s next version, sent by its
/// link or by the secretary (`sent_by`).
pub(super) fn keep_upload(
    state: &AppState,
    institution: &str,
    file_name: &str,
    bytes: Vec<u8>,
    permit: tokio::sync::OwnedSemaphorePermit,
    sent_by: &str,
) -> Result<Kept, KeepError> {
    let sha256 = sha256_hex(&bytes);
    let submission = crate::api::validate(&state.programme, file_name, bytes.clone(), state.limits);
    // The core is free for the next validation while this one is committed.
    drop(permit);
    let report_bg = serde_json::to_string(&crate::api::file_report(
        &submission,
        &state.programme,
        Lang::Bg,
    ))
    .unwrap_or_default();
    let report_en = serde_json::to_string(&crate::api::file_report(
        &submission,
        &state.programme,
        Lang::En,
    ))
    .unwrap_or_default();
    let named = submission
        .institution
        .map(|index| state.programme.institutions[index].name.as_str());
    let kind = crate::round::kind::of_contribution(&submission, &bytes);
    let new = NewSubmission {
        round: ROUND,
        institution,
        file_name,
        bytes: &bytes,
        sha256: &sha256,
        rows: submission.rows_read,
        errors: submission.errors(),
        warnings: submission.warnings(),
        named_institution: named,
        contact_email: submission.contact.email.as_deref(),
        round_id: None,
        report_bg: &report_bg,
        report_en: &report_en,
        kind: kind.code(),
        sent_by,
    };
    let (id, _) = add_within_quota(state, &new)?;
    Ok(Kept { id })
}
