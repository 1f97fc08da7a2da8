//! The engine every request goes through, and the builder that configures it.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use http::header::{self, HeaderMap, HeaderValue};
use http::Method;

use crate::rate_limit::{RateLimit, RateLimitTracker};
use crate::region::Region;
use crate::request::Request;
use crate::retry::{tokio_sleeper, RetryPolicy, Sleeper};
use crate::transport::Transport;
use crate::{Error, Result};

/// What sends requests for an `intercom_api::Client`: the connection pool, the configuration
/// and the last seen rate-limit window.
///
/// An app holds a `Client`, which wraps an engine and adds one method per resource; this type
/// shows up only in the runtime's own signatures. Cheap to clone (clones share everything) and
/// `Send + Sync`.
#[derive(Clone)]
pub struct Engine {
    pub(crate) inner: Arc<EngineInner>,
}

/// The shared state behind an [`Engine`].
pub(crate) struct EngineInner {
    pub(crate) transport: Transport,
    /// Base URL without a trailing slash, as given.
    pub(crate) base_url: String,
    /// The same, parsed once: each request only sets its path and query on a copy.
    pub(crate) base: url::Url,
    pub(crate) intercom_version: String,
    /// What every request sends: `Authorization` (marked sensitive, so `http` never prints it;
    /// absent only for OAuth's token exchange, which authenticates with the app's client
    /// secret instead), `Intercom-Version`, `User-Agent` and `Accept: application/json`. Built
    /// once; a request clones it and changes what it needs.
    pub(crate) headers: HeaderMap,
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) throttle: bool,
    pub(crate) strict_decoding: bool,
    pub(crate) rate_limits: RateLimitTracker,
    pub(crate) sleeper: Sleeper,
}

impl Engine {
    /// Default timeout of one attempt: 30 seconds.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
    /// Default TCP/TLS connect timeout of the built-in HTTP client: 10 seconds.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

    /// The base URL requests go to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The `Intercom-Version` header sent unless a call overrides it.
    pub fn intercom_version(&self) -> &str {
        &self.inner.intercom_version
    }

    /// The default timeout of one attempt.
    pub fn timeout(&self) -> Duration {
        self.inner.timeout
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The rate-limit window of the latest response that carried `X-RateLimit-*` headers,
    /// across all clones of this engine.
    pub fn last_rate_limit(&self) -> Option<RateLimit> {
        self.inner.rate_limits.last()
    }

    /// Starts a raw request: the escape hatch for endpoints the typed API lacks.
    ///
    /// `path` is relative to the base URL and already percent-encoded, e.g.
    /// `"/contacts/abc"`; encode user-supplied segments with
    /// [`path_segment`](crate::path_segment).
    pub fn request(&self, method: Method, path: impl Into<String>) -> Request {
        Request::new(self.clone(), method, path.into())
    }
}

impl fmt::Debug for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base_url)
            .field("intercom_version", &inner.intercom_version)
            .field("token", &"<redacted>")
            .field("timeout", &inner.timeout)
            .field("retry", &inner.retry)
            .field("throttle", &inner.throttle)
            .finish_non_exhaustive()
    }
}

/// Configures and builds a client: `intercom_api::Client::builder()` starts one.
///
/// `C` is the type [`build`](ClientBuilder::build) returns (`intercom_api::Client`, which wraps
/// an [`Engine`]); every setting is the engine's.
pub struct ClientBuilder<C = Engine> {
    /// The `Intercom-Version` sent unless [`intercom_version`](ClientBuilder::intercom_version)
    /// says otherwise: the version the SDK was generated from.
    default_version: &'static str,
    token: Option<String>,
    region: Region,
    base_url: Option<String>,
    intercom_version: Option<String>,
    http: Option<reqwest::Client>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    retry: RetryPolicy,
    throttle: bool,
    strict_decoding: bool,
    user_agent_suffix: Option<String>,
    sleeper: Option<Sleeper>,
    client: PhantomData<fn() -> C>,
}

// By hand: derived impls would require `C: Clone`.
impl<C> Clone for ClientBuilder<C> {
    fn clone(&self) -> Self {
        ClientBuilder {
            default_version: self.default_version,
            token: self.token.clone(),
            region: self.region,
            base_url: self.base_url.clone(),
            intercom_version: self.intercom_version.clone(),
            http: self.http.clone(),
            timeout: self.timeout,
            connect_timeout: self.connect_timeout,
            retry: self.retry.clone(),
            throttle: self.throttle,
            strict_decoding: self.strict_decoding,
            user_agent_suffix: self.user_agent_suffix.clone(),
            sleeper: self.sleeper.clone(),
            client: PhantomData,
        }
    }
}

