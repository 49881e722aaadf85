//! The council's documents in the portal (spec: documents.md, "Promises"): the programme
//! document beside each merge's workbook, the report document beside the implementation
//! report, and the page where the secretary edits `programme.md` section by section — every
//! saved version kept in the database, each save in the audit log.
//!
//! The documents are [`crate::api::document`] over the kept workbook and the latest saved
//! text, so they are the bytes `zakrila document` writes from the same files.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use minijinja::context;
use serde::{Deserialize, Serialize};

use crate::catalogue::{DocumentMsg, Lang, PortalProblem, TextPhrase};
use crate::contract::programme_text::{self, MAX_TEXT_BYTES, ProgrammeText, TextSection};

use super::AppState;
use super::auth::sha256_hex;
use super::error::{Answer, PortalError};
use super::extract::{Path, Query};
use super::http::{Ctx, download, page, slot};
use super::pages::local_time;
use super::session::{lang_amp, redirect, secretary, secretary_form};
use super::store::TextRecord;

/// Where the text the portal holds comes from.
enum Source {
    /// A version saved in the portal.
    Saved(TextRecord),
    /// `programme.md` beside the config (none saved yet).
    File(std::path::PathBuf),
    /// Neither: the document gets the skeleton.
    Skeleton,
}

/// The programme's text: the latest saved version, else `programme.md` beside the config,
/// else none (the skeleton).
fn current_text(state: &AppState) -> Result<(Option<String>, Source), PortalError> {
    if let Some((record, text)) = state.store().latest_text()? {
        return Ok((Some(text), Source::Saved(record)));
    }
    let path = programme_text::beside(&state.programme.path);
    let small = std::fs::metadata(&path).is_ok_and(|m| m.len() <= MAX_TEXT_BYTES as u64);
    match std::fs::read(&path) {
        Ok(bytes) if small => match String::from_utf8(bytes) {
            Ok(text) => Ok((Some(text), Source::File(path))),
            Err(_) => Ok((None, Source::Skeleton)),
        },
        _ => Ok((None, Source::Skeleton)),
    }
}

/// The words of a text's source, for the page and the audit log.
fn source_words(source: &Source, lang: Lang) -> String {
    match source {
        Source::Saved(record) => TextPhrase::ShowsSaved {
            version: record.version,
            at: &local_time(&record.saved_at),
        }
        .render(lang),
        Source::File(path) => TextPhrase::ShowsFile { path }.render(lang),
        Source::Skeleton => TextPhrase::ShowsSkeleton.render(lang),
    }
}

/// The text as the page edits it: the skeleton's when there is none.
fn shown_text(state: &AppState, text: Option<&str>) -> ProgrammeText {
    match text {
        Some(text) => ProgrammeText::parse(text),
        None => {
            let labels: Vec<String> = state
                .programme
                .priorities
                .iter()
                .map(|p| p.label())
                .collect();
            ProgrammeText::skeleton(&labels)
        }
    }
}

/// The sections as the form shows them: each with the height of its text box.
fn section_views(text: &ProgrammeText) -> Vec<serde_json::Value> {
    text.sections()
        .into_iter()
        .map(|section| {
            let rows = (section.body.lines().count() + 2).clamp(3, 30);
            let mut view = serde_json::to_value(&section).unwrap_or_default();
            view["rows"] = rows.into();
            view
        })
        .collect()
}

/// A saved version as the page and the API list it.
#[derive(Serialize)]
struct VersionView {
    id: i64,
    version: i64,
    saved_at: String,
    sha256: String,
    size: i64,
}

fn version_views(state: &AppState) -> Result<Vec<VersionView>, PortalError> {
    Ok(state
        .store()
        .texts()?
        .into_iter()
        .map(|record| VersionView {
            id: record.id,
            version: record.version,
            saved_at: local_time(&record.saved_at),
            sha256: record.sha256,
            size: record.size,
        })
        .collect())
}

/// What the text lacks, as sentences.
fn notes(text: &ProgrammeText, lang: Lang) -> Vec<String> {
    let path = std::path::Path::new("programme.md");
    text.notes()
        .iter()
        .map(|note| DocumentMsg::Note { path, note }.render(lang))
        .collect()
}

/// `?saved=N` / `?unchanged=N` after a save.
#[derive(Deserialize)]
pub struct TextQuery {
    saved: Option<i64>,
    unchanged: Option<i64>,
}

