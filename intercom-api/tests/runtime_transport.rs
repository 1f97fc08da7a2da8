//! The built-in transport: redirects are followed as reqwest's default policy follows them,
//! and a client of your own follows its own policy.

mod runtime_support;

use intercom_api::{Client, Error, Method, StatusCode};
use runtime_support::{client, TOKEN};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn redirect(status: u16, location: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).insert_header("location", location)
}

fn authorization(request: &Request) -> Option<&str> {
    request.headers.get("authorization")?.to_str().ok()
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default()
}

#[tokio::test]
async fn a_recording_redirect_is_followed_to_another_host_without_the_token() {
    let api = MockServer::start().await;
    let files = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/calls/1/recording"))
        .respond_with(redirect(302, &format!("{}/r/1.mp3?sig=abc", files.uri())))
        .mount(&api)
        .await;
    Mock::given(method("GET"))
        .and(path("/r/1.mp3"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(b"ID3audio".to_vec(), "audio/mpeg"))
        .mount(&files)
        .await;
    let (client, _) = client(&api);

    let download = client
        .request(Method::GET, "/calls/1/recording")
        .send_download()
        .await
        .expect("follows the redirect");
    assert_eq!(download.content_type(), Some("audio/mpeg"));
    assert_eq!(download.bytes().await.expect("body").as_ref(), b"ID3audio");

    let sent = requests(&api).await;
    assert_eq!(authorization(&sent[0]), Some(&*format!("Bearer {TOKEN}")));
    let followed = requests(&files).await;
    assert_eq!(followed.len(), 1);
    assert_eq!(followed[0].url.query(), Some("sig=abc"));
    assert_eq!(
        authorization(&followed[0]),
        None,
        "the token stays with Intercom"
    );
}

#[tokio::test]
async fn a_same_origin_redirect_keeps_the_token_and_a_see_other_turns_a_post_into_a_get() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/contacts/merge"))
        .respond_with(redirect(303, "/contacts/7"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/contacts/7"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "7"})))
        .mount(&server)
        .await;
    let (client, _) = client(&server);

    let reply: Value = client
        .request(Method::POST, "/contacts/merge")
        .json(&json!({"from": "1", "into": "7"}))
        .send()
        .await
        .expect("follows")
        .into_inner();
    assert_eq!(reply, json!({"id": "7"}));
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 2);
    let get = &sent[1];
    assert_eq!(get.method.as_str(), "GET");
    assert!(get.body.is_empty());
    assert!(get.headers.get("content-type").is_none());
    assert_eq!(authorization(get), Some(&*format!("Bearer {TOKEN}")));
}

#[tokio::test]
async fn a_temporary_redirect_resends_the_same_body() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/old"))
        .respond_with(redirect(307, "/new"))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/new"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .mount(&server)
        .await;
    let (client, _) = client(&server);

    client
        .request(Method::PUT, "/old")
        .json(&json!({"name": "x"}))
        .send_empty()
        .await
        .expect("follows");
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].body, sent[1].body);
    assert_eq!(sent[1].body, br#"{"name":"x"}"#);
}

#[tokio::test]
async fn a_redirect_loop_ends_after_ten_hops() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/loop"))
        .respond_with(redirect(302, "/loop"))
        .mount(&server)
        .await;
    let (client, _) = client(&server);

    let error = client
        .request(Method::GET, "/loop")
        .send_empty()
        .await
        .expect_err("a loop never ends");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    let cause = std::error::Error::source(&error).map(ToString::to_string);
    assert_eq!(cause.as_deref(), Some("more than 10 redirects"));
    // The first request and ten redirects, for each of the client's attempts.
    assert_eq!(requests(&server).await.len() % 11, 0);
}

#[tokio::test]
async fn a_client_of_your_own_follows_its_own_policy() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/calls/1/recording"))
        .respond_with(redirect(302, "/elsewhere"))
        .mount(&server)
        .await;
    #[cfg(feature = "rustls")]
    intercom_api::install_rustls_provider();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("builds");
    let client = Client::builder()
        .token(TOKEN)
        .base_url(server.uri())
        .http_client(http)
        .build()
        .expect("builds");

    let error = client
        .request(Method::GET, "/calls/1/recording")
        .send_empty()
        .await
        .expect_err("not followed");
    assert_eq!(error.status(), Some(StatusCode::FOUND));
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn a_timeout_of_your_own_client_is_a_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(std::time::Duration::from_secs(2)))
        .mount(&server)
        .await;
    #[cfg(feature = "rustls")]
    intercom_api::install_rustls_provider();
    let http = reqwest::Client::builder()
        .timeout(std::time::Duration::from_millis(50))
        .build()
        .expect("builds");
    let client = Client::builder()
        .token(TOKEN)
        .base_url(server.uri())
        .http_client(http)
        .max_retries(0)
        .build()
        .expect("builds");

    let error = client
        .request(Method::GET, "/me")
        .send_empty()
        .await
        .expect_err("reqwest gives up first");
    assert!(matches!(error, Error::Timeout), "{error:?}");
}
