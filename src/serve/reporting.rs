//! The portal's second half: the reporting round started from the adopted programme, each
//! lead institution's reporting workbook and its filled report, the implementation report,
//! the national export as one zip, the audit log, and every file sent as one zip.
//!
//! Every step is the library call the commands make (`report new`, `report collect`,
//! `export`), so the same files give the same bytes here and on the command line.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::http::header::HeaderValue;
use axum::response::IntoResponse;

use crate::catalogue::{Lang, Msg, Phrase, PortalProblem};
use crate::round::StartFrom;
use crate::write::reports::safe_file_name;

use super::AppState;
use super::auth::sha256_hex;
use super::error::{Answer, PortalError, missing, vanished};
use super::extract::{Files, Path};
use super::http::{Ctx, download, slot};
use super::rounds::IMPLEMENTATION;
use super::rounds::no_round;
use super::rounds::programme_limits;
use super::rounds::round_data;
use super::session::CsrfForm;
use super::session::{lang_amp, redirect, secretary, secretary_form};
use super::upload::institution_for;
use super::upload::{add_within_quota, read_file_field, refuse_upload, within_quota};
use crate::round::KeptVersion;

// ---- starting the round ----

/// The fields of the forms that start a round (or check its programme first).
#[derive(Default)]
pub(super) struct ProgrammeForm {
    pub csrf: String,
    /// A programme file chosen in the form: its cleaned name and bytes.
    pub file: Option<(String, Vec<u8>)>,
    /// A programme checked on the page before the round: its SHA-256, kept then.
    pub sha256: Option<String>,
    /// That programme's name, as it was chosen.
    pub source: Option<String>,
}

/// Reads a programme form (multipart: `csrf`, `programme`, `programme_sha256`, `source`);
/// a request with no body at all is an empty form.
pub(super) async fn read_programme_form(
    state: &AppState,
    multipart: Option<&mut Multipart>,
) -> Result<ProgrammeForm, PortalError> {
    let mut form = ProgrammeForm::default();
    let Some(multipart) = multipart else {
        return Ok(form);
    };
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|err| multipart_failure(state, &err))?
    {
        let name = field.name().unwrap_or_default().to_string();
        if name == "programme" {
            let file_name = field.file_name().unwrap_or_default().to_string();
            let bytes = field
                .bytes()
                .await
                .map_err(|err| multipart_failure(state, &err))?;
            if !bytes.is_empty() {
                form.file = Some((super::http::clean_file_name(&file_name), bytes.to_vec()));
            }
            continue;
        }
        let text = field
            .text()
            .await
            .map_err(|err| multipart_failure(state, &err))?;
        match name.as_str() {
            "csrf" => form.csrf = text,
            "programme_sha256" if !text.is_empty() => form.sha256 = Some(text),
            "source" if !text.is_empty() => form.source = Some(super::http::clean_file_name(&text)),
            _ => {}
        }
    }
    Ok(form)
}

/// As [`read_programme_form`], for the page that checks a programme: its `csrf` and file.
pub(super) async fn programme_form(
    state: &AppState,
    multipart: &mut Multipart,
) -> Result<(String, Option<(String, Vec<u8>)>), PortalError> {
    let form = read_programme_form(state, Some(multipart)).await?;
    Ok((form.csrf, form.file))
}

/// The programme a round starts from ([`crate::round::start_from`]): the checked one, the
/// chosen file, or the latest merge; with the name the audit log gives it.
fn programme_of(
    state: &AppState,
    ctx: &Ctx,
    form: ProgrammeForm,
) -> Result<(String, Vec<u8>), PortalError> {
    let latest_merge = state.store().latest_merge()?;
    let from = crate::round::start_from(form.sha256, form.source, form.file, latest_merge)
        .ok_or_else(|| {
            PortalError::from(PortalProblem::NotNow {
                code: "no-programme",
                message: Phrase::NoProgrammeYet.render(ctx.lang),
            })
        })?;
    let kept = |sha256: &str| state.store().blob(sha256);
    match from {
        StartFrom::Checked { sha256, source } => Ok((
            source,
            kept(&sha256)?.ok_or_else(|| PortalError::from(PortalProblem::NotFound))?,
        )),
        StartFrom::File { name, bytes } => Ok((name, bytes)),
        StartFrom::Merge(merge) => Ok((
            crate::round::merge_source(merge.id),
            kept(&merge.sha256)?.ok_or_else(|| missing(&merge.sha256))?,
        )),
    }
}