/// `GET /text`: the programme's text, section by section, and its saved versions.
pub async fn text_page(
    State(state): State<AppState>,
    Query(query): Query<TextQuery>,
    ctx: Ctx,
) -> Answer {
    let secretary = secretary(&state, &ctx)?;
    let (text, source) = current_text(&state)?;
    let shown = shown_text(&state, text.as_deref());
    let status = match (query.saved, query.unchanged) {
        (Some(version), _) => Some(TextPhrase::Saved { version }.render(ctx.lang)),
        (None, Some(version)) => Some(TextPhrase::Unchanged { version }.render(ctx.lang)),
        (None, None) => None,
    };
    let title = crate::catalogue::PageTexts::of(ctx.lang)
        .text_heading
        .to_string();
    let frame = ctx.frame(&state, title).signed_in(&secretary.csrf);
    page(
        &state,
        &ctx,
        &frame,
        "text.html",
        context! {
            source => source_words(&source, ctx.lang),
            status => status,
            sections => section_views(&shown),
            notes => notes(&shown, ctx.lang),
            versions => version_views(&state)?,
        },
    )
}

/// `POST /text` (form): the sections as edited, saved as a new version.
pub async fn text_form(
    State(state): State<AppState>,
    ctx: Ctx,
    form: Result<
        axum::extract::Form<Vec<(String, String)>>,
        axum::extract::rejection::FormRejection,
    >,
) -> Answer {
    let fields = form.map(|f| f.0).unwrap_or_default();
    let field = |name: &str| {
        fields
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    secretary_form(&state, &ctx, field("csrf").unwrap_or_default())?;
    let mut sections = Vec::new();
    for index in 0.. {
        let Some(kind) = field(&format!("kind_{index}")) else {
            break;
        };
        sections.push(TextSection {
            level: kind.parse().unwrap_or(1),
            heading: field(&format!("heading_{index}"))
                .unwrap_or_default()
                .to_string(),
            body: field(&format!("body_{index}"))
                .unwrap_or_default()
                .to_string(),
            table: kind == "table",
        });
    }
    sections.push(TextSection {
        level: 1,
        heading: field("new_heading").unwrap_or_default().to_string(),
        body: field("new_body").unwrap_or_default().to_string(),
        table: false,
    });
    let text = ProgrammeText::from_sections(&sections).render();
    let (record, saved) = save(&state, &ctx, &text)?;
    let key = if saved { "saved" } else { "unchanged" };
    Ok(redirect(&format!(
        "/text?{key}={}{}",
        record.version,
        lang_amp(ctx.lang)
    )))
}

/// Keeps a text as a new version (or says it is the latest one's).
fn save(state: &AppState, ctx: &Ctx, text: &str) -> Result<(TextRecord, bool), PortalError> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(PortalError::from(PortalProblem::Unusable {
            code: "text-too-large",
            message: TextPhrase::TooLarge {
                bytes: text.len() as u64,
            }
            .render(ctx.lang),
        }));
    }
    state
        .store()
        .save_text(text, &sha256_hex(text.as_bytes()))
        .map_err(PortalError::from)
}

/// `GET /text/versions/{id}`: a saved version as `programme.md`.
pub async fn text_version(State(state): State<AppState>, Path(id): Path<i64>, ctx: Ctx) -> Answer {
    secretary(&state, &ctx)?;
    let (record, text) = state
        .store()
        .text(id)?
        .ok_or_else(|| PortalError::from(PortalProblem::NotFound))?;
    Ok(download(
        text.into_bytes(),
        &format!("programme-{}.md", record.version),
    ))
}

/// The body of `POST /api/v1/text`.
#[derive(Deserialize)]
pub struct TextBody {
    text: String,
}

/// `GET /api/v1/text`: the current text, where it comes from, what it lacks, and every saved
/// version.
pub async fn text_json(State(state): State<AppState>, ctx: Ctx) -> Answer {
    secretary(&state, &ctx)?;
    let (text, source) = current_text(&state)?;
    let shown = shown_text(&state, text.as_deref());
    let (kind, version) = match &source {
        Source::Saved(record) => ("saved", Some(record.version)),
        Source::File(_) => ("file", None),
        Source::Skeleton => ("skeleton", None),
    };
    Ok(Json(serde_json::json!({
        "source": kind,
        "version": version,
        "text": shown.render(),
        "sections": shown.sections(),
        "notes": notes(&shown, ctx.lang),
        "versions": version_views(&state)?,
    }))
    .into_response())
}

