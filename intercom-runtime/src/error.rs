//! The SDK's error type.

use std::fmt;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::header::HeaderMap;
use http::StatusCode;
use serde::Deserialize;

use crate::decode::Failure;
use crate::rate_limit::RateLimit;
use crate::retry::retry_after;
use crate::search::QueryError;

/// A boxed error kept as the `source()` of an [`Error`].
pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Everything that can go wrong when calling the Intercom API.
///
/// The access token never appears in this type's `Display` or `Debug` output. The helper
/// methods answer the usual questions without matching on variants:
///
/// ```no_run
/// use std::time::Duration;
///
/// # async fn run(client: intercom_api::Client) -> intercom_api::Result<()> {
/// match client.contacts().get("6762f0cd1bb69f9f2193bb7c").await {
///     Ok(contact) => println!("{:?}", contact.email),
///     Err(e) if e.is_not_found() => println!("no such contact"),
///     Err(e) if e.is_rate_limited() => {
///         let wait = e.retry_after().unwrap_or(Duration::from_secs(10));
///         println!("rate limited; try again in {wait:?}");
///     }
///     Err(e) => {
///         eprintln!("{e} (code {:?}, request {:?})", e.code(), e.request_id());
///         return Err(e);
///     }
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with a non-success status.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// A success response whose body did not match the expected type.
    #[error(transparent)]
    Decode(Box<DecodeError>),
    /// No complete response arrived within the request's timeout.
    #[error("the request to Intercom timed out")]
    Timeout,
    /// The connection failed (DNS, TCP, TLS, reset, closed mid-response, ...).
    #[error("the connection to the Intercom API failed")]
    Transport(#[source] BoxError),
    /// The request could not be built: body serialisation, a header or the URL.
    #[error("could not build the request")]
    Encode(#[source] BoxError),
    /// The client was misconfigured (missing token, bad base URL, ...).
    #[error("invalid client configuration: {0}")]
    Config(String),
    /// A scroll (`GET /companies/scroll`) failed part-way. Intercom expires a failed
    /// scroll, so it is only retried after a 429 (the API did not act on it): restart the
    /// scroll from the beginning. The cause is the `source()`, also reachable with
    /// [`Error::scroll_cause`].
    #[error("the scroll failed and must be restarted from the beginning")]
    Scroll(#[source] Box<Error>),
    /// Local I/O failed: writing a download, or opening a file to upload.
    #[error("local I/O failed")]
    Io(#[from] std::io::Error),
    /// A search query broke one of Intercom's documented limits; nothing was sent.
    #[error(transparent)]
    InvalidQuery(#[from] QueryError),
}

impl Error {
    /// The HTTP status of the response behind this error, if one arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::Scroll(e) => e.status(),
            _ => None,
        }
    }

    /// Whether the API answered `404 Not Found`.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }

    /// Whether the API answered `429 Too Many Requests`; see
    /// [`retry_after`](Error::retry_after) for how long to wait.
    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(StatusCode::TOO_MANY_REQUESTS)
    }

    /// Whether the API answered `401 Unauthorized`: the token is missing, invalid or revoked.
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(StatusCode::UNAUTHORIZED)
    }

    /// Whether the API answered `403 Forbidden`: the token lacks a permission (the error's
    /// `data` often lists the `required_permissions`).
    pub fn is_forbidden(&self) -> bool {
        self.status() == Some(StatusCode::FORBIDDEN)
    }

    /// How long to wait before sending again, for a `429` or `503` response: its
    /// `Retry-After` (seconds or HTTP date), else the time until `X-RateLimit-Reset`, both
    /// measured from now (also for the cause of a failed scroll, which must wait before it
    /// restarts). `None` for other errors or when neither header was sent.
    pub fn retry_after(&self) -> Option<Duration> {
        let api = self.as_api()?;
        if api.status != StatusCode::TOO_MANY_REQUESTS
            && api.status != StatusCode::SERVICE_UNAVAILABLE
        {
            return None;
        }
        let now = SystemTime::now();
        retry_after(&api.headers, now).or_else(|| api.rate_limit.until_reset(now))
    }

    /// The first Intercom error code of an API error, e.g. `not_found`, `unauthorized`,
    /// `parameter_invalid` or `rate_limit_exceeded`; `None` when the body had none (an HTML
    /// 502, an empty 503) or the error is not from the API.
    pub fn code(&self) -> Option<&str> {
        self.as_api()?.code()
    }

    /// Intercom's request id (`X-Request-Id` header or the body's `request_id`), if known.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            Error::Decode(e) => e.request_id.as_deref(),
            Error::Scroll(e) => e.request_id(),
            _ => None,
        }
    }

    /// The rate-limit headers of the response behind this error, if one arrived.
    pub fn rate_limit(&self) -> Option<&RateLimit> {
        match self {
            Error::Api(e) => Some(&e.rate_limit),
            Error::Decode(e) => Some(&e.rate_limit),
            Error::Scroll(e) => e.rate_limit(),
            _ => None,
        }
    }

    /// The API error details, when the API answered with an error status.
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            Error::Scroll(e) => e.as_api(),
            _ => None,
        }
    }

    /// The failure behind an [`Error::Scroll`].
    pub fn scroll_cause(&self) -> Option<&Error> {
        match self {
            Error::Scroll(e) => Some(e),
            _ => None,
        }
    }

    /// Whether sending the same request again may succeed: rate limiting (429), 408, 5xx
    /// other than 501, timeouts and connection failures.
    ///
    /// This ignores idempotency; the client's own retries only repeat a POST or PATCH
    /// when the call opted in. A failed scroll is not retryable: restart it instead.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(e) => is_retryable_status(e.status),
            Error::Timeout | Error::Transport(_) => true,
            _ => false,
        }
    }
}

