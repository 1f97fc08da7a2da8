//! Retries, rate limits, timeouts, connection failures and the client-side throttle.

mod runtime_support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use intercom_api::{CallOptions, Client, Error, RetryPolicy};
use reqwest::{Method, StatusCode};
use runtime_support::{received, unix_in, TOKEN};
use serde_json::json;
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;
use wiremock::matchers::{any, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A client with a 1 ms backoff base whose waits are recorded, not slept.
fn fast_client(server: &MockServer) -> (Client, runtime_support::Sleeps) {
    let (builder, sleeps) = runtime_support::builder(server);
    let policy = RetryPolicy::new().base_delay(Duration::from_millis(1));
    (builder.retry_policy(policy).build().unwrap(), sleeps)
}

fn ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"ok": true}))
}

fn rate_limited(reset: u64) -> ResponseTemplate {
    ResponseTemplate::new(429)
        .set_body_json(json!({
            "type": "error.list",
            "errors": [{"code": "rate_limit_exceeded", "message": "Exceeded rate limit of 167 in 10_seconds"}]
        }))
        .insert_header("x-ratelimit-limit", "167")
        .insert_header("x-ratelimit-remaining", "0")
        .insert_header("x-ratelimit-reset", reset.to_string().as_str())
}

async fn mount_sequence(
    server: &MockServer,
    first: ResponseTemplate,
    times: u64,
    then: ResponseTemplate,
) {
    Mock::given(any())
        .respond_with(first)
        .up_to_n_times(times)
        .mount(server)
        .await;
    Mock::given(any()).respond_with(then).mount(server).await;
}

#[tokio::test]
async fn rate_limited_waits_for_reset_then_succeeds() {
    let server = MockServer::start().await;
    let reset = unix_in(5);
    let after = ok()
        .insert_header("x-ratelimit-remaining", "166")
        .insert_header("x-ratelimit-limit", "167");
    mount_sequence(&server, rate_limited(reset), 1, after).await;
    let (client, sleeps) = fast_client(&server);

    let response = client
        .request(Method::GET, "/contacts")
        .send::<serde_json::Value>()
        .await
        .unwrap();

    assert_eq!(response.attempts(), 2);
    assert_eq!(received(&server).await, 2);
    assert_eq!(response.rate_limit().remaining, Some(166));
    let waits = sleeps.all();
    assert_eq!(waits.len(), 1);
    // Until the reset second (from somewhere inside the current second), plus <= 1 ms jitter.
    assert!(
        waits[0] > Duration::from_secs(3) && waits[0] <= Duration::from_millis(5_001),
        "{waits:?}"
    );
    assert_eq!(client.last_rate_limit().unwrap().remaining, Some(166));
}

#[tokio::test]
async fn retry_after_wins_over_reset() {
    let server = MockServer::start().await;
    mount_sequence(
        &server,
        rate_limited(unix_in(30)).insert_header("retry-after", "2"),
        1,
        ok(),
    )
    .await;
    let (client, sleeps) = fast_client(&server);

    let response = client
        .request(Method::GET, "/contacts")
        .send_empty()
        .await
        .unwrap();

    assert_eq!(response.attempts(), 2);
    assert_eq!(sleeps.all(), [Duration::from_secs(2)]);
}

#[tokio::test]
async fn rate_limit_wait_is_capped() {
    let server = MockServer::start().await;
    mount_sequence(&server, rate_limited(unix_in(3_600)), 1, ok()).await;
    let (builder, sleeps) = runtime_support::builder(&server);
    let policy = RetryPolicy::new().max_rate_limit_wait(Duration::from_secs(5));
    let client = builder.retry_policy(policy).build().unwrap();

    client
        .request(Method::GET, "/contacts")
        .send_empty()
        .await
        .unwrap();

    assert_eq!(sleeps.all(), [Duration::from_secs(5)]);
}

#[tokio::test]
async fn rate_limited_post_is_retried() {
    let server = MockServer::start().await;
    mount_sequence(&server, rate_limited(unix_in(1)), 1, ok()).await;
    let (client, _) = fast_client(&server);

    let response = client
        .request(Method::POST, "/contacts")
        .json(&json!({}))
        .send_empty()
        .await
        .unwrap();

    assert_eq!(
        response.attempts(),
        2,
        "a 429 was not processed, so even POST is retried"
    );
    assert_eq!(received(&server).await, 2);
}