/// `POST /api/v1/text` (JSON `{"text": …}`): saves a new version; 201 with its number, or
/// 200 when the text is the latest version's.
pub async fn text_save_json(
    State(state): State<AppState>,
    ctx: Ctx,
    body: Result<Json<TextBody>, axum::extract::rejection::JsonRejection>,
) -> Answer {
    secretary(&state, &ctx)?;
    let Ok(Json(body)) = body else {
        return Err(PortalError::from(PortalProblem::Unusable {
            code: "not-a-text",
            message: TextPhrase::NotText.render(ctx.lang),
        }));
    };
    // The text as the file would be read and written: what is saved is what the document
    // is made from.
    let text = ProgrammeText::parse(&body.text).render();
    let (record, saved) = save(&state, &ctx, &text)?;
    let status = if saved {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(serde_json::json!({
            "id": record.id,
            "version": record.version,
            "sha256": record.sha256,
            "saved": saved,
        })),
    )
        .into_response())
}

/// Makes a council document from a kept workbook and the current text, on a blocking
/// thread; logs which workbook and which text it was made from.
async fn make_document(
    state: &AppState,
    ctx: &Ctx,
    workbook: Vec<u8>,
    subject: String,
    file_name: String,
) -> Answer {
    let (text, source) = current_text(state)?;
    let permit = slot(&state.pool).await?;
    let worker = state.clone();
    let limits = crate::read::Limits::for_file_mb(state.max_file_mb.saturating_mul(10));
    let made = tokio::task::spawn_blocking(move || {
        let made = crate::api::document(&worker.programme, text.as_deref(), workbook, limits);
        drop(permit);
        made
    })
    .await?;
    // The workbook is one the portal made and kept: it reads, unless it was made with
    // another programme.toml than the one the portal now runs with.
    let made = made.map_err(|failure| {
        let message = match &failure {
            crate::api::DocumentFailure::OtherProgramme { goal } => DocumentMsg::OtherProgramme {
                path: std::path::Path::new(&subject),
                goal,
            }
            .render(ctx.lang),
            _ => return PortalError::from(failure),
        };
        PortalError::from(PortalProblem::Unusable {
            code: "other-programme",
            message,
        })
    })?;
    let text_source = match &source {
        Source::Saved(record) => format!("programme.md #{}", record.version),
        Source::File(_) => "programme.md".to_string(),
        Source::Skeleton => "skeleton".to_string(),
    };
    state.store().audit_file(
        "secretary",
        crate::round::AuditAction::Document,
        Some(&subject),
        &sha256_hex(&made.bytes),
        Some(&text_source),
    )?;
    Ok(download(made.bytes, &file_name))
}

/// `GET /merges/{id}/document`: the document for the council of a kept merge.
pub async fn merge_document(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    ctx: Ctx,
) -> Answer {
    secretary(&state, &ctx)?;
    let bytes = {
        let store = state.store();
        let sha256 = store
            .merge_record(id)?
            .map(|merge| merge.sha256)
            .ok_or_else(|| PortalError::from(PortalProblem::NotFound))?;
        store
            .blob(&sha256)?
            .ok_or_else(|| PortalError::from(PortalProblem::NotFound))?
    };
    let name = format!("програма-{}.docx", state.programme.municipality_code);
    make_document(&state, &ctx, bytes, format!("merge #{id}"), name).await
}

/// `GET /outputs/{id}/document`: the report document of a kept implementation report.
pub async fn report_document(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    ctx: Ctx,
) -> Answer {
    secretary(&state, &ctx)?;
    let bytes = {
        let store = state.store();
        let output = store
            .output(super::rounds::IMPLEMENTATION, Some(id))?
            .ok_or_else(|| PortalError::from(PortalProblem::NotFound))?;
        store
            .blob(&output.sha256)?
            .ok_or_else(|| PortalError::from(PortalProblem::NotFound))?
    };
    let name = format!("отчет-{}.docx", state.programme.municipality_code);
    make_document(&state, &ctx, bytes, format!("implementation #{id}"), name).await
}
