//! Personal links and the letters that carry them: a new link for an institution, and the
//! letter to send it with.

use axum::extract::State;
use minijinja::context;

use crate::catalogue::{Lang, PageTexts, Phrase, PortalProblem};

use super::AppState;
use super::auth::new_token;
use super::dashboard::{InstitutionRow, institution_rows};
use super::error::{Answer, PortalError};
use super::extract::{Form, Path};
use super::http::{Ctx, page};
use super::session::CsrfForm;
use super::session::lang_query;
use super::session::redirect;
use super::session::secretary;
use super::session::secretary_form;
use super::words::not_now;

/// `POST /links/{index}/replace`: a new personal link; the old one answers 404 from now.
pub async fn replace_link(
    State(state): State<AppState>,
    Path(index): Path<usize>,
    ctx: Ctx,
    Form(form): Form<CsrfForm>,
) -> Answer {
    {
        secretary_form(&state, &ctx, &form.csrf)?;
        let institution = state
            .programme
            .institutions
            .get(index)
            .ok_or_else(|| PortalError::from(PortalProblem::NotFound))?
            .name
            .clone();
        let token = new_token()?;
        state.store().replace_link(&institution, &token)?;
        Ok(redirect(&format!(
            "/links/{index}/done{}",
            lang_query(ctx.lang)
        )))
    }
}

/// `GET /letters/{index}`: a printable letter with the institution's link, and the
/// reminder text to paste.
pub async fn letter(State(state): State<AppState>, Path(index): Path<usize>, ctx: Ctx) -> Answer {
    let secretary = secretary(&state, &ctx)?;
    if state.loopback {
        return Err(not_now(ctx.lang, "links-only-here", Phrase::LinksOnlyHere));
    }
    let (rows, _) = institution_rows(&state, ctx.lang, true)?;
    let row = rows
        .into_iter()
        .nth(index)
        .ok_or_else(|| PortalError::from(PortalProblem::NotFound))?;
    // In the reporting round, a lead institution's letter and reminder are about its
    // report.
    let reporting = super::rounds::round_data(&state)?
        .is_some_and(|data| data.leads.contains_key(&row.institution));
    let (body, steps, reminder) = letter_words(&state, &row, reporting, ctx.lang);
    let frame = ctx
        .frame(&state, row.institution.clone())
        .signed_in(&secretary.csrf);
    let texts = PageTexts::of(ctx.lang);
    page(
        &state,
        &ctx,
        &frame,
        "letter.html",
        context! {
            heading => if reporting { texts.letter_heading_report } else { texts.letter_heading },
            body => body,
            link => row.link,
            steps => steps,
            reminder => reminder,
        },
    )
}

/// A letter's body, its steps and the reminder's body: about the contribution, or in the
/// reporting round for a lead institution, about its report.
fn letter_words(
    state: &AppState,
    row: &InstitutionRow,
    reporting: bool,
    lang: Lang,
) -> (String, String, String) {
    let programme = &state.programme;
    let due = if reporting {
        programme.portal.reports_due
    } else {
        programme.portal.contributions_due
    }
    .map(|d| d.format("%d.%m.%Y").to_string());
    let institution = row.institution.as_str();
    let (title, municipality, link) = (&programme.title, &programme.municipality, &row.link);
    if reporting {
        (
            Phrase::ReportLetterBody {
                institution,
                programme: title,
                municipality,
                due: due.clone(),
            }
            .render(lang),
            Phrase::ReportLetterSteps.render(lang),
            Phrase::ReportReminderBody {
                institution,
                programme: title,
                municipality,
                due,
                link,
            }
            .render(lang),
        )
    } else {
        (
            Phrase::LetterBody {
                institution,
                programme: title,
                municipality,
                due: due.clone(),
            }
            .render(lang),
            Phrase::LetterSteps.render(lang),
            Phrase::ReminderBody {
                institution,
                programme: title,
                municipality,
                due,
                link,
            }
            .render(lang),
        )
    }
}
