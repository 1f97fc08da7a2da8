//! The client apps hold: the runtime's [`Engine`] plus one method per resource (generated in
//! `resources`, which can only add methods to a type of this crate).

use std::fmt;
use std::time::Duration;

use crate::{Engine, Method, RateLimit, Request, Result, RetryPolicy, API_VERSION};

/// An Intercom API client: `client.contacts()`, `client.conversations()`, ... for the typed
/// operations, [`request`](Client::request) for any other endpoint.
///
/// Cheap to clone: clones share the connection pool, the configuration and the last seen
/// rate-limit window. `Send + Sync`, so one client can serve a whole application.
///
/// ```no_run
/// # async fn run() -> intercom_api::Result<()> {
/// use intercom_api::{Client, Region};
///
/// let client = Client::builder()
///     .token(std::env::var("INTERCOM_TOKEN").unwrap_or_default())
///     .region(Region::Eu)
///     .build()?;
/// let me: serde_json::Value = client
///     .request(intercom_api::Method::GET, "/me")
///     .send()
///     .await?
///     .into_inner();
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    engine: Engine,
}

/// Configures and builds a [`Client`] (region, API version, timeouts, retries, ...); start one
/// with [`Client::builder`].
pub type ClientBuilder = intercom_runtime::ClientBuilder<Client>;

impl Client {
    /// Default timeout of one attempt: 30 seconds.
    pub const DEFAULT_TIMEOUT: Duration = Engine::DEFAULT_TIMEOUT;
    /// Default TCP/TLS connect timeout of the built-in HTTP client: 10 seconds.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Engine::DEFAULT_CONNECT_TIMEOUT;

    /// A client for the US region with default settings.
    ///
    /// Fails with [`Error::Config`](crate::Error::Config) when the token is empty or not a
    /// valid header value.
    pub fn new(token: impl Into<String>) -> Result<Client> {
        Client::builder().token(token).build()
    }

    /// A builder to configure region, API version, timeouts, retries and more; it sends
    /// `Intercom-Version: `[`API_VERSION`] unless told otherwise.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new(API_VERSION)
    }

    /// The base URL requests go to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        self.engine.base_url()
    }

    /// The `Intercom-Version` header sent unless a call overrides it.
    pub fn intercom_version(&self) -> &str {
        self.engine.intercom_version()
    }

    /// The default timeout of one attempt.
    pub fn timeout(&self) -> Duration {
        self.engine.timeout()
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        self.engine.retry_policy()
    }

    /// The rate-limit window of the latest response that carried `X-RateLimit-*` headers,
    /// across all clones of this client.
    pub fn last_rate_limit(&self) -> Option<RateLimit> {
        self.engine.last_rate_limit()
    }

    /// Starts a raw request: the escape hatch for endpoints the typed API lacks.
    ///
    /// `path` is relative to the base URL and already percent-encoded, e.g.
    /// `"/contacts/abc"`; encode user-supplied segments with [`path_segment`](crate::path_segment).
    pub fn request(&self, method: Method, path: impl Into<String>) -> Request {
        self.engine.request(method, path)
    }

    /// The runtime engine behind this client.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }
}

impl From<Engine> for Client {
    fn from(engine: Engine) -> Client {
        Client { engine }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.engine.fmt(f)
    }
}