/// The lead institutions of a programme workbook and the indicators each reports, read in
/// the bounded pool; a file that is no programme is refused with the reader's sentence.
pub(super) async fn read_leads(
    state: &AppState,
    ctx: &Ctx,
    source: &str,
    bytes: Vec<u8>,
) -> Result<BTreeMap<String, usize>, PortalError> {
    let permit = slot(&state.pool).await?;
    let limits = programme_limits(state);
    let rows = tokio::task::spawn_blocking(move || {
        let rows = crate::api::programme_rows(bytes, limits);
        drop(permit);
        rows
    })
    .await?;
    match rows {
        Ok(rows) => Ok(crate::round::leads(&rows)),
        Err(problem) => {
            let message = Msg::ProgrammeUnreadable {
                path: std::path::Path::new(source),
                problem: &problem,
            }
            .render(ctx.lang);
            Err(PortalError::from(PortalProblem::Unusable {
                code: "programme-unreadable",
                message,
            }))
        }
    }
}

/// `POST /reporting` (form, multipart: `csrf` and the programme checked on the page before
/// the round, or a `programme` file) and `POST /api/v1/reporting` (multipart `programme`,
/// optional): starts the reporting round from the adopted programme, or from the latest
/// merge when no file is sent.
pub async fn start(
    State(state): State<AppState>,
    ctx: Ctx,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Answer {
    let from_form = !ctx.path.starts_with("/api/");
    let mut multipart = multipart.ok();
    let form = read_programme_form(&state, multipart.as_mut()).await?;
    if from_form {
        secretary_form(&state, &ctx, &form.csrf)?;
    } else {
        secretary(&state, &ctx)?;
    }
    let (source, bytes) = programme_of(&state, &ctx, form)?;
    // Read before it is kept: a file that is no programme starts nothing.
    read_leads(&state, &ctx, &source, bytes.clone()).await?;
    let sha256 = sha256_hex(&bytes);
    let id = state
        .store()
        .start_round(crate::round::REPORTS, &bytes, &sha256, &source)?;
    let data = round_data(&state)?.ok_or_else(|| vanished(format!("reporting round #{id}")))?;
    if from_form {
        return Ok(redirect(&format!(
            "/?round={id}{}#reporting",
            lang_amp(ctx.lang)
        )));
    }
    let institutions: Vec<_> = data
        .leads
        .iter()
        .map(|(institution, indicators)| {
            serde_json::json!({ "institution": institution, "indicators": indicators })
        })
        .collect();
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({ "round": id, "institutions": institutions })),
    )
        .into_response())
}

fn multipart_failure(
    state: &AppState,
    err: &axum::extract::multipart::MultipartError,
) -> PortalError {
    if err.status() == StatusCode::PAYLOAD_TOO_LARGE {
        PortalError::from(PortalProblem::TooLarge {
            limit_mb: state.max_file_mb,
        })
    } else if super::http::fell_silent(err) {
        PortalError::from(PortalProblem::TooSlow)
    } else {
        PortalError::from(PortalProblem::BadRequest {
            detail: err.body_text(),
        })
    }
}

// ---- the institution's side ----

/// `GET /i/{token}/report`: the institution's reporting workbook, as `report new` makes it.
pub async fn report_workbook(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ctx: Ctx,
) -> Answer {
    let institution = institution_for(&state, &token)?;
    let data = round_data(&state)?.ok_or_else(|| no_round(&ctx))?;
    if !data.leads.contains_key(&institution) {
        return Err(PortalError::from(PortalProblem::NotNow {
            code: "nothing-to-report",
            message: Phrase::NothingToReport.render(ctx.lang),
        }));
    }
    let worker = state.clone();
    let name = institution.clone();
    let made = tokio::task::spawn_blocking(move || {
        crate::api::report_workbook_for(&worker.programme, &data.rows, &name)
    })
    .await?
    .ok_or_else(|| vanished(format!("the lead institution {institution}")))??;
    Ok(download(
        made,
        &format!("{}.xlsx", safe_file_name(&institution)),
    ))
}

