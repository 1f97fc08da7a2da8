//! The built-in transport over TLS: the platform's roots verify the server, HTTP/2 is chosen by
//! ALPN, and a certificate for another name is refused.
//!
//! `tests/tls/` holds a throwaway CA and a certificate it signed for `localhost` (made with
//! `openssl`, valid 2020-2120; the key is for these tests only). The CA becomes the machine's
//! roots through `SSL_CERT_FILE`, which the platform verifier reads on Linux; the variable is
//! process-wide, so this binary has one test.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use intercom_api::{Client, Error, Method};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use serde_json::{json, Value};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/tls")
        .join(name)
}

/// Answers every request with the HTTP version it arrived in.
async fn version(
    request: hyper::Request<Incoming>,
) -> Result<hyper::Response<Full<Bytes>>, Infallible> {
    let body = json!({ "version": format!("{:?}", request.version()) }).to_string();
    Ok(hyper::Response::new(Full::new(Bytes::from(body))))
}

/// A TLS server on 127.0.0.1 offering HTTP/2 and HTTP/1.1.
async fn serve() -> SocketAddr {
    let certs = vec![CertificateDer::from_pem_file(fixture("leaf.pem")).expect("leaf.pem")];
    let key = PrivateKeyDer::from_pem_file(fixture("leaf.key")).expect("leaf.key");
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .expect("certificate");
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else {
                return;
            };
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                // A refused handshake is what one test expects: nothing to serve then.
                let Ok(tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let h2 = tls.get_ref().1.alpn_protocol() == Some(b"h2");
                let io = TokioIo::new(tls);
                let service = hyper::service::service_fn(version);
                let _ = if h2 {
                    hyper::server::conn::http2::Builder::new(TokioExecutor::new())
                        .serve_connection(io, service)
                        .await
                } else {
                    hyper::server::conn::http1::Builder::new()
                        .serve_connection(io, service)
                        .await
                };
            });
        }
    });
    addr
}

fn client(base_url: String) -> Client {
    Client::builder()
        .token("tok")
        .base_url(base_url)
        .max_retries(0)
        .build()
        .expect("builds")
}

#[tokio::test]
async fn https_is_verified_against_the_roots_and_speaks_http2() {
    for name in ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"] {
        std::env::remove_var(name);
    }
    std::env::set_var("SSL_CERT_FILE", fixture("ca.pem"));
    std::env::remove_var("SSL_CERT_DIR");
    let addr = serve().await;

    let reply: Value = client(format!("https://localhost:{}", addr.port()))
        .request(Method::GET, "/me")
        .send()
        .await
        .expect("a certificate from the roots is accepted")
        .into_inner();
    assert_eq!(reply, json!({ "version": "HTTP/2.0" }));

    // The certificate names `localhost`, not `127.0.0.1`.
    let error = client(format!("https://127.0.0.1:{}", addr.port()))
        .request(Method::GET, "/me")
        .send_empty()
        .await
        .expect_err("a certificate for another name is refused");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    let mut chain = Vec::new();
    let mut cause: Option<&dyn std::error::Error> = Some(&error);
    while let Some(current) = cause {
        chain.push(current.to_string());
        cause = current.source();
    }
    assert!(
        chain.iter().any(|message| message.contains("certificate")),
        "{chain:?}"
    );
}