impl<C: From<Engine>> ClientBuilder<C> {
    /// A builder with default settings that sends `Intercom-Version: <default_version>`
    /// unless told otherwise (`intercom_api::Client::builder()` passes `API_VERSION`).
    pub fn new(default_version: &'static str) -> Self {
        ClientBuilder {
            default_version,
            token: None,
            region: Region::default(),
            base_url: None,
            intercom_version: None,
            http: None,
            timeout: None,
            connect_timeout: None,
            retry: RetryPolicy::default(),
            throttle: false,
            strict_decoding: false,
            user_agent_suffix: None,
            sleeper: None,
            client: PhantomData,
        }
    }

    /// The access token (required), sent as `Authorization: Bearer <token>`.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// The workspace's region (default [`Region::Us`]). Ignored when
    /// [`base_url`](ClientBuilder::base_url) is set.
    pub fn region(mut self, region: Region) -> Self {
        self.region = region;
        self
    }

    /// A custom base URL such as a proxy or a mock server; overrides the region.
    /// A trailing slash is tolerated.
    pub fn base_url(mut self, base_url: impl AsRef<str>) -> Self {
        self.base_url = Some(base_url.as_ref().to_owned());
        self
    }

    /// The `Intercom-Version` header (default `intercom_api::API_VERSION`, the version this
    /// SDK was generated from).
    pub fn intercom_version(mut self, version: impl Into<String>) -> Self {
        self.intercom_version = Some(version.into());
        self
    }

    /// Sends through your own `reqwest` client (proxy, TLS roots, ...) instead of the
    /// built-in transport. Retries, timeouts and throttling still apply since they live in
    /// this crate; `connect_timeout` does not, and redirects follow the `reqwest` client's
    /// policy, as both belong to it.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Timeout of one attempt, until the whole body is read (default
    /// [`Engine::DEFAULT_TIMEOUT`], 30 s). For downloads it bounds the wait for the headers
    /// and then each gap between body chunks. Calls can override it.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Connect timeout of the built-in HTTP client (default
    /// [`Engine::DEFAULT_CONNECT_TIMEOUT`], 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Replaces the whole retry policy.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Retries after a failed first attempt (default 2); 0 disables retries.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.retry.max_retries = max_retries;
        self
    }

    /// Client-side throttling (default off): once a response reports
    /// `X-RateLimit-Remaining: 0`, later requests from this client and its clones wait
    /// until `X-RateLimit-Reset` (capped by the policy's `max_rate_limit_wait`).
    pub fn throttle(mut self, enabled: bool) -> Self {
        self.throttle = enabled;
        self
    }

    /// Strict decoding (default off): a response with any value that does not fit its type
    /// fails with [`Error::Decode`] instead of decoding field by field (see
    /// [`decode`](crate::decode) and [`Response::mismatches`](crate::Response::mismatches)).
    /// Calls can override it with [`CallOptions::strict_decoding`](crate::CallOptions::strict_decoding).
    pub fn strict_decoding(mut self, strict: bool) -> Self {
        self.strict_decoding = strict;
        self
    }

    /// Appended to the `User-Agent` header, e.g. `my-app/1.2`.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Replaces how the client waits before a retry or a throttled request (default
    /// `tokio::time::sleep`). Tests use it to record waits without sleeping.
    pub fn sleeper<F, Fut>(mut self, sleep: F) -> Self
    where
        F: Fn(Duration) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        self.sleeper = Some(Arc::new(move |duration| Box::pin(sleep(duration))));
        self
    }

    /// Builds the client.
    ///
    /// Fails with [`Error::Config`] when the token is missing or not a valid header value,
    /// the base URL is not an absolute `http(s)` URL, or the version or user agent suffix
    /// is not a valid header value.
    pub fn build(self) -> Result<C> {
        let authorization = authorization(self.token.as_deref())?;
        self.build_with(Some(authorization)).map(C::from)
    }

    /// Builds an engine that sends no `Authorization` header (the token is ignored): OAuth's
    /// token exchange authenticates with the app's client secret instead.
    #[cfg(feature = "oauth")]
    pub fn build_without_token(self) -> Result<Engine> {
        self.build_with(None)
    }

    fn build_with(self, authorization: Option<HeaderValue>) -> Result<Engine> {
        let (base_url, base) = normalize_base_url(self.base_url.as_deref(), self.region)?;
        let intercom_version = self
            .intercom_version
            .unwrap_or_else(|| self.default_version.to_owned());
        let version_header = HeaderValue::from_str(&intercom_version)
            .ok()
            .filter(|_| !intercom_version.is_empty())
            .ok_or_else(|| {
                Error::Config(format!("invalid Intercom-Version `{intercom_version}`"))
            })?;
        let mut headers = HeaderMap::new();
        if let Some(authorization) = authorization {
            headers.insert(header::AUTHORIZATION, authorization);
        }
        headers.insert("intercom-version", version_header);
        headers.insert(
            header::USER_AGENT,
            user_agent(self.user_agent_suffix.as_deref())?,
        );
        headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
        let connect_timeout = self
            .connect_timeout
            .unwrap_or(Engine::DEFAULT_CONNECT_TIMEOUT);
        let transport = match self.http {
            Some(http) => Transport::Reqwest(http),
            None => Transport::new(base.scheme(), connect_timeout)?,
        };
        Ok(Engine {
            inner: Arc::new(EngineInner {
                transport,
                base_url,
                base,
                intercom_version,
                headers,
                timeout: self.timeout.unwrap_or(Engine::DEFAULT_TIMEOUT),
                retry: self.retry,
                throttle: self.throttle,
                strict_decoding: self.strict_decoding,
                rate_limits: RateLimitTracker::default(),
                sleeper: self.sleeper.unwrap_or_else(tokio_sleeper),
            }),
        })
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("region", &self.region)
            .field("base_url", &self.base_url)
            .field("intercom_version", &self.intercom_version)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("throttle", &self.throttle)
            .field("strict_decoding", &self.strict_decoding)
            .finish_non_exhaustive()
    }
}

