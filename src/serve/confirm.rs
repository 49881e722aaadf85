//! The pages that confirm what the secretary just did (the GOV.UK "confirmation" pattern): a
//! version accepted, returned, kept or moved, a personal link replaced. The action's POST
//! answers with a redirect here, and each page reads what the store holds now, so a reload
//! or a bookmark shows the truth, never what a query string claims.

use axum::extract::State;
use axum::response::Response;
use minijinja::context;
use serde::Serialize;

use crate::catalogue::{Lang, PageTexts, Phrase, PortalProblem};
use crate::round::{CONTRIBUTIONS, Decision, KeptVersion, Sender, State as VersionState};

use super::AppState;
use super::error::{Answer, PortalError};
use super::extract::Path;
use super::http::{Ctx, page};
use super::rounds::contributions_plan;
use super::session::{lang_query, redirect, secretary};
use super::versions::record_or_404;

/// A link under "what next".
#[derive(Serialize)]
struct Next {
    href: String,
    text: &'static str,
}

impl Next {
    /// A link to `path` in the page's language.
    fn to(path: &str, text: &'static str, lang: Lang) -> Next {
        Next {
            href: format!("{path}{}", lang_query(lang)),
            text,
        }
    }
}

/// The confirmation page: `heading` in the green panel, then `values` (`body`, `comment`,
/// `link`, `link_label`, as the template has them) and the links under "what next".
fn confirmation(
    state: &AppState,
    ctx: &Ctx,
    csrf: &str,
    heading: String,
    next: [Next; 2],
    values: minijinja::Value,
) -> Answer {
    let frame = ctx.frame(state, heading.clone()).signed_in(csrf);
    page(
        state,
        ctx,
        &frame,
        "confirmation.html",
        context! { heading => heading, next => next, ..values },
    )
}

/// What was done to a version, as its confirmation says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Done {
    Accepted,
    Returned,
    Kept,
    MovedHere,
}

/// What the store's record says was done to it last; `None` when nothing was (a plain
/// upload), and the page then is the version's own.
fn done_of(record: &KeptVersion) -> Option<Done> {
    match record.state() {
        VersionState::Accepted => Some(Done::Accepted),
        VersionState::Returned => Some(Done::Returned),
        _ if record.sender() == Sender::Move => Some(Done::MovedHere),
        _ if record.rule_version().decision == Some(Decision::Kept) => Some(Done::Kept),
        _ => None,
    }
}

/// "Версия 3 на „РУО – Русе“ е приета", in the page's language.
fn title(done: Done, record: &KeptVersion, lang: Lang) -> String {
    let institution = record.institution.as_str();
    let version = record.version;
    match done {
        Done::Accepted => Phrase::ConfirmAccepted {
            institution,
            version,
        },
        Done::Returned => Phrase::ConfirmReturned {
            institution,
            version,
        },
        Done::Kept => Phrase::ConfirmKept {
            institution,
            version,
        },
        Done::MovedHere => Phrase::ConfirmMoved {
            institution,
            version,
        },
    }
    .render(lang)
}

/// Which of the institution's versions the merge takes now, in words (contributions only:
/// a report's round has its own table on the dashboard).
fn taken_words(
    state: &AppState,
    ctx: &Ctx,
    record: &KeptVersion,
) -> Result<Option<String>, PortalError> {
    if record.round != CONTRIBUTIONS {
        return Ok(None);
    }
    let records = state.store().submissions(CONTRIBUTIONS)?;
    let plan = contributions_plan(state, &records);
    let taken = plan
        .iter()
        .find(|entry| entry.institution == record.institution)
        .and_then(|entry| entry.outcome.taken())
        .map(|version| version.number);
    Ok(Some(
        Phrase::ConfirmTaken {
            institution: &record.institution,
            version: taken,
        }
        .render(ctx.lang),
    ))
}

/// `GET /submissions/{id}/done`: the version's review or decision, confirmed.
pub async fn version_done(State(state): State<AppState>, Path(id): Path<i64>, ctx: Ctx) -> Answer {
    let secretary = secretary(&state, &ctx)?;
    let record = record_or_404(&state, id)?;
    if let (VersionState::Moved, Some(moved_to)) = (record.state(), record.moved_to) {
        return Ok(back_to(&format!("/submissions/{moved_to}/done"), ctx.lang));
    }
    let Some(done) = done_of(&record) else {
        return Ok(back_to(&format!("/submissions/{id}"), ctx.lang));
    };
    let texts = PageTexts::of(ctx.lang);
    let returned = done == Done::Returned;
    let mut body = Vec::new();
    if returned {
        body.push(texts.confirm_returned_next.to_string());
    }
    body.extend(taken_words(&state, &ctx, &record)?);
    let comment = record
        .comment
        .as_deref()
        .filter(|comment| returned && !comment.is_empty());
    let next = [
        Next::to(
            &format!("/submissions/{id}"),
            texts.confirm_see_version,
            ctx.lang,
        ),
        Next::to("/", texts.confirm_dashboard, ctx.lang),
    ];
    confirmation(
        &state,
        &ctx,
        &secretary.csrf,
        title(done, &record, ctx.lang),
        next,
        context! { body => body, comment => comment },
    )
}

/// `GET /links/{index}/done`: the institution's new personal link, ready to copy.
pub async fn link_done(
    State(state): State<AppState>,
    Path(index): Path<usize>,
    ctx: Ctx,
) -> Answer {
    let secretary = secretary(&state, &ctx)?;
    let institution = &state
        .programme
        .institutions
        .get(index)
        .ok_or_else(|| PortalError::from(PortalProblem::NotFound))?
        .name;
    let token = state
        .store()
        .current_links()?
        .into_iter()
        .find_map(|(name, token)| (name == *institution).then_some(token))
        .ok_or_else(|| PortalError::from(PortalProblem::NotFound))?;
    let texts = PageTexts::of(ctx.lang);
    let next = [
        Next::to(&format!("/letters/{index}"), texts.letter, ctx.lang),
        Next::to("/", texts.confirm_dashboard, ctx.lang),
    ];
    confirmation(
        &state,
        &ctx,
        &secretary.csrf,
        Phrase::ConfirmLinkReplaced { institution }.render(ctx.lang),
        next,
        context! {
            body => [texts.confirm_link_next],
            link => state.link(&token),
            link_label => format!("{}: {institution}", texts.link),
        },
    )
}

/// A redirect to `path` in the page's language.
fn back_to(path: &str, lang: Lang) -> Response {
    redirect(&format!("{path}{}", lang_query(lang)))
}
