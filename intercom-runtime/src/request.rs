//! Building and sending one API request, with retries, timeouts and tracing.

use std::borrow::Cow;
use std::fmt;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::{Method, StatusCode};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::de::DeserializeOwned;
use serde::Serialize;
use tracing::field::Empty;
use tracing::{Instrument, Span};
use url::Url;

use crate::client::{Engine, EngineInner};
use crate::decode::{Failure, Mismatch};
use crate::download::Download;
use crate::error::{header_request_id, ApiError, BoxError, DecodeError};
use crate::multipart::Form;
use crate::pending::Pending;
use crate::rate_limit::RateLimit;
use crate::response::Response;
use crate::transport::redirect::{Hop, MAX_REDIRECTS};
use crate::transport::{RequestBody, ResponseBody};
use crate::wire::BoxFuture;
use crate::{Error, Result};

/// Everything except RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`).
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes one path segment: every byte except RFC 3986 unreserved characters is
/// encoded, so `/`, `?`, `#`, `%` and spaces cannot change the path.
///
/// ```
/// # use intercom_api::path_segment;
/// assert_eq!(path_segment("a/b c"), "a%2Fb%20c");
/// ```
pub fn path_segment(value: impl fmt::Display) -> String {
    let raw = value.to_string();
    match Cow::from(utf8_percent_encode(&raw, UNRESERVED)) {
        // Intercom's ids need no encoding: the text is used as it is.
        Cow::Borrowed(_) => raw,
        Cow::Owned(encoded) => encoded,
    }
}

/// Per-call settings that override the client's.
///
/// Generated operation builders expose them through [`CallOptions`].
#[derive(Clone, Default)]
pub struct RequestOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) intercom_version: Option<String>,
    pub(crate) max_retries: Option<u32>,
    pub(crate) retry_non_idempotent: bool,
    pub(crate) strict_decoding: Option<bool>,
}

impl RequestOptions {
    /// Empty options: everything as configured on the client.
    pub fn new() -> Self {
        Self::default()
    }

    /// Timeout of each attempt of this call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// An extra header; replaces a default header of the same name.
    pub fn header(mut self, name: impl AsRef<str>, value: impl Into<String>) -> Self {
        self.headers.push((name.as_ref().to_owned(), value.into()));
        self
    }

    /// The `Intercom-Version` of this call.
    pub fn intercom_version(mut self, version: impl Into<String>) -> Self {
        self.intercom_version = Some(version.into());
        self
    }

    /// Retry budget of this call.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }

    /// Lets a POST or PATCH be retried after a 408, a 5xx, a timeout or a connection
    /// failure (default `false`: such a request may already have taken effect).
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = retry;
        self
    }

    /// Strict decoding for this call (see [`ClientBuilder::strict_decoding`](crate::ClientBuilder::strict_decoding)).
    pub fn strict_decoding(mut self, strict: bool) -> Self {
        self.strict_decoding = Some(strict);
        self
    }
}

impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values may hold credentials: show names only.
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("headers", &names)
            .field("intercom_version", &self.intercom_version)
            .field("max_retries", &self.max_retries)
            .field("retry_non_idempotent", &self.retry_non_idempotent)
            .field("strict_decoding", &self.strict_decoding)
            .finish()
    }
}

/// Per-call options on any request builder. Implementors provide only
/// [`options_mut`](CallOptions::options_mut).
pub trait CallOptions: Sized {
    /// The options of this call.
    fn options_mut(&mut self) -> &mut RequestOptions;

    /// Timeout of each attempt of this call.
    fn timeout(mut self, timeout: Duration) -> Self {
        self.options_mut().timeout = Some(timeout);
        self
    }

    /// An extra header; replaces a default header of the same name.
    fn header(mut self, name: impl AsRef<str>, value: impl Into<String>) -> Self {
        let header = (name.as_ref().to_owned(), value.into());
        self.options_mut().headers.push(header);
        self
    }

    /// The `Intercom-Version` of this call.
    fn intercom_version(mut self, version: impl Into<String>) -> Self {
        self.options_mut().intercom_version = Some(version.into());
        self
    }

