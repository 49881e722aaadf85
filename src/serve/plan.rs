//! The rule of what a merge takes ([`crate::round`]) over the kept versions: each version's
//! state and the sentences that explain it, and the pages that say, before the merge and
//! before the reporting round, what will be taken and what will not.

use axum::extract::{Multipart, State};
use minijinja::context;
use serde::Serialize;

use crate::catalogue::{Lang, Phrase, PortalProblem, page_texts};
use crate::round::{self, Decision, Entry, Kind, Outcome, Review, Version, Why};

use super::AppState;
use super::http::{Answer, Ctx, Failure, page};
use super::institution::ROUND;
use super::pages::local_time;
use super::secretary::{internal, secretary, secretary_form};
use super::store::{SENT_BY_MOVE, SENT_BY_SECRETARY, SubmissionRecord};

/// A kept version as the rule sees it.
pub(super) fn version_of(record: &SubmissionRecord) -> Version {
    Version {
        id: record.id,
        number: record.version,
        review: match record.review.as_deref() {
            Some("accepted") => Review::Accepted,
            Some("returned") => Review::Returned,
            _ => Review::Pending,
        },
        kind: Kind::from_code(&record.kind),
        names_its_sender: record.named_institution.as_deref() == Some(record.institution.as_str()),
        decision: record.decision.as_deref().and_then(Decision::from_code),
        has_errors: record.errors > 0,
    }
}

/// A kept version's state.
pub(super) fn state_of(record: &SubmissionRecord) -> round::State {
    version_of(record).state()
}

/// What the rule makes of `records` (one round's versions, newest first) for `names`.
pub(super) fn plan_of<'a>(names: &[&'a str], records: &[SubmissionRecord]) -> Vec<Entry<'a>> {
    let versions: Vec<(&str, Version)> = records
        .iter()
        .map(|record| (record.institution.as_str(), version_of(record)))
        .collect();
    round::plan(names, &versions)
}

/// The contributions round's plan for every configured institution.
pub(super) fn contributions_plan<'s>(
    state: &'s AppState,
    records: &[SubmissionRecord],
) -> Vec<Entry<'s>> {
    plan_of(&state.institution_names(), records)
}

/// The word for a state, from the page texts.
pub(super) fn state_word(state: round::State, lang: Lang) -> &'static str {
    let key = match state {
        round::State::Accepted => "state_accepted",
        round::State::Returned => "state_returned",
        round::State::Errors => "state_errors",
        round::State::Submitted => "state_submitted",
        round::State::Held => "state_held",
        round::State::Unreadable => "state_unreadable",
        round::State::Moved => "state_moved",
        round::State::None => "state_none",
    };
    page_texts(lang).get(key).copied().unwrap_or_default()
}

/// What the portal says about a version beside its check: who sent it, whether it is held
/// (and who else sent the same bytes), what the secretary decided. `records` holds the
/// versions of its round with the same bytes, at least (which include a move's other end),
/// or every version of the round.
pub(super) fn notes(
    record: &SubmissionRecord,
    records: &[SubmissionRecord],
    lang: Lang,
) -> Vec<String> {
    let mut notes = Vec::new();
    let version = version_of(record);
    if record.sent_by == SENT_BY_SECRETARY {
        notes.push(Phrase::AddedBySecretary.render(lang));
    }
    if record.sent_by == SENT_BY_MOVE
        && let Some(from) = record
            .moved_from
            .and_then(|id| records.iter().find(|other| other.id == id))
    {
        notes.push(
            Phrase::MovedFrom {
                sender: &from.institution,
            }
            .render(lang),
        );
    }
    if version.names_its_sender || version.kind != Kind::Readable {
        return notes;
    }
    match version.decision {
        Some(Decision::Kept) => notes.push(
            Phrase::KeptBySecretary {
                link: &record.institution,
            }
            .render(lang),
        ),
        Some(Decision::Moved) => {
            let moved = record
                .moved_to
                .and_then(|id| records.iter().find(|other| other.id == id));
            if let Some(moved) = moved {
                notes.push(
                    Phrase::MovedTo {
                        named: &moved.institution,
                        version: moved.version,
                    }
                    .render(lang),
                );
            }
        }
        Some(Decision::Returned) | None => {
            notes.push(match &record.named_institution {
                Some(named) => Phrase::OtherInstitution {
                    named,
                    link: &record.institution,
                }
                .render(lang),
                None => Phrase::NoInstitutionNamed {
                    link: &record.institution,
                }
                .render(lang),
            });
            let sent: Vec<(&str, &str)> = records
                .iter()
                .filter(|other| other.decision.as_deref() != Some(Decision::Moved.code()))
                .map(|other| (other.institution.as_str(), other.sha256.as_str()))
                .collect();
            let others = round::same_bytes_from(&sent, &record.institution, &record.sha256);
            if !others.is_empty() {
                notes.push(
                    Phrase::SameBytesFrom {
                        institutions: others,
                    }
                    .render(lang),
                );
            }
        }
    }
    notes
}

/// The one sentence for a version that is not a readable contribution (or report), when
/// it is one: what the file is and which form takes it. `detail` is the reader's first
/// sentence, for a file that cannot be opened.
pub(super) fn unreadable_sentence(
    record: &SubmissionRecord,
    detail: Option<String>,
    lang: Lang,
) -> Option<String> {
    let Kind::Unreadable(what) = Kind::from_code(&record.kind) else {
        return None;
    };
    Some(
        Phrase::NotAContribution {
            kind: what.code(),
            report_form: record.round != ROUND,
            detail: (what == round::Unreadable::Damaged)
                .then_some(detail)
                .flatten(),
        }
        .render(lang),
    )
}

