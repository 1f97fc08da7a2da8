//! A proxy named by the environment is used: the client then sends through reqwest, which
//! honours `HTTP_PROXY`/`HTTPS_PROXY`/`ALL_PROXY` and `NO_PROXY`. One test in its own binary,
//! since it sets process-wide environment variables.

use intercom_api::{Client, Method};
use serde_json::{json, Value};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn requests_go_through_the_proxy_from_the_environment() {
    let proxy = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"type": "admin"})))
        .mount(&proxy)
        .await;
    for name in [
        "NO_PROXY",
        "no_proxy",
        "http_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        std::env::remove_var(name);
    }
    std::env::set_var("HTTP_PROXY", proxy.uri());

    // `.invalid` never resolves: only the proxy can have answered.
    let client = Client::builder()
        .token("tok")
        .base_url("http://intercom.invalid")
        .build()
        .expect("builds");
    let me: Value = client
        .request(Method::GET, "/me")
        .send()
        .await
        .expect("the proxy answers")
        .into_inner();
    assert_eq!(me, json!({"type": "admin"}));

    let received = proxy.received_requests().await.unwrap_or_default();
    assert_eq!(received.len(), 1);
    let host = received[0]
        .headers
        .get("host")
        .and_then(|v| v.to_str().ok());
    assert_eq!(host, Some("intercom.invalid"));
    assert_eq!(received[0].url.path(), "/me");
}
