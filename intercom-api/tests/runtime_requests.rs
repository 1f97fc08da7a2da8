//! Request building, headers, encoding, error and decode handling, secrecy of the token.

mod runtime_support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use intercom_api::{path_segment, CallOptions, Client, Error, Region, RequestOptions, API_VERSION};
use reqwest::Method;
use runtime_support::{client, received, TOKEN};
use serde::Deserialize;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.remove(0)
}

fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).map(|v| v.to_str().unwrap())
}

#[tokio::test]
async fn sends_default_headers_and_reads_metadata() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/me"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"type": "admin", "id": "991"}))
                .insert_header("x-request-id", "req_me")
                .insert_header("x-ratelimit-limit", "167")
                .insert_header("x-ratelimit-remaining", "166")
                .insert_header("x-ratelimit-reset", "1700000010"),
        )
        .mount(&server)
        .await;
    let (client, _) = client(&server);

    let response = client
        .request(Method::GET, "/me")
        .send::<serde_json::Value>()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.value()["id"], "991");
    assert_eq!(response.request_id(), Some("req_me"));
    assert_eq!(response.attempts(), 1);
    assert_eq!(response.rate_limit().limit, Some(167));
    assert_eq!(response.rate_limit().remaining, Some(166));
    assert_eq!(response.rate_limit().reset_unix(), Some(1_700_000_010));
    assert_eq!(
        response.rate_limit().reset,
        Some(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_010))
    );
    let raw: serde_json::Value = serde_json::from_slice(response.body()).unwrap();
    assert_eq!(raw, json!({"type": "admin", "id": "991"}));
    let sent = only_request(&server).await;
    assert_eq!(
        header(&sent, "authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(header(&sent, "intercom-version"), Some(API_VERSION));
    assert_eq!(header(&sent, "accept"), Some("application/json"));
    let agent = format!("intercom-api-rust/{}", env!("CARGO_PKG_VERSION"));
    assert_eq!(header(&sent, "user-agent"), Some(agent.as_str()));
    assert_eq!(header(&sent, "content-type"), None);
}

#[tokio::test]
async fn version_is_overridable_per_client_and_per_call() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let (builder, _) = runtime_support::builder(&server);
    let client = builder.intercom_version("2.14").build().unwrap();
    assert_eq!(client.intercom_version(), "2.14");

    client
        .request(Method::GET, "/a")
        .send_empty()
        .await
        .unwrap();
    client
        .request(Method::GET, "/b")
        .intercom_version("Unstable")
        .send_empty()
        .await
        .unwrap();
    client
        .request(Method::GET, "/c")
        .options(RequestOptions::new().intercom_version("2.15"))
        .send_empty()
        .await
        .unwrap();

    let versions: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| header(r, "intercom-version").unwrap().to_owned())
        .collect();
    assert_eq!(versions, ["2.14", "Unstable", "2.15"]);
}

#[tokio::test]
async fn json_body_custom_headers_and_user_agent_suffix() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/contacts"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "c1"})))
        .mount(&server)
        .await;
    let (builder, _) = runtime_support::builder(&server);
    let client = builder.user_agent_suffix("my-app/1.2").build().unwrap();

    client
        .request(Method::POST, "/contacts")
        .json(&json!({"email": "a@b.c", "role": "user"}))
        .header("X-Trace", "from-request")
        .header("Accept", "application/vnd.custom+json")
        .options(RequestOptions::new().header("x-trace", "from-options"))
        .send::<serde_json::Value>()
        .await
        .unwrap();

    let sent = only_request(&server).await;
    assert_eq!(header(&sent, "content-type"), Some("application/json"));
    assert_eq!(
        sent.body_json::<serde_json::Value>().unwrap(),
        json!({"email": "a@b.c", "role": "user"})
    );
    assert_eq!(
        header(&sent, "x-trace"),
        Some("from-options"),
        "call options win"
    );
    assert_eq!(header(&sent, "accept"), Some("application/vnd.custom+json"));
    let agent = format!("intercom-api-rust/{} my-app/1.2", env!("CARGO_PKG_VERSION"));
    assert_eq!(header(&sent, "user-agent"), Some(agent.as_str()));
}

#[tokio::test]
async fn query_parameters_are_encoded_in_order() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let (client, _) = client(&server);

    client
        .request(Method::GET, "/contacts")
        .query("email", "a+b@x.com")
        .query("tag", "x y")
        .query("tag", "z/é&=?")
        .query(String::from("per_page"), "5")
        .send_empty()
        .await
        .unwrap();

    let sent = only_request(&server).await;
    assert_eq!(
        sent.url.query(),
        Some("email=a%2Bb%40x.com&tag=x%20y&tag=z%2F%C3%A9%26%3D%3F&per_page=5")
    );
    let pairs: Vec<(String, String)> = sent.url.query_pairs().into_owned().collect();
    assert_eq!(pairs[0], ("email".into(), "a+b@x.com".into()));
    assert_eq!(pairs[2], ("tag".into(), "z/é&=?".into()));
}

