//! Where requests leave the process.
//!
//! By default a request goes straight to hyper's pooled client, over rustls for HTTPS. The SDK
//! times out, retries and follows redirects itself, so reqwest's own redirect and retry layers
//! would only repeat that work: they parse and copy every request, which is most of what
//! separates an SDK's request from a bare HTTP exchange (docs/performance.md).
//!
//! A `reqwest` client sends instead when it does something the direct path does not: the
//! environment names a proxy (`HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY`; reqwest honours them
//! and `NO_PROXY`), only native TLS is compiled in, or the app passed its own client to
//! [`ClientBuilder::http_client`](crate::ClientBuilder::http_client).

mod body;
pub(crate) mod redirect;

use std::time::Duration;

use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};

pub(crate) use body::{ChunkStream, RequestBody, ResponseBody};

use crate::{Error, Result};

/// Whether the direct path speaks HTTPS: a rustls feature is on, and not `native-tls`, which
/// takes precedence as it does in reqwest.
const DIRECT_TLS: bool = cfg!(all(
    any(feature = "rustls", feature = "rustls-aws-lc"),
    not(feature = "native-tls")
));

/// How long an idle pooled connection is kept, as reqwest does.
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(90);
/// TCP keepalive probes on pooled connections, as reqwest does.
const TCP_KEEPALIVE: Duration = Duration::from_secs(15);

#[cfg(any(feature = "rustls", feature = "rustls-aws-lc"))]
type Connector = hyper_rustls::HttpsConnector<HttpConnector>;
#[cfg(not(any(feature = "rustls", feature = "rustls-aws-lc")))]
type Connector = HttpConnector;

/// The HTTP client behind an [`Engine`](crate::Engine).
pub(crate) enum Transport {
    /// hyper's pooled client (boxed: it is large); redirects are followed by the caller.
    Direct(Box<hyper_util::client::legacy::Client<Connector, RequestBody>>),
    /// A reqwest client, which follows redirects (or not) by its own policy.
    Reqwest(reqwest::Client),
}

impl Transport {
    /// The default transport for a client whose base URL has `scheme`.
    pub(crate) fn new(scheme: &str, connect_timeout: Duration) -> Result<Transport> {
        let direct =
            !proxy_configured(|name| std::env::var_os(name)) && (DIRECT_TLS || scheme == "http");
        if direct {
            direct_client(connect_timeout).map(|client| Transport::Direct(Box::new(client)))
        } else {
            reqwest_client(connect_timeout).map(Transport::Reqwest)
        }
    }

    /// Whether the caller has to follow redirects itself.
    pub(crate) fn is_direct(&self) -> bool {
        matches!(self, Transport::Direct(_))
    }

    /// Sends one request and returns the response with its body unread.
    pub(crate) async fn send(
        &self,
        request: http::Request<RequestBody>,
    ) -> Result<http::Response<ResponseBody>> {
        match self {
            Transport::Direct(client) => {
                let response = client.request(request).await.map_err(Error::transport)?;
                Ok(response.map(ResponseBody::Hyper))
            }
            Transport::Reqwest(client) => {
                let request = reqwest::Request::try_from(request.map(RequestBody::into_reqwest))
                    .map_err(|error| Error::Encode(Box::new(error)))?;
                let response = client.execute(request).await.map_err(Error::transport)?;
                Ok(http::Response::from(response).map(ResponseBody::Reqwest))
            }
        }
    }
}

/// Whether one of the variables reqwest reads its proxies from is set.
fn proxy_configured(var: impl Fn(&str) -> Option<std::ffi::OsString>) -> bool {
    [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ]
    .iter()
    .any(|name| var(name).is_some_and(|value| !value.is_empty()))
}

fn direct_client(
    connect_timeout: Duration,
) -> Result<hyper_util::client::legacy::Client<Connector, RequestBody>> {
    let mut http = HttpConnector::new();
    http.set_connect_timeout(Some(connect_timeout));
    http.set_nodelay(true);
    http.set_keepalive(Some(TCP_KEEPALIVE));
    let connector = tls_connector(http)?;
    Ok(
        hyper_util::client::legacy::Client::builder(TokioExecutor::new())
            .timer(TokioTimer::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(POOL_IDLE_TIMEOUT)
            .build(connector),
    )
}

/// rustls with the platform's certificate verifier (the system's roots), HTTP/2 by ALPN.
#[cfg(any(feature = "rustls", feature = "rustls-aws-lc"))]
fn tls_connector(mut http: HttpConnector) -> Result<Connector> {
    http.enforce_http(false);
    let builder = hyper_rustls::HttpsConnectorBuilder::new()
        .with_provider_and_platform_verifier(crypto_provider())
        .map_err(|e| Error::Config(format!("could not set up TLS: {e}")))?;
    Ok(builder
        .https_or_http()
        .enable_http1()
        .enable_http2()
        .wrap_connector(http))
}

#[cfg(not(any(feature = "rustls", feature = "rustls-aws-lc")))]
fn tls_connector(http: HttpConnector) -> Result<Connector> {
    Ok(http)
}

/// The process's default provider if one is installed; otherwise ring (installed as the
/// default, feature `rustls`) or aws-lc-rs (feature `rustls-aws-lc` alone).
#[cfg(any(feature = "rustls", feature = "rustls-aws-lc"))]
fn crypto_provider() -> std::sync::Arc<rustls::crypto::CryptoProvider> {
    #[cfg(feature = "rustls")]
    crate::client::install_rustls_provider();
    match rustls::crypto::CryptoProvider::get_default() {
        Some(provider) => provider.clone(),
        #[cfg(feature = "rustls")]
        None => std::sync::Arc::new(rustls::crypto::ring::default_provider()),
        #[cfg(not(feature = "rustls"))]
        None => std::sync::Arc::new(rustls::crypto::aws_lc_rs::default_provider()),
    }
}

/// The default client when reqwest sends: proxies from the environment, the compiled-in TLS.
fn reqwest_client(connect_timeout: Duration) -> Result<reqwest::Client> {
    #[cfg(feature = "rustls")]
    crate::client::install_rustls_provider();
    reqwest::Client::builder()
        .connect_timeout(connect_timeout)
        .build()
        .map_err(|e| Error::Config(format!("could not build the HTTP client: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_proxy_variable_sends_through_reqwest() {
        let env = |set: &'static str, value: &'static str| {
            move |name: &str| (name == set).then(|| value.into())
        };
        assert!(!proxy_configured(|_| None));
        assert!(proxy_configured(env("HTTPS_PROXY", "http://proxy:3128")));
        assert!(proxy_configured(env("all_proxy", "socks5://proxy")));
        assert!(!proxy_configured(env("HTTPS_PROXY", "")));
        assert!(!proxy_configured(env("NO_PROXY", "*")));
    }

    #[tokio::test]
    async fn the_default_is_direct_for_http_and_for_https_with_rustls() {
        if proxy_configured(|name| std::env::var_os(name)) {
            return; // this machine routes through a proxy: reqwest sends, as asserted above
        }
        let plain = Transport::new("http", Duration::from_secs(1)).expect("builds");
        assert!(plain.is_direct());
        let tls = Transport::new("https", Duration::from_secs(1)).expect("builds");
        assert_eq!(tls.is_direct(), DIRECT_TLS);
    }
}
