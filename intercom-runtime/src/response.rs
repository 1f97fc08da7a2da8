//! A decoded response with its HTTP metadata.

use std::sync::OnceLock;

use bytes::Bytes;
use http::header::HeaderMap;
use http::StatusCode;
use serde::Deserialize;

use crate::decode::Mismatch;
use crate::error::header_request_id;
use crate::rate_limit::RateLimit;

/// A successful response: the decoded value plus status, headers, raw body, rate limit and
/// the number of attempts it took.
#[derive(Debug, Clone)]
pub struct Response<T> {
    pub(crate) value: T,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    pub(crate) rate_limit: RateLimit,
    pub(crate) attempts: u32,
    pub(crate) mismatches: Vec<Mismatch>,
    /// Looked up lazily: the body is only scanned when the header is missing.
    pub(crate) request_id: OnceLock<Option<String>>,
}

impl<T> Response<T> {
    /// The decoded value.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The decoded value, mutably.
    pub fn value_mut(&mut self) -> &mut T {
        &mut self.value
    }

    /// Takes the decoded value, dropping the metadata.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The raw body bytes (empty for [`send_empty`](crate::Request::send_empty)).
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// Intercom's request id: the `X-Request-Id` header, else the body's `request_id`.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id
            .get_or_init(|| {
                header_request_id(&self.headers).or_else(|| body_request_id(&self.body))
            })
            .as_deref()
    }

    /// The `X-RateLimit-*` headers of this response.
    pub fn rate_limit(&self) -> &RateLimit {
        &self.rate_limit
    }

    /// The values of the body that did not fit their field's type, in document order (empty
    /// when the body matched). Each field concerned reads as `None` in [`value`](Response::value)
    /// (or its list lacks the item); the value is kept here with its JSON Pointer, so nothing
    /// the server sent is lost: see [`decode::restore`](crate::decode::restore).
    pub fn mismatches(&self) -> &[Mismatch] {
        &self.mismatches
    }

    /// How many attempts the call took (1 when the first one succeeded).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Transforms the value, keeping the metadata.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            value: f(self.value),
            status: self.status,
            headers: self.headers,
            body: self.body,
            rate_limit: self.rate_limit,
            attempts: self.attempts,
            mismatches: self.mismatches,
            request_id: self.request_id,
        }
    }
}

/// The top-level `request_id` of a JSON body; other fields are skipped without allocating.
fn body_request_id(body: &[u8]) -> Option<String> {
    #[derive(Deserialize)]
    struct WithRequestId {
        request_id: Option<String>,
    }
    serde_json::from_slice::<WithRequestId>(body)
        .ok()?
        .request_id
}