#[tokio::test]
async fn path_segments_are_encoded_and_empty_ids_rejected() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    assert_eq!(path_segment("a/b c?#%"), "a%2Fb%20c%3F%23%25");

    let id = "us/er 1";
    client
        .request(Method::GET, format!("/contacts/{}", path_segment(id)))
        .send_empty()
        .await
        .unwrap();
    assert_eq!(
        only_request(&server).await.url.path(),
        "/contacts/us%2Fer%201"
    );

    let empty = client
        .request(Method::GET, format!("/contacts/{}", path_segment("")))
        .send_empty()
        .await;
    assert!(matches!(empty, Err(Error::Encode(_))), "{empty:?}");
    let dots = client
        .request(Method::GET, "/contacts/..")
        .send_empty()
        .await;
    assert!(matches!(dots, Err(Error::Encode(_))), "{dots:?}");
    assert_eq!(received(&server).await, 1, "rejected paths are never sent");
}

#[tokio::test]
async fn invalid_header_is_an_error_at_send_time() {
    let server = MockServer::start().await;
    let (client, _) = client(&server);
    let result = client
        .request(Method::GET, "/me")
        .header("X-Bad", "line\nbreak")
        .send_empty()
        .await;
    assert!(matches!(result, Err(Error::Encode(_))), "{result:?}");
    let result = client
        .request(Method::GET, "/me")
        .header("bad header", "x")
        .send_empty()
        .await;
    assert!(matches!(result, Err(Error::Encode(_))), "{result:?}");
    assert_eq!(received(&server).await, 0);
}

#[tokio::test]
async fn unserialisable_body_is_an_encode_error() {
    let server = MockServer::start().await;
    let (client, _) = client(&server);
    let mut map = std::collections::HashMap::new();
    map.insert(vec![1u8], "keys must be strings");
    let result = client
        .request(Method::POST, "/x")
        .json(&map)
        .send_empty()
        .await;
    assert!(matches!(result, Err(Error::Encode(_))), "{result:?}");
    assert_eq!(received(&server).await, 0);
}

#[tokio::test]
async fn error_list_becomes_api_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({
                    "type": "error.list",
                    "request_id": "req_123",
                    "errors": [
                        {"code": "not_found", "message": "Contact Not Found"},
                        {"code": "parameter_invalid", "field": "email", "data": {"x": 1}}
                    ]
                }))
                .insert_header("x-ratelimit-remaining", "42"),
        )
        .mount(&server)
        .await;
    let (client, _) = client(&server);

    let error = client
        .request(Method::GET, "/contacts/nope")
        .send::<serde_json::Value>()
        .await
        .unwrap_err();

    assert_eq!(error.status(), Some(reqwest::StatusCode::NOT_FOUND));
    assert_eq!(error.request_id(), Some("req_123"));
    assert_eq!(error.rate_limit().unwrap().remaining, Some(42));
    assert!(!error.is_retryable());
    let api = error.as_api().unwrap();
    assert_eq!(api.errors.len(), 2);
    assert_eq!(api.errors[0].code, "not_found");
    assert_eq!(api.errors[0].message.as_deref(), Some("Contact Not Found"));
    assert_eq!(api.errors[1].field.as_deref(), Some("email"));
    assert_eq!(api.errors[1].data, Some(json!({"x": 1})));
    assert!(api.has_code("parameter_invalid"));
    assert_eq!(
        error.to_string(),
        "Intercom API error 404 not_found: Contact Not Found; parameter_invalid (field email) (request_id req_123)"
    );
    assert_eq!(received(&server).await, 1, "a 404 is not retried");
}

#[tokio::test]
async fn error_without_errors_array_keeps_message_and_request_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({"type": "error", "request_id": "req_9", "message": "Access Token Invalid"}),
        ))
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let error = client
        .request(Method::GET, "/me")
        .send_empty()
        .await
        .unwrap_err();
    let api = error.as_api().unwrap();
    assert!(api.errors.is_empty());
    assert_eq!(api.message.as_deref(), Some("Access Token Invalid"));
    assert_eq!(error.request_id(), Some("req_9"));
    assert_eq!(
        error.to_string(),
        "Intercom API error 401: Access Token Invalid (request_id req_9)"
    );
}

