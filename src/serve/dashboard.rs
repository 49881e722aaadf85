//! The secretary's dashboard: every institution's state, latest version, link and
//! reminder, the merge's and the reporting round's counts; and the same as JSON.

use axum::Json;
use axum::extract::State;
use axum::response::IntoResponse;
use minijinja::context;
use serde::{Deserialize, Serialize};

use crate::catalogue::{Lang, PageTexts, Phrase};

use super::AppState;
use super::auth::new_token;
use super::error::Answer;
use super::extract::Query;
use super::http::{Ctx, mailto, page, summary_words};
use super::pages::local_time;
use super::rounds;
use super::session::secretary;
use super::words::{self, state_word};

/// One institution's row of the dashboard (and of `GET /api/v1/institutions`).
#[derive(Serialize)]
pub(super) struct InstitutionRow {
    pub(super) index: usize,
    pub(super) institution: String,
    /// The state of its latest version (of its own), or `none`.
    pub(super) state: &'static str,
    pub(super) state_word: &'static str,
    pub(super) versions: usize,
    pub(super) latest: Option<LatestView>,
    /// The version the merge takes, when it takes one.
    pub(super) taken: Option<TakenView>,
    pub(super) late: bool,
    pub(super) link: String,
    /// A reminder, for an institution the merge takes nothing from.
    pub(super) mailto: Option<String>,
}

#[derive(Serialize)]
pub(super) struct LatestView {
    id: i64,
    version: i64,
    uploaded_at: String,
    file: String,
    sha256: String,
    rows: i64,
    errors: i64,
    warnings: i64,
}

#[derive(Serialize)]
pub(super) struct TakenView {
    id: i64,
    version: i64,
}

/// Every institution's current link token (made when missing), in config order.
fn current_links(state: &AppState) -> Result<Vec<(String, String)>, super::store::StoreError> {
    let names = state.institution_names();
    let mut store = state.store();
    let mut failure = false;
    let links = store.links(&names, || {
        new_token().unwrap_or_else(|_| {
            failure = true;
            String::new()
        })
    })?;
    if failure {
        return Err(super::store::StoreError::Folder {
            path: "randomness".into(),
            reason: crate::system::SystemError::of(crate::system::Trouble::Other),
        });
    }
    Ok(links)
}

/// Every configured institution with its link (made when missing), its versions and what
/// the merge takes from it.
pub(super) fn institution_rows(
    state: &AppState,
    lang: Lang,
    local_times: bool,
) -> Result<(Vec<InstitutionRow>, crate::round::Tally), super::store::StoreError> {
    let links = current_links(state)?;
    let records = state.store().submissions(crate::round::CONTRIBUTIONS)?;
    let plan = rounds::contributions_plan(state, &records);
    let tally = crate::round::Tally::of(&plan);
    let due = state.programme.portal.contributions_due;
    let today = chrono::Local::now().date_naive();
    let record = |id: i64| records.iter().find(|record| record.id == id);
    let rows = links
        .into_iter()
        .zip(&plan)
        .enumerate()
        .map(|(index, ((institution, token), entry))| {
            let latest = entry.latest.and_then(|version| record(version.id));
            // The first of its own versions: the store gives them newest first.
            let first_sent = records
                .iter()
                .rev()
                .find(|record| {
                    record.institution == institution
                        && record.state() != crate::round::State::Moved
                })
                .map(|record| {
                    // A time that cannot be read counts as sent in time.
                    chrono::DateTime::parse_from_rfc3339(&record.uploaded_at)
                        .map_or(chrono::NaiveDate::MIN, |sent| sent.date_naive())
                });
            let late = crate::round::late_contribution(due, today, first_sent);
            let link = state.link(&token);
            let taken = entry.outcome.taken().map(|version| TakenView {
                id: version.id,
                version: version.number,
            });
            let mailto = taken.is_none().then(|| {
                let email = records
                    .iter()
                    .find(|record| {
                        record.institution == institution && record.contact_email.is_some()
                    })
                    .and_then(|record| record.contact_email.clone());
                reminder(state, &institution, &link, email.as_deref(), lang)
            });
            InstitutionRow {
                index,
                state: entry.state.code(),
                state_word: state_word(entry.state, lang),
                versions: entry.versions,
                latest: latest.map(|record| LatestView {
                    id: record.id,
                    version: record.version,
                    uploaded_at: if local_times {
                        local_time(&record.uploaded_at)
                    } else {
                        record.uploaded_at.clone()
                    },
                    file: record.file_name.clone(),
                    sha256: record.sha256.clone(),
                    rows: record.rows,
                    errors: record.errors,
                    warnings: record.warnings,
                }),
                taken,
                late,
                link,
                mailto,
                institution,
            }
        })
        .collect();
    Ok((rows, tally))
}