    /// Retry budget of this call.
    fn max_retries(mut self, max_retries: u32) -> Self {
        self.options_mut().max_retries = Some(max_retries);
        self
    }

    /// Lets a POST or PATCH be retried after a 408, a 5xx, a timeout or a connection failure.
    fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.options_mut().retry_non_idempotent = retry;
        self
    }

    /// Strict decoding for this call: a body with any value that does not fit its type fails
    /// with [`Error::Decode`] instead of decoding field by field.
    fn strict_decoding(mut self, strict: bool) -> Self {
        self.options_mut().strict_decoding = Some(strict);
        self
    }
}

/// What the caller expects back; decides the `Accept` header and body handling.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expect {
    Json,
    Empty,
    Text,
    Download,
}

impl Expect {
    fn accept(self) -> &'static str {
        match self {
            Expect::Json | Expect::Empty => "application/json",
            // Errors still come back as JSON `error.list` bodies, so JSON is accepted too.
            Expect::Text => "text/plain, application/json",
            Expect::Download => "application/octet-stream, application/json",
        }
    }
}

/// One request under construction; send it with [`send`](Request::send) and friends.
///
/// Mistakes found while building (a body that fails to serialise, an invalid header) are
/// reported when sending, as [`Error::Encode`].
#[must_use = "a request does nothing until it is sent"]
pub struct Request {
    client: Engine,
    method: Method,
    path: String,
    query: Vec<(Cow<'static, str>, String)>,
    headers: Vec<(String, String)>,
    body: Option<Payload>,
    deferred: Option<Error>,
    operation: Option<(&'static str, &'static str)>,
    options: RequestOptions,
    idempotent: Option<bool>,
    scroll: bool,
}

impl Request {
    pub(crate) fn new(client: Engine, method: Method, path: String) -> Self {
        Request {
            client,
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            deferred: None,
            operation: None,
            options: RequestOptions::default(),
            idempotent: None,
            scroll: false,
        }
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The path relative to the base URL, as given.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The first value of query parameter `name`, if set.
    pub fn query_value(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Appends a query parameter (percent-encoded when sent; repeated names are kept).
    pub fn query(mut self, name: impl Into<Cow<'static, str>>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Sets a header, replacing a default header of the same name. Per-call
    /// [`RequestOptions`] headers win over this.
    pub fn header(mut self, name: impl AsRef<str>, value: impl Into<String>) -> Self {
        self.headers.push((name.as_ref().to_owned(), value.into()));
        self
    }

    /// Serialises `body` as the JSON body now and sets `Content-Type: application/json`.
    pub fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some(Payload::Json(Bytes::from(bytes))),
            Err(e) => self.defer(Error::Encode(Box::new(e))),
        }
        self
    }

    /// Sets a `multipart/form-data` body (its `Content-Type` carries the boundary). Files from
    /// paths are opened when sending; a form with a streamed file is never retried.
    pub fn multipart(mut self, form: Form) -> Self {
        self.body = Some(Payload::Form(form));
        self
    }

    /// Sets a search body, after checking the query against Intercom's limits (a query that
    /// breaks one fails when sent, with [`Error::InvalidQuery`], and is never sent).
    pub fn search_body(mut self, body: &crate::search::SearchRequest) -> Self {
        match body.validate() {
            Ok(()) => self.json(body),
            Err(error) => {
                self.defer(Error::InvalidQuery(error));
                self
            }
        }
    }

    /// Names the API operation for tracing, e.g. `("getContact", "/contacts/{id}")`.
    pub fn operation(mut self, operation_id: &'static str, path_template: &'static str) -> Self {
        self.operation = Some((operation_id, path_template));
        self
    }

    /// Replaces the per-call options.
    pub fn options(mut self, options: RequestOptions) -> Self {
        self.options = options;
        self
    }

    /// Overrides whether the request is safe to repeat, which decides retries after 5xx,
    /// timeouts and connection failures (default: GET, HEAD, PUT, DELETE and OPTIONS are).
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = Some(idempotent);
        self
    }

