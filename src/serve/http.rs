//! What every answer of the portal shares: the request's language and whether it wants
//! JSON ([`Ctx`]), refusals said as a page or as `{"error", "message"}` (the [`Unsaid`]
//! problem of a [`PortalError`], in [`headers_and_log`]), downloads with Cyrillic names,
//! security headers and the one log line per request.

use std::net::{IpAddr, SocketAddr};
use std::time::Instant;

use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use minijinja::context;

use crate::catalogue::{Lang, PortalProblem};

use super::AppState;
use super::error::{Answer, PortalError, Unsaid, retry_after, status};
use super::extract::Path;
use super::pages::{Frame, STATIC_FILES, render};

/// Room for the multipart framing and small fields around an upload at the size limit.
pub const MULTIPART_SLACK: usize = 64 * 1024;

/// Who asks, in which language, for what kind of answer.
#[derive(Clone, Debug)]
pub struct Ctx {
    /// `?lang=en` gives English; Bulgarian otherwise.
    pub lang: Lang,
    /// `Accept: application/json`, or a route that answers JSON ([`answers_json`]).
    pub json: bool,
    /// The path asked for (for the language switch).
    pub path: String,
    /// The client's address, for slowing failed logins.
    pub address: Option<IpAddr>,
    /// The secretary's session cookie, when sent.
    pub session: Option<String>,
    /// The device cookie of a browser the secretary has signed in from, when sent.
    pub device: Option<String>,
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Ctx, Self::Rejection> {
        Ok(Ctx::of(parts))
    }
}

impl Ctx {
    fn of(parts: &Parts) -> Ctx {
        let english = parts
            .uri
            .query()
            .is_some_and(|query| query.split('&').any(|pair| pair == "lang=en"));
        Ctx {
            lang: if english { Lang::En } else { Lang::Bg },
            json: wants_json(&parts.headers) || parts.extensions.get::<AnswersJson>().is_some(),
            path: parts.uri.path().to_string(),
            address: parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|info| info.0.ip()),
            session: cookie(&parts.headers, super::auth::SESSION_COOKIE),
            device: cookie(&parts.headers, super::auth::DEVICE_COOKIE),
        }
    }

    /// A page's frame for this request.
    pub fn frame(&self, state: &AppState, title: String) -> Frame {
        Frame::new(&state.programme, self.lang, &self.path, title)
    }
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|accept| accept.contains("application/json"))
}

/// The value of a cookie.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
}

