//! The portal's second half: the reporting round started from the adopted programme, each
//! lead institution's reporting workbook and its filled report, the implementation report,
//! the national export as one zip, the audit log, and every file sent as one zip.
//!
//! Every step is the library call the commands make (`report new`, `report collect`,
//! `export`), so the same files give the same bytes here and on the command line.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::HeaderValue;
use axum::response::IntoResponse;
use minijinja::context;
use serde::{Deserialize, Serialize};

use crate::catalogue::{Lang, Msg, Phrase, PortalProblem};
use crate::model::programme_rows::DataRow;
use crate::model::reporting::Expected;
use crate::read::Limits;
use crate::write::archive::{Entry, manifest, zip};
use crate::write::csv::Dialect;
use crate::write::reports::safe_file_name;

use super::AppState;
use super::auth::sha256_hex;
use super::http::{Answer, Ctx, Failure, download, mailto, page, slot, summary_words};
use super::institution::{
    KeepError, ROUND, add_within_quota, institution_for, read_file_field, refuse_upload,
    within_quota,
};
use super::pages::{local_time, report_view};
use super::plan;
use super::secretary::{internal, lang_amp, redirect, secretary, secretary_form};
use super::store::SubmissionRecord;

/// The reporting round's name, in `rounds.kind` and `submissions.round`.
pub const REPORT_ROUND: &str = "report";
/// The kind of a kept implementation report.
pub(super) const IMPLEMENTATION: &str = "implementation";

/// The programme a reporting round reads reports against, read once per round.
pub struct RoundData {
    /// The round's id.
    pub id: i64,
    /// The programme's `Данни` rows.
    pub rows: Vec<DataRow>,
    /// What its reports are read against.
    pub expected: Expected,
    /// Each lead institution and the number of indicators it reports.
    pub leads: BTreeMap<String, usize>,
}

/// The limits of a programme workbook: ten times a contribution's (as the commands).
fn programme_limits(state: &AppState) -> Limits {
    Limits::for_file_mb(state.max_file_mb.saturating_mul(10))
}

/// The current reporting round, when one was started (read from its programme once).
pub(super) fn round_data(state: &AppState, ctx: &Ctx) -> Result<Option<Arc<RoundData>>, Failure> {
    let Some(round) = state
        .store()
        .current_round(REPORT_ROUND)
        .map_err(internal(ctx))?
    else {
        return Ok(None);
    };
    let mut cache = state
        .round
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(data) = cache.as_ref()
        && data.id == round.id
    {
        return Ok(Some(Arc::clone(data)));
    }
    let bytes = state
        .store()
        .blob(&round.programme_sha256)
        .map_err(internal(ctx))?
        .ok_or_else(|| ctx.fail(PortalProblem::Internal))?;
    // It was read when the round started, so it reads now.
    let rows = crate::api::programme_rows(bytes, programme_limits(state))
        .map_err(|_| ctx.fail(PortalProblem::Internal))?;
    let leads = crate::model::reporting::by_institution(&rows)
        .into_iter()
        .map(|(institution, group)| (institution, group.len()))
        .collect();
    let data = Arc::new(RoundData {
        id: round.id,
        expected: Expected::new(&rows),
        rows,
        leads,
    });
    *cache = Some(Arc::clone(&data));
    Ok(Some(data))
}

fn no_round(ctx: &Ctx) -> Failure {
    ctx.fail(PortalProblem::NotNow {
        code: "no-reporting-round",
        message: Phrase::NoReportingRound.render(ctx.lang),
    })
}

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
    ctx: &Ctx,
    multipart: Option<&mut Multipart>,
) -> Result<ProgrammeForm, Failure> {
    let mut form = ProgrammeForm::default();
    let Some(multipart) = multipart else {
        return Ok(form);
    };
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|err| multipart_failure(state, ctx, &err))?
    {
        let name = field.name().unwrap_or_default().to_string();
        if name == "programme" {
            let file_name = field.file_name().unwrap_or_default().to_string();
            let bytes = field
                .bytes()
                .await
                .map_err(|err| multipart_failure(state, ctx, &err))?;
            if !bytes.is_empty() {
                form.file = Some((super::http::clean_file_name(&file_name), bytes.to_vec()));
            }
            continue;
        }
        let text = field
            .text()
            .await
            .map_err(|err| multipart_failure(state, ctx, &err))?;
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
    ctx: &Ctx,
    multipart: &mut Multipart,
) -> Result<(String, Option<(String, Vec<u8>)>), Failure> {
    let form = read_programme_form(state, ctx, Some(multipart)).await?;
    Ok((form.csrf, form.file))
}