#[tokio::test]
async fn exhausted_rate_limit_retries_return_the_429() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(rate_limited(unix_in(1)))
        .mount(&server)
        .await;
    let (client, sleeps) = fast_client(&server);

    let error = client
        .request(Method::GET, "/contacts")
        .send_empty()
        .await
        .unwrap_err();

    assert_eq!(error.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(error.as_api().unwrap().code(), Some("rate_limit_exceeded"));
    let rate_limit = error.rate_limit().unwrap();
    assert_eq!(
        (rate_limit.limit, rate_limit.remaining),
        (Some(167), Some(0))
    );
    assert!(error.is_retryable());
    assert_eq!(received(&server).await, 3);
    assert_eq!(sleeps.all().len(), 2);
}

#[tokio::test]
async fn reset_in_the_past_waits_about_zero_for_real() {
    let server = MockServer::start().await;
    mount_sequence(&server, rate_limited(0), 1, ok()).await;
    // The real tokio sleeper: only the 1 ms jitter may be slept.
    let client = Client::builder()
        .token(TOKEN)
        .base_url(server.uri())
        .retry_policy(RetryPolicy::new().base_delay(Duration::from_millis(1)))
        .build()
        .unwrap();

    let started = Instant::now();
    let response = client
        .request(Method::GET, "/contacts")
        .send_empty()
        .await
        .unwrap();

    assert_eq!(response.attempts(), 2);
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn get_503_twice_then_ok_takes_three_attempts() {
    let server = MockServer::start().await;
    mount_sequence(&server, ResponseTemplate::new(503), 2, ok()).await;
    let (client, sleeps) = fast_client(&server);

    let response = client
        .request(Method::GET, "/contacts")
        .send_empty()
        .await
        .unwrap();

    assert_eq!(response.attempts(), 3);
    assert_eq!(received(&server).await, 3);
    let waits = sleeps.all();
    assert_eq!(waits.len(), 2);
    assert!(
        waits[0] <= Duration::from_millis(1) && waits[1] <= Duration::from_millis(2),
        "{waits:?}"
    );
}

#[tokio::test]
async fn post_503_is_not_retried() {
    let server = MockServer::start().await;
    mount_sequence(&server, ResponseTemplate::new(503), 2, ok()).await;
    let (client, sleeps) = fast_client(&server);

    let error = client
        .request(Method::POST, "/contacts")
        .json(&json!({}))
        .send_empty()
        .await
        .unwrap_err();

    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(received(&server).await, 1);
    assert!(sleeps.all().is_empty());
}

#[tokio::test]
async fn post_503_is_retried_when_the_call_opts_in() {
    let server = MockServer::start().await;
    mount_sequence(&server, ResponseTemplate::new(503), 2, ok()).await;
    let (client, _) = fast_client(&server);

    let response = client
        .request(Method::POST, "/contacts")
        .json(&json!({}))
        .retry_non_idempotent(true)
        .send_empty()
        .await
        .unwrap();

    assert_eq!(response.attempts(), 3);
    assert_eq!(received(&server).await, 3);
}

#[tokio::test]
async fn each_request_has_its_own_retry_budget() {
    let server = MockServer::start().await;
    for _ in 0..2 {
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(503))
            .up_to_n_times(2)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .respond_with(ok())
            .up_to_n_times(1)
            .mount(&server)
            .await;
    }
    let (client, _) = fast_client(&server);

    let first = client
        .request(Method::GET, "/a")
        .send_empty()
        .await
        .unwrap();
    let second = client
        .clone()
        .request(Method::GET, "/b")
        .send_empty()
        .await
        .unwrap();

    assert_eq!((first.attempts(), second.attempts()), (3, 3));
    assert_eq!(received(&server).await, 6);
}

#[tokio::test]
async fn retry_budget_per_client_and_per_call() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let (builder, _) = runtime_support::builder(&server);
    let client = builder.max_retries(1).build().unwrap();

    let error = client
        .request(Method::GET, "/a")
        .send_empty()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert_eq!(received(&server).await, 2, "client max_retries(1)");

    client
        .request(Method::GET, "/b")
        .max_retries(0)
        .send_empty()
        .await
        .unwrap_err();
    assert_eq!(received(&server).await, 3, "call max_retries(0)");

    client
        .request(Method::GET, "/c")
        .max_retries(3)
        .send_empty()
        .await
        .unwrap_err();
    assert_eq!(received(&server).await, 7, "call max_retries(3)");
}

#[tokio::test]
async fn not_implemented_and_client_errors_are_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(501))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(422))
        .mount(&server)
        .await;
    let (client, _) = fast_client(&server);

    client
        .request(Method::GET, "/a")
        .send_empty()
        .await
        .unwrap_err();
    client
        .request(Method::GET, "/b")
        .send_empty()
        .await
        .unwrap_err();

    assert_eq!(received(&server).await, 2);
}

