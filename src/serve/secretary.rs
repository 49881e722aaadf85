//! The secretary's side: login, the dashboard, a version's page and its review, links and
//! letters, the merge, and the JSON API over the same.

use axum::Json;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::{HeaderValue, LOCATION, SET_COOKIE};
use axum::response::{IntoResponse, Response};
use minijinja::context;
use serde::{Deserialize, Serialize};

use crate::catalogue::{Lang, Phrase, PortalProblem};

use super::AppState;
use super::auth::{
    MIN_PASSWORD_CHARS, hash_password, institution_of, new_token, password_matches, same_secret,
    sha256_hex,
};
use super::http::{
    Answer, Ctx, Failure, download, mailto, page, page_with_status, slot, summary_words,
};
use super::institution::ROUND;
use super::pages::{local_time, report_view};
use super::plan::{self, not_now, state_word};
use super::store::PasswordChange;
use super::store::SubmissionRecord;
use super::throttle::{Client, Turn};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "zakrila_session";
/// The device cookie's name: set in a browser the secretary signed in from, so that its
/// login attempts never wait behind a guesser's ([`super::throttle`]).
pub const DEVICE_COOKIE: &str = "zakrila_device";
/// How long a device cookie lasts: 400 days, the most browsers keep one.
const DEVICE_DAYS: i64 = 400;
/// The setting holding the password's Argon2id hash.
pub const PASSWORD_SETTING: &str = "admin_password";
/// The setting holding the SHA-256 of the one-time setup token.
pub const SETUP_SETTING: &str = "setup_token";
/// How long a session lasts.
const SESSION_HOURS: i64 = 12;

/// A signed-in secretary: the session's CSRF token.
pub(super) struct Secretary {
    pub(super) csrf: String,
    session_hash: String,
}

/// The signed-in secretary, or the refusal (a page is sent to the login, JSON gets 401).
pub(super) fn secretary(state: &AppState, ctx: &Ctx) -> Result<Secretary, Failure> {
    let Some(token) = &ctx.session else {
        return Err(ctx.fail(PortalProblem::LoginRequired));
    };
    let session_hash = sha256_hex(token.as_bytes());
    match state.store().session_csrf(&session_hash) {
        Ok(Some(csrf)) => Ok(Secretary { csrf, session_hash }),
        Ok(None) => Err(ctx.fail(PortalProblem::LoginRequired)),
        Err(err) => Err(internal(ctx)(err)),
    }
}

/// As [`secretary`], for a form: its `csrf` field must be the session's.
pub(super) fn secretary_form(
    state: &AppState,
    ctx: &Ctx,
    csrf: &str,
) -> Result<Secretary, Failure> {
    let secretary = secretary(state, ctx)?;
    if same_secret(&secretary.csrf, csrf) {
        Ok(secretary)
    } else {
        Err(ctx.fail(PortalProblem::BadCsrf))
    }
}

pub(super) fn lang_query(lang: Lang) -> &'static str {
    match lang {
        Lang::Bg => "",
        Lang::En => "?lang=en",
    }
}

pub(super) fn redirect(location: &str) -> Response {
    let mut response = Response::new(axum::body::Body::empty());
    *response.status_mut() = StatusCode::SEE_OTHER;
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(LOCATION, value);
    }
    response
}

pub(super) fn internal(ctx: &Ctx) -> impl Fn(super::store::StoreError) -> Failure + '_ {
    move |err| {
        eprintln!("store: {err}");
        ctx.fail(PortalProblem::Internal)
    }
}

// ---- login, logout, setup, password ----

/// `GET /login`.
pub async fn login_page(State(state): State<AppState>, ctx: Ctx) -> Answer {
    let frame = ctx.frame(&state, page_title("login_heading", ctx.lang));
    page(&state, &ctx, &frame, "login.html", context! {})
}

fn page_title(key: &str, lang: Lang) -> String {
    crate::catalogue::page_texts(lang)
        .get(key)
        .copied()
        .unwrap_or_default()
        .to_string()
}

/// The login form's fields.
#[derive(Deserialize)]
pub struct PasswordForm {
    password: String,
    #[serde(default)]
    csrf: String,
}

