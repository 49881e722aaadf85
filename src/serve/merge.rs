//! The merge in the portal: the versions the round's rule takes ([`crate::round`]) merged
//! into the programme workbook, kept, and downloaded again.

use axum::extract::{Form, State};
use axum::http::header::HeaderValue;
use serde::Deserialize;

use crate::catalogue::{Lang, PortalProblem};

use super::AppState;
use super::auth::sha256_hex;
use super::error::{Answer, PortalError, missing};
use super::extract::Path;
use super::http::{Ctx, download, slot};
use super::rounds;
use super::session::lang_amp;
use super::session::redirect;
use super::session::secretary;
use super::session::secretary_form;
use crate::round::KeptVersion;

/// The merge form (the JSON route has no body).
#[derive(Deserialize, Default)]
pub struct MergeForm {
    #[serde(default)]
    csrf: String,
}

/// `POST /merge` (form) and `POST /api/v1/merge`: the programme from each institution's
/// latest accepted version (or latest version), as `zakrila merge` makes it from the same
/// files, kept in the store. The API answers with the workbook and its counts in
/// `X-Zakrila-Summary`; the form goes back to the dashboard, which shows the counts in
/// words and the link to the workbook.
pub async fn merge(
    State(state): State<AppState>,
    ctx: Ctx,
    form: Result<Form<MergeForm>, axum::extract::rejection::FormRejection>,
) -> Answer {
    let from_form = !ctx.path.starts_with("/api/");
    let checked = if from_form {
        let csrf = form.map(|Form(form)| form.csrf).unwrap_or_default();
        secretary_form(&state, &ctx, &csrf)
    } else {
        secretary(&state, &ctx)
    };
    checked?;
    let (chosen, left_out) = chosen_versions(&state)?;
    let permit = slot(&state.pool).await?;
    let worker = state.clone();
    let lang = ctx.lang;
    let made = tokio::task::spawn_blocking(move || {
        let made = merge_versions(&worker, &chosen, &left_out, lang);
        drop(permit);
        made
    })
    .await??;
    let (id, bytes, summary) = made;
    if from_form {
        return Ok(redirect(&format!("/?merged={id}{}", lang_amp(ctx.lang))));
    }
    let mut response = download(bytes, &merge_file_name(&state));
    if let Ok(value) = HeaderValue::from_str(&ascii_json(&summary)) {
        response.headers_mut().insert("x-zakrila-summary", value);
    }
    Ok(response)
}

fn merge_file_name(state: &AppState) -> String {
    format!("програма-{}.xlsx", state.programme.municipality_code)
}

/// `GET /merges/{id}`: a kept merge's workbook.
pub async fn merge_download(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    ctx: Ctx,
) -> Answer {
    secretary(&state, &ctx)?;
    let store = state.store();
    let found = store.merge_record(id).and_then(|record| match record {
        Some(merge) => store.blob(&merge.sha256),
        None => Ok(None),
    });
    match found {
        Ok(Some(bytes)) => Ok(download(bytes, &merge_file_name(&state))),
        Ok(None) => Err(PortalError::from(PortalProblem::NotFound)),
        Err(err) => Err(PortalError::from(err)),
    }
}

/// The versions the merge takes (the rule of [`crate::round`]), in config order, and the
/// institutions it leaves out.
fn chosen_versions(
    state: &AppState,
) -> Result<(Vec<KeptVersion>, Vec<crate::round::LeftOut>), super::store::StoreError> {
    let records = state.store().submissions(crate::round::CONTRIBUTIONS)?;
    let plan = rounds::contributions_plan(state, &records);
    let chosen = crate::round::taken(&plan, &records)
        .into_iter()
        .cloned()
        .collect();
    Ok((chosen, crate::round::left_out(&plan)))
}

/// JSON with every character past ASCII written as `\uXXXX`, so that it can travel in an
/// HTTP header (institution names are Cyrillic). The same JSON value, read back.
///
/// Only strings hold such characters in JSON, and `\uXXXX` (UTF-16, surrogate pairs above
/// the BMP) is how a JSON string may write any of them.
fn ascii_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
}

/// Merges the chosen versions with the library, keeps the workbook, and gives its id, its
/// bytes and its counts as JSON (with what was left out).
fn merge_versions(
    state: &AppState,
    chosen: &[KeptVersion],
    left_out: &[crate::round::LeftOut],
    lang: Lang,
) -> Result<(i64, Vec<u8>, String), PortalError> {
    let mut submissions = Vec::with_capacity(chosen.len());
    for record in chosen {
        let bytes = state
            .store()
            .blob(&record.sha256)?
            .ok_or_else(|| missing(&record.sha256))?;
        submissions.push(crate::api::validate(
            &state.programme,
            &record.file_name,
            bytes,
            state.limits,
        ));
    }
    let (merged, summary) = crate::api::merge(&state.programme, submissions);
    let bytes = crate::api::programme_workbook(merged, &state.programme, lang)?;
    let summary_json = crate::round::MergeCounts::of(&summary, left_out.to_vec()).json();
    let ids: Vec<i64> = chosen.iter().map(|record| record.id).collect();
    let id = state
        .store()
        .add_merge(&bytes, &sha256_hex(&bytes), &ids, &summary_json)?;
    Ok((id, bytes, summary_json))
}

#[cfg(test)]
mod tests {
    use super::ascii_json;

    #[test]
    fn a_summary_in_a_header_is_ascii_and_reads_back_the_same() {
        let value = serde_json::json!({ "institution": "РУО – Русе „Ц“ 𝔸", "n": 1 });
        let ascii = ascii_json(&value.to_string());
        assert!(ascii.is_ascii(), "{ascii}");
        assert!(axum::http::HeaderValue::from_str(&ascii).is_ok());
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&ascii).unwrap(),
            value
        );
    }
}