/// A server that accepts connections, reads a little and closes them, counting connections.
async fn closing_server(reset: bool) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = accepted.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            let mut buffer = [0u8; 64];
            let _ = stream.read(&mut buffer).await;
            if reset {
                // SO_LINGER 0 turns the close into a TCP RST.
                stream.set_zero_linger().unwrap();
            }
            drop(stream);
        }
    });
    (address, accepted)
}

fn client_for(address: &str) -> Client {
    Client::builder()
        .token(TOKEN)
        .base_url(address)
        .sleeper(|_| async {})
        .build()
        .unwrap()
}

#[tokio::test]
async fn closed_connection_is_retried_for_get_only() {
    let (address, accepted) = closing_server(false).await;
    let client = client_for(&address);

    let error = client
        .request(Method::GET, "/contacts")
        .send_empty()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(error.is_retryable());
    assert!(
        std::error::Error::source(&error).is_some(),
        "the cause is kept"
    );
    assert_eq!(accepted.load(Ordering::SeqCst), 3);

    let error = client
        .request(Method::POST, "/contacts")
        .json(&json!({}))
        .send_empty()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(accepted.load(Ordering::SeqCst), 4, "POST is not retried");
}

#[tokio::test]
async fn reset_connection_is_a_transport_error() {
    let (address, accepted) = closing_server(true).await;
    let client = client_for(&address);

    let error = client
        .request(Method::DELETE, "/contacts/1")
        .max_retries(1)
        .send_empty()
        .await
        .unwrap_err();

    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(accepted.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn slow_response_times_out() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ok().set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let (client, _) = fast_client(&server);

    let started = Instant::now();
    let error = client
        .request(Method::GET, "/slow")
        .timeout(Duration::from_millis(50))
        .max_retries(1)
        .send_empty()
        .await
        .unwrap_err();

    assert!(matches!(error, Error::Timeout), "{error:?}");
    assert_eq!(received(&server).await, 2, "a timed-out GET is retried");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );

    let error = client
        .request(Method::POST, "/slow")
        .json(&json!({}))
        .timeout(Duration::from_millis(50))
        .send_empty()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout), "{error:?}");
    assert_eq!(
        received(&server).await,
        3,
        "a timed-out POST is not retried"
    );
}

#[tokio::test]
async fn throttle_holds_requests_while_the_window_is_exhausted() {
    let server = MockServer::start().await;
    let reset = unix_in(2);
    let exhausted = ok()
        .insert_header("x-ratelimit-remaining", "0")
        .insert_header("x-ratelimit-reset", reset.to_string().as_str());
    let fresh = ok().insert_header("x-ratelimit-remaining", "100");
    Mock::given(method("GET"))
        .respond_with(exhausted)
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(fresh)
        .mount(&server)
        .await;
    let (builder, sleeps) = runtime_support::builder(&server);
    let client = builder.throttle(true).build().unwrap();

    client
        .request(Method::GET, "/a")
        .send_empty()
        .await
        .unwrap();
    assert!(sleeps.all().is_empty(), "the first request is not held");
    // A clone shares the throttle state.
    client
        .clone()
        .request(Method::GET, "/b")
        .send_empty()
        .await
        .unwrap();
    let waits = sleeps.all();
    assert_eq!(waits.len(), 1);
    assert!(
        waits[0] > Duration::ZERO && waits[0] <= Duration::from_secs(2),
        "{waits:?}"
    );
    client
        .request(Method::GET, "/c")
        .send_empty()
        .await
        .unwrap();
    assert_eq!(sleeps.all().len(), 1, "remaining > 0 releases the throttle");
}

#[tokio::test]
async fn throttle_is_off_by_default() {
    let server = MockServer::start().await;
    let exhausted = ok()
        .insert_header("x-ratelimit-remaining", "0")
        .insert_header("x-ratelimit-reset", unix_in(5).to_string().as_str());
    Mock::given(method("GET"))
        .respond_with(exhausted)
        .mount(&server)
        .await;
    let (client, sleeps) = fast_client(&server);

    client
        .request(Method::GET, "/a")
        .send_empty()
        .await
        .unwrap();
    client
        .request(Method::GET, "/b")
        .send_empty()
        .await
        .unwrap();

    assert!(sleeps.all().is_empty());
    assert_eq!(client.last_rate_limit().unwrap().remaining, Some(0));
}
