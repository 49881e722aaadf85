//! Whether a state-changing request was sent by a page of another site (cross-site request
//! forgery), told from the headers browsers add and pages cannot forge.
//!
//! The secretary's forms also carry a CSRF token; this check covers every state-changing
//! request, the JSON API included, whose routes take the session cookie alone. The rule,
//! for any method but GET, HEAD, OPTIONS and TRACE:
//!
//! 1. `Sec-Fetch-Site` (every current browser sends it): `same-origin` or `none` (typed in
//!    the address bar) pass; anything else is refused.
//! 2. Otherwise `Origin`, or when there is none `Referer`: it passes when its host and port
//!    are the request's `Host`, or when it is the base URL's origin (behind a proxy that
//!    rewrites `Host`); `null` and anything else are refused.
//! 3. A request with none of these headers is not a browser's (a script, `curl`): it passes,
//!    and the session or the link token decides as before.

use axum::http::Method;
use axum::http::header::{self, HeaderMap};
use axum::http::uri::{Authority, Uri};

/// Whether a request must be refused as sent from another site. `base_url` is what the
/// portal's links start with.
///
/// # Examples
///
/// ```
/// use axum::http::{HeaderMap, HeaderValue, Method};
/// use zakrila::serve::origin::from_another_site;
/// let mut headers = HeaderMap::new();
/// headers.insert("host", HeaderValue::from_static("127.0.0.1:8080"));
/// // A script sends neither Origin nor Referer.
/// assert!(!from_another_site(&Method::POST, &headers, "http://127.0.0.1:8080"));
/// headers.insert("origin", HeaderValue::from_static("http://evil.example"));
/// assert!(from_another_site(&Method::POST, &headers, "http://127.0.0.1:8080"));
/// // Reading is never refused.
/// assert!(!from_another_site(&Method::GET, &headers, "http://127.0.0.1:8080"));
/// headers.insert("origin", HeaderValue::from_static("http://127.0.0.1:8080"));
/// assert!(!from_another_site(&Method::POST, &headers, "http://127.0.0.1:8080"));
/// ```
pub fn from_another_site(method: &Method, headers: &HeaderMap, base_url: &str) -> bool {
    if matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    ) {
        return false;
    }
    let text = |name: &str| headers.get(name).map(|value| value.to_str().unwrap_or(""));
    if let Some(site) = text("sec-fetch-site") {
        return !matches!(site.trim(), "same-origin" | "none");
    }
    let Some(sender) = text(header::ORIGIN.as_str()).or_else(|| text(header::REFERER.as_str()))
    else {
        return false;
    };
    let Some(sender) = SiteOrigin::of_url(sender) else {
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<Authority>().ok());
    let same_host = host.is_some_and(|host| {
        host.host().eq_ignore_ascii_case(&sender.host)
            && host.port_u16().unwrap_or(sender.port) == sender.port
    });
    let same_base = SiteOrigin::of_url(base_url).is_some_and(|base| base == sender);
    !(same_host || same_base)
}

/// A web origin: scheme, host (lowercase) and port (the scheme's default when not given).
#[derive(Debug, PartialEq, Eq)]
struct SiteOrigin {
    scheme: String,
    host: String,
    port: u16,
}

impl SiteOrigin {
    /// The origin of an absolute http(s) URL; none for `null` or anything else.
    fn of_url(url: &str) -> Option<SiteOrigin> {
        let uri: Uri = url.trim().parse().ok()?;
        let scheme = uri.scheme_str()?.to_ascii_lowercase();
        let default_port = match scheme.as_str() {
            "http" => 80,
            "https" => 443,
            _ => return None,
        };
        let authority = uri.authority()?;
        Some(SiteOrigin {
            host: authority.host().to_ascii_lowercase(),
            port: authority.port_u16().unwrap_or(default_port),
            scheme,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn refused(pairs: &[(&'static str, &'static str)], base: &str) -> bool {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.insert(*name, HeaderValue::from_static(value));
        }
        from_another_site(&Method::POST, &headers, base)
    }

    const LOCAL: &str = "http://127.0.0.1:8080";

    #[test]
    fn browsers_fetch_metadata_decides_first() {
        let host = ("host", "127.0.0.1:8080");
        assert!(!refused(&[host, ("sec-fetch-site", "same-origin")], LOCAL));
        assert!(!refused(&[host, ("sec-fetch-site", "none")], LOCAL));
        assert!(refused(&[host, ("sec-fetch-site", "cross-site")], LOCAL));
        assert!(refused(&[host, ("sec-fetch-site", "same-site")], LOCAL));
        // A page of ours under `Referrer-Policy: no-referrer` sends `Origin: null`; the
        // fetch metadata says it is ours.
        assert!(!refused(
            &[host, ("sec-fetch-site", "same-origin"), ("origin", "null")],
            LOCAL
        ));
    }

    #[test]
    fn origin_or_referer_must_be_this_site() {
        let host = ("host", "127.0.0.1:8080");
        assert!(!refused(
            &[host, ("origin", "http://127.0.0.1:8080")],
            LOCAL
        ));
        assert!(refused(&[host, ("origin", "http://127.0.0.1:8081")], LOCAL));
        assert!(refused(&[host, ("origin", "http://evil.example")], LOCAL));
        assert!(refused(&[host, ("origin", "null")], LOCAL));
        assert!(refused(&[host, ("origin", "")], LOCAL));
        assert!(!refused(
            &[host, ("referer", "http://127.0.0.1:8080/submissions/3")],
            LOCAL
        ));
        assert!(refused(
            &[host, ("referer", "http://evil.example/127.0.0.1:8080")],
            LOCAL
        ));
        // Origin wins over Referer.
        assert!(refused(
            &[
                host,
                ("origin", "http://evil.example"),
                ("referer", "http://127.0.0.1:8080/")
            ],
            LOCAL
        ));
        // Host names compare without case; default ports are the scheme's.
        assert!(!refused(
            &[
                ("host", "Zakrila.Ruse.bg"),
                ("origin", "https://zakrila.ruse.bg")
            ],
            "https://zakrila.ruse.bg"
        ));
    }

    #[test]
    fn behind_a_proxy_the_base_url_is_this_site() {
        // nginx without `proxy_set_header Host` sends its upstream's address as Host.
        let base = "https://zakrila.ruse.bg";
        let host = ("host", "127.0.0.1:8080");
        assert!(!refused(
            &[host, ("origin", "https://zakrila.ruse.bg")],
            base
        ));
        assert!(refused(&[host, ("origin", "http://zakrila.ruse.bg")], base));
        assert!(refused(&[host, ("origin", "https://evil.ruse.bg")], base));
    }

    #[test]
    fn scripts_without_these_headers_pass() {
        assert!(!refused(&[("host", "127.0.0.1:8080")], LOCAL));
        assert!(!refused(&[], LOCAL));
    }
}
