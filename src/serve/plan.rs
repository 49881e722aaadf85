//! The rule of what a merge takes ([`crate::round`]) over the kept versions: each version's
//! state and the sentences that explain it, and the pages that say, before the merge and
//! before the reporting round, what will be taken and what will not.

use axum::extract::State;
use minijinja::context;
use serde::Serialize;

use crate::catalogue::{PageTexts, Phrase, PortalProblem};
use crate::round::{self, Outcome, Why};

use super::AppState;
use super::error::{Answer, PortalError, missing};
use super::extract::Files;
use super::http::{Ctx, page};
use super::pages::local_time;
use super::rounds::contributions_plan;
use super::session::{secretary, secretary_form};
use super::words::state_word;

// ---- the page before the merge ----

/// A version the merge takes, as the page before it lists it.
#[derive(Serialize)]
struct TakenRow {
    institution: String,
    id: i64,
    version: i64,
    file: String,
    rows: i64,
    errors: i64,
    state: &'static str,
    state_word: &'static str,
    why: &'static str,
    passed_over: Vec<PassedOver>,
}

/// A newer version the merge passes over.
#[derive(Serialize)]
struct PassedOver {
    id: i64,
    version: i64,
    state: &'static str,
    state_word: &'static str,
}

/// An institution the merge leaves out, having sent something.
#[derive(Serialize)]
struct LeftOutRow {
    institution: String,
    id: i64,
    version: i64,
    state: &'static str,
    state_word: &'static str,
    reason: String,
}

/// `GET /merge`: what the merge will take from each institution and what it will leave
/// out, and why, before the button that merges.
pub async fn merge_page(State(state): State<AppState>, ctx: Ctx) -> Answer {
    let secretary = secretary(&state, &ctx)?;
    let records = state.store().submissions(round::CONTRIBUTIONS)?;
    let plan = contributions_plan(&state, &records);
    let texts = PageTexts::of(ctx.lang);
    let record = |id: i64| records.iter().find(|record| record.id == id);
    let mut taken = Vec::new();
    let mut left = Vec::new();
    let mut no_file = Vec::new();
    for entry in &plan {
        match entry.outcome {
            Outcome::Taken { version, why } => {
                let Some(kept) = record(version.id) else {
                    continue;
                };
                taken.push(TakenRow {
                    institution: entry.institution.to_string(),
                    id: version.id,
                    version: version.number,
                    file: kept.file_name.clone(),
                    rows: kept.rows,
                    errors: kept.errors,
                    state: version.state().code(),
                    state_word: state_word(version.state(), ctx.lang),
                    why: match why {
                        Why::Accepted => texts.why_accepted,
                        Why::Latest => texts.why_latest,
                    },
                    passed_over: entry
                        .passed_over
                        .iter()
                        .map(|newer| PassedOver {
                            id: newer.id,
                            version: newer.number,
                            state: newer.state().code(),
                            state_word: state_word(newer.state(), ctx.lang),
                        })
                        .collect(),
                });
            }
            Outcome::LeftOut {
                state: why,
                latest: Some(latest),
            } => left.push(LeftOutRow {
                institution: entry.institution.to_string(),
                id: latest.id,
                version: latest.number,
                state: why.code(),
                state_word: state_word(why, ctx.lang),
                reason: Phrase::LeftOutBecause { state: why.code() }.render(ctx.lang),
            }),
            Outcome::LeftOut { latest: None, .. } => no_file.push(entry.institution),
        }
    }
    let rows: i64 = taken.iter().map(|row| row.rows).sum();
    let summary = Phrase::MergePlan {
        files: taken.len(),
        rows: usize::try_from(rows).unwrap_or(0),
        left_out: left.len() + no_file.len(),
    }
    .render(ctx.lang);
    let title = texts.merge_plan_heading.to_string();
    let frame = ctx.frame(&state, title).signed_in(&secretary.csrf);
    page(
        &state,
        &ctx,
        &frame,
        "merge_plan.html",
        context! {
            summary => summary,
            taken => taken,
            left => left,
            no_file => no_file,
            no_file_reason => Phrase::LeftOutBecause { state: "none" }.render(ctx.lang),
        },
    )
}

// ---- the page before the reporting round ----