/// A signed-in session: the `Set-Cookie` values to send and the CSRF token for forms.
pub(super) struct SignedIn {
    cookies: Vec<String>,
    csrf: String,
}

impl SignedIn {
    /// `response` with the cookies set.
    fn set_cookies(&self, mut response: Response) -> Response {
        for cookie in &self.cookies {
            if let Ok(value) = HeaderValue::from_str(cookie) {
                response.headers_mut().append(SET_COOKIE, value);
            }
        }
        response
    }
}

/// A cookie's `Set-Cookie` value: `HttpOnly`, `SameSite=Strict`, for the whole portal, and
/// `Secure` when the portal is served over https.
fn cookie_value(state: &AppState, name: &str, value: &str, max_age_seconds: i64) -> String {
    let secure = if state.secure_cookies { "; Secure" } else { "" };
    format!("{name}={value}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age_seconds}{secure}")
}

/// Who is attempting to sign in, as the throttle tells them apart: a browser with a known
/// device cookie, or anyone by address.
fn login_client(state: &AppState, ctx: &Ctx) -> Client {
    let known = ctx.device.as_deref().and_then(|token| {
        let hash = sha256_hex(token.as_bytes());
        match state.store().is_device(&hash) {
            Ok(true) => Some(hash),
            _ => None,
        }
    });
    match known {
        Some(hash) => Client::Device(hash),
        None => Client::Anonymous(ctx.address),
    }
}

/// Checks a password once its turn has come ([`super::throttle`]); on success starts a
/// session, and gives its cookies (and a device cookie for a browser that has none) and its
/// CSRF token.
async fn sign_in(state: &AppState, ctx: &Ctx, password: &str) -> Result<SignedIn, Failure> {
    let client = login_client(state, ctx);
    match state.throttle.book(&client, std::time::Instant::now()) {
        Turn::After(wait) => {
            if !wait.is_zero() {
                tokio::time::sleep(wait).await;
            }
        }
        Turn::Refused(retry) => {
            return Err(ctx.fail(PortalProblem::TooManyAttempts {
                retry_seconds: retry.as_secs_f64().ceil() as u64,
            }));
        }
    }
    let hash = state
        .store()
        .setting(PASSWORD_SETTING)
        .map_err(internal(ctx))?;
    let password = password.to_string();
    // Argon2 takes 19 MiB and most of a core: one check per core at a time.
    let permit = slot(&state.pool, ctx).await?;
    let matches = tokio::task::spawn_blocking(move || {
        let matches = hash.is_some_and(|hash| password_matches(&hash, &password));
        drop(permit);
        matches
    })
    .await
    .unwrap_or(false);
    if !matches {
        let _ = state.store().audit("anyone", "login-failed", None, None);
        return Err(ctx.fail(PortalProblem::LoginRequired));
    }
    state.throttle.succeeded(&client);
    let (token, csrf) = session_tokens(ctx)?;
    let store = state.store();
    store
        .add_session(&sha256_hex(token.as_bytes()), &csrf, SESSION_HOURS)
        .map_err(internal(ctx))?;
    store
        .audit("secretary", "login", None, None)
        .map_err(internal(ctx))?;
    drop(store);
    let mut cookies = vec![cookie_value(
        state,
        SESSION_COOKIE,
        &token,
        SESSION_HOURS * 3600,
    )];
    if matches!(client, Client::Anonymous(_)) {
        cookies.push(new_device_cookie(state, ctx)?);
    }
    Ok(SignedIn { cookies, csrf })
}

/// A new session's token and CSRF token.
fn session_tokens(ctx: &Ctx) -> Result<(String, String), Failure> {
    let token = new_token().map_err(|_| ctx.fail(PortalProblem::Internal))?;
    let csrf = new_token().map_err(|_| ctx.fail(PortalProblem::Internal))?;
    Ok((token, csrf))
}

/// A device cookie for this browser, remembered in the store.
fn new_device_cookie(state: &AppState, ctx: &Ctx) -> Result<String, Failure> {
    let device = new_token().map_err(|_| ctx.fail(PortalProblem::Internal))?;
    state
        .store()
        .add_device(&sha256_hex(device.as_bytes()))
        .map_err(internal(ctx))?;
    Ok(cookie_value(
        state,
        DEVICE_COOKIE,
        &device,
        DEVICE_DAYS * 24 * 3600,
    ))
}