    /// Marks a scroll request: only retried after a 429, since a scroll that failed otherwise
    /// must be restarted.
    pub(crate) fn scroll(mut self) -> Self {
        self.scroll = true;
        self
    }

    fn defer(&mut self, error: Error) {
        self.deferred.get_or_insert(error);
    }

    /// Sends the request and decodes a JSON body into `T`.
    ///
    /// Values that do not fit their field leave it `None` and are kept in
    /// [`Response::mismatches`] (see [`decode`](crate::decode)); with strict decoding, the
    /// first one is an [`Error::Decode`] naming its JSON path instead. A body that is not JSON,
    /// or whose top level is not what `T` is, is always an [`Error::Decode`].
    pub fn send<T: DeserializeOwned>(self) -> Pending<Response<T>> {
        Pending::json_response(self)
    }

    /// Sends the request and ignores any response body.
    pub fn send_empty(self) -> Pending<Response<()>> {
        Pending::empty_response(self)
    }

    /// Sends the request with `Accept: text/plain, application/json` and returns the body as text
    /// (invalid UTF-8 is replaced).
    pub fn send_text(self) -> Pending<Response<String>> {
        Pending::text_response(self)
    }

    /// Sends the request with `Accept: application/octet-stream, application/json` and returns
    /// the response without reading its body, to be streamed.
    pub fn send_download(self) -> Pending<Download> {
        Pending::download(self)
    }

    /// The one executor future every call runs in (retries, rate limits, timeouts, tracing).
    ///
    /// The request is checked and prepared before the future is made, so that the future
    /// holds only what the attempts send: it is moved into its box and polled at each wake-up.
    pub(crate) fn execute_boxed(self, expect: Expect) -> BoxFuture<'static, Result<Exchange>> {
        let span = self.span();
        let client = self.client.clone();
        let strict = self
            .options
            .strict_decoding
            .unwrap_or(client.inner.strict_decoding);
        let operation = self.operation.map_or("", |(id, _)| id);
        let scroll = self.scroll;
        let prepared = match self.prepare(expect) {
            Ok(prepared) => prepared,
            Err(error) => return Box::pin(std::future::ready(Err(failed(error, scroll)))),
        };
        Box::pin(async move {
            let download = expect == Expect::Download;
            match run(&client, &prepared, download).instrument(span).await {
                Ok(mut exchange) => {
                    exchange.strict = strict;
                    exchange.operation = operation;
                    Ok(exchange)
                }
                Err(error) => Err(failed(error, scroll)),
            }
        })
    }

    fn span(&self) -> Span {
        let (operation, path) = match self.operation {
            Some((id, template)) => (id, template),
            None => ("", self.path.as_str()),
        };
        tracing::debug_span!(
            "intercom.request",
            method = %self.method,
            operation,
            path,
            status = Empty,
            attempt = Empty,
            request_id = Empty,
            duration_ms = Empty,
        )
    }

    /// Validates everything and builds what each attempt sends.
    fn prepare(self, expect: Expect) -> Result<Prepared> {
        if let Some(error) = self.deferred {
            return Err(error);
        }
        let inner = &self.client.inner;
        let url = build_url(&inner.base, &self.path, &self.query)?;
        let mut headers = HeaderMap::new();
        if let Some(version) = &self.options.intercom_version {
            headers.insert("intercom-version", header_value(version)?);
        }
        if expect.accept() != "application/json" {
            headers.insert(header::ACCEPT, HeaderValue::from_static(expect.accept()));
        }
        if let Some(Payload::Json(_)) = self.body {
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
        }
        for (name, value) in self.headers.iter().chain(&self.options.headers) {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| encode_error(format!("invalid header name `{name}`")))?;
            let mut value = header_value(value)
                .map_err(|_| encode_error(format!("invalid value for header `{name}`")))?;
            value.set_sensitive(name == header::AUTHORIZATION);
            headers.insert(name, value);
        }
        let one_shot = matches!(&self.body, Some(Payload::Form(form)) if form.is_one_shot());
        let max_retries = match self.options.max_retries {
            _ if one_shot => 0,
            Some(max_retries) => max_retries,
            None => inner.retry.max_retries,
        };
        // A scroll page that failed may have moved the scroll on: only a 429 (the API did not
        // act on the request) is retried; anything else must restart the scroll.
        let idempotent = !self.scroll
            && (self.options.retry_non_idempotent
                || self
                    .idempotent
                    .unwrap_or_else(|| is_idempotent(&self.method)));
        Ok(Prepared {
            timeout: self.options.timeout.unwrap_or(inner.timeout),
            method: self.method,
            url,
            headers,
            body: self.body,
            max_retries,
            idempotent,
        })
    }
}