/// The programme a round starts from: the checked one, the chosen file, or the latest
/// merge; with the name the audit log gives it.
fn programme_of(
    state: &AppState,
    ctx: &Ctx,
    form: ProgrammeForm,
) -> Result<(String, Vec<u8>), Failure> {
    if let Some(sha256) = form.sha256 {
        let bytes = state
            .store()
            .blob(&sha256)
            .map_err(internal(ctx))?
            .ok_or_else(|| ctx.fail(PortalProblem::NotFound))?;
        return Ok((form.source.unwrap_or(sha256), bytes));
    }
    if let Some(file) = form.file {
        return Ok(file);
    }
    let merge = state
        .store()
        .latest_merge()
        .map_err(internal(ctx))?
        .ok_or_else(|| {
            ctx.fail(PortalProblem::NotNow {
                code: "no-programme",
                message: Phrase::NoProgrammeYet.render(ctx.lang),
            })
        })?;
    let bytes = state
        .store()
        .blob(&merge.sha256)
        .map_err(internal(ctx))?
        .ok_or_else(|| ctx.fail(PortalProblem::Internal))?;
    Ok((format!("merge #{}", merge.id), bytes))
}

/// The lead institutions of a programme workbook and the indicators each reports, read in
/// the bounded pool; a file that is no programme is refused with the reader's sentence.
pub(super) async fn read_leads(
    state: &AppState,
    ctx: &Ctx,
    source: &str,
    bytes: Vec<u8>,
) -> Result<BTreeMap<String, usize>, Failure> {
    let permit = slot(&state.pool, ctx).await?;
    let limits = programme_limits(state);
    let rows = tokio::task::spawn_blocking(move || {
        let rows = crate::api::programme_rows(bytes, limits);
        drop(permit);
        rows
    })
    .await
    .map_err(|_| ctx.fail(PortalProblem::Internal))?;
    match rows {
        Ok(rows) => Ok(crate::model::reporting::by_institution(&rows)
            .into_iter()
            .map(|(institution, group)| (institution, group.len()))
            .collect()),
        Err(problem) => {
            let message = Msg::ProgrammeUnreadable {
                path: std::path::Path::new(source),
                problem: &problem,
            }
            .render(ctx.lang);
            Err(ctx.fail(PortalProblem::Unusable {
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
    let mut ctx = ctx;
    if !from_form {
        ctx.json = true;
    }
    let mut multipart = multipart.ok();
    let form = read_programme_form(&state, &ctx, multipart.as_mut()).await?;
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
        .start_round(REPORT_ROUND, &bytes, &sha256, &source)
        .map_err(internal(&ctx))?;
    let data = round_data(&state, &ctx)?.ok_or_else(|| ctx.fail(PortalProblem::Internal))?;
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
    ctx: &Ctx,
    err: &axum::extract::multipart::MultipartError,
) -> Failure {
    if err.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ctx.fail(PortalProblem::TooLarge {
            limit_mb: state.max_file_mb,
        })
    } else if super::http::fell_silent(err) {
        ctx.fail(PortalProblem::TooSlow)
    } else {
        ctx.fail(PortalProblem::BadRequest {
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
    let institution = institution_for(&state, &ctx, &token)?;
    let data = round_data(&state, &ctx)?.ok_or_else(|| no_round(&ctx))?;
    if !data.leads.contains_key(&institution) {
        return Err(ctx.fail(PortalProblem::NotNow {
            code: "nothing-to-report",
            message: Phrase::NothingToReport.render(ctx.lang),
        }));
    }
    let worker = state.clone();
    let name = institution.clone();
    let made = tokio::task::spawn_blocking(move || {
        crate::api::report_workbook_for(&worker.programme, &data.rows, &name)
    })
    .await
    .map_err(|_| ctx.fail(PortalProblem::Internal))?;
    match made {
        Some(Ok(bytes)) => Ok(download(
            bytes,
            &format!("{}.xlsx", safe_file_name(&institution)),
        )),
        _ => Err(ctx.fail(PortalProblem::Internal)),
    }
}

/// `POST /i/{token}/reports`: a filled reporting workbook, read as `report collect` reads
/// it and kept as the institution's next report version.
pub async fn upload_report(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ctx: Ctx,
    mut multipart: Multipart,
) -> Answer {
    let found = institution_for(&state, &ctx, &token).and_then(|institution| {
        let data = round_data(&state, &ctx)?.ok_or_else(|| no_round(&ctx))?;
        within_quota(&state, &ctx, &institution, 0)?;
        Ok((institution, data))
    });
    let (institution, data) = match found {
        Ok(found) => found,
        Err(failure) => return Err(refuse_upload(&mut multipart, failure).await),
    };
    let body_permit = slot(&state.uploads, &ctx).await?;
    let (file_name, bytes) = read_file_field(&state, &ctx, &mut multipart).await?;
    within_quota(&state, &ctx, &institution, bytes.len() as u64)?;
    super::mail::remember_lang_of(&state, &institution, ctx.lang);
    let permit = slot(&state.pool, &ctx).await?;
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
            round: REPORT_ROUND,
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
            kind: kind.code(),
            sent_by: super::store::SENT_BY_LINK,
        };
        let kept = add_within_quota(&worker, &new);
        drop(body_permit);
        kept
    })
    .await
    .map_err(|_| ctx.fail(PortalProblem::Internal))?
    .map_err(|err| match err {
        KeepError::Quota(refused) => ctx.fail(refused.problem()),
        KeepError::Store(err) => internal(&ctx)(err),
    })?;
    let (id, _) = kept;
    if ctx.json {
        return super::institution::created(&state, &ctx, id);
    }
    Ok(redirect(&format!(
        "/i/{token}?r={id}&sent=1{}#report",
        lang_amp(ctx.lang)
    )))
}

/// A report version as the institution's table shows it.
#[derive(Serialize)]
struct ReportVersionView {
    id: i64,
    version: i64,
    uploaded_at: String,
    file_name: String,
    reported: i64,
    errors: i64,
    warnings: i64,
}

/// The reporting section of an institution's page, when a round is on and the institution
/// leads something: its indicators, its report versions and the one asked for (`r`).
pub(super) fn institution_section(
    state: &AppState,
    ctx: &Ctx,
    institution: &str,
    shown: Option<i64>,
    sent: bool,
) -> Result<Option<minijinja::Value>, Failure> {
    let Some(data) = round_data(state, ctx)? else {
        return Ok(None);
    };
    let Some(&indicators) = data.leads.get(institution) else {
        return Ok(Some(context! {
            nothing => Phrase::NothingToReport.render(ctx.lang),
        }));
    };
    let versions: Vec<SubmissionRecord> = state
        .store()
        .reports_of_round(data.id)
        .map_err(internal(ctx))?
        .into_iter()
        .filter(|record| record.institution == institution)
        .collect();
    let shown_record = match shown {
        Some(id) => versions.iter().find(|record| record.id == id),
        None => versions.first(),
    };
    let shown_view = match shown_record {
        Some(record) => {
            let json = state
                .store()
                .submission_report(record.id, ctx.lang == Lang::En)
                .map_err(internal(ctx))?
                .unwrap_or_default();
            let mut view = report_view(record, &json, ctx.lang);
            // The counts of a report are indicators, not rows.
            view.counts = Phrase::ReportedOf {
                reported: usize::try_from(record.rows).unwrap_or(0),
                total: indicators,
            }
            .render(ctx.lang);
            view.notes.clear();
            Some(context! {
                id => record.id,
                version => record.version,
                file_name => record.file_name,
                report => view,
                received => (sent && shown == Some(record.id)).then(|| Phrase::Received { version: record.version }.render(ctx.lang)),
            })
        }
        None => None,
    };
    let rows: Vec<ReportVersionView> = versions
        .iter()
        .map(|record| ReportVersionView {
            id: record.id,
            version: record.version,
            uploaded_at: local_time(&record.uploaded_at),
            file_name: record.file_name.clone(),
            reported: record.rows,
            errors: record.errors,
            warnings: record.warnings,
        })
        .collect();
    let due = state.programme.portal.reports_due;
    let late =
        due.is_some_and(|due| chrono::Local::now().date_naive() > due && versions.is_empty());
    Ok(Some(context! {
        indicators => indicators,
        due => due.map(|d| d.format("%d.%m.%Y").to_string()),
        late => late,
        shown => shown_view,
        versions => rows,
    }))
}

// ---- the secretary's side ----

/// One lead institution's row of the reporting dashboard.
#[derive(Serialize)]
pub(super) struct ReportRow {
    institution: String,
    indicators: usize,
    reported: i64,
    reported_words: String,
    state: &'static str,
    state_word: &'static str,
    versions: usize,
    latest_id: Option<i64>,
    latest_version: Option<i64>,
    latest_at: Option<String>,
    errors: i64,
    late: bool,
    mailto: Option<String>,
}

/// The reporting part of the dashboard, when a round is on.
pub(super) fn dashboard_section(
    state: &AppState,
    ctx: &Ctx,
    collected: Option<i64>,
) -> Result<Option<minijinja::Value>, Failure> {
    let Some(data) = round_data(state, ctx)? else {
        return Ok(None);
    };
    let records = state
        .store()
        .reports_of_round(data.id)
        .map_err(internal(ctx))?;
    let links = state.store().current_links().map_err(internal(ctx))?;
    let contributions = state.store().submissions(ROUND).map_err(internal(ctx))?;
    let due = state.programme.portal.reports_due;
    let today = chrono::Local::now().date_naive();
    let names: Vec<&str> = data.leads.keys().map(String::as_str).collect();
    let plan = plan::plan_of(&names, &records);
    let record = |id: i64| records.iter().find(|record| record.id == id);
    let mut rows = Vec::new();
    for (entry, &indicators) in plan.iter().zip(data.leads.values()) {
        let institution = entry.institution;
        let latest = entry.latest.and_then(|version| record(version.id));
        let taken = entry.outcome.taken().and_then(|version| record(version.id));
        let link = links
            .iter()
            .find(|(name, _)| name == institution)
            .map(|(_, token)| state.link(token))
            .unwrap_or_default();
        // A reminder for an institution whose report the collect would not take, when its
        // link can be opened.
        let mailto = (taken.is_none() && !state.loopback).then(|| {
            // The contact of the institution's latest contribution, when it gave one.
            let email = contributions
                .iter()
                .find(|record| record.institution == institution && record.contact_email.is_some())
                .and_then(|record| record.contact_email.clone());
            let subject = Phrase::ReportReminderSubject {
                programme: &state.programme.title,
            }
            .render(ctx.lang);
            let body = Phrase::ReportReminderBody {
                institution,
                programme: &state.programme.title,
                municipality: &state.programme.municipality,
                due: due.map(|d| d.format("%d.%m.%Y").to_string()),
                link: &link,
            }
            .render(ctx.lang);
            mailto(email.as_deref(), &subject, &body)
        });
        let reported = taken.map_or(0, |record| record.rows);
        rows.push(ReportRow {
            institution: institution.to_string(),
            indicators,
            reported,
            reported_words: Phrase::ReportedOf {
                reported: usize::try_from(reported).unwrap_or(0),
                total: indicators,
            }
            .render(ctx.lang),
            state: entry.state.code(),
            state_word: if entry.state == crate::round::State::None {
                crate::catalogue::page_texts(ctx.lang)
                    .get("state_no_report")
                    .copied()
                    .unwrap_or_default()
            } else {
                plan::state_word(entry.state, ctx.lang)
            },
            versions: entry.versions,
            latest_id: latest.map(|record| record.id),
            latest_version: latest.map(|record| record.version),
            latest_at: latest.map(|record| local_time(&record.uploaded_at)),
            errors: latest.map_or(0, |record| record.errors),
            late: due.is_some_and(|due| today > due) && latest.is_none(),
            mailto,
        });
    }
    let sent = rows.iter().filter(|row| row.versions > 0).count();
    let collected = match collected {
        Some(id) => state
            .store()
            .output(IMPLEMENTATION, Some(id))
            .map_err(internal(ctx))?
            .map(|output| context! { id => output.id, counts => summary_words(IMPLEMENTATION, &output.summary, ctx.lang) }),
        None => None,
    };
    // The newest implementation report, for its workbook and its document at any time.
    let latest = state
        .store()
        .output(IMPLEMENTATION, None)
        .map_err(internal(ctx))?
        .map(|output| context! { id => output.id });
    Ok(Some(context! {
        headline => Phrase::ReportsSentOf { sent, total: rows.len() }.render(ctx.lang),
        due => due.map(|d| d.format("%d.%m.%Y").to_string()),
        rows => rows,
        collected => collected,
        latest => latest,
    }))
}

/// `?round=` on the dashboard: the reporting round just started, in words ("15 водещи
/// институции, 120 индикатора"), when it is the current one.
pub(super) fn started_words(
    state: &AppState,
    ctx: &Ctx,
    round: Option<i64>,
) -> Result<Option<String>, Failure> {
    let Some(id) = round else {
        return Ok(None);
    };
    Ok(round_data(state, ctx)?
        .filter(|data| data.id == id)
        .map(|data| {
            Phrase::RoundPlan {
                leads: data.leads.len(),
                indicators: data.leads.values().sum(),
            }
            .render(ctx.lang)
        }))
}

/// The CSRF-only form.
#[derive(Deserialize, Default)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

/// `POST /collect` (form) and `POST /api/v1/collect`: the implementation report from each
/// lead institution's latest report, as `report collect` makes it from the same files.
pub async fn collect(
    State(state): State<AppState>,
    ctx: Ctx,
    form: Result<axum::extract::Form<CsrfForm>, axum::extract::rejection::FormRejection>,
) -> Answer {
    let from_form = !ctx.path.starts_with("/api/");
    let mut ctx = ctx;
    if from_form {
        let csrf = form.map(|form| form.0.csrf).unwrap_or_default();
        secretary_form(&state, &ctx, &csrf)?;
    } else {
        ctx.json = true;
        secretary(&state, &ctx)?;
    }
    let data = round_data(&state, &ctx)?.ok_or_else(|| no_round(&ctx))?;
    let records = state
        .store()
        .reports_of_round(data.id)
        .map_err(internal(&ctx))?;
    // What the rule takes from each institution: its latest report that is neither held,
    // returned nor unreadable.
    let plan = plan::plan_of(&state.institution_names(), &records);
    let mut latest: Vec<SubmissionRecord> = plan::taken_ids(&plan)
        .into_iter()
        .filter_map(|id| records.iter().find(|record| record.id == id).cloned())
        .collect();
    latest.sort_by_key(|record| record.id);
    let permit = slot(&state.pool, &ctx).await?;
    let worker = state.clone();
    let lang = ctx.lang;
    let made = tokio::task::spawn_blocking(move || -> Result<(i64, Vec<u8>, String), String> {
        let mut files = Vec::with_capacity(latest.len());
        for record in &latest {
            let bytes = worker
                .store()
                .blob(&record.sha256)
                .map_err(|err| err.to_string())?
                .ok_or("a kept file is missing")?;
            files.push(crate::api::read_report(
                &worker.programme,
                &data.expected,
                &record.file_name,
                bytes,
                worker.limits,
            ));
        }
        let collected = crate::api::join_reports(data.rows.clone(), files);
        let errors = collected
            .findings()
            .filter(|f| f.severity() == crate::model::findings::Severity::Error)
            .count();
        let reported = collected
            .rows
            .iter()
            .filter(|(key, _)| collected.reported.get(key).is_some_and(|r| r.counts()))
            .count();
        let bytes = crate::api::implementation_report(&collected, &worker.programme, lang)
            .map_err(|err| err.to_string())?;
        drop(permit);
        let summary = serde_json::json!({
            "files": collected.files.len(),
            "indicators": collected.rows.len(),
            "reported": reported,
            "errors": errors,
        })
        .to_string();
        let ids: Vec<i64> = latest.iter().map(|record| record.id).collect();
        let id = worker
            .store()
            .add_output(
                IMPLEMENTATION,
                Some(data.id),
                &bytes,
                &sha256_hex(&bytes),
                &ids,
                &summary,
            )
            .map_err(|err| err.to_string())?;
        Ok((id, bytes, summary))
    })
    .await;
    let Ok(Ok((id, bytes, summary))) = made else {
        return Err(ctx.fail(PortalProblem::Internal));
    };
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
        .output(IMPLEMENTATION, Some(id))
        .map_err(internal(&ctx))?
        .ok_or_else(|| ctx.fail(PortalProblem::NotFound))?;
    let bytes = store
        .blob(&output.sha256)
        .map_err(internal(&ctx))?
        .ok_or_else(|| ctx.fail(PortalProblem::NotFound))?;
    Ok(download(bytes, &implementation_name(&state)))
}

/// `?encoding=windows-1251` on the export.
#[derive(Deserialize)]
pub struct ExportQuery {
    encoding: Option<String>,
}

/// `GET /api/v1/export.zip`: the national CSV, its Excel dialect and `datapackage.json` as
/// `zakrila export` writes them, in one zip named with the municipality code and period.
/// From the reporting round's programme (or the latest merge), with the reported values of
/// the round's latest implementation report.
pub async fn export_zip(
    State(state): State<AppState>,
    Query(query): Query<ExportQuery>,
    ctx: Ctx,
) -> Answer {
    secretary(&state, &ctx)?;
    let windows_1251 = match query.encoding.as_deref() {
        None | Some("utf-8") => false,
        Some("windows-1251") => true,
        Some(other) => {
            return Err(ctx.fail(PortalProblem::BadRequest {
                detail: format!("encoding={other}: utf-8 | windows-1251"),
            }));
        }
    };
    let round = round_data(&state, &ctx)?;
    let limits = programme_limits(&state);
    let (rows, outcomes) = match &round {
        Some(data) => {
            let output = state
                .store()
                .output(IMPLEMENTATION, None)
                .map_err(internal(&ctx))?
                .filter(|output| output.round_id == Some(data.id));
            let outcomes = match output {
                Some(output) => {
                    let bytes = state
                        .store()
                        .blob(&output.sha256)
                        .map_err(internal(&ctx))?
                        .ok_or_else(|| ctx.fail(PortalProblem::Internal))?;
                    Some(
                        crate::api::outcomes(bytes, limits)
                            .map_err(|_| ctx.fail(PortalProblem::Internal))?,
                    )
                }
                None => None,
            };
            (data.rows.clone(), outcomes)
        }
        None => {
            let merge = state
                .store()
                .latest_merge()
                .map_err(internal(&ctx))?
                .ok_or_else(|| {
                    ctx.fail(PortalProblem::NotNow {
                        code: "no-programme",
                        message: Phrase::NoProgrammeYet.render(ctx.lang),
                    })
                })?;
            let bytes = state
                .store()
                .blob(&merge.sha256)
                .map_err(internal(&ctx))?
                .ok_or_else(|| ctx.fail(PortalProblem::Internal))?;
            let rows = crate::api::programme_rows(bytes, limits)
                .map_err(|_| ctx.fail(PortalProblem::Internal))?;
            (rows, None)
        }
    };
    let programme = &state.programme;
    let base = format!(
        "{}-{}-{}",
        programme.municipality_code,
        programme.period_start.format("%Y"),
        programme.period_end.format("%Y")
    );
    let csv_name = format!("{base}.csv");
    let excel_name = format!("{base}-excel.csv");
    let plain = crate::api::export(
        programme,
        &rows,
        outcomes.as_ref(),
        Dialect {
            excel: false,
            windows_1251,
        },
        &csv_name,
    );
    let excel = crate::api::export(
        programme,
        &rows,
        outcomes.as_ref(),
        Dialect {
            excel: true,
            windows_1251,
        },
        &excel_name,
    );
    let (plain, excel) = match (plain, excel) {
        (Ok(plain), Ok(excel)) => (plain, excel),
        (Err(err), _) | (_, Err(err)) => {
            let message = Msg::Unencodable {
                line: err.line,
                column: err.column,
                character: err.character,
            }
            .render(ctx.lang);
            return Err(ctx.fail(PortalProblem::Unusable {
                code: "unencodable",
                message,
            }));
        }
    };
    let entries = vec![
        Entry {
            path: csv_name,
            bytes: plain.csv,
        },
        Entry {
            path: excel_name,
            bytes: excel.csv,
        },
        Entry {
            path: "datapackage.json".into(),
            bytes: plain.datapackage,
        },
    ];
    let bytes = zip(&entries).map_err(|_| ctx.fail(PortalProblem::Internal))?;
    state
        .store()
        .audit_file(
            "secretary",
            "export",
            Some(&format!("{base}.zip")),
            &sha256_hex(&bytes),
            Some(if windows_1251 {
                "windows-1251"
            } else {
                "utf-8"
            }),
        )
        .map_err(internal(&ctx))?;
    Ok(download(bytes, &format!("{base}.zip")))
}

/// `GET /api/v1/files.zip`: every file ever sent, and every programme a round was started
/// from, with `manifest.csv` (institution, version, time, SHA-256, review state).
pub async fn files_zip(State(state): State<AppState>, ctx: Ctx) -> Answer {
    secretary(&state, &ctx)?;
    let worker = state.clone();
    let made = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, String> {
        let store = worker.store();
        let records = store.all_submissions().map_err(|err| err.to_string())?;
        let rounds = store.rounds().map_err(|err| err.to_string())?;
        let mut entries = Vec::new();
        let mut rows = Vec::new();
        for record in &records {
            let path = format!(
                "{}/{}/v{} {}",
                record.round,
                safe_file_name(&record.institution),
                record.version,
                record.file_name
            );
            let bytes = store
                .blob(&record.sha256)
                .map_err(|err| err.to_string())?
                .ok_or("a kept file is missing")?;
            rows.push(vec![
                path.clone(),
                record.round.clone(),
                record.institution.clone(),
                record.version.to_string(),
                record.uploaded_at.clone(),
                record.file_name.clone(),
                record.sha256.clone(),
                record.size.to_string(),
                record.rows.to_string(),
                record.errors.to_string(),
                record.warnings.to_string(),
                record.review.clone().unwrap_or_default(),
                record.comment.clone().unwrap_or_default(),
            ]);
            entries.push(Entry { path, bytes });
        }
        for (id, kind, started_at, sha256) in rounds {
            let path = format!("{kind}/programme-{id}.xlsx");
            let bytes = store
                .blob(&sha256)
                .map_err(|err| err.to_string())?
                .ok_or("a kept file is missing")?;
            let size = bytes.len().to_string();
            rows.push(vec![
                path.clone(),
                kind,
                String::new(),
                String::new(),
                started_at,
                format!("programme-{id}.xlsx"),
                sha256,
                size,
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ]);
            entries.push(Entry { path, bytes });
        }
        let manifest = manifest(
            &[
                "path",
                "round",
                "institution",
                "version",
                "uploaded_at",
                "file",
                "sha256",
                "size",
                "rows",
                "errors",
                "warnings",
                "review",
                "comment",
            ],
            &rows,
        )
        .map_err(|err| err.to_string())?;
        entries.insert(
            0,
            Entry {
                path: "manifest.csv".into(),
                bytes: manifest,
            },
        );
        let bytes = zip(&entries).map_err(|err| err.to_string())?;
        store
            .audit_file(
                "secretary",
                "files-zip",
                None,
                &sha256_hex(&bytes),
                Some(&format!("{} files", entries.len() - 1)),
            )
            .map_err(|err| err.to_string())?;
        Ok(bytes)
    })
    .await;
    match made {
        Ok(Ok(bytes)) => Ok(download(
            bytes,
            &format!("файлове-{}.zip", state.programme.municipality_code),
        )),
        _ => Err(ctx.fail(PortalProblem::Internal)),
    }
}

/// `GET /audit`: the audit log as a page, newest first.
pub async fn audit_page(State(state): State<AppState>, ctx: Ctx) -> Answer {
    let secretary = secretary(&state, &ctx)?;
    let mut entries = state.store().audit_log().map_err(internal(&ctx))?;
    entries.reverse();
    let texts = crate::catalogue::page_texts(ctx.lang);
    let word = |key: String, fallback: &str| {
        texts
            .get(key.as_str())
            .map_or_else(|| fallback.to_string(), |word| (*word).to_string())
    };
    // The log keeps stable codes (the API gives them); the page says them in words.
    for entry in &mut entries {
        entry.at = local_time(&entry.at);
        entry.actor = match entry.actor.strip_prefix("institution:") {
            Some(institution) => institution.to_string(),
            None => word(format!("actor_{}", entry.actor), &entry.actor),
        };
        let action = entry.action.clone();
        entry.action = word(format!("audit_{}", action.replace('-', "_")), &action);
        if let Some(subject) = &mut entry.subject {
            for decision in ["accepted", "returned"] {
                *subject = subject.replace(decision, &word(format!("review_{decision}"), decision));
            }
        }
        if matches!(action.as_str(), "merge" | "implementation")
            && let Some(detail) = &entry.detail
        {
            entry.detail = Some(summary_words(&action, detail, ctx.lang));
        }
    }
    let title = crate::catalogue::page_texts(ctx.lang)
        .get("audit")
        .copied()
        .unwrap_or_default()
        .to_string();
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
pub async fn audit_json(State(state): State<AppState>, mut ctx: Ctx) -> Answer {
    ctx.json = true;
    secretary(&state, &ctx)?;
    let entries = state.store().audit_log().map_err(internal(&ctx))?;
    Ok(Json(entries).into_response())
}
