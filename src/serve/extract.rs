//! The portal's extractors of a request's path, query, form and JSON body: axum's, with
//! their refusals said as every other refusal of the portal — a page or `{"error",
//! "message"}` in the request's language — instead of axum's English plain text
//! ("Invalid URL: Cannot parse `abc` to a `i64`").
//!
//! A handler takes `Path(id): Path<i64>` as with axum's; only the import differs.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::catalogue::PortalProblem;

use super::error::PortalError;

/// The path's parameters. A path whose parameter is not of its type (`/submissions/abc`)
/// names nothing: 404, as any other address that names nothing.
pub struct Path<T>(pub T);

impl<S, T> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = PortalError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, PortalError> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(_) => Err(PortalProblem::NotFound.into()),
        }
    }
}

/// The query's parameters. A query that is not what the page takes (`?merged=abc`) was
/// altered by hand: 400, saying to open the page again.
pub struct Query<T>(pub T);

impl<S, T> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = PortalError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, PortalError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Query(value)),
            Err(_) => Err(PortalProblem::BadAddress.into()),
        }
    }
}

/// A form's fields. A form that is not what the route takes comes from a script, not from
/// the portal's pages: 400 with axum's reason as the detail, for whoever wrote the script.
pub struct Form<T>(pub T);

impl<S, T> FromRequest<S> for Form<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = PortalError;

    async fn from_request(request: Request, state: &S) -> Result<Self, PortalError> {
        match axum::extract::Form::<T>::from_request(request, state).await {
            Ok(axum::extract::Form(value)) => Ok(Form(value)),
            Err(rejection) => Err(PortalProblem::BadRequest {
                detail: rejection.body_text(),
            }
            .into()),
        }
    }
}

/// A JSON body: as [`Form`], for the JSON API.
pub struct Json<T>(pub T);

impl<S, T> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = PortalError;

    async fn from_request(request: Request, state: &S) -> Result<Self, PortalError> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(Json(value)),
            Err(rejection) => Err(PortalProblem::BadRequest {
                detail: rejection.body_text(),
            }
            .into()),
        }
    }
}

/// A form with a file (`multipart/form-data`). A request that is no such form carries no
/// file: refused as a form sent without one.
pub struct Files(pub axum::extract::Multipart);

impl<S> FromRequest<S> for Files
where
    S: Send + Sync,
{
    type Rejection = PortalError;

    async fn from_request(request: Request, state: &S) -> Result<Self, PortalError> {
        match axum::extract::Multipart::from_request(request, state).await {
            Ok(multipart) => Ok(Files(multipart)),
            Err(_) => Err(PortalProblem::NoFile.into()),
        }
    }
}