impl CallOptions for Request {
    fn options_mut(&mut self) -> &mut RequestOptions {
        &mut self.options
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header_names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &header_names)
            .field("body", &self.body)
            .field("operation", &self.operation)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

/// GET, HEAD, PUT, DELETE, OPTIONS and TRACE may be repeated without changing the outcome.
fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
    )
}

fn header_value(value: &str) -> Result<HeaderValue> {
    HeaderValue::from_str(value).map_err(|_| encode_error("invalid header value".to_owned()))
}

fn encode_error(message: String) -> Error {
    Error::Encode(BoxError::from(message))
}

/// `base + path + ?query`, rejecting paths whose meaning the URL parser would change.
///
/// Only the path and query are parsed: the base is parsed once per client, and parsing a
/// whole URL (scheme, host) again costs more than the rest of building the request.
fn build_url(base: &Url, path: &str, query: &[(Cow<'static, str>, String)]) -> Result<Url> {
    // A fragment is never sent; a `?` in the path starts its own query.
    let path = path.split('#').next().unwrap_or_default();
    let (path, path_query) = match path.split_once('?') {
        Some((path, path_query)) => (path, Some(path_query)),
        None => (path, None),
    };
    check_segments(path)?;
    let mut url = base.clone();
    match base.path().trim_end_matches('/') {
        "" => url.set_path(path),
        prefix => url.set_path(&format!("{prefix}/{}", path.trim_start_matches('/'))),
    }
    if path_query.is_some() || !query.is_empty() {
        let mut text = String::from(path_query.unwrap_or_default());
        for (name, value) in query {
            if !text.is_empty() {
                text.push('&');
            }
            text.extend(utf8_percent_encode(name, UNRESERVED));
            text.push('=');
            text.extend(utf8_percent_encode(value, UNRESERVED));
        }
        url.set_query(Some(&text));
    }
    Ok(url)
}

/// An empty segment (`/contacts/`) usually means an empty id, which would silently hit a
/// different endpoint; `.`/`..` (even encoded) would be resolved away by the URL parser.
fn check_segments(path: &str) -> Result<()> {
    let segments = path.strip_prefix('/').unwrap_or(path);
    if segments.is_empty() {
        return Ok(());
    }
    for segment in segments.split('/') {
        if segment.is_empty() || is_dot_segment(segment) {
            return Err(encode_error(format!(
                "path `{path}` has an empty or dot segment (is an id argument empty?)"
            )));
        }
    }
    Ok(())
}

/// `.` or `..`, with any dot percent-encoded (`%2e`, `%2E`).
fn is_dot_segment(segment: &str) -> bool {
    let mut rest = segment.as_bytes();
    let mut dots = 0;
    while !rest.is_empty() && dots < 3 {
        rest = match rest {
            [b'.', tail @ ..] => tail,
            [b'%', b'2', b'e' | b'E', tail @ ..] => tail,
            _ => return false,
        };
        dots += 1;
    }
    rest.is_empty() && (1..=2).contains(&dots)
}

/// A request body.
enum Payload {
    /// Serialised JSON.
    Json(Bytes),
    /// A multipart form, built again for each attempt.
    Form(Form),
}

impl fmt::Debug for Payload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Payload::Json(bytes) => write!(f, "Json({} bytes)", bytes.len()),
            Payload::Form(form) => f
                .debug_tuple("Form")
                .field(&form.names().collect::<Vec<_>>())
                .finish(),
        }
    }
}

