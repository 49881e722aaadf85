//! One error for every answer of the portal ([`PortalError`]), as realworld-axum-sqlx's
//! `http::Error`: a refusal the user can act on is a [`PortalProblem`]; anything else is the
//! server's own failure, kept with its cause.
//!
//! Before this type, each handler turned each failure into a 500 itself, and most of them
//! dropped the cause (`.map_err(|_| …Internal)`): a 500 said nothing in the log. Now a
//! handler uses `?` on the store, a writer, a reader, a worker thread or the randomness,
//! and the failure is logged once, with every cause, where it becomes a response
//! ([`PortalError::into_response`]). The answer itself — a page or `{"error", "message"}`,
//! in the request's language — is rendered by [`crate::serve::http::headers_and_log`],
//! which knows the request: this response only carries the problem to say.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::catalogue::PortalProblem;

use super::auth::SecretError;
use super::store::StoreError;

/// Why a request was not done.
#[derive(Debug, thiserror::Error)]
pub enum PortalError {
    /// A refusal the user can act on (a wrong link, a missing login, a file too large …),
    /// said by the catalogue in the request's language.
    #[error("refused: {}", .0.code())]
    Refused(PortalProblem),
    /// The store failed (a full disk, a locked or damaged database).
    #[error("the store failed")]
    Store(#[from] StoreError),
    /// A page could not be rendered (a template's bug).
    #[error("a page could not be rendered")]
    Template(#[from] minijinja::Error),
    /// A workbook or an archive could not be made.
    #[error("a workbook or an archive could not be made")]
    Write(#[from] crate::write::WriteError),
    /// A council document could not be made of a kept workbook.
    #[error("a council document could not be made")]
    Document(#[from] crate::api::DocumentFailure),
    /// A workbook the portal kept and read once cannot be read back.
    #[error("a kept workbook cannot be read back")]
    Data(#[from] crate::contract::programme::DataError),
    /// A file the store refers to is not in it.
    #[error("the kept file {sha256} is missing")]
    MissingFile {
        /// The SHA-256 the store refers to.
        sha256: String,
    },
    /// A record the portal wrote or found a moment ago is not in the store any more.
    #[error("{what} is not in the store")]
    Vanished {
        /// What was looked for.
        what: String,
    },
    /// No randomness for a token, or a password could not be hashed.
    #[error("a secret could not be made")]
    Secret(#[from] SecretError),
    /// A blocking task panicked or was cancelled.
    #[error("a worker thread failed")]
    Worker(#[from] tokio::task::JoinError),
    /// The pool of workers was closed (never while the server runs).
    #[error("the pool of workers is closed")]
    Closed(#[from] tokio::sync::AcquireError),
    /// A kept check could not be given as JSON.
    #[error("a kept check is no JSON")]
    Json(#[from] serde_json::Error),
}

/// What a handler returns.
pub type Answer = Result<Response, PortalError>;

impl From<PortalProblem> for PortalError {
    fn from(problem: PortalProblem) -> PortalError {
        PortalError::Refused(problem)
    }
}

impl From<getrandom::Error> for PortalError {
    fn from(err: getrandom::Error) -> PortalError {
        PortalError::Secret(SecretError::Random(err))
    }
}

impl PortalError {
    /// The problem the user is told: the refusal, or for any failure of the server's own,
    /// [`PortalProblem::Internal`].
    pub fn problem(&self) -> PortalProblem {
        match self {
            PortalError::Refused(problem) => problem.clone(),
            _ => PortalProblem::Internal,
        }
    }

    /// Whether this is a refusal of `problem`'s kind (compared by its code).
    pub fn is(&self, problem: &PortalProblem) -> bool {
        matches!(self, PortalError::Refused(refused) if refused.code() == problem.code())
    }
}

/// A problem not said yet: carried on the response to [`crate::serve::http::headers_and_log`],
/// which says it in the request's language, as a page or as JSON.
#[derive(Clone, Debug)]
pub struct Unsaid {
    /// The problem.
    pub problem: PortalProblem,
    /// Whether the route answers JSON whatever the request accepts (set by
    /// [`crate::serve::http::answers_json`]).
    pub json: bool,
}

impl IntoResponse for PortalError {
    /// The response of a failure: its status, and the problem to say. A failure of the
    /// server's own is logged here, once, with every cause; the user is told it failed,
    /// not why.
    fn into_response(self) -> Response {
        if !matches!(self, PortalError::Refused(_)) {
            eprintln!("internal error: {}", crate::system::chain(&self));
        }
        let problem = self.problem();
        let mut response = Response::new(axum::body::Body::empty());
        *response.status_mut() = status(&problem);
        response.extensions_mut().insert(Unsaid {
            problem,
            json: false,
        });
        response
    }
}

/// The HTTP status of a problem.
pub fn status(problem: &PortalProblem) -> StatusCode {
    match problem {
        PortalProblem::NotFound => StatusCode::NOT_FOUND,
        PortalProblem::LoginRequired => StatusCode::UNAUTHORIZED,
        PortalProblem::BadCsrf | PortalProblem::CrossSite => StatusCode::FORBIDDEN,
        PortalProblem::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        PortalProblem::NoFile
        | PortalProblem::BadAddress
        | PortalProblem::BadRequest { .. }
        | PortalProblem::Unusable { .. } => StatusCode::BAD_REQUEST,
        PortalProblem::NotNow { .. } => StatusCode::CONFLICT,
        PortalProblem::TooManyAttempts { .. } | PortalProblem::QuotaReached { .. } => {
            StatusCode::TOO_MANY_REQUESTS
        }
        PortalProblem::TooSlow => StatusCode::REQUEST_TIMEOUT,
        PortalProblem::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The `Retry-After` seconds of a refusal that passes with time.
pub fn retry_after(problem: &PortalProblem) -> Option<u64> {
    match problem {
        PortalProblem::TooManyAttempts { retry_seconds }
        | PortalProblem::QuotaReached { retry_seconds, .. } => Some(*retry_seconds),
        _ => None,
    }
}

/// A record the portal wrote or found a moment ago and cannot find now.
pub fn vanished(what: impl Into<String>) -> PortalError {
    PortalError::Vanished { what: what.into() }
}

/// A missing file the store refers to.
pub fn missing(sha256: &str) -> PortalError {
    PortalError::MissingFile {
        sha256: sha256.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_is_said_as_internal_and_keeps_its_cause() {
        let err = PortalError::from(StoreError::NoDatabase {
            path: "данни".into(),
        });
        assert_eq!(err.problem(), PortalProblem::Internal);
        let said = crate::system::chain(&err);
        assert!(
            said.starts_with("the store failed: данни holds no"),
            "{said}"
        );
        let response = err.into_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(response.extensions().get::<Unsaid>().is_some());
        let refused = PortalError::from(PortalProblem::NotFound);
        assert!(refused.is(&PortalProblem::NotFound));
        assert_eq!(refused.into_response().status(), StatusCode::NOT_FOUND);
    }
}