impl Error {
    /// Maps a transport failure: a timeout anywhere in its causes (a connect timeout, or
    /// one a user-supplied `reqwest` client sets) is [`Error::Timeout`].
    pub(crate) fn transport(error: impl Into<BoxError>) -> Error {
        let error = error.into();
        let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&*error);
        while let Some(current) = cause {
            let timed_out = current
                .downcast_ref::<reqwest::Error>()
                .is_some_and(reqwest::Error::is_timeout)
                || current
                    .downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut);
            if timed_out {
                return Error::Timeout;
            }
            cause = current.source();
        }
        Error::Transport(error)
    }
}

/// 429, 408 and 5xx except 501 Not Implemented (a retry cannot change that answer).
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS
        || status == StatusCode::REQUEST_TIMEOUT
        || (status.is_server_error() && status != StatusCode::NOT_IMPLEMENTED)
}

/// An error response from the API.
///
/// Intercom answers errors with
/// `{"type":"error.list","request_id":"…","errors":[{"code":"…","message":"…"}]}`;
/// parsing is lenient, and a body that is not JSON (a load balancer's HTML page, an empty
/// 503) is kept as text in [`body`](ApiError::body).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The request id from the `X-Request-Id` header or the body's `request_id`.
    pub request_id: Option<String>,
    /// The `errors` array of an `error.list` body (empty when absent).
    pub errors: Vec<ApiErrorItem>,
    /// A top-level `message` of a JSON body without `errors`.
    pub message: Option<String>,
    /// The raw response body as text (lossy UTF-8).
    pub body: String,
    /// The rate-limit headers of the response.
    pub rate_limit: RateLimit,
    /// The response headers.
    pub headers: HeaderMap,
}

/// One entry of an `error.list` body.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct ApiErrorItem {
    /// Machine-readable code such as `not_found`, `parameter_invalid` or `rate_limit_exceeded`.
    #[serde(default)]
    pub code: String,
    /// Human-readable description.
    #[serde(default)]
    pub message: Option<String>,
    /// The request field the error is about.
    #[serde(default)]
    pub field: Option<String>,
    /// Extra details, e.g. `required_permissions` on a 403 `action_forbidden`.
    #[serde(default)]
    pub data: Option<serde_json::Value>,
}

