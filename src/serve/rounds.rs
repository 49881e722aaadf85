//! What a round reads: the contributions round's plan over the kept versions
//! ([`crate::round`]), and the programme a reporting round reads reports against, read once
//! per round and cached.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::catalogue::{Phrase, PortalProblem};
use crate::model::programme_rows::DataRow;
use crate::model::reporting::Expected;
use crate::read::Limits;
use crate::round::{self, Entry};

use super::AppState;
use super::error::{PortalError, missing};
use super::http::Ctx;
use crate::round::KeptVersion;

/// The kind of a kept implementation report.
pub(super) const IMPLEMENTATION: &str = crate::round::AuditAction::Implementation.code();

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
pub(super) fn programme_limits(state: &AppState) -> Limits {
    Limits::for_file_mb(state.max_file_mb.saturating_mul(10))
}

/// The current reporting round, when one was started (read from its programme once).
pub(in crate::serve) fn round_data(
    state: &AppState,
) -> Result<Option<Arc<RoundData>>, PortalError> {
    let Some(round) = state.store().current_round(crate::round::REPORTS)? else {
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
        .blob(&round.programme_sha256)?
        .ok_or_else(|| missing(&round.programme_sha256))?;
    // It was read when the round started, so it reads now.
    let rows = crate::api::programme_rows(bytes, programme_limits(state))?;
    let leads = crate::round::leads(&rows);
    let data = Arc::new(RoundData {
        id: round.id,
        expected: Expected::new(&rows),
        rows,
        leads,
    });
    *cache = Some(Arc::clone(&data));
    Ok(Some(data))
}

pub(super) fn no_round(ctx: &Ctx) -> PortalError {
    PortalError::from(PortalProblem::NotNow {
        code: "no-reporting-round",
        message: Phrase::NoReportingRound.render(ctx.lang),
    })
}

/// The contributions round's plan for every configured institution.
pub(super) fn contributions_plan<'s>(
    state: &'s AppState,
    records: &[KeptVersion],
) -> Vec<Entry<'s>> {
    round::plan_of(&state.institution_names(), records)
}