/// `POST /login` (form).
pub async fn login_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<PasswordForm>,
) -> Answer {
    match sign_in(&state, &ctx, &form.password).await {
        Ok(signed_in) => Ok(signed_in.set_cookies(redirect(&format!("/{}", lang_query(ctx.lang))))),
        Err(failure) if failure.problem == PortalProblem::LoginRequired => {
            let frame = ctx.frame(&state, page_title("login_heading", ctx.lang));
            page_with_status(
                &state,
                &ctx,
                &frame,
                "login.html",
                StatusCode::UNAUTHORIZED,
                context! { problem => Phrase::WrongPassword.render(ctx.lang) },
            )
        }
        Err(failure) if matches!(failure.problem, PortalProblem::TooManyAttempts { .. }) => {
            let frame = ctx.frame(&state, page_title("login_heading", ctx.lang));
            let retry = failure.retry_after();
            let mut response = page_with_status(
                &state,
                &ctx,
                &frame,
                "login.html",
                StatusCode::TOO_MANY_REQUESTS,
                context! { problem => failure.problem.message(ctx.lang) },
            )?;
            if let Some(seconds) = retry {
                response
                    .headers_mut()
                    .insert(axum::http::header::RETRY_AFTER, HeaderValue::from(seconds));
            }
            Ok(response)
        }
        Err(failure) => Err(failure),
    }
}

/// The JSON login's body.
#[derive(Deserialize)]
pub struct LoginJson {
    password: String,
}

/// `POST /api/v1/login`: sets the session cookie; the body gives the CSRF token for forms.
pub async fn login_json(
    State(state): State<AppState>,
    mut ctx: Ctx,
    Json(body): Json<LoginJson>,
) -> Answer {
    ctx.json = true;
    let signed_in = sign_in(&state, &ctx, &body.password).await?;
    let response = Json(serde_json::json!({ "csrf": signed_in.csrf })).into_response();
    Ok(signed_in.set_cookies(response))
}

/// The CSRF-only form.
#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

/// `POST /logout`.
pub async fn logout(State(state): State<AppState>, ctx: Ctx, Form(form): Form<CsrfForm>) -> Answer {
    {
        let secretary = secretary_form(&state, &ctx, &form.csrf)?;
        let _ = state.store().end_sessions(Some(&secretary.session_hash));
        let mut response = redirect(&format!("/login{}", lang_query(ctx.lang)));
        if let Ok(value) = HeaderValue::from_str(&cookie_value(&state, SESSION_COOKIE, "", 0)) {
            response.headers_mut().insert(SET_COOKIE, value);
        }
        Ok(response)
    }
}

/// Whether a one-time setup token is the one stored.
fn setup_token_valid(state: &AppState, token: &str) -> bool {
    state
        .store()
        .setting(SETUP_SETTING)
        .ok()
        .flatten()
        .is_some_and(|stored| same_secret(&stored, &sha256_hex(token.as_bytes())))
}

/// `GET /setup/{token}`: the one-time page to choose the password.
pub async fn setup_page(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ctx: Ctx,
) -> Answer {
    if !setup_token_valid(&state, &token) {
        return Err(ctx.fail(PortalProblem::NotFound));
    }
    let frame = ctx.frame(&state, page_title("setup_heading", ctx.lang));
    page(
        &state,
        &ctx,
        &frame,
        "setup.html",
        context! { setup_token => token },
    )
}