#[tokio::test]
async fn html_502_is_api_error_with_text() {
    let server = MockServer::start().await;
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502).set_body_raw(html, "text/html"))
        .mount(&server)
        .await;
    let (client, sleeps) = client(&server);

    let error = client
        .request(Method::GET, "/me")
        .send_empty()
        .await
        .unwrap_err();

    let api = error.as_api().expect("an API error");
    assert_eq!(api.status, 502);
    assert_eq!(api.body, html);
    assert!(api.errors.is_empty());
    assert!(error.to_string().contains("502 Bad Gateway"), "{error}");
    assert!(error.is_retryable());
    assert_eq!(
        received(&server).await,
        3,
        "a GET 502 is retried twice by default"
    );
    assert_eq!(sleeps.all().len(), 2);
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Page {
    data: Vec<Item>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Item {
    id: String,
    created_at: Option<i64>,
}

#[tokio::test]
async fn truncated_json_is_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(
                    r#"{"data":[{"id":"1","created_at":17},{"id":"2"#,
                    "application/json",
                )
                .insert_header("x-request-id", "req_trunc"),
        )
        .mount(&server)
        .await;
    let (client, _) = client(&server);

    let error = client
        .request(Method::GET, "/contacts")
        .send::<Page>()
        .await
        .unwrap_err();

    let Error::Decode(decode) = &error else {
        panic!("expected Decode, got {error:?}")
    };
    // Not JSON at all: the whole body is named, with the position in the message.
    assert_eq!(decode.path, "");
    assert!(decode.message.contains("EOF"), "{}", decode.message);
    assert!(
        decode.body_excerpt.contains(r#"{"id":"2"#),
        "{}",
        decode.body_excerpt
    );
    assert_eq!(error.request_id(), Some("req_trunc"));
    assert_eq!(error.status(), Some(reqwest::StatusCode::OK));
    assert!(error.to_string().contains("at `/`"), "{error}");
    assert_eq!(received(&server).await, 1, "decode errors are not retried");
}

#[tokio::test]
async fn empty_body_where_json_expected_is_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let (client, _) = client(&server);

    let error = client
        .request(Method::GET, "/contacts")
        .send::<Page>()
        .await
        .unwrap_err();

    let Error::Decode(decode) = &error else {
        panic!("expected Decode, got {error:?}")
    };
    assert_eq!(
        decode.message,
        "empty response body where JSON was expected"
    );
    assert_eq!(received(&server).await, 1);
    // The same body is fine when no JSON is expected.
    let empty = client
        .request(Method::GET, "/contacts")
        .send_empty()
        .await
        .unwrap();
    assert!(empty.body().is_empty());
}

#[tokio::test]
async fn strict_decode_error_names_the_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "type": "list",
            "data": [{"id": "1"}, {"id": "2", "email": {"address": "a@b.c"}}]
        })))
        .mount(&server)
        .await;
    let (client, _) = client(&server);

    let error = client
        .request(Method::GET, "/contacts")
        .strict_decoding(true)
        .send::<intercom_api::models::ContactList>()
        .await
        .unwrap_err();

    let Error::Decode(decode) = &error else {
        panic!("expected Decode, got {error:?}")
    };
    assert_eq!(decode.path, "/data/1/email");
    assert!(
        decode
            .message
            .contains("expected String: invalid type: map"),
        "{}",
        decode.message
    );
    assert!(
        decode.body_excerpt.contains("a@b.c"),
        "{}",
        decode.body_excerpt
    );
    assert_eq!(received(&server).await, 1);
}

#[tokio::test]
async fn own_types_get_serde_json_positions() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"id": "1"}, {"id": 2}]
        })))
        .mount(&server)
        .await;
    let (client, _) = client(&server);

    let error = client
        .request(Method::GET, "/contacts")
        .send::<Page>()
        .await
        .unwrap_err();

    let Error::Decode(decode) = &error else {
        panic!("expected Decode, got {error:?}")
    };
    assert!(
        decode.message.contains("invalid type: integer `2`") && decode.message.contains("column"),
        "{}",
        decode.message
    );
    assert!(
        decode.body_excerpt.contains(r#""id":2"#),
        "{}",
        decode.body_excerpt
    );
}

