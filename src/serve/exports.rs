//! The downloads for the agency and for safekeeping: the export zip (CSV, Data Package, the
//! workbooks) and every kept file with its manifest.

use axum::extract::State;
use serde::Deserialize;

use crate::catalogue::{Lang, Msg, Phrase, PortalProblem};
use crate::model::programme_rows::DataRow;
use crate::round::ExportFrom;
use crate::write::archive::{Entry, manifest, zip};
use crate::write::csv::Dialect;
use crate::write::reports::safe_file_name;

use super::AppState;
use super::auth::sha256_hex;
use super::error::{Answer, PortalError, missing};
use super::extract::Query;
use super::http::{Ctx, download};
use super::rounds::IMPLEMENTATION;
use super::rounds::programme_limits;
use super::rounds::round_data;
use super::session::secretary;
use super::store::Store;

/// What each activity reached, by its code (from an implementation report).
type Outcomes = std::collections::HashMap<String, crate::model::reporting::Outcome>;

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
            return Err(PortalError::from(PortalProblem::BadRequest {
                detail: format!("encoding={other}: utf-8 | windows-1251"),
            }));
        }
    };
    let (rows, outcomes) = export_rows(&state, ctx.lang)?;
    let programme = &state.programme;
    let base = format!(
        "{}-{}-{}",
        programme.municipality_code,
        programme.period_start.format("%Y"),
        programme.period_end.format("%Y")
    );
    let entries = export_entries(
        programme,
        &rows,
        outcomes.as_ref(),
        windows_1251,
        &base,
        ctx.lang,
    )?;
    let bytes = zip(&entries)?;
    state.store().audit_file(
        "secretary",
        crate::round::AuditAction::Export,
        Some(&format!("{base}.zip")),
        &sha256_hex(&bytes),
        Some(if windows_1251 {
            "windows-1251"
        } else {
            "utf-8"
        }),
    )?;
    Ok(download(bytes, &format!("{base}.zip")))
}

/// What the export says: the programme's rows and, once collected, what each activity
/// reached — from the round and its latest implementation report, else from the latest
/// merge ([`crate::round::export_from`]); 409 before there is a programme.
fn export_rows(
    state: &AppState,
    lang: Lang,
) -> Result<(Vec<DataRow>, Option<Outcomes>), PortalError> {
    let round = round_data(state)?;
    let limits = programme_limits(state);
    let (latest_report, latest_merge) = {
        let store = state.store();
        (store.output(IMPLEMENTATION, None)?, store.latest_merge()?)
    };
    let round = round.map(|data| (data.id, data));
    let from = crate::round::export_from(round, latest_report, latest_merge).ok_or_else(|| {
        PortalError::from(PortalProblem::NotNow {
            code: "no-programme",
            message: Phrase::NoProgrammeYet.render(lang),
        })
    })?;
    let kept = |sha256: &str| state.store().blob(sha256)?.ok_or_else(|| missing(sha256));
    Ok(match from {
        ExportFrom::Round {
            round: data,
            report,
        } => {
            let outcomes = match report {
                Some(report) => Some(crate::api::outcomes(kept(&report.sha256)?, limits)?),
                None => None,
            };
            (data.rows.clone(), outcomes)
        }
        ExportFrom::Merge(merge) => {
            let rows = crate::api::programme_rows(kept(&merge.sha256)?, limits)?;
            (rows, None)
        }
    })
}

/// The export zip's files: the CSV, its Excel dialect and the Data Package; 400 when the
/// chosen encoding cannot hold a character.
fn export_entries(
    programme: &crate::config::Programme,
    rows: &[DataRow],
    outcomes: Option<&Outcomes>,
    windows_1251: bool,
    base: &str,
    lang: Lang,
) -> Result<Vec<Entry>, PortalError> {
    let csv_name = format!("{base}.csv");
    let excel_name = format!("{base}-excel.csv");
    let csv = |excel: bool, name: &str| {
        let dialect = Dialect {
            excel,
            windows_1251,
        };
        crate::api::export(programme, rows, outcomes, dialect, name)
    };
    let (plain, excel) = match (csv(false, &csv_name), csv(true, &excel_name)) {
        (Ok(plain), Ok(excel)) => (plain, excel),
        (Err(err), _) | (_, Err(err)) => {
            let message = Msg::Unencodable {
                line: err.line,
                column: err.column,
                character: err.character,
            }
            .render(lang);
            return Err(PortalError::from(PortalProblem::Unusable {
                code: "unencodable",
                message,
            }));
        }
    };
    Ok(vec![
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
    ])
}

/// `GET /api/v1/files.zip`: every file ever sent, and every programme a round was started
/// from, with `manifest.csv` (institution, version, time, SHA-256, review state).
pub async fn files_zip(State(state): State<AppState>, ctx: Ctx) -> Answer {
    secretary(&state, &ctx)?;
    let worker = state.clone();
    let bytes = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, PortalError> {
        let store = worker.store();
        let (mut entries, rows) = kept_files(&store)?;
        let manifest = manifest(&MANIFEST_COLUMNS, &rows)?;
        entries.insert(
            0,
            Entry {
                path: "manifest.csv".into(),
                bytes: manifest,
            },
        );
        let bytes = zip(&entries)?;
        store.audit_file(
            "secretary",
            crate::round::AuditAction::FilesZip,
            None,
            &sha256_hex(&bytes),
            Some(&format!("{} files", entries.len() - 1)),
        )?;
        Ok(bytes)
    })
    .await??;
    Ok(download(
        bytes,
        &format!("файлове-{}.zip", state.programme.municipality_code),
    ))
}

/// The columns of files.zip's manifest, one row per file.
const MANIFEST_COLUMNS: [&str; 13] = [
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
];

/// Every kept file as a zip entry, with its manifest row: each version sent, then each
/// reporting round's programme.
fn kept_files(store: &Store) -> Result<(Vec<Entry>, Vec<Vec<String>>), PortalError> {
    let kept = |sha256: &str| store.blob(sha256)?.ok_or_else(|| missing(sha256));
    let mut entries = Vec::new();
    let mut rows = Vec::new();
    for record in &store.all_submissions()? {
        let path = format!(
            "{}/{}/v{} {}",
            record.round,
            safe_file_name(&record.institution),
            record.version,
            record.file_name
        );
        let bytes = kept(&record.sha256)?;
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
    for (id, kind, started_at, sha256) in store.rounds()? {
        let path = format!("{kind}/programme-{id}.xlsx");
        let bytes = kept(&sha256)?;
        let size = bytes.len().to_string();
        let mut row = vec![path.clone(), kind, String::new(), String::new(), started_at];
        row.extend([format!("programme-{id}.xlsx"), sha256, size]);
        row.resize(MANIFEST_COLUMNS.len(), String::new());
        rows.push(row);
        entries.push(Entry { path, bytes });
    }
    Ok((entries, rows))
}