/// `POST /setup/{token}`: sets the password and signs in. The token is used up in the
/// transaction that sets the password and starts the session, so however many requests
/// carry it at once, one sets a password and gets a session; the others get 404.
pub async fn setup_form(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ctx: Ctx,
    Form(form): Form<PasswordForm>,
) -> Answer {
    if !setup_token_valid(&state, &token) {
        return Err(ctx.fail(PortalProblem::NotFound));
    }
    if form.password.chars().count() < MIN_PASSWORD_CHARS {
        let frame = ctx.frame(&state, page_title("setup_heading", ctx.lang));
        return page_with_status(
            &state,
            &ctx,
            &frame,
            "setup.html",
            StatusCode::BAD_REQUEST,
            context! { setup_token => token, problem => Phrase::PasswordTooShort.render(ctx.lang) },
        );
    }
    let setup = sha256_hex(token.as_bytes());
    let signed_in = set_password(&state, &ctx, &form.password, Some(&setup)).await?;
    let Some(signed_in) = signed_in else {
        return Err(ctx.fail(PortalProblem::NotFound));
    };
    Ok(signed_in.set_cookies(redirect(&format!("/{}", lang_query(ctx.lang)))))
}

/// Sets a new password (hashed off the async threads) and starts a session with it, in one
/// transaction that also ends every other session and, with `setup`, uses up the setup
/// token. None when `setup` is no longer the stored token.
async fn set_password(
    state: &AppState,
    ctx: &Ctx,
    password: &str,
    setup: Option<&str>,
) -> Result<Option<SignedIn>, Failure> {
    let password = password.to_string();
    let permit = slot(&state.pool, ctx).await?;
    let hash = tokio::task::spawn_blocking(move || {
        let hash = hash_password(&password);
        drop(permit);
        hash
    })
    .await
    .map_err(|_| ctx.fail(PortalProblem::Internal))?
    .map_err(|_| ctx.fail(PortalProblem::Internal))?;
    let (token, csrf) = session_tokens(ctx)?;
    let token_hash = sha256_hex(token.as_bytes());
    let set = state
        .store()
        .set_password(&PasswordChange {
            password_key: PASSWORD_SETTING,
            hash: &hash,
            setup_key: SETUP_SETTING,
            setup,
            end_sessions: true,
            session: Some((&token_hash, &csrf, SESSION_HOURS)),
            actor: "secretary",
            detail: None,
        })
        .map_err(internal(ctx))?;
    if !set {
        return Ok(None);
    }
    let mut cookies = vec![cookie_value(
        state,
        SESSION_COOKIE,
        &token,
        SESSION_HOURS * 3600,
    )];
    if !matches!(login_client(state, ctx), Client::Device(_)) {
        cookies.push(new_device_cookie(state, ctx)?);
    }
    Ok(Some(SignedIn { cookies, csrf }))
}

/// `POST /password`: a new password; every session ends, this one starts again.
pub async fn change_password(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<PasswordForm>,
) -> Answer {
    secretary_form(&state, &ctx, &form.csrf)?;
    if form.password.chars().count() < MIN_PASSWORD_CHARS {
        return dashboard_with(
            &state,
            &ctx,
            Some(Phrase::PasswordTooShort.render(ctx.lang)),
            DashboardQuery::default(),
        )
        .await;
    }
    let signed_in = set_password(&state, &ctx, &form.password, None)
        .await?
        .ok_or_else(|| ctx.fail(PortalProblem::Internal))?;
    Ok(signed_in.set_cookies(redirect(&format!("/{}", lang_query(ctx.lang)))))
}

// ---- the dashboard ----

/// One institution's row of the dashboard (and of `GET /api/v1/institutions`).
#[derive(Serialize)]
struct InstitutionRow {
    index: usize,
    institution: String,
    /// The state of its latest version (of its own), or `none`.
    state: &'static str,
    state_word: &'static str,
    versions: usize,
    latest: Option<LatestView>,
    /// The version the merge takes, when it takes one.
    taken: Option<TakenView>,
    late: bool,
    link: String,
    /// A reminder, for an institution the merge takes nothing from.
    mailto: Option<String>,
}

#[derive(Serialize)]
struct LatestView {
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
struct TakenView {
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
            reason: "the operating system gave no random bytes".into(),
        });
    }
    Ok(links)
}