/// A lead institution of the programme a round would start from.
#[derive(Serialize)]
struct LeadRow {
    institution: String,
    indicators: usize,
}

/// `GET /reporting`: the reporting round the latest merge would start, before the button;
/// `POST /reporting/check` (multipart `csrf`, `programme`): the same for the adopted
/// programme's file, kept so that the start uses exactly these bytes.
pub async fn reporting_page(State(state): State<AppState>, ctx: Ctx) -> Answer {
    let secretary = secretary(&state, &ctx)?;
    let merge = state.store().latest_merge()?;
    let source = match merge {
        Some(merge) => {
            let at = state
                .store()
                .merge_made_at(merge.id)?
                .map(|at| local_time(&at))
                .unwrap_or_default();
            let bytes = state
                .store()
                .blob(&merge.sha256)?
                .ok_or_else(|| missing(&merge.sha256))?;
            Some(Programme {
                label: Phrase::ProgrammeFromMerge {
                    id: merge.id,
                    at: &at,
                }
                .render(ctx.lang),
                source: round::merge_source(merge.id),
                bytes,
                sha256: merge.sha256,
            })
        }
        None => None,
    };
    reporting_plan(&state, &ctx, &secretary.csrf, source).await
}

/// `POST /reporting/check`: the page before the round, for a chosen programme file.
pub async fn reporting_check(
    State(state): State<AppState>,
    ctx: Ctx,
    Files(mut multipart): Files,
) -> Answer {
    // Who asks is checked before the file is read, the form's token once it is.
    if let Err(failure) = secretary(&state, &ctx) {
        return Err(super::upload::refuse_upload(&mut multipart, failure).await);
    }
    let (csrf, file) = super::reporting::programme_form(&state, &mut multipart).await?;
    let secretary = secretary_form(&state, &ctx, &csrf)?;
    let Some((name, bytes)) = file else {
        return Err(PortalError::from(PortalProblem::NoFile));
    };
    let sha256 = super::auth::sha256_hex(&bytes);
    // Kept now, so that the start takes these very bytes (nothing is deleted; a programme
    // that never starts a round stays as an unused file).
    state.store().keep_blob(&sha256, &bytes)?;
    let programme = Programme {
        label: name.clone(),
        source: name,
        bytes,
        sha256,
    };
    reporting_plan(&state, &ctx, &secretary.csrf, Some(programme)).await
}

/// The programme a reporting round would start from.
struct Programme {
    /// How the page names it: the file's name, or the merge's number and time.
    label: String,
    /// How the audit log names it: the file's name, or `merge #N`.
    source: String,
    bytes: Vec<u8>,
    sha256: String,
}

async fn reporting_plan(
    state: &AppState,
    ctx: &Ctx,
    csrf: &str,
    programme: Option<Programme>,
) -> Answer {
    let title = PageTexts::of(ctx.lang).reporting_plan_heading.to_string();
    let frame = ctx.frame(state, title).signed_in(csrf);
    let running = super::rounds::round_data(state)?.is_some();
    let Some(Programme {
        label,
        source,
        bytes,
        sha256,
    }) = programme
    else {
        return page(
            state,
            ctx,
            &frame,
            "reporting_plan.html",
            context! { problem => Phrase::NoProgrammeYet.render(ctx.lang), running => running },
        );
    };
    let leads = match super::reporting::read_leads(state, ctx, &label, bytes).await {
        Ok(leads) => leads,
        Err(failure) => {
            return page(
                state,
                ctx,
                &frame,
                "reporting_plan.html",
                context! { problem => failure.problem().message(ctx.lang), label => label, running => running },
            );
        }
    };
    let indicators = leads.values().sum();
    let summary = Phrase::RoundPlan {
        leads: leads.len(),
        indicators,
    }
    .render(ctx.lang);
    let leads: Vec<LeadRow> = leads
        .into_iter()
        .map(|(institution, indicators)| LeadRow {
            institution,
            indicators,
        })
        .collect();
    page(
        state,
        ctx,
        &frame,
        "reporting_plan.html",
        context! {
            label => label,
            source => source,
            sha256 => sha256,
            summary => summary,
            leads => leads,
            running => running,
        },
    )
}