/// `POST /i/{token}/reports`: a filled reporting workbook, read as `report collect` reads
/// it and kept as the institution's next report version.
pub async fn upload_report(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ctx: Ctx,
    Files(mut multipart): Files,
) -> Answer {
    let found = institution_for(&state, &token).and_then(|institution| {
        let data = round_data(&state)?.ok_or_else(|| no_round(&ctx))?;
        within_quota(&state, &institution, 0)?;
        Ok((institution, data))
    });
    let (institution, data) = match found {
        Ok(found) => found,
        Err(failure) => return Err(refuse_upload(&mut multipart, failure).await),
    };
    let body_permit = slot(&state.uploads).await?;
    let (file_name, bytes) = read_file_field(&state, &mut multipart).await?;
    within_quota(&state, &institution, bytes.len() as u64)?;
    super::mail::remember_lang_of(&state, &institution, ctx.lang);
    let permit = slot(&state.pool).await?;
    let worker = state.clone();
    let kept = tokio::task::spawn_blocking(move || {
        let sha256 = sha256_hex(&bytes);
        let report = crate::api::read_report(
            &worker.programme,
            &data.expected,
            &file_name,
            bytes.clone(),
            worker.limits,
        );
        drop(permit);
        let json = |lang| {
            serde_json::to_string(&crate::api::report_file_report(&report, lang))
                .unwrap_or_default()
        };
        let (report_bg, report_en) = (json(Lang::Bg), json(Lang::En));
        let summary = crate::api::report_file_report(&report, Lang::Bg);
        let kind = crate::round::kind::of_report(&report, &bytes);
        let new = super::store::NewSubmission {
            round: crate::round::REPORTS,
            institution: &institution,
            file_name: &file_name,
            bytes: &bytes,
            sha256: &sha256,
            rows: summary.rows,
            errors: summary.errors,
            warnings: summary.warnings,
            named_institution: report.institution.as_deref(),
            contact_email: None,
            round_id: Some(data.id),
            report_bg: &report_bg,
            report_en: &report_en,
            kind,
            sent_by: crate::round::Sender::Link,
        };
        let kept = add_within_quota(&worker, &new);
        drop(body_permit);
        kept
    })
    .await??;
    let (id, _) = kept;
    if ctx.json {
        return super::upload::created(&state, &ctx, id);
    }
    Ok(redirect(&format!(
        "/i/{token}?r={id}&sent=1{}#report",
        lang_amp(ctx.lang)
    )))
}

// ---- the secretary's side ----

/// `POST /collect` (form) and `POST /api/v1/collect`: the implementation report from each
/// lead institution's latest report, as `report collect` makes it from the same files.
pub async fn collect(
    State(state): State<AppState>,
    ctx: Ctx,
    form: Result<axum::extract::Form<CsrfForm>, axum::extract::rejection::FormRejection>,
) -> Answer {
    let from_form = !ctx.path.starts_with("/api/");
    if from_form {
        let csrf = form.map(|form| form.0.csrf).unwrap_or_default();
        secretary_form(&state, &ctx, &csrf)?;
    } else {
        secretary(&state, &ctx)?;
    }
    let data = round_data(&state)?.ok_or_else(|| no_round(&ctx))?;
    let records = state.store().reports_of_round(data.id)?;
    // What the rule takes from each institution: its latest report that is neither held,
    // returned nor unreadable.
    let plan = crate::round::plan_of(&state.institution_names(), &records);
    let mut latest: Vec<KeptVersion> = crate::round::taken(&plan, &records)
        .into_iter()
        .cloned()
        .collect();
    latest.sort_by_key(|record| record.id);
    let permit = slot(&state.pool).await?;
    let worker = state.clone();
    let lang = ctx.lang;
    let made = tokio::task::spawn_blocking(move || -> Result<_, PortalError> {
        let mut files = Vec::with_capacity(latest.len());
        for record in &latest {
            let bytes = worker
                .store()
                .blob(&record.sha256)?
                .ok_or_else(|| missing(&record.sha256))?;
            files.push(crate::api::read_report(
                &worker.programme,
                &data.expected,
                &record.file_name,
                bytes,
                worker.limits,
            ));
        }
        let collected = crate::api::join_reports(data.rows.clone(), files);
        let bytes = crate::api::implementation_report(&collected, &worker.programme, lang)?;
        drop(permit);
        let summary = crate::round::CollectCounts::of(&collected).json();
        let ids: Vec<i64> = latest.iter().map(|record| record.id).collect();
        let id = worker.store().add_output(
            crate::round::AuditAction::Implementation,
            Some(data.id),
            &bytes,
            &sha256_hex(&bytes),
            &ids,
            &summary,
        )?;
        Ok((id, bytes, summary))
    })
    .await;
    let (id, bytes, summary) = made??;
    if from_form {
        return Ok(redirect(&format!(
            "/?collected={id}{}#reporting",
            lang_amp(ctx.lang)
        )));
    }
    let mut response = download(bytes, &implementation_name(&state));
    if let Ok(value) = HeaderValue::from_str(&summary) {
        response.headers_mut().insert("x-zakrila-summary", value);
    }
    Ok(response)
}

fn implementation_name(state: &AppState) -> String {
    format!("отчет-{}.xlsx", state.programme.municipality_code)
}

/// `GET /outputs/{id}`: a kept implementation report.
pub async fn output_download(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    ctx: Ctx,
) -> Answer {
    secretary(&state, &ctx)?;
    let store = state.store();
    let output = store
        .output(IMPLEMENTATION, Some(id))?
        .ok_or_else(|| PortalError::from(PortalProblem::NotFound))?;
    let bytes = store
        .blob(&output.sha256)?
        .ok_or_else(|| PortalError::from(PortalProblem::NotFound))?;
    Ok(download(bytes, &implementation_name(&state)))
}