fn authorization(token: Option<&str>) -> Result<HeaderValue> {
    let token = token.map(str::trim).unwrap_or_default();
    if token.is_empty() {
        return Err(Error::Config(
            "missing access token: call ClientBuilder::token".to_owned(),
        ));
    }
    // The message must not echo the token.
    let mut value = HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| {
        Error::Config("the access token contains characters not allowed in a header".to_owned())
    })?;
    value.set_sensitive(true);
    Ok(value)
}

/// The base URL as text without a trailing slash, and parsed.
fn normalize_base_url(custom: Option<&str>, region: Region) -> Result<(String, url::Url)> {
    let raw = custom.unwrap_or(region.base_url());
    let trimmed = raw.trim().trim_end_matches('/');
    let invalid = |why: &str| Error::Config(format!("invalid base URL `{raw}`: {why}"));
    let url = url::Url::parse(trimmed).map_err(|e| invalid(&e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") || !url.has_host() {
        return Err(invalid("expected an absolute http(s) URL"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("a base URL cannot have a query or fragment"));
    }
    Ok((trimmed.to_owned(), url))
}

fn user_agent(suffix: Option<&str>) -> Result<HeaderValue> {
    let mut agent = format!("intercom-api-rust/{}", env!("CARGO_PKG_VERSION"));
    if let Some(suffix) = suffix.map(str::trim).filter(|s| !s.is_empty()) {
        agent.push(' ');
        agent.push_str(suffix);
    }
    HeaderValue::from_str(&agent)
        .map_err(|_| Error::Config(format!("invalid user agent suffix in `{agent}`")))
}

/// Installs rustls's ring provider as the process default, unless a provider is installed
/// already (feature `rustls`). Reqwest then carries no provider of its own and cannot build a
/// client without one: [`ClientBuilder::build`] calls this; call it yourself before building
/// a `reqwest::Client` for [`ClientBuilder::http_client`].
#[cfg(feature = "rustls")]
pub fn install_rustls_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Fails only when another thread installed one in between, which serves as well.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_rules() {
        assert_eq!(
            normalize_base_url(Some("http://localhost:8080/"), Region::Us)
                .ok()
                .map(|(text, _)| text)
                .as_deref(),
            Some("http://localhost:8080")
        );
        assert_eq!(
            normalize_base_url(None, Region::Au)
                .ok()
                .map(|(text, _)| text)
                .as_deref(),
            Some("https://api.au.intercom.io")
        );
        assert!(normalize_base_url(Some("ftp://x"), Region::Us).is_err());
        assert!(normalize_base_url(Some("not a url"), Region::Us).is_err());
    }

    #[test]
    fn token_is_required_and_never_echoed() {
        let builder = || ClientBuilder::<Engine>::new("2.16");
        assert!(matches!(builder().build(), Err(Error::Config(_))));
        let err = builder().token("secret\ntoken").build().unwrap_err();
        assert!(!err.to_string().contains("secret"));
    }
}
