//! Reading and keeping an upload, for every handler that takes one (an institution's link,
//! a report, a file the secretary adds): the multipart form within the limits, the daily
//! quota, the check in the bounded pool, and the 201 answer.

use axum::Json;
use axum::extract::Multipart;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::Serialize;

use crate::catalogue::{Lang, PortalProblem};

use super::AppState;
use super::auth::{institution_of, sha256_hex};
use super::error::{Answer, PortalError, vanished};
use super::http::{Ctx, clean_file_name, fell_silent};
use super::store::NewSubmission;
use super::words;
use crate::round::Sender;

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
            .submission(id)?
            .ok_or_else(|| vanished(format!("submission #{id}")))?;
        let report = store
            .submission_report(id, ctx.lang == Lang::En)?
            .unwrap_or_default();
        let records = store.submissions_with_bytes(&record.round, &record.sha256)?;
        (record, report, records)
    };
    let mut notes = words::notes(&record, &records, ctx.lang);
    if let Some(sentence) =
        words::unreadable_sentence(&record, crate::round::first_error(&report), ctx.lang)
    {
        notes.insert(0, sentence);
    }
    let report = serde_json::value::RawValue::from_string(report)?;
    let body = Created {
        id: record.id,
        version: record.version,
        state: record.state().code(),
        institution: record.institution,
        report,
        notes,
    };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// Whether `institution`'s link may send `incoming` more bytes now (0 before the body is
/// read), or the 429 of its daily quota ([`super::quota`]).
pub(super) fn within_quota(
    state: &AppState,
    institution: &str,
    incoming: u64,
) -> Result<(), PortalError> {
    match state
        .quota
        .check(&state.store(), institution, incoming, chrono::Utc::now())
    {
        Ok(Ok(())) => Ok(()),
        Ok(Err(refused)) => Err(PortalError::from(refused.problem())),
        Err(err) => Err(err.into()),
    }
}

/// Why an upload was not kept.
#[derive(Debug, thiserror::Error)]
pub(super) enum KeepError {
    /// The store failed.
    #[error("the upload could not be kept")]
    Store(#[from] super::store::StoreError),
    /// Uploads sent meanwhile took the link's quota.
    #[error(transparent)]
    Quota(super::quota::Refused),
}

impl From<KeepError> for PortalError {
    fn from(err: KeepError) -> PortalError {
        match err {
            KeepError::Store(err) => PortalError::Store(err),
            KeepError::Quota(refused) => PortalError::from(refused.problem()),
        }
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
    if new.sent_by != Sender::Link {
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
pub(super) async fn refuse_upload(multipart: &mut Multipart, failure: PortalError) -> PortalError {
    while let Ok(Some(mut field)) = multipart.next_field().await {
        while let Ok(Some(_)) = field.chunk().await {}
    }
    failure
}

/// The `file` field of an upload form: its cleaned name and its bytes, within the limit.
pub(super) async fn read_file_field(
    state: &AppState,
    multipart: &mut Multipart,
) -> Result<(String, Vec<u8>), PortalError> {
    let too_large = || {
        PortalError::from(PortalProblem::TooLarge {
            limit_mb: state.max_file_mb,
        })
    };
    let limit = usize::try_from(state.max_upload_bytes()).unwrap_or(usize::MAX);
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return Err(PortalError::from(PortalProblem::NoFile)),
            Err(err) if err.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large()),
            Err(err) if fell_silent(&err) => return Err(PortalError::from(PortalProblem::TooSlow)),
            Err(err) => {
                return Err(PortalError::from(PortalProblem::BadRequest {
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
                Err(err) if fell_silent(&err) => {
                    return Err(PortalError::from(PortalProblem::TooSlow));
                }
                Err(err) => {
                    return Err(PortalError::from(PortalProblem::BadRequest {
                        detail: err.body_text(),
                    }));
                }
            }
        }
        if name.is_empty() && bytes.is_empty() {
            return Err(PortalError::from(PortalProblem::NoFile));
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
    multipart: &mut Multipart,
) -> Result<UploadForm, PortalError> {
    let mut form = UploadForm::default();
    let limit = usize::try_from(state.max_upload_bytes()).unwrap_or(usize::MAX);
    let fail = |err: axum::extract::multipart::MultipartError| {
        if err.status() == StatusCode::PAYLOAD_TOO_LARGE {
            PortalError::from(PortalProblem::TooLarge {
                limit_mb: state.max_file_mb,
            })
        } else {
            PortalError::from(PortalProblem::BadRequest {
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
                    PortalError::from(PortalProblem::TooLarge {
                        limit_mb: state.max_file_mb,
                    })
                } else {
                    PortalError::from(PortalProblem::BadRequest {
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
    sent_by: Sender,
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
        round: crate::round::CONTRIBUTIONS,
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
        kind,
        sent_by,
    };
    let (id, _) = add_within_quota(state, &new)?;
    Ok(Kept { id })
}

/// The institution of a personal link's token, or 404.
pub(super) fn institution_for(state: &AppState, token: &str) -> Result<String, PortalError> {
    let links = state.store().current_links()?;
    institution_of(&links, token)
        .map(str::to_string)
        .ok_or_else(|| PortalError::from(PortalProblem::NotFound))
}