/// Says a problem in `lang`, as JSON or as a page; a page that needs the secretary's login
/// is sent there instead.
fn say(problem: &PortalProblem, lang: Lang, json: bool) -> Response {
    let mut response = if *problem == PortalProblem::LoginRequired && !json {
        let location = match lang {
            Lang::Bg => "/login",
            Lang::En => "/login?lang=en",
        };
        (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
    } else if json {
        let body = serde_json::json!({ "error": problem.code(), "message": problem.message(lang) });
        (status(problem), axum::Json(body)).into_response()
    } else {
        (status(problem), Html(problem_page(problem, lang))).into_response()
    };
    if let Some(seconds) = retry_after(problem) {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

/// A problem's page: plain, without the programme's frame, so that it renders even when the
/// database is what failed.
fn problem_page(problem: &PortalProblem, lang: Lang) -> String {
    let (code, title) = match lang {
        Lang::Bg => ("bg", "Заявката не е изпълнена"),
        Lang::En => ("en", "The request was not done"),
    };
    format!(
        "<!doctype html><html lang=\"{code}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><link rel=\"stylesheet\" href=\"/static/style.css\"></head>\
         <body><main class=\"wrap\"><h1>{title}</h1><p class=\"error-box\" role=\"alert\">{}</p>\
         </main></body></html>",
        escape(&problem.message(lang))
    )
}

/// The mark of a route that answers JSON whatever the request accepts (the JSON API's
/// routes but its downloads): its refusals and failures are said as JSON.
#[derive(Clone, Copy, Debug)]
pub struct AnswersJson;

/// Marks a request of a JSON route ([`AnswersJson`]) for its handler's [`Ctx`], and its
/// answer's unsaid problem for [`headers_and_log`].
pub async fn answers_json(mut request: Request, next: Next) -> Response {
    request.extensions_mut().insert(AnswersJson);
    let mut response = next.run(request).await;
    if let Some(unsaid) = response.extensions_mut().get_mut::<Unsaid>() {
        unsaid.json = true;
    }
    response
}

/// Escapes text for HTML (for the one page built without the template engine).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A page from a template.
///
/// # Errors
///
/// A template error becomes 500.
pub fn page(
    state: &AppState,
    ctx: &Ctx,
    frame: &Frame,
    name: &str,
    values: minijinja::Value,
) -> Answer {
    let html = render(&state.env, name, ctx.lang, frame, values)?;
    Ok(Html(html).into_response())
}

/// A page from a template with a status other than 200.
///
/// # Errors
///
/// As [`page`].
pub fn page_with_status(
    state: &AppState,
    ctx: &Ctx,
    frame: &Frame,
    name: &str,
    status: StatusCode,
    values: minijinja::Value,
) -> Answer {
    let mut response = page(state, ctx, frame, name, values)?;
    *response.status_mut() = status;
    Ok(response)
}

/// A file download: the bytes, the content type and a `Content-Disposition` whose
/// `filename*` keeps Cyrillic (RFC 6266), with an ASCII fallback for old programs.
pub fn download(bytes: Vec<u8>, file_name: &str) -> Response {
    let content_type = match file_name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .as_deref()
    {
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("xls") => "application/vnd.ms-excel",
        Some("ods") => "application/vnd.oasis.opendocument.spreadsheet",
        Some("zip") => "application/zip",
        Some("csv") => "text/csv; charset=utf-8",
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Some("md") => "text/markdown; charset=utf-8",
        _ => "application/octet-stream",
    };
    let fallback: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded =
        percent_encoding::utf8_percent_encode(file_name, percent_encoding::NON_ALPHANUMERIC);
    let disposition = format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}");
    let mut response = Response::new(Body::from(bytes));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// A file name as sent by a browser, made safe to keep and show: the last path part (old
/// browsers send `C:\fakepath\…`), without control characters, at most 200 characters.
///
/// # Examples
///
/// ```
/// use zakrila::serve::http::clean_file_name;
/// assert_eq!(clean_file_name("C:\\Users\\Мария\\принос.xlsx"), "принос.xlsx");
/// assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
/// assert_eq!(clean_file_name(""), "file");
/// ```
pub fn clean_file_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last.chars().filter(|c| !c.is_control()).take(200).collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.is_empty() {
        "file".into()
    } else {
        cleaned
    }
}

/// The portal's static files (embedded).
pub async fn static_file(Path(name): Path<String>) -> Answer {
    let Some((_, text, content_type)) = STATIC_FILES.iter().find(|(file, ..)| *file == name) else {
        return Err(PortalProblem::NotFound.into());
    };
    let mut response = Response::new(Body::from(*text));
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    Ok(response)
}

/// `GET /favicon.ico`: the portal's icon, for a browser showing something that is no page.
pub async fn favicon() -> Answer {
    static_file(Path("favicon.svg".to_string())).await
}

/// Any path the portal does not have.
pub async fn not_found() -> PortalError {
    PortalProblem::NotFound.into()
}

/// Answers 413 before reading a body whose declared length is over the upload limit.
pub async fn refuse_oversized(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    let limit = state.max_upload_bytes() + MULTIPART_SLACK as u64;
    if request.method() == Method::POST && declared.is_some_and(|length| length > limit) {
        return PortalError::from(PortalProblem::TooLarge {
            limit_mb: state.max_file_mb,
        })
        .into_response();
    }
    next.run(request).await
}

/// Whether reading a body failed because it fell silent for longer than the body time
/// limit (tower-http's `TimeoutBody`, somewhere in the error's sources).
pub fn fell_silent(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(err);
    while let Some(err) = current {
        if err.is::<tower_http::timeout::TimeoutError>() {
            return true;
        }
        current = err.source();
    }
    false
}

/// Refuses (403) a state-changing request that a page of another site sent
/// ([`super::origin::from_another_site`]), before its body is read or its cookie used.
pub async fn refuse_cross_site(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if super::origin::from_another_site(request.method(), request.headers(), &state.base_url) {
        // Read to its end (within the upload limit) and dropped: answered over unread
        // bytes, the client often gets "connection reset" instead of the refusal.
        let limit = usize::try_from(state.max_upload_bytes())
            .unwrap_or(usize::MAX)
            .saturating_add(MULTIPART_SLACK);
        drain(request.into_body(), limit).await;
        return PortalError::from(PortalProblem::CrossSite).into_response();
    }
    next.run(request).await
}

/// Reads a body to its end, or to `limit` bytes, keeping nothing.
async fn drain(mut body: Body, limit: usize) {
    use axum::body::HttpBody;
    let mut read = 0usize;
    while let Some(Ok(frame)) =
        std::future::poll_fn(|cx| std::pin::Pin::new(&mut body).poll_frame(cx)).await
    {
        read = read.saturating_add(frame.data_ref().map_or(0, |data| data.len()));
        if read > limit {
            break;
        }
    }
}

/// The most characters of a path the log keeps.
const LOGGED_PATH_CHARS: usize = 200;

/// The path as it may be logged: whatever could be a token is left out, however the path
/// is spelled. The path is percent-decoded first (until nothing changes, so `%2530` is read
/// as `0` too); then every part after an `i` or `setup` part (in any case, empty parts
/// skipped: `/I//TOKEN`) is left out, and so is every part holding a run of 16 or more hex
/// digits (`/TOKEN`, `/x-TOKEN.xlsx`). Control characters are dropped and the result is cut
/// at 200 characters.
///
/// # Examples
///
/// ```
/// use zakrila::serve::http::loggable_path;
/// let token = "0123456789abcdef0123456789abcdef01234567";
/// assert_eq!(loggable_path(&format!("/i/{token}/submissions")), "/i/…/submissions");
/// assert_eq!(loggable_path(&format!("/I//{token}")), "/I//…");
/// assert_eq!(loggable_path(&format!("/{token}")), "/…");
/// assert_eq!(loggable_path("/i/%30%31%32%33%34%35%36%37%38%39abcdef0123"), "/i/…");
/// assert_eq!(loggable_path("/setup/0123abcd"), "/setup/…");
/// assert_eq!(loggable_path("/api/v1/submissions/3/original"), "/api/v1/submissions/3/original");
/// ```
pub fn loggable_path(path: &str) -> String {
    let mut decoded = path.to_string();
    for _ in 0..4 {
        let next = percent_encoding::percent_decode_str(&decoded)
            .decode_utf8_lossy()
            .into_owned();
        if next == decoded {
            break;
        }
        decoded = next;
    }
    let mut after_link = false;
    let parts: Vec<String> = decoded
        .split(['/', '\\'])
        .map(|part| {
            let secret = after_link || has_hex_run(part, 16);
            if !part.is_empty() {
                after_link = part.eq_ignore_ascii_case("i") || part.eq_ignore_ascii_case("setup");
            }
            if secret && !part.is_empty() {
                "…".to_string()
            } else {
                part.chars().filter(|c| !c.is_control()).collect()
            }
        })
        .collect();
    parts.join("/").chars().take(LOGGED_PATH_CHARS).collect()
}

/// Whether `text` holds `length` hex digits in a row.
fn has_hex_run(text: &str, length: usize) -> bool {
    let mut run = 0;
    for byte in text.bytes() {
        if byte.is_ascii_hexdigit() {
            run += 1;
            if run >= length {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// Says the problem of a refused or failed request (its [`Unsaid`]) in the request's
/// language, as a page or JSON; adds the security headers to every answer, and logs one line
/// per request on stderr (method, path without tokens and without the query, status,
/// milliseconds).
pub async fn headers_and_log(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = loggable_path(request.uri().path());
    let (parts, body) = request.into_parts();
    let ctx = Ctx::of(&parts);
    let mut response = next.run(Request::from_parts(parts, body)).await;
    // The whole-request time limit answers with an empty 408: say why.
    if response.status() == StatusCode::REQUEST_TIMEOUT
        && !response.headers().contains_key(header::CONTENT_TYPE)
        && response.extensions().get::<Unsaid>().is_none()
    {
        response = say(&PortalProblem::TooSlow, ctx.lang, ctx.json);
    }
    if let Some(unsaid) = response.extensions_mut().remove::<Unsaid>() {
        response = say(&unsaid.problem, ctx.lang, ctx.json || unsaid.json);
    }
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // A personal link must never travel in a Referer header to another site. Within the
    // portal the browser sends it (and a real `Origin` with a form), which the cross-site
    // check reads when a browser sends no `Sec-Fetch-Site`.
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    eprintln!(
        "{} {method} {path} {} {} ms",
        chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ"),
        response.status().as_u16(),
        started.elapsed().as_millis()
    );
    response
}

/// The frame values every page of an institution shares.
pub fn no_values() -> minijinja::Value {
    context! {}
}

/// A `mailto:` link with a subject and a body, to `email` when known (otherwise the mail
/// program asks for the address).
pub fn mailto(email: Option<&str>, subject: &str, body: &str) -> String {
    let encode = |text: &str| {
        percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
    };
    format!(
        "mailto:{}?subject={}&body={}",
        email.map(encode).unwrap_or_default(),
        encode(subject),
        encode(body)
    )
}

/// The counts a merge or a collect kept as JSON (`{"files", "rows", …}`), in words.
pub fn summary_words(kind: &str, summary: &str, lang: Lang) -> String {
    if kind == "merge" {
        crate::round::MergeCounts::read(summary)
            .phrase()
            .render(lang)
    } else {
        crate::round::CollectCounts::read(summary)
            .phrase()
            .render(lang)
    }
}

/// A slot of `semaphore` (the validation pool, or the upload bodies held in memory), waited
/// for.
///
/// # Errors
///
/// When the semaphore was closed (never, while the server runs).
pub async fn slot(
    semaphore: &std::sync::Arc<tokio::sync::Semaphore>,
) -> Result<tokio::sync::OwnedSemaphorePermit, PortalError> {
    Ok(std::sync::Arc::clone(semaphore).acquire_owned().await?)
}