/// Every configured institution with its link (made when missing), its versions and what
/// the merge takes from it.
fn institution_rows(
    state: &AppState,
    lang: Lang,
    local_times: bool,
) -> Result<Vec<InstitutionRow>, super::store::StoreError> {
    let links = current_links(state)?;
    let records = state.store().submissions(ROUND)?;
    let plan = plan::contributions_plan(state, &records);
    let due = state.programme.portal.contributions_due;
    let today = chrono::Local::now().date_naive();
    let record = |id: i64| records.iter().find(|record| record.id == id);
    Ok(links
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
                        && plan::state_of(record) != crate::round::State::Moved
                })
                .map(|record| record.uploaded_at.as_str());
            let late = due.is_some_and(|due| {
                today > due
                    && first_sent.is_none_or(|sent| {
                        chrono::DateTime::parse_from_rfc3339(sent)
                            .is_ok_and(|sent| sent.date_naive() > due)
                    })
            });
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
        .collect())
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
    let (_, summary) = state.store().merge_record(id).ok()??;
    Some((
        summary_words("merge", &summary, lang),
        plan::left_out_words(&summary, lang),
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
/// are held, unreadable or returned.
fn headline(rows: &[InstitutionRow], lang: Lang) -> (String, Vec<StateCount>) {
    let submitted = rows
        .iter()
        .filter(|row| {
            matches!(row.state, "errors" | "submitted" | "accepted" | "returned")
                || row.taken.is_some()
        })
        .count();
    let headline = Phrase::SubmittedOf {
        submitted,
        total: rows.len(),
    }
    .render(lang);
    let counts = ["held", "unreadable", "returned"]
        .into_iter()
        .filter_map(|state| {
            let count = rows.iter().filter(|row| row.state == state).count();
            (count > 0).then(|| StateCount {
                state,
                words: Phrase::StateCount { state, count }.render(lang),
            })
        })
        .collect();
    (headline, counts)
}

async fn dashboard_with(
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
    let rows = institution_rows(state, ctx.lang, true).map_err(internal(ctx))?;
    let (headline, attention) = headline(&rows, ctx.lang);
    let frame = ctx
        .frame(state, page_title("dashboard", ctx.lang))
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
            reporting => super::reporting::dashboard_section(state, ctx, collected)?,
            round_started => super::reporting::started_words(state, ctx, round)?,
            mail => super::mail::routes::dashboard_section(state, ctx)?,
        },
    )
}

