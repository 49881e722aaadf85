//! The secretary's login, logout, first-run setup and password change: each a form page
//! and, for login, the JSON API's call.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::{HeaderValue, SET_COOKIE};
use axum::response::IntoResponse;
use minijinja::context;
use serde::Deserialize;

use crate::catalogue::{PageTexts, Phrase, PortalProblem};

use super::AppState;
use super::auth::SESSION_COOKIE;
use super::auth::{MIN_PASSWORD_CHARS, sha256_hex};
use super::dashboard::{DashboardQuery, dashboard_with};
use super::error::{Answer, PortalError, vanished};
use super::extract::{Form, Json as JsonBody, Path};
use super::http::{Ctx, page, page_with_status};
use super::session::CsrfForm;
use super::session::cookie_value;
use super::session::lang_query;
use super::session::redirect;
use super::session::secretary_form;
use super::session::set_password;
use super::session::setup_token_valid;
use super::session::sign_in;

/// `GET /login`.
pub async fn login_page(State(state): State<AppState>, ctx: Ctx) -> Answer {
    let frame = ctx.frame(&state, PageTexts::of(ctx.lang).login_heading.to_string());
    page(&state, &ctx, &frame, "login.html", context! {})
}

/// The login form's fields.
#[derive(Deserialize)]
pub struct PasswordForm {
    password: String,
    #[serde(default)]
    csrf: String,
}

/// `POST /login` (form).
pub async fn login_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<PasswordForm>,
) -> Answer {
    match sign_in(&state, &ctx, &form.password).await {
        Ok(signed_in) => Ok(signed_in.set_cookies(redirect(&format!("/{}", lang_query(ctx.lang))))),
        Err(PortalError::Refused(PortalProblem::LoginRequired)) => {
            let frame = ctx.frame(&state, PageTexts::of(ctx.lang).login_heading.to_string());
            page_with_status(
                &state,
                &ctx,
                &frame,
                "login.html",
                StatusCode::UNAUTHORIZED,
                context! { problem => Phrase::WrongPassword.render(ctx.lang) },
            )
        }
        Err(PortalError::Refused(problem @ PortalProblem::TooManyAttempts { retry_seconds })) => {
            let frame = ctx.frame(&state, PageTexts::of(ctx.lang).login_heading.to_string());
            let mut response = page_with_status(
                &state,
                &ctx,
                &frame,
                "login.html",
                StatusCode::TOO_MANY_REQUESTS,
                context! { problem => problem.message(ctx.lang) },
            )?;
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                HeaderValue::from(retry_seconds),
            );
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
    ctx: Ctx,
    JsonBody(body): JsonBody<LoginJson>,
) -> Answer {
    let signed_in = sign_in(&state, &ctx, &body.password).await?;
    let response = Json(serde_json::json!({ "csrf": signed_in.csrf })).into_response();
    Ok(signed_in.set_cookies(response))
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

/// `GET /setup/{token}`: the one-time page to choose the password.
pub async fn setup_page(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ctx: Ctx,
) -> Answer {
    if !setup_token_valid(&state, &token) {
        return Err(PortalError::from(PortalProblem::NotFound));
    }
    let frame = ctx.frame(&state, PageTexts::of(ctx.lang).setup_heading.to_string());
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
        return Err(PortalError::from(PortalProblem::NotFound));
    }
    if form.password.chars().count() < MIN_PASSWORD_CHARS {
        let frame = ctx.frame(&state, PageTexts::of(ctx.lang).setup_heading.to_string());
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
        return Err(PortalError::from(PortalProblem::NotFound));
    };
    Ok(signed_in.set_cookies(redirect(&format!("/{}", lang_query(ctx.lang)))))
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
        .ok_or_else(|| vanished("the password just set"))?;
    Ok(signed_in.set_cookies(redirect(&format!("/{}", lang_query(ctx.lang)))))
}