/// What every attempt of one request sends.
struct Prepared {
    method: Method,
    url: Url,
    /// This request's own headers, laid over the client's defaults at each attempt (usually
    /// none, and then nothing is allocated for them).
    headers: HeaderMap,
    body: Option<Payload>,
    timeout: Duration,
    max_retries: u32,
    idempotent: bool,
}

impl Prepared {
    /// The client's default headers with this request's own laid over them.
    fn headers(&self, inner: &EngineInner) -> HeaderMap {
        let mut headers = inner.headers.clone();
        for (name, value) in &self.headers {
            headers.insert(name.clone(), value.clone());
        }
        headers
    }

    /// Whether the body can be sent again (a form with a streamed file cannot).
    fn replayable(&self) -> bool {
        !matches!(&self.body, Some(Payload::Form(form)) if form.is_one_shot())
    }

    /// The HTTP request of one hop of one attempt; a form is encoded (its files opened) now.
    async fn http_request(
        &self,
        inner: &EngineInner,
        hop: &Hop<'_>,
    ) -> Result<http::Request<RequestBody>> {
        let mut headers = self.headers(inner);
        if !hop.authorized {
            headers.remove(header::AUTHORIZATION);
        }
        let body = match &self.body {
            Some(Payload::Json(json)) if hop.with_body => RequestBody::Full(json.clone()),
            Some(Payload::Form(form)) if hop.with_body => {
                let form = form.encode().await?;
                headers.insert(header::CONTENT_TYPE, form.content_type);
                if let Some(length) = form.content_length {
                    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
                }
                form.body
            }
            _ => {
                headers.remove(header::CONTENT_TYPE);
                RequestBody::Empty
            }
        };
        let uri = http::Uri::try_from(hop.url.as_str()).map_err(|e| Error::Encode(Box::new(e)))?;
        let mut request = http::Request::new(body);
        *request.method_mut() = hop.method.clone();
        *request.uri_mut() = uri;
        *request.headers_mut() = headers;
        Ok(request)
    }
}

/// A failed scroll page cannot be resumed: the error says so itself.
fn failed(error: Error, scroll: bool) -> Error {
    if scroll {
        Error::Scroll(Box::new(error))
    } else {
        error
    }
}

/// The outcome of a successful exchange (public for generated code that picks a body type by
/// status: `Pending::json_with`).
#[doc(hidden)]
pub struct Exchange {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    /// The `X-RateLimit-*` headers, read once.
    pub(crate) rate_limit: RateLimit,
    /// The buffered body (empty when streaming).
    pub(crate) body: Bytes,
    /// The unread body, for downloads.
    pub(crate) stream: Option<ResponseBody>,
    pub(crate) attempts: u32,
    /// How the body is to be decoded, and for which operation (for its warnings).
    pub(crate) strict: bool,
    pub(crate) operation: &'static str,
    /// The attempt timeout, which also bounds a download's gaps between chunks.
    pub(crate) timeout: Duration,
}

/// Sends `prepared` until it succeeds, fails for good, or the retry budget runs out.
async fn run(client: &Engine, prepared: &Prepared, stream: bool) -> Result<Exchange> {
    let inner = &client.inner;
    let span = Span::current();
    // The span's fields cost a clock read and a copy of the request id: only when traced.
    let started = (!span.is_disabled()).then(Instant::now);
    let mut retry = 0;
    loop {
        throttle(client).await;
        span.record("attempt", retry + 1);
        let error = match attempt(client, prepared, stream).await {
            Ok(mut exchange) => {
                exchange.attempts = retry + 1;
                if let Some(started) = started {
                    let request_id = header_request_id(&exchange.headers);
                    record_outcome(&span, started, Some(exchange.status), request_id.as_deref());
                }
                return Ok(exchange);
            }
            Err(error) => error,
        };
        let delay = if retry < prepared.max_retries {
            let now = SystemTime::now();
            inner
                .retry
                .delay_for(&error, retry, prepared.idempotent, now)
        } else {
            None
        };
        let Some(delay) = delay else {
            if let Some(started) = started {
                record_outcome(&span, started, error.status(), error.request_id());
            }
            return Err(error);
        };
        tracing::debug!(attempt = retry + 1, ?delay, %error, "retrying Intercom request");
        (inner.sleeper)(delay).await;
        retry += 1;
    }
}