/// The lenient shape of an error body; every field may be missing.
#[derive(Deserialize, Default)]
struct ErrorBody {
    #[serde(default)]
    request_id: Option<String>,
    #[serde(default)]
    errors: Option<Vec<ApiErrorItem>>,
    #[serde(default)]
    message: Option<String>,
}

impl ApiError {
    /// Builds the error from a complete non-success response.
    pub(crate) fn from_response(status: StatusCode, headers: HeaderMap, body: &Bytes) -> Self {
        let parsed: ErrorBody = serde_json::from_slice(body).unwrap_or_default();
        ApiError {
            status,
            request_id: header_request_id(&headers).or(parsed.request_id),
            errors: parsed.errors.unwrap_or_default(),
            message: parsed.message,
            body: String::from_utf8_lossy(body).into_owned(),
            rate_limit: RateLimit::from_headers(&headers),
            headers,
        }
    }

    /// The code of the first error item, e.g. `not_found`; `None` without items or when
    /// the first item has no code.
    pub fn code(&self) -> Option<&str> {
        let code = self.errors.first()?.code.as_str();
        (!code.is_empty()).then_some(code)
    }

    /// Whether any error item has this code.
    pub fn has_code(&self, code: &str) -> bool {
        self.errors.iter().any(|e| e.code == code)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Intercom API error {}", self.status.as_u16())?;
        if self.errors.is_empty() {
            let text = match &self.message {
                Some(message) => message.clone(),
                None => excerpt(self.body.as_bytes(), 0, 200),
            };
            if text.is_empty() {
                if let Some(reason) = self.status.canonical_reason() {
                    write!(f, " {reason}")?;
                }
            } else {
                write!(f, ": {text}")?;
            }
        } else {
            for (i, item) in self.errors.iter().enumerate() {
                f.write_str(if i == 0 { " " } else { "; " })?;
                write_item(f, item)?;
            }
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request_id {id})")?;
        }
        Ok(())
    }
}

fn write_item(f: &mut fmt::Formatter<'_>, item: &ApiErrorItem) -> fmt::Result {
    f.write_str(&item.code)?;
    if let Some(message) = &item.message {
        write!(f, ": {message}")?;
    }
    if let Some(field) = &item.field {
        write!(f, " (field {field})")?;
    }
    Ok(())
}

impl std::error::Error for ApiError {}

/// A success response whose body could not be decoded into the expected type.
#[derive(Debug)]
#[non_exhaustive]
pub struct DecodeError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The request id from the `X-Request-Id` header, if any.
    pub request_id: Option<String>,
    /// Where decoding failed, as a JSON Pointer such as `/data/3/created_at` (empty for the
    /// whole body).
    pub path: String,
    /// What went wrong, e.g. `expected i64: invalid type: string "soon", expected an integer`.
    pub message: String,
    /// The value that did not fit, or up to about 200 bytes of the body around the failure.
    pub body_excerpt: String,
    /// The rate-limit headers of the response.
    pub rate_limit: RateLimit,
    source: Option<BoxError>,
}

