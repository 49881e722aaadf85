//! The reporting round's sections of two pages: the institution's (its reporting workbook
//! and the reports it sent) and the dashboard's (who reported, the collect).

use minijinja::context;
use serde::Serialize;

use crate::catalogue::{Lang, Phrase};

use super::AppState;
use super::error::PortalError;
use super::http::{Ctx, mailto, summary_words};
use super::pages::{local_time, report_view};
use super::rounds::IMPLEMENTATION;
use super::rounds::round_data;
use super::words;
use crate::round::KeptVersion;

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
) -> Result<Option<minijinja::Value>, PortalError> {
    let Some(data) = round_data(state)? else {
        return Ok(None);
    };
    let Some(&indicators) = data.leads.get(institution) else {
        return Ok(Some(context! {
            nothing => Phrase::NothingToReport.render(ctx.lang),
        }));
    };
    let versions: Vec<KeptVersion> = state
        .store()
        .reports_of_round(data.id)?
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
                .submission_report(record.id, ctx.lang == Lang::En)?
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
    let late = crate::round::overdue(due, chrono::Local::now().date_naive(), !versions.is_empty());
    Ok(Some(context! {
        indicators => indicators,
        due => due.map(|d| d.format("%d.%m.%Y").to_string()),
        late => late,
        shown => shown_view,
        versions => rows,
    }))
}

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

/// The `mailto:` of a reminder to report, to the contact of the institution's latest
/// contribution when it gave one.
fn report_reminder(
    state: &AppState,
    institution: &str,
    contributions: &[KeptVersion],
    link: &str,
    lang: Lang,
) -> String {
    let email = contributions
        .iter()
        .find(|record| record.institution == institution && record.contact_email.is_some())
        .and_then(|record| record.contact_email.clone());
    let subject = Phrase::ReportReminderSubject {
        programme: &state.programme.title,
    }
    .render(lang);
    let body = Phrase::ReportReminderBody {
        institution,
        programme: &state.programme.title,
        municipality: &state.programme.municipality,
        due: state
            .programme
            .portal
            .reports_due
            .map(|d| d.format("%d.%m.%Y").to_string()),
        link,
    }
    .render(lang);
    mailto(email.as_deref(), &subject, &body)
}

/// The reporting part of the dashboard, when a round is on.
pub(super) fn dashboard_section(
    state: &AppState,
    ctx: &Ctx,
    collected: Option<i64>,
) -> Result<Option<minijinja::Value>, PortalError> {
    let Some(data) = round_data(state)? else {
        return Ok(None);
    };
    let records = state.store().reports_of_round(data.id)?;
    let links = state.store().current_links()?;
    let contributions = state.store().submissions(crate::round::CONTRIBUTIONS)?;
    let due = state.programme.portal.reports_due;
    let today = chrono::Local::now().date_naive();
    let names: Vec<&str> = data.leads.keys().map(String::as_str).collect();
    let plan = crate::round::plan_of(&names, &records);
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
        let mailto = (taken.is_none() && !state.loopback)
            .then(|| report_reminder(state, institution, &contributions, &link, ctx.lang));
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
                crate::catalogue::PageTexts::of(ctx.lang).state_no_report
            } else {
                words::state_word(entry.state, ctx.lang)
            },
            versions: entry.versions,
            latest_id: latest.map(|record| record.id),
            latest_version: latest.map(|record| record.version),
            latest_at: latest.map(|record| local_time(&record.uploaded_at)),
            errors: latest.map_or(0, |record| record.errors),
            late: crate::round::overdue(due, today, latest.is_some()),
            mailto,
        });
    }
    let sent = rows.iter().filter(|row| row.versions > 0).count();
    let collected = match collected {
        Some(id) => state
            .store()
            .output(IMPLEMENTATION, Some(id))?
            .map(|output| context! { id => output.id, counts => summary_words(IMPLEMENTATION, &output.summary, ctx.lang) }),
        None => None,
    };
    // The newest implementation report, for its workbook and its document at any time.
    let latest = state
        .store()
        .output(IMPLEMENTATION, None)?
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
    lang: Lang,
    round: Option<i64>,
) -> Result<Option<String>, PortalError> {
    let Some(id) = round else {
        return Ok(None);
    };
    Ok(round_data(state)?.filter(|data| data.id == id).map(|data| {
        Phrase::RoundPlan {
            leads: data.leads.len(),
            indicators: data.leads.values().sum(),
        }
        .render(lang)
    }))
}