/// Waits while the client's last seen rate-limit window is exhausted (when enabled).
async fn throttle(client: &Engine) {
    let inner = &client.inner;
    if !inner.throttle {
        return;
    }
    let delay = inner.rate_limits.throttle_delay(SystemTime::now());
    let delay = delay.min(inner.retry.max_rate_limit_wait);
    if !delay.is_zero() {
        tracing::debug!(
            ?delay,
            "rate limit exhausted, waiting for the window to reset"
        );
        (inner.sleeper)(delay).await;
    }
}

fn record_outcome(
    span: &Span,
    started: Instant,
    status: Option<StatusCode>,
    request_id: Option<&str>,
) {
    span.record("duration_ms", started.elapsed().as_millis() as u64);
    if let Some(status) = status {
        span.record("status", status.as_u16());
    }
    if let Some(request_id) = request_id {
        span.record("request_id", request_id);
    }
}

/// One HTTP exchange under the attempt timeout. Error statuses become [`Error::Api`].
async fn attempt(client: &Engine, prepared: &Prepared, stream: bool) -> Result<Exchange> {
    let inner = &client.inner;
    let exchange = async {
        let (parts, body) = send(client, prepared).await?.into_parts();
        let status = parts.status;
        let headers = parts.headers;
        let rate_limit = RateLimit::from_headers(&headers);
        inner.rate_limits.observe(&rate_limit);
        let (body, stream) = if stream && status.is_success() {
            (Bytes::new(), Some(body))
        } else {
            (body.bytes().await?, None)
        };
        if !status.is_success() {
            return Err(Error::Api(Box::new(ApiError::from_response(
                status, headers, &body,
            ))));
        }
        Ok(Exchange {
            status,
            headers,
            rate_limit,
            body,
            stream,
            attempts: 0,
            strict: false,
            operation: "",
            timeout: prepared.timeout,
        })
    };
    match tokio::time::timeout(prepared.timeout, exchange).await {
        Ok(result) => result,
        Err(_elapsed) => Err(Error::Timeout),
    }
}

/// Sends `prepared` once; on the direct transport, follows its redirects (a `reqwest` client
/// follows them by its own policy).
async fn send(client: &Engine, prepared: &Prepared) -> Result<http::Response<ResponseBody>> {
    let inner = &client.inner;
    let mut hop = Hop::first(&prepared.url, &prepared.method);
    for _ in 0..=MAX_REDIRECTS {
        let request = prepared.http_request(inner, &hop).await?;
        let response = inner.transport.send(request).await?;
        if !inner.transport.is_direct() {
            return Ok(response);
        }
        let next = hop.next(
            response.status(),
            response.headers(),
            &prepared.url,
            prepared.replayable(),
        );
        match next {
            Some(next) => hop = next,
            None => return Ok(response),
        }
    }
    Err(Error::Transport(
        format!("more than {MAX_REDIRECTS} redirects").into(),
    ))
}

/// Decodes a JSON body into `slot` (`Some` on success): strictly when it fits; otherwise field
/// by field (each value that did not fit is returned and logged), or, in strict mode, an error
/// naming the first one.
pub(crate) fn decode_body<T: DeserializeOwned>(
    exchange: &Exchange,
    slot: &mut Option<T>,
) -> Result<Vec<Mismatch>> {
    match crate::decode::body::<T>(&exchange.body, exchange.strict, slot) {
        Ok(mismatches) => {
            report(exchange.operation, &mismatches);
            Ok(mismatches)
        }
        Err(failure) => Err(decode_error(exchange, *failure)),
    }
}

