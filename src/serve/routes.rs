//! Every route of the portal and the layers around them: the one place that knows which
//! handler answers which path. Nothing in `serve/` depends on this file.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{get, post};
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};

use super::{
    AppState, audit, confirm, council, dashboard, decide, exports, http, institution, links,
    listen, login, mail, merge, plan, reporting, versions,
};

/// The router of every page and API route over a state, with the time limits of
/// `limits` on request bodies and whole requests.
pub fn router(state: AppState, limits: &listen::ServerLimits) -> Router {
    let upload_limit = usize::try_from(state.max_upload_bytes())
        .unwrap_or(usize::MAX)
        .saturating_add(http::MULTIPART_SLACK);
    Router::new()
        .merge(secretary_pages())
        .merge(institution_pages())
        .merge(downloads())
        .merge(json_api())
        .route("/static/{file}", get(http::static_file))
        .route("/favicon.ico", get(http::favicon))
        .fallback(http::not_found)
        .layer(DefaultBodyLimit::max(upload_limit))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            http::refuse_oversized,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            http::refuse_cross_site,
        ))
        // A body silent for `body_timeout` fails its read (the handler answers 408); a
        // request that takes longer than `request_timeout` as a whole is answered 408 and
        // its connection closed.
        .layer(RequestBodyTimeoutLayer::new(limits.body_timeout))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            limits.request_timeout,
        ))
        .layer(axum::middleware::from_fn(http::headers_and_log))
        .with_state(state)
}

/// The secretary's pages and forms.
fn secretary_pages() -> Router<AppState> {
    Router::new()
        .route("/", get(dashboard::dashboard))
        .route("/login", get(login::login_page).post(login::login_form))
        .route("/logout", post(login::logout))
        .route(
            "/setup/{token}",
            get(login::setup_page).post(login::setup_form),
        )
        .route("/password", post(login::change_password))
        .route("/submissions/{id}", get(versions::submission_page))
        .route("/submissions/{id}/review", post(versions::review_form))
        .route("/submissions/{id}/done", get(confirm::version_done))
        .route("/links/{index}/replace", post(links::replace_link))
        .route("/links/{index}/done", get(confirm::link_done))
        .route("/letters/{index}", get(links::letter))
        .route("/submissions", post(decide::add))
        .route("/submissions/{id}/decide", post(decide::decide_form))
        .route("/merge", get(plan::merge_page).post(merge::merge))
        .route("/merges/{id}", get(merge::merge_download))
        .route("/merges/{id}/document", get(council::merge_document))
        .route("/outputs/{id}/document", get(council::report_document))
        .route("/text", get(council::text_page).post(council::text_form))
        .route("/text/versions/{id}", get(council::text_version))
        .route(
            "/reporting",
            get(plan::reporting_page).post(reporting::start),
        )
        .route("/mail/links", post(mail::routes::links_form))
        .route("/mail/reminders", post(mail::routes::reminders_form))
        .route("/mail/retry", post(mail::routes::retry_form))
        .route("/mail/addresses/{index}", post(mail::routes::address_form))
        .route("/reporting/check", post(plan::reporting_check))
        .route("/collect", post(reporting::collect))
        .route("/outputs/{id}", get(reporting::output_download))
        .route("/audit", get(audit::audit_page))
}

/// The pages behind an institution's personal link.
fn institution_pages() -> Router<AppState> {
    Router::new()
        .route("/i/{token}", get(institution::show))
        .route("/i/{token}/report", get(reporting::report_workbook))
        .route("/i/{token}/reports", post(reporting::upload_report))
        .route("/i/{token}/template", get(institution::template))
        .route("/i/{token}/submissions", post(institution::upload))
}

/// The API's downloads: they answer a refusal as the client asks (a page or JSON).
fn downloads() -> Router<AppState> {
    Router::new()
        .route("/api/v1/export.zip", get(exports::export_zip))
        .route("/api/v1/files.zip", get(exports::files_zip))
        .route("/api/v1/submissions/{id}/original", get(versions::original))
        .route(
            "/api/v1/submissions/{id}/annotated",
            get(versions::annotated),
        )
}

/// The routes that answer JSON whatever the request accepts: the JSON API but its
/// downloads.
fn json_api() -> Router<AppState> {
    Router::new()
        .route("/api/v1/login", post(login::login_json))
        .route("/api/v1/institutions", get(dashboard::institutions_json))
        .route(
            "/api/v1/submissions/{id}/review",
            post(versions::review_json),
        )
        .route("/api/v1/submissions", post(decide::add))
        .route("/api/v1/submissions/{id}/decide", post(decide::decide_json))
        .route("/api/v1/merge", post(merge::merge))
        .route("/api/v1/reporting", post(reporting::start))
        .route("/api/v1/collect", post(reporting::collect))
        .route("/api/v1/audit", get(audit::audit_json))
        .route("/api/v1/mail/links", post(mail::routes::links_json))
        .route("/api/v1/mail/reminders", post(mail::routes::reminders_json))
        .route("/api/v1/mail/addresses", post(mail::routes::address_json))
        .route("/api/v1/mail/outbox", get(mail::routes::outbox_json))
        .route("/api/v1/mail/retry", post(mail::routes::retry_json))
        .route(
            "/api/v1/text",
            get(council::text_json).post(council::text_save_json),
        )
        .route_layer(axum::middleware::from_fn(http::answers_json))
}