impl DecodeError {
    /// Builds the error for a body that failed to decode.
    pub(crate) fn new(
        status: StatusCode,
        headers: &HeaderMap,
        body: &Bytes,
        failure: Failure,
    ) -> Self {
        let Failure {
            path,
            message,
            value,
            source,
        } = failure;
        let message = if body.iter().all(u8::is_ascii_whitespace) {
            "empty response body where JSON was expected".to_owned()
        } else {
            message
        };
        let body_excerpt = match value {
            Some(value) => excerpt(value.to_string().as_bytes(), 0, 200),
            None => {
                let at = byte_offset(body, source.line(), source.column());
                excerpt(body, at.saturating_sub(100), 200)
            }
        };
        DecodeError {
            status,
            request_id: header_request_id(headers),
            path,
            message,
            body_excerpt,
            rate_limit: RateLimit::from_headers(headers),
            source: Some(Box::new(source)),
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "/"
        } else {
            &self.path
        };
        write!(
            f,
            "could not decode the Intercom response (status {}) at `{path}`: {}",
            self.status.as_u16(),
            self.message
        )?;
        if let Some(id) = &self.request_id {
            write!(f, " (request_id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as _)
    }
}

/// The `X-Request-Id` response header.
pub(crate) fn header_request_id(headers: &HeaderMap) -> Option<String> {
    let value = headers.get("x-request-id")?.to_str().ok()?.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// Byte offset of a 1-based line/column position reported by serde_json (0 when unknown).
fn byte_offset(body: &[u8], line: usize, column: usize) -> usize {
    if line == 0 {
        return 0;
    }
    let line_start: usize = body
        .split(|b| *b == b'\n')
        .take(line - 1)
        .map(|l| l.len() + 1)
        .sum();
    (line_start + column.saturating_sub(1)).min(body.len())
}

/// Up to `len` bytes of `body` from `start`, as lossy text on one line.
fn excerpt(body: &[u8], start: usize, len: usize) -> String {
    let start = start.min(body.len());
    let end = start.saturating_add(len).min(body.len());
    let text = String::from_utf8_lossy(&body[start..end]);
    let mut out = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if end < body.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::header::HeaderValue;

    #[test]
    fn a_timeout_anywhere_in_the_causes_is_a_timeout() {
        #[derive(Debug, thiserror::Error)]
        #[error("client error (Connect)")]
        struct Wrapper(#[source] std::io::Error);
        let timed_out = std::io::Error::new(std::io::ErrorKind::TimedOut, "connect timed out");
        assert!(matches!(
            Error::transport(Wrapper(timed_out)),
            Error::Timeout
        ));
        let refused = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused");
        assert!(matches!(
            Error::transport(Wrapper(refused)),
            Error::Transport(_)
        ));
    }

    #[test]
    fn display_error_list() {
        let mut headers = HeaderMap::new();
        headers.insert("x-request-id", HeaderValue::from_static("req_123"));
        let body = Bytes::from_static(
            br#"{"type":"error.list","errors":[{"code":"not_found","message":"Contact Not Found"}]}"#,
        );
        let err = ApiError::from_response(StatusCode::NOT_FOUND, headers, &body);
        assert_eq!(
            err.to_string(),
            "Intercom API error 404 not_found: Contact Not Found (request_id req_123)"
        );
        assert_eq!(err.code(), Some("not_found"));
    }

    #[test]
    fn display_message_only_and_html_and_empty() {
        let body = Bytes::from_static(br#"{"type":"error","request_id":"r1","message":"Boom"}"#);
        let err = ApiError::from_response(StatusCode::BAD_REQUEST, HeaderMap::new(), &body);
        assert_eq!(
            err.to_string(),
            "Intercom API error 400: Boom (request_id r1)"
        );

        let html = Bytes::from_static(b"<html>\n  <h1>502 Bad Gateway</h1>\n</html>");
        let err = ApiError::from_response(StatusCode::BAD_GATEWAY, HeaderMap::new(), &html);
        assert_eq!(
            err.to_string(),
            "Intercom API error 502: <html> <h1>502 Bad Gateway</h1> </html>"
        );

        let err = ApiError::from_response(
            StatusCode::SERVICE_UNAVAILABLE,
            HeaderMap::new(),
            &Bytes::new(),
        );
        assert_eq!(
            err.to_string(),
            "Intercom API error 503 Service Unavailable"
        );
    }

    #[test]
    fn offsets_and_excerpts() {
        assert_eq!(byte_offset(b"ab\ncd", 2, 2), 4);
        assert_eq!(byte_offset(b"ab", 0, 0), 0);
        assert_eq!(excerpt(b"hello world", 6, 3), "wor…");
    }
}