/// `GET /api/v1/institutions`.
pub async fn institutions_json(State(state): State<AppState>, mut ctx: Ctx) -> Answer {
    ctx.json = true;
    secretary(&state, &ctx)?;
    let rows = institution_rows(&state, ctx.lang, false).map_err(internal(&ctx))?;
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

// ---- one version ----

pub(super) fn record_or_404(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<SubmissionRecord, Failure> {
    state
        .store()
        .submission(id)
        .map_err(internal(ctx))?
        .ok_or_else(|| ctx.fail(PortalProblem::NotFound))
}

/// `GET /submissions/{id}`: a version's findings, files and review; for a held version,
/// the decision on whose it is.
pub async fn submission_page(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    ctx: Ctx,
) -> Answer {
    let secretary = secretary(&state, &ctx)?;
    let mut record = record_or_404(&state, &ctx, id)?;
    let json = state
        .store()
        .submission_report(id, ctx.lang == Lang::En)
        .map_err(internal(&ctx))?
        .unwrap_or_default();
    let records = state
        .store()
        .submissions_with_bytes(&record.round, &record.sha256)
        .map_err(internal(&ctx))?;
    let mut report = report_view(&record, &json, ctx.lang);
    report.notes = plan::notes(&record, &records, ctx.lang);
    if record.round != ROUND {
        // A report counts indicators.
        let total = super::reporting::round_data(&state, &ctx)?
            .and_then(|data| data.leads.get(&record.institution).copied())
            .unwrap_or(0);
        report.counts = Phrase::ReportedOf {
            reported: usize::try_from(record.rows).unwrap_or(0),
            total,
        }
        .render(ctx.lang);
    }
    let version = plan::version_of(&record);
    let state_code = version.state();
    let sent_by = page_title(&format!("sent_by_{}", record.sent_by), ctx.lang);
    record.uploaded_at = local_time(&record.uploaded_at);
    let frame = ctx
        .frame(
            &state,
            format!("{}, {}", record.institution, record.file_name),
        )
        .signed_in(&secretary.csrf);
    page(
        &state,
        &ctx,
        &frame,
        "submission.html",
        context! {
            held => version.is_held(),
            readable => version.kind == crate::round::Kind::Readable,
            record => record,
            report => report,
            sent_by => sent_by,
            state => state_code.code(),
            state_word => state_word(state_code, ctx.lang),
        },
    )
}

/// The review form.
#[derive(Deserialize)]
pub struct ReviewForm {
    decision: String,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    csrf: String,
}

fn decision(value: &str) -> Option<&'static str> {
    match value {
        "accept" => Some("accepted"),
        "return" => Some("returned"),
        _ => None,
    }
}

/// `POST /submissions/{id}/review` (form).
pub async fn review_form(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    ctx: Ctx,
    Form(form): Form<ReviewForm>,
) -> Answer {
    {
        secretary_form(&state, &ctx, &form.csrf)?;
        review(&state, &ctx, id, &form.decision, &form.comment)?;
        Ok(redirect(&format!(
            "/submissions/{id}/done{}",
            lang_query(ctx.lang)
        )))
    }
}

/// The JSON review's body.
#[derive(Deserialize)]
pub struct ReviewJson {
    decision: String,
    #[serde(default)]
    comment: String,
}

/// `POST /api/v1/submissions/{id}/review`.
pub async fn review_json(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    mut ctx: Ctx,
    Json(body): Json<ReviewJson>,
) -> Answer {
    ctx.json = true;
    {
        secretary(&state, &ctx)?;
        review(&state, &ctx, id, &body.decision, &body.comment)?;
        let record = record_or_404(&state, &ctx, id)?;
        Ok(Json(record).into_response())
    }
}

fn review(state: &AppState, ctx: &Ctx, id: i64, value: &str, comment: &str) -> Result<(), Failure> {
    let Some(decision) = decision(value) else {
        return Err(ctx.fail(PortalProblem::BadRequest {
            detail: "decision: accept | return".into(),
        }));
    };
    if decision == "accepted" {
        let version = plan::version_of(&record_or_404(state, ctx, id)?);
        if version.is_held() {
            return Err(not_now(ctx, "held", Phrase::AcceptHeld));
        }
        if version.kind != crate::round::Kind::Readable {
            return Err(not_now(ctx, "unreadable", Phrase::AcceptUnreadable));
        }
    }
    let comment: String = comment.trim().chars().take(4000).collect();
    if state
        .store()
        .review_with(id, decision, &comment, &mut |connection, id, _| {
            super::mail::returned(state, connection, id)
        })
        .map_err(internal(ctx))?
    {
        Ok(())
    } else {
        Err(ctx.fail(PortalProblem::NotFound))
    }
}

/// `?token=` on a download: an institution's own files.
#[derive(Deserialize)]
pub struct TokenQuery {
    token: Option<String>,
}

/// Who may download a version: the secretary, or the institution whose link sent it. Asked
/// before the version is looked up, so that nobody learns which ids exist.
fn may_download_any(state: &AppState, ctx: &Ctx, token: Option<&str>) -> Result<(), Failure> {
    match token {
        Some(_) => Ok(()), // checked against the version's institution below
        None => secretary(state, ctx).map(|_| ()),
    }
}

/// Who may download a version: the secretary, or the institution whose link sent it.
fn may_download(
    state: &AppState,
    ctx: &Ctx,
    token: Option<&str>,
    record: &SubmissionRecord,
) -> Result<(), Failure> {
    match token {
        Some(token) => {
            let links = state
                .store()
                .current_links()
                .map_err(|err| internal(ctx)(err))?;
            // Another institution's token gets the same 404 as a wrong one.
            if institution_of(&links, token) == Some(record.institution.as_str()) {
                Ok(())
            } else {
                Err(ctx.fail(PortalProblem::NotFound))
            }
        }
        None => secretary(state, ctx).map(|_| ()),
    }
}

/// `GET /api/v1/submissions/{id}/original`: the file as sent.
pub async fn original(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(query): Query<TokenQuery>,
    ctx: Ctx,
) -> Answer {
    {
        may_download_any(&state, &ctx, query.token.as_deref())?;
        let record = record_or_404(&state, &ctx, id)?;
        may_download(&state, &ctx, query.token.as_deref(), &record)?;
        let bytes = state
            .store()
            .blob(&record.sha256)
            .map_err(internal(&ctx))?
            .ok_or_else(|| ctx.fail(PortalProblem::NotFound))?;
        Ok(download(bytes, &record.file_name))
    }
}

/// `GET /api/v1/submissions/{id}/annotated`: the marked-up copy (`validate --annotate`).
pub async fn annotated(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(query): Query<TokenQuery>,
    ctx: Ctx,
) -> Answer {
    may_download_any(&state, &ctx, query.token.as_deref())?;
    let record = record_or_404(&state, &ctx, id)?;
    may_download(&state, &ctx, query.token.as_deref(), &record)?;
    // A marked-up copy is a contribution's (`validate --annotate`); a report's findings are
    // on its page.
    if record.round != ROUND {
        return Err(ctx.fail(PortalProblem::NotFound));
    }
    // A file that is no contribution has no marked-up copy: its one sentence says why.
    if let Some(sentence) = plan::unreadable_sentence(&record, None, ctx.lang) {
        return Err(ctx.fail(PortalProblem::NotNow {
            code: "unreadable",
            message: sentence,
        }));
    }
    let bytes = state
        .store()
        .blob(&record.sha256)
        .map_err(internal(&ctx))?
        .ok_or_else(|| ctx.fail(PortalProblem::NotFound))?;
    let permit = slot(&state.pool, &ctx).await?;
    let worker = state.clone();
    let lang = ctx.lang;
    let name = record.file_name.clone();
    let made = tokio::task::spawn_blocking(move || {
        let submission =
            crate::api::validate_for_copy(&worker.programme, &name, bytes, worker.limits);
        let made = crate::api::annotate(&submission, &worker.programme, lang);
        drop(permit);
        made
    })
    .await;
    match made {
        Ok(Ok(bytes)) => Ok(download(
            bytes,
            &crate::write::annotated::copy_name(std::path::Path::new(&record.file_name)),
        )),
        _ => Err(ctx.fail(PortalProblem::Internal)),
    }
}

// ---- links and letters ----

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
            .ok_or_else(|| ctx.fail(PortalProblem::NotFound))?
            .name
            .clone();
        let token = new_token().map_err(|_| ctx.fail(PortalProblem::Internal))?;
        state
            .store()
            .replace_link(&institution, &token)
            .map_err(internal(&ctx))?;
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
        return Err(not_now(&ctx, "links-only-here", Phrase::LinksOnlyHere));
    }
    {
        let rows = institution_rows(&state, ctx.lang, true).map_err(internal(&ctx))?;
        let row = rows
            .into_iter()
            .nth(index)
            .ok_or_else(|| ctx.fail(PortalProblem::NotFound))?;
        let programme = &state.programme;
        // In the reporting round, a lead institution's letter and reminder are about its
        // report.
        let reporting = super::reporting::round_data(&state, &ctx)?
            .is_some_and(|data| data.leads.contains_key(&row.institution));
        let due = if reporting {
            programme.portal.reports_due
        } else {
            programme.portal.contributions_due
        }
        .map(|d| d.format("%d.%m.%Y").to_string());
        let (body, steps, reminder) = if reporting {
            (
                Phrase::ReportLetterBody {
                    institution: &row.institution,
                    programme: &programme.title,
                    municipality: &programme.municipality,
                    due: due.clone(),
                }
                .render(ctx.lang),
                Phrase::ReportLetterSteps.render(ctx.lang),
                Phrase::ReportReminderBody {
                    institution: &row.institution,
                    programme: &programme.title,
                    municipality: &programme.municipality,
                    due,
                    link: &row.link,
                }
                .render(ctx.lang),
            )
        } else {
            (
                Phrase::LetterBody {
                    institution: &row.institution,
                    programme: &programme.title,
                    municipality: &programme.municipality,
                    due: due.clone(),
                }
                .render(ctx.lang),
                Phrase::LetterSteps.render(ctx.lang),
                Phrase::ReminderBody {
                    institution: &row.institution,
                    programme: &programme.title,
                    municipality: &programme.municipality,
                    due,
                    link: &row.link,
                }
                .render(ctx.lang),
            )
        };
        let frame = ctx
            .frame(&state, row.institution.clone())
            .signed_in(&secretary.csrf);
        page(
            &state,
            &ctx,
            &frame,
            "letter.html",
            context! {
                heading => crate::catalogue::page_texts(ctx.lang)
                    .get(if reporting { "letter_heading_report" } else { "letter_heading" })
                    .copied()
                    .unwrap_or_default(),
                body => body,
                link => row.link,
                steps => steps,
                reminder => reminder,
            },
        )
    }
}

