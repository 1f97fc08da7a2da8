//! The `Error` helpers through the public API, and `Retry-After` as an HTTP date.

mod runtime_support;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use intercom_api::{CallOptions, Client, Error, StatusCode};
use reqwest::Method;
use runtime_support::unix_in;
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A client for `server` that never retries.
fn no_retries(server: &MockServer) -> Client {
    let (builder, _) = runtime_support::builder(server);
    builder.max_retries(0).build().unwrap()
}

async fn fail_with(response: ResponseTemplate) -> Error {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    no_retries(&server)
        .request(Method::GET, "/contacts/nope")
        .send::<serde_json::Value>()
        .await
        .unwrap_err()
}

fn not_found_body() -> serde_json::Value {
    json!({
        "type": "error.list",
        "request_id": "req_from_body",
        "errors": [{"code": "not_found", "message": "User Not Found"}]
    })
}

#[tokio::test]
async fn not_found_is_recognisable() {
    let error = fail_with(ResponseTemplate::new(404).set_body_json(not_found_body())).await;

    assert!(error.is_not_found());
    assert!(!error.is_rate_limited() && !error.is_unauthorized() && !error.is_forbidden());
    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(error.code(), Some("not_found"));
    assert_eq!(error.request_id(), Some("req_from_body"));
    assert_eq!(error.retry_after(), None);
    assert!(!error.is_retryable());

    // The header wins over the body.
    let error = fail_with(
        ResponseTemplate::new(404)
            .set_body_json(not_found_body())
            .insert_header("x-request-id", "req_from_header"),
    )
    .await;
    assert_eq!(error.request_id(), Some("req_from_header"));
}

#[tokio::test]
async fn unauthorized_and_forbidden_are_recognisable() {
    let unauthorized = fail_with(ResponseTemplate::new(401).set_body_json(json!({
        "type": "error.list",
        "errors": [{"code": "unauthorized", "message": "Access Token Invalid"}]
    })))
    .await;
    assert!(unauthorized.is_unauthorized() && !unauthorized.is_forbidden());
    assert_eq!(unauthorized.code(), Some("unauthorized"));

    let forbidden = fail_with(ResponseTemplate::new(403).set_body_json(json!({
        "type": "error.list",
        "errors": [{"code": "action_forbidden", "data": {"required_permissions": ["read_users"]}}]
    })))
    .await;
    assert!(forbidden.is_forbidden() && !forbidden.is_not_found());
    assert_eq!(forbidden.code(), Some("action_forbidden"));
}

#[tokio::test]
async fn rate_limited_reports_when_to_come_back() {
    let reset = unix_in(30);
    let error = fail_with(
        ResponseTemplate::new(429)
            .set_body_json(json!({
                "type": "error.list",
                "errors": [{"code": "rate_limit_exceeded", "message": "Exceeded rate limit"}]
            }))
            .insert_header("x-ratelimit-limit", "167")
            .insert_header("x-ratelimit-remaining", "0")
            .insert_header("x-ratelimit-reset", reset.to_string().as_str()),
    )
    .await;

    assert!(error.is_rate_limited() && !error.is_not_found());
    assert!(error.is_retryable());
    assert_eq!(error.code(), Some("rate_limit_exceeded"));
    // Until the reset second, measured from somewhere inside the current second.
    let wait = error.retry_after().unwrap();
    assert!(
        wait > Duration::from_secs(28) && wait <= Duration::from_secs(30),
        "{wait:?}"
    );
    let rate_limit = error.rate_limit().unwrap();
    assert_eq!(
        rate_limit.reset,
        Some(UNIX_EPOCH + Duration::from_secs(reset))
    );
    assert_eq!(rate_limit.reset_unix(), Some(reset));
    assert_eq!(rate_limit.remaining, Some(0));
}

#[tokio::test]
async fn retry_after_prefers_the_retry_after_header() {
    let error = fail_with(
        ResponseTemplate::new(503)
            .insert_header("retry-after", "4")
            .insert_header("x-ratelimit-reset", unix_in(30).to_string().as_str()),
    )
    .await;
    assert_eq!(error.retry_after(), Some(Duration::from_secs(4)));

    // Other statuses do not report a wait even with the header.
    let error = fail_with(ResponseTemplate::new(500).insert_header("retry-after", "4")).await;
    assert_eq!(error.retry_after(), None);
}

#[tokio::test]
async fn html_bad_gateway_has_a_status_but_no_code() {
    let error = fail_with(
        ResponseTemplate::new(502)
            .set_body_raw("<html><h1>502 Bad Gateway</h1></html>", "text/html"),
    )
    .await;

    assert_eq!(error.status(), Some(StatusCode::BAD_GATEWAY));
    assert!(error.is_retryable());
    assert_eq!(error.code(), None);
    assert_eq!(error.request_id(), None);
    assert!(!error.is_not_found() && !error.is_rate_limited());
    assert!(error.as_api().unwrap().body.contains("502 Bad Gateway"));
}

#[tokio::test]
async fn timeout_is_retryable_and_statusless() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let error = no_retries(&server)
        .request(Method::GET, "/slow")
        .timeout(Duration::from_millis(50))
        .send::<serde_json::Value>()
        .await
        .unwrap_err();

    assert!(matches!(error, Error::Timeout), "{error:?}");
    assert!(error.is_retryable());
    assert_eq!(error.status(), None);
    assert_eq!(error.code(), None);
    assert_eq!(error.retry_after(), None);
    assert!(!error.is_not_found());
}

#[tokio::test]
async fn retry_after_http_date_is_waited_for() {
    let server = MockServer::start().await;
    let date = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(7));
    Mock::given(any())
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", date.as_str()))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .mount(&server)
        .await;
    let (builder, sleeps) = runtime_support::builder(&server);
    let client = builder.build().unwrap();

    let response = client
        .request(Method::GET, "/contacts")
        .send::<serde_json::Value>()
        .await
        .unwrap();

    assert_eq!(response.attempts(), 2);
    let waits = sleeps.all();
    assert_eq!(waits.len(), 1, "{waits:?}");
    // The date has whole seconds, so the wait is between 6 and 7 s (less test latency).
    assert!(
        waits[0] > Duration::from_secs(5) && waits[0] <= Duration::from_secs(7),
        "{waits:?}"
    );
}
