//! The secretary's session: who is signed in ([`secretary`], [`secretary_form`] with its
//! CSRF token), signing in with the login's spacing ([`sign_in`]), setting the password, and
//! the cookies and redirects every secretary's page shares.

use axum::http::StatusCode;
use axum::http::header::{HeaderValue, LOCATION, SET_COOKIE};
use axum::response::Response;
use serde::Deserialize;

use crate::catalogue::{Lang, PortalProblem};

use super::AppState;
use super::auth::DEVICE_COOKIE;
use super::auth::SESSION_COOKIE;
use super::auth::{hash_password, new_token, password_matches, same_secret, sha256_hex};
use super::error::PortalError;
use super::http::{Ctx, slot};
use super::store::PasswordChange;
use super::throttle::{Client, Turn};

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
    pub(super) session_hash: String,
}

/// The signed-in secretary, or the refusal (a page is sent to the login, JSON gets 401).
pub(super) fn secretary(state: &AppState, ctx: &Ctx) -> Result<Secretary, PortalError> {
    let Some(token) = &ctx.session else {
        return Err(PortalError::from(PortalProblem::LoginRequired));
    };
    let session_hash = sha256_hex(token.as_bytes());
    match state.store().session_csrf(&session_hash) {
        Ok(Some(csrf)) => Ok(Secretary { csrf, session_hash }),
        Ok(None) => Err(PortalError::from(PortalProblem::LoginRequired)),
        Err(err) => Err(PortalError::from(err)),
    }
}

/// As [`secretary`], for a form: its `csrf` field must be the session's.
pub(super) fn secretary_form(
    state: &AppState,
    ctx: &Ctx,
    csrf: &str,
) -> Result<Secretary, PortalError> {
    let secretary = secretary(state, ctx)?;
    if same_secret(&secretary.csrf, csrf) {
        Ok(secretary)
    } else {
        Err(PortalError::from(PortalProblem::BadCsrf))
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

/// A signed-in session: the `Set-Cookie` values to send and the CSRF token for forms.
pub(super) struct SignedIn {
    pub(super) cookies: Vec<String>,
    pub(super) csrf: String,
}

impl SignedIn {
    /// `response` with the cookies set.
    pub(super) fn set_cookies(&self, mut response: Response) -> Response {
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
pub(super) fn cookie_value(
    state: &AppState,
    name: &str,
    value: &str,
    max_age_seconds: i64,
) -> String {
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
pub(super) async fn sign_in(
    state: &AppState,
    ctx: &Ctx,
    password: &str,
) -> Result<SignedIn, PortalError> {
    let client = login_client(state, ctx);
    match state.throttle.book(&client, std::time::Instant::now()) {
        Turn::After(wait) => {
            if !wait.is_zero() {
                tokio::time::sleep(wait).await;
            }
        }
        Turn::Refused(retry) => {
            return Err(PortalError::from(PortalProblem::TooManyAttempts {
                retry_seconds: retry.as_secs_f64().ceil() as u64,
            }));
        }
    }
    let hash = state.store().setting(PASSWORD_SETTING)?;
    let password = password.to_string();
    // Argon2 takes 19 MiB and most of a core: one check per core at a time.
    let permit = slot(&state.pool).await?;
    let matches = tokio::task::spawn_blocking(move || {
        let matches = hash.is_some_and(|hash| password_matches(&hash, &password));
        drop(permit);
        matches
    })
    .await
    .unwrap_or(false);
    if !matches {
        let _ = state
            .store()
            .audit("anyone", crate::round::AuditAction::LoginFailed, None, None);
        return Err(PortalError::from(PortalProblem::LoginRequired));
    }
    state.throttle.succeeded(&client);
    let (token, csrf) = session_tokens()?;
    let store = state.store();
    store.add_session(&sha256_hex(token.as_bytes()), &csrf, SESSION_HOURS)?;
    store.audit("secretary", crate::round::AuditAction::Login, None, None)?;
    drop(store);
    let mut cookies = vec![cookie_value(
        state,
        SESSION_COOKIE,
        &token,
        SESSION_HOURS * 3600,
    )];
    if matches!(client, Client::Anonymous(_)) {
        cookies.push(new_device_cookie(state)?);
    }
    Ok(SignedIn { cookies, csrf })
}

/// A new session's token and CSRF token.
fn session_tokens() -> Result<(String, String), PortalError> {
    let token = new_token()?;
    let csrf = new_token()?;
    Ok((token, csrf))
}

/// A device cookie for this browser, remembered in the store.
fn new_device_cookie(state: &AppState) -> Result<String, PortalError> {
    let device = new_token()?;
    state.store().add_device(&sha256_hex(device.as_bytes()))?;
    Ok(cookie_value(
        state,
        DEVICE_COOKIE,
        &device,
        DEVICE_DAYS * 24 * 3600,
    ))
}

/// Whether a one-time setup token is the one stored.
pub(super) fn setup_token_valid(state: &AppState, token: &str) -> bool {
    state
        .store()
        .setting(SETUP_SETTING)
        .ok()
        .flatten()
        .is_some_and(|stored| same_secret(&stored, &sha256_hex(token.as_bytes())))
}

/// Sets a new password (hashed off the async threads) and starts a session with it, in one
/// transaction that also ends every other session and, with `setup`, uses up the setup
/// token. None when `setup` is no longer the stored token.
pub(super) async fn set_password(
    state: &AppState,
    ctx: &Ctx,
    password: &str,
    setup: Option<&str>,
) -> Result<Option<SignedIn>, PortalError> {
    let password = password.to_string();
    let permit = slot(&state.pool).await?;
    let hash = tokio::task::spawn_blocking(move || {
        let hash = hash_password(&password);
        drop(permit);
        hash
    })
    .await??;
    let (token, csrf) = session_tokens()?;
    let token_hash = sha256_hex(token.as_bytes());
    let set = state.store().set_password(&PasswordChange {
        password_key: PASSWORD_SETTING,
        hash: &hash,
        setup_key: SETUP_SETTING,
        setup,
        end_sessions: true,
        session: Some((&token_hash, &csrf, SESSION_HOURS)),
        actor: "secretary",
        detail: None,
    })?;
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
        cookies.push(new_device_cookie(state)?);
    }
    Ok(Some(SignedIn { cookies, csrf }))
}

pub(super) fn lang_amp(lang: Lang) -> &'static str {
    match lang {
        Lang::Bg => "",
        Lang::En => "&lang=en",
    }
}

/// A form with only the CSRF token (logout, collect, a new link).
#[derive(Deserialize, Default)]
pub struct CsrfForm {
    #[serde(default)]
    pub(super) csrf: String,
}