// ---- merge ----

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
    let mut ctx = ctx;
    let checked = if from_form {
        let csrf = form.map(|Form(form)| form.csrf).unwrap_or_default();
        secretary_form(&state, &ctx, &csrf)
    } else {
        ctx.json = true;
        secretary(&state, &ctx)
    };
    checked?;
    let (chosen, left_out) = chosen_versions(&state).map_err(internal(&ctx))?;
    let permit = slot(&state.pool, &ctx).await?;
    let worker = state.clone();
    let lang = ctx.lang;
    let made = tokio::task::spawn_blocking(move || {
        let made = merge_versions(&worker, &chosen, &left_out, lang);
        drop(permit);
        made
    })
    .await;
    let Ok(Ok((id, bytes, summary))) = made else {
        return Err(ctx.fail(PortalProblem::Internal));
    };
    if from_form {
        return Ok(redirect(&format!("/?merged={id}{}", lang_amp(ctx.lang))));
    }
    let mut response = download(bytes, &merge_file_name(&state));
    if let Ok(value) = HeaderValue::from_str(&ascii_json(&summary)) {
        response.headers_mut().insert("x-zakrila-summary", value);
    }
    Ok(response)
}

pub(super) fn lang_amp(lang: Lang) -> &'static str {
    match lang {
        Lang::Bg => "",
        Lang::En => "&lang=en",
    }
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
        Some((sha256, _)) => store.blob(&sha256),
        None => Ok(None),
    });
    match found {
        Ok(Some(bytes)) => Ok(download(bytes, &merge_file_name(&state))),
        Ok(None) => Err(ctx.fail(PortalProblem::NotFound)),
        Err(err) => Err(internal(&ctx)(err)),
    }
}