#[tokio::test]
async fn send_text_and_send_empty() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/export.csv"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("a,b\n1,2\n", "text/plain"))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "1", "deleted": true})))
        .mount(&server)
        .await;
    let (client, _) = client(&server);

    let text = client
        .request(Method::GET, "/export.csv")
        .send_text()
        .await
        .unwrap();
    assert_eq!(text.value(), "a,b\n1,2\n");
    let deleted = client
        .request(Method::DELETE, "/contacts/1")
        .send_empty()
        .await
        .unwrap();
    assert!(deleted.body().is_empty());

    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        header(&requests[0], "accept"),
        Some("text/plain, application/json")
    );
    assert_eq!(header(&requests[1], "accept"), Some("application/json"));
}

#[tokio::test]
async fn token_never_appears_in_debug_or_errors() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({
            "type": "error.list", "errors": [{"code": "unauthorized"}]
        })))
        .mount(&server)
        .await;
    let (builder, _) = runtime_support::builder(&server);
    assert!(!format!("{builder:?}").contains(TOKEN));
    let client = builder.build().unwrap();
    let request = client
        .request(Method::GET, "/me")
        .header("Authorization", format!("Bearer {TOKEN}"));
    let rendered = [
        format!("{client:?}"),
        format!("{client:#?}"),
        format!("{request:?}"),
    ];
    for text in &rendered {
        assert!(!text.contains(TOKEN), "{text}");
    }
    assert!(rendered[0].contains("<redacted>"));

    let api_error = request.send_empty().await.unwrap_err();
    let unreachable = Client::builder()
        .token(TOKEN)
        .base_url("http://127.0.0.1:9")
        .max_retries(0)
        .build()
        .unwrap()
        .request(Method::GET, "/me")
        .send_empty()
        .await
        .unwrap_err();
    assert!(
        matches!(unreachable, Error::Transport(_)),
        "{unreachable:?}"
    );
    for error in [api_error, unreachable] {
        let text = format!("{error} {error:?} {:?}", std::error::Error::source(&error));
        assert!(!text.contains(TOKEN), "{text}");
    }
}

/// A `tracing` writer that keeps everything in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn tracing_records_the_request_without_the_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({}))
                .insert_header("x-request-id", "req_traced"),
        )
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    client
        .request(Method::GET, "/contacts/abc")
        .operation("getContact", "/contacts/{id}")
        .send_empty()
        .await
        .unwrap();

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(log.contains("intercom.request"), "{log}");
    assert!(log.contains("operation=\"getContact\""), "{log}");
    assert!(log.contains("path=\"/contacts/{id}\""), "{log}");
    assert!(log.contains("status=200"), "{log}");
    assert!(log.contains("attempt=1"), "{log}");
    assert!(log.contains("request_id=\"req_traced\""), "{log}");
    assert!(!log.contains(TOKEN), "token leaked into traces");
}

#[test]
fn config_errors_and_regions() {
    assert!(matches!(Client::builder().build(), Err(Error::Config(_))));
    assert!(matches!(Client::new("  "), Err(Error::Config(_))));
    let bad_url = Client::builder()
        .token(TOKEN)
        .base_url("localhost:80 x")
        .build();
    assert!(matches!(bad_url, Err(Error::Config(_))), "{bad_url:?}");
    let bad_version = Client::builder()
        .token(TOKEN)
        .intercom_version("2.1\n")
        .build();
    assert!(matches!(bad_version, Err(Error::Config(_))));

    let default = Client::new(TOKEN).unwrap();
    assert_eq!(default.base_url(), "https://api.intercom.io");
    assert_eq!(default.intercom_version(), API_VERSION);
    assert_eq!(default.timeout(), Client::DEFAULT_TIMEOUT);
    let eu = Client::builder()
        .token(TOKEN)
        .region(Region::Eu)
        .build()
        .unwrap();
    assert_eq!(eu.base_url(), "https://api.eu.intercom.io");
    let au = Client::builder()
        .token(TOKEN)
        .region(Region::Au)
        .build()
        .unwrap();
    assert_eq!(au.base_url(), Region::Au.base_url());
    let custom = Client::builder()
        .token(TOKEN)
        .region(Region::Eu)
        .base_url("http://127.0.0.1:8080/")
        .build()
        .unwrap();
    assert_eq!(custom.base_url(), "http://127.0.0.1:8080");
}

#[test]
fn public_types_and_futures_are_send() {
    fn send_sync<T: Send + Sync>() {}
    fn send<T: Send>(_: &T) {}
    send_sync::<Client>();
    send_sync::<Error>();
    send_sync::<intercom_api::Response<serde_json::Value>>();
    send_sync::<intercom_api::RetryPolicy>();
    send_sync::<RequestOptions>();
    let client = Client::new(TOKEN).unwrap();
    let request = client.request(Method::GET, "/me");
    send(&request);
    send(&request.send::<serde_json::Value>());
    send(&client.request(Method::GET, "/x").send_download());
}