/// The error for a decode that reported success without a value (which cannot happen).
pub(crate) fn nothing_decoded(exchange: &Exchange) -> Error {
    let source = crate::decode::nothing_decoded();
    decode_error(exchange, crate::decode::Failure::whole(source))
}

/// Logs each value that did not fit (once per response, not per type: kept out of generics).
fn report(operation: &str, mismatches: &[Mismatch]) {
    for mismatch in mismatches {
        tracing::warn!(
            operation,
            path = %mismatch.path,
            expected = %mismatch.expected,
            message = %mismatch.message,
            "Intercom response value does not fit its type; kept in Response::mismatches"
        );
    }
}

fn decode_error(exchange: &Exchange, failure: Failure) -> Error {
    let (status, headers, body) = (exchange.status, &exchange.headers, &exchange.body);
    Error::Decode(Box::new(DecodeError::new(status, headers, body, failure)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_are_fully_encoded() {
        assert_eq!(path_segment("abc-1.2_3~"), "abc-1.2_3~");
        assert_eq!(path_segment("a/b?c#d%e f+g"), "a%2Fb%3Fc%23d%25e%20f%2Bg");
        assert_eq!(path_segment("é"), "%C3%A9");
        assert_eq!(path_segment(42), "42");
    }

    #[test]
    fn urls_keep_encoding_and_reject_bad_segments() {
        let query = vec![
            (Cow::Borrowed("email"), "a+b@x.com".to_owned()),
            (Cow::Borrowed("q"), "x y".to_owned()),
        ];
        let base = |text: &str| Url::parse(text).expect("a test base URL");
        let built = |base_text: &str, path: &str, query: &[(Cow<'static, str>, String)]| {
            build_url(&base(base_text), path, query)
                .map(String::from)
                .ok()
        };
        assert_eq!(
            built("http://h:1/base", "/contacts/a%2Fb", &query).as_deref(),
            Some("http://h:1/base/contacts/a%2Fb?email=a%2Bb%40x.com&q=x%20y")
        );
        // The same URL a whole-URL parse of `base + path + query` gives, less any fragment
        // (never sent, and the query pairs must not end up inside it).
        for (base_text, path) in [
            ("http://h:1", "/contacts/a%2Fb"),
            ("http://h:1/base", "contacts/x y"),
            ("https://api.intercom.io", "/contacts?per_page=5#top"),
            ("https://api.intercom.io", "/a#b?c"),
            ("https://api.intercom.io", "/search?q=\"é\""),
        ] {
            let sent = path.split('#').next().unwrap_or_default();
            let mut whole = format!("{base_text}/{}", sent.trim_start_matches('/'));
            whole.push_str(if whole.contains('?') { "&" } else { "?" });
            whole.push_str("email=a%2Bb%40x.com&q=x%20y");
            let expected = base(&whole);
            assert_eq!(
                built(base_text, path, &query),
                Some(expected.to_string()),
                "{path}"
            );
        }
        assert_eq!(
            built("https://api.intercom.io", "/me", &[]).as_deref(),
            Some("https://api.intercom.io/me")
        );
        assert!(built("http://h", "/contacts/", &[]).is_none());
        assert!(built("http://h", "/contacts/%2E%2e", &[]).is_none());
        assert!(built("http://h", "/contacts//x", &[]).is_none());
        assert!(built("http://h", "/", &[]).is_some());
        for dots in [".", "..", "%2e", "%2E.", ".%2e", "%2e%2E"] {
            assert!(is_dot_segment(dots), "{dots}");
        }
        for other in ["...", "a.", ".a", "%2", "%2f", "%2e%2e%2e", "é"] {
            assert!(!is_dot_segment(other), "{other}");
        }
    }

    #[test]
    fn idempotent_methods() {
        assert!(is_idempotent(&Method::PUT));
        assert!(!is_idempotent(&Method::POST));
        assert!(!is_idempotent(&Method::PATCH));
    }
}