/// The first error's sentence in a stored check (`validate --format json`'s file object):
/// for a file that cannot be opened, the reader's reason.
pub(super) fn first_error(report_json: &str) -> Option<String> {
    let report: serde_json::Value = serde_json::from_str(report_json).ok()?;
    report["findings"]
        .as_array()?
        .iter()
        .find(|finding| finding["severity"] == "error")
        .and_then(|finding| finding["message"].as_str())
        .map(str::to_string)
}

/// One institution left out of a merge, as the summary JSON gives it.
#[derive(Clone, Debug, Serialize)]
pub(super) struct LeftOut {
    pub institution: String,
    /// `held`, `returned`, `unreadable` or `none`.
    pub state: &'static str,
    /// Its latest version's number, when it has one.
    pub version: Option<i64>,
    /// Its latest version's id, when it has one.
    pub id: Option<i64>,
}

/// Every institution the plan leaves out, in config order.
pub(super) fn left_out(plan: &[Entry<'_>]) -> Vec<LeftOut> {
    plan.iter()
        .filter_map(|entry| match entry.outcome {
            Outcome::LeftOut { state, latest } => Some(LeftOut {
                institution: entry.institution.to_string(),
                state: state.code(),
                version: latest.map(|version| version.number),
                id: latest.map(|version| version.id),
            }),
            Outcome::Taken { .. } => None,
        })
        .collect()
}

/// The ids of the versions the plan takes, in config order.
pub(super) fn taken_ids(plan: &[Entry<'_>]) -> Vec<i64> {
    plan.iter()
        .filter_map(|entry| entry.outcome.taken().map(|version| version.id))
        .collect()
}

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
    let records = state.store().submissions(ROUND).map_err(internal(&ctx))?;
    let plan = contributions_plan(&state, &records);
    let texts = page_texts(ctx.lang);
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
                    why: texts
                        .get(match why {
                            Why::Accepted => "why_accepted",
                            Why::Latest => "why_latest",
                        })
                        .copied()
                        .unwrap_or_default(),
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
    let title = texts
        .get("merge_plan_heading")
        .copied()
        .unwrap_or_default()
        .to_string();
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

/// The words of a kept merge's left-out list (from its summary JSON), for the dashboard.
pub(super) fn left_out_words(summary: &str, lang: Lang) -> Option<String> {
    let summary: serde_json::Value = serde_json::from_str(summary).ok()?;
    let left = summary.get("left_out")?.as_array()?;
    let mut sent = Vec::new();
    let mut none = 0;
    for entry in left {
        let state = entry["state"].as_str().unwrap_or("none");
        let institution = entry["institution"].as_str().unwrap_or_default();
        let word = match state {
            "held" => state_word(round::State::Held, lang),
            "returned" => state_word(round::State::Returned, lang),
            "unreadable" => state_word(round::State::Unreadable, lang),
            _ => {
                none += 1;
                continue;
            }
        };
        sent.push((institution.to_string(), word.to_string()));
    }
    Some(Phrase::LeftOutList { sent, none }.render(lang))
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
    let merge = state.store().latest_merge().map_err(internal(&ctx))?;
    let source = match merge {
        Some(merge) => {
            let at = state
                .store()
                .merge_made_at(merge.id)
                .map_err(internal(&ctx))?
                .map(|at| local_time(&at))
                .unwrap_or_default();
            let bytes = state
                .store()
                .blob(&merge.sha256)
                .map_err(internal(&ctx))?
                .ok_or_else(|| ctx.fail(PortalProblem::Internal))?;
            Some(Programme {
                label: Phrase::ProgrammeFromMerge {
                    id: merge.id,
                    at: &at,
                }
                .render(ctx.lang),
                source: format!("merge #{}", merge.id),
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
    mut multipart: Multipart,
) -> Answer {
    // Who asks is checked before the file is read, the form's token once it is.
    if let Err(failure) = secretary(&state, &ctx) {
        return Err(super::institution::refuse_upload(&mut multipart, failure).await);
    }
    let (csrf, file) = super::reporting::programme_form(&state, &ctx, &mut multipart).await?;
    let secretary = secretary_form(&state, &ctx, &csrf)?;
    let Some((name, bytes)) = file else {
        return Err(ctx.fail(PortalProblem::NoFile));
    };
    let sha256 = super::auth::sha256_hex(&bytes);
    // Kept now, so that the start takes these very bytes (nothing is deleted; a programme
    // that never starts a round stays as an unused file).
    state
        .store()
        .keep_blob(&sha256, &bytes)
        .map_err(internal(&ctx))?;
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
    let texts = page_texts(ctx.lang);
    let title = texts
        .get("reporting_plan_heading")
        .copied()
        .unwrap_or_default()
        .to_string();
    let frame = ctx.frame(state, title).signed_in(csrf);
    let running = super::reporting::round_data(state, ctx)?.is_some();
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
                context! { problem => failure.problem.message(ctx.lang), label => label, running => running },
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

/// A refusal with a sentence of the catalogue (409).
pub(super) fn not_now(ctx: &Ctx, code: &'static str, phrase: Phrase<'_>) -> Failure {
    ctx.fail(PortalProblem::NotNow {
        code,
        message: phrase.render(ctx.lang),
    })
}