/// The `mailto:` reminder of an institution that has sent nothing the merge takes.
fn reminder(
    state: &AppState,
    institution: &str,
    link: &str,
    email: Option<&str>,
    lang: Lang,
) -> String {
    let due_text = state
        .programme
        .portal
        .contributions_due
        .map(|d| d.format("%d.%m.%Y").to_string());
    let subject = Phrase::ReminderSubject {
        programme: &state.programme.title,
    }
    .render(lang);
    let body = Phrase::ReminderBody {
        institution,
        programme: &state.programme.title,
        municipality: &state.programme.municipality,
        due: due_text,
        link,
    }
    .render(lang);
    mailto(email, &subject, &body)
}

/// `?merged=` / `?round=` / `?collected=` on the dashboard: the merge, reporting round or
/// collect just made, confirmed at the top of its section.
#[derive(Deserialize, Default)]
pub struct DashboardQuery {
    merged: Option<i64>,
    round: Option<i64>,
    collected: Option<i64>,
}

/// `GET /`: the dashboard.
pub async fn dashboard(
    State(state): State<AppState>,
    Query(query): Query<DashboardQuery>,
    ctx: Ctx,
) -> Answer {
    dashboard_with(&state, &ctx, None, query).await
}

/// The newest kept merge, for its workbook and its council document on the dashboard.
fn latest_merge(state: &AppState, lang: Lang) -> Option<minijinja::Value> {
    let merge = state.store().latest_merge().ok()??;
    let name = crate::catalogue::TextPhrase::Merge { id: merge.id }.render(lang);
    Some(context! { id => merge.id, name => name })
}

/// The counts of a kept merge and what it left out, in words.
fn merge_counts(state: &AppState, id: i64, lang: Lang) -> Option<(String, Option<String>)> {
    let summary = state.store().merge_record(id).ok()??.summary;
    Some((
        summary_words("merge", &summary, lang),
        words::left_out_words(&summary, lang),
    ))
}

/// A count of institutions in a state that asks for the secretary's attention, for the
/// top line.
#[derive(Serialize)]
struct StateCount {
    state: &'static str,
    words: String,
}

/// The top line: how many institutions have sent a contribution of their own, and how many
/// are held, unreadable or returned ([`crate::round::Tally`]).
fn headline(tally: &crate::round::Tally, lang: Lang) -> (String, Vec<StateCount>) {
    let headline = Phrase::SubmittedOf {
        submitted: tally.submitted,
        total: tally.total,
    }
    .render(lang);
    let counts = tally
        .attention()
        .into_iter()
        .map(|(state, count)| StateCount {
            state: state.code(),
            words: Phrase::StateCount {
                state: state.code(),
                count,
            }
            .render(lang),
        })
        .collect();
    (headline, counts)
}

pub(super) async fn dashboard_with(
    state: &AppState,
    ctx: &Ctx,
    notice: Option<String>,
    query: DashboardQuery,
) -> Answer {
    let DashboardQuery {
        merged,
        round,
        collected,
    } = query;
    let secretary = secretary(state, ctx)?;
    let (rows, tally) = institution_rows(state, ctx.lang, true)?;
    let (headline, attention) = headline(&tally, ctx.lang);
    let frame = ctx
        .frame(state, PageTexts::of(ctx.lang).dashboard.to_string())
        .signed_in(&secretary.csrf);
    let merged = merged.and_then(|id| {
        merge_counts(state, id, ctx.lang).map(|(counts, left_out)| {
            context! { id => id, counts => counts, left_out => left_out }
        })
    });
    let due = state
        .programme
        .portal
        .contributions_due
        .map(|d| d.format("%d.%m.%Y").to_string());
    let loopback = state.loopback.then(|| {
        Phrase::LoopbackNote {
            url: &state.base_url,
        }
        .render(ctx.lang)
    });
    page(
        state,
        ctx,
        &frame,
        "dashboard.html",
        context! {
            headline => headline,
            attention => attention,
            loopback => loopback,
            notice => notice,
            merged => merged,
            latest_merge => latest_merge(state, ctx.lang),
            due => due,
            rows => rows,
            reporting => super::report_views::dashboard_section(state, ctx, collected)?,
            round_started => super::report_views::started_words(state, ctx.lang, round)?,
            mail => super::mail::routes::dashboard_section(state, ctx)?,
        },
    )
}

/// `GET /api/v1/institutions`.
pub async fn institutions_json(State(state): State<AppState>, ctx: Ctx) -> Answer {
    secretary(&state, &ctx)?;
    let (rows, _) = institution_rows(&state, ctx.lang, false)?;
    {
        {
            let body: Vec<serde_json::Value> = rows
                .into_iter()
                .map(|row| {
                    serde_json::json!({
                        "institution": row.institution,
                        "state": row.state,
                        "versions": row.versions,
                        "link": row.link,
                        "late": row.late,
                        "taken": row.taken.map(|taken| serde_json::json!({
                            "id": taken.id,
                            "version": taken.version,
                        })),
                        "latest": row.latest.map(|latest| serde_json::json!({
                            "id": latest.id,
                            "version": latest.version,
                            "uploaded_at": latest.uploaded_at,
                            "file": latest.file,
                            "sha256": latest.sha256,
                            "rows": latest.rows,
                            "errors": latest.errors,
                            "warnings": latest.warnings,
                        })),
                    })
                })
                .collect();
            Ok(Json(body).into_response())
        }
    }
}