/// The versions the merge takes (the rule of [`crate::round`]), in config order, and the
/// institutions it leaves out.
fn chosen_versions(
    state: &AppState,
) -> Result<(Vec<SubmissionRecord>, Vec<plan::LeftOut>), super::store::StoreError> {
    let records = state.store().submissions(ROUND)?;
    let plan = plan::contributions_plan(state, &records);
    let chosen = plan::taken_ids(&plan)
        .into_iter()
        .filter_map(|id| records.iter().find(|record| record.id == id).cloned())
        .collect();
    Ok((chosen, plan::left_out(&plan)))
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
    chosen: &[SubmissionRecord],
    left_out: &[plan::LeftOut],
    lang: Lang,
) -> Result<(i64, Vec<u8>, String), String> {
    let mut submissions = Vec::with_capacity(chosen.len());
    for record in chosen {
        let bytes = state
            .store()
            .blob(&record.sha256)
            .map_err(|err| err.to_string())?
            .ok_or("a kept file is missing")?;
        submissions.push(crate::api::validate(
            &state.programme,
            &record.file_name,
            bytes,
            state.limits,
        ));
    }
    let (merged, summary) = crate::api::merge(&state.programme, submissions);
    let bytes = crate::api::programme_workbook(merged, &state.programme, lang)
        .map_err(|err| err.to_string())?;
    let summary_json = serde_json::json!({
        "files": summary.files,
        "rows": summary.rows,
        "accepted": summary.accepted,
        "rejected": summary.rejected,
        "skipped": summary.skipped,
        "left_out": left_out,
    })
    .to_string();
    let ids: Vec<i64> = chosen.iter().map(|record| record.id).collect();
    let id = state
        .store()
        .add_merge(&bytes, &sha256_hex(&bytes), &ids, &summary_json)
        .map_err(|err| err.to_string())?;
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
