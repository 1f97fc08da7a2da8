//! One odd field never loses a response. Through the public API, against a local mock: each
//! class of drift seen in real Intercom traffic decodes (typed where Intercom is known to send
//! several shapes), a value that fits nothing is kept as a mismatch with its path, expected
//! type and raw value, a warning names the operation, path and expected type, and strict
//! decoding fails instead, naming the status, path and request id.
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use intercom_api::models::{ArticleListItem, NextPage};
use intercom_api::prelude::*;
use intercom_api::{decode, Error, Response};
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn client(server: &MockServer) -> Client {
    Client::builder()
        .token("t")
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .expect("client")
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("x-request-id", "req-42")
        .set_body_json(body)
}

async fn serve(server: &MockServer, route: &str, body: Value) {
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(ok(body))
        .mount(server)
        .await;
}

/// Warnings of every test of this file, captured by one process-wide subscriber (a
/// thread-local one can miss events: tracing caches a call site's interest across threads).
/// Each test looks for its own operation and path.
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Logs {
    fn capture() -> Logs {
        static LOGS: OnceLock<Logs> = OnceLock::new();
        LOGS.get_or_init(|| {
            let logs = Logs::default();
            let writer = logs.clone();
            let subscriber = tracing_subscriber::fmt()
                .with_writer(move || writer.clone())
                .with_ansi(false)
                .with_max_level(tracing::Level::WARN)
                .finish();
            tracing::subscriber::set_global_default(subscriber).expect("first subscriber");
            logs
        })
        .clone()
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("lock")).into_owned()
    }
}

/// The one mismatch of a response, checked field by field.
fn assert_one_mismatch<T>(response: &Response<T>, path: &str, expected: &str, value: Value) {
    let mismatches = response.mismatches();
    assert_eq!(mismatches.len(), 1, "{mismatches:?}");
    assert_eq!(mismatches[0].path, path);
    assert_eq!(mismatches[0].expected, expected);
    assert_eq!(mismatches[0].value, value);
}

/// Re-encoding the value plus the mismatches gives the body back (null and absent aside).
fn assert_lossless<T: serde::Serialize>(response: &Response<T>, body: &Value) {
    let mut again = serde_json::to_value(response.value()).expect("encodes");
    decode::restore(&mut again, response.mismatches());
    intercom_tests::equivalent(body, &again, "$").expect("nothing lost");
}

fn assert_warned(logs: &Logs, operation: &str, path: &str, expected: &str) {
    let text = logs.text();
    let line = text
        .lines()
        .find(|line| line.contains(&format!("operation=\"{operation}\"")))
        .unwrap_or_else(|| panic!("no warning for {operation} in:\n{text}"));
    assert!(line.contains("WARN"), "{line}");
    assert!(line.contains(&format!("path={path} ")), "{line}");
    assert!(line.contains(&format!("expected={expected} ")), "{line}");
}

fn assert_strict_error(error: &Error, path: &str) {
    let Error::Decode(decode) = error else {
        panic!("expected a decode error, got {error:?}")
    };
    assert_eq!(decode.status.as_u16(), 200);
    assert_eq!(decode.path, path);
    assert_eq!(decode.request_id.as_deref(), Some("req-42"));
    assert!(error.to_string().contains(path), "{error}");
}

#[tokio::test]
async fn avatar_object_where_a_string_is_declared() {
    let server = MockServer::start().await;
    let body = json!({
        "type": "admin", "id": "991267", "name": "Ada", "email": "ada@example.com",
        "avatar": {"type": "avatar", "image_url": "https://static.intercom.io/ada.png"},
        "away_mode_enabled": "sometimes"
    });
    serve(&server, "/admins/991267", body.clone()).await;
    let client = client(&server).await;
    let logs = Logs::capture();

    let response = client
        .admins()
        .get(991267)
        .send_with_response()
        .await
        .expect("decodes");
    let admin = response.value();
    assert_eq!(admin.name.as_deref(), Some("Ada"));
    assert_eq!(admin.email.as_deref(), Some("ada@example.com"));
    let avatar = admin.avatar.as_ref().expect("typed avatar");
    assert_eq!(
        avatar.image_url(),
        Some("https://static.intercom.io/ada.png")
    );
    assert_eq!(admin.away_mode_enabled, None);
    assert_one_mismatch(&response, "/away_mode_enabled", "bool", json!("sometimes"));
    assert_lossless(&response, &body);
    assert_warned(&logs, "retrieveAdmin", "/away_mode_enabled", "bool");

    let strict = client
        .admins()
        .get(991267)
        .strict_decoding(true)
        .await
        .expect_err("strict");
    assert_strict_error(&strict, "/away_mode_enabled");
}

#[tokio::test]
async fn avatar_url_where_an_object_is_declared_and_timestamps_as_strings() {
    let server = MockServer::start().await;
    let body = json!({
        "type": "contact", "id": "c1", "email": "grace@example.com",
        "avatar": "https://static.intercom.io/grace.png",
        "created_at": "1700000000", "updated_at": "2023-11-14T22:13:20Z",
        "signed_up_at": 1700000000.0,
        "name": ["Grace", "Hopper"]
    });
    serve(&server, "/contacts/c1", body.clone()).await;
    let client = client(&server).await;
    let logs = Logs::capture();

    let response = client
        .contacts()
        .get("c1")
        .send_with_response()
        .await
        .expect("decodes");
    let contact = response.value();
    assert_eq!(contact.email.as_deref(), Some("grace@example.com"));
    assert_eq!(
        contact.avatar.as_ref().and_then(|a| a.image_url()),
        Some("https://static.intercom.io/grace.png")
    );
    assert_eq!(contact.created_at, Some(1_700_000_000));
    assert_eq!(contact.updated_at, Some(1_700_000_000));
    assert_eq!(contact.signed_up_at, Some(1_700_000_000));
    assert_eq!(contact.name, None);
    assert_one_mismatch(&response, "/name", "String", json!(["Grace", "Hopper"]));
    assert_warned(&logs, "ShowContact", "/name", "String");

    let strict = client
        .contacts()
        .get("c1")
        .strict_decoding(true)
        .await
        .expect_err("strict");
    assert_strict_error(&strict, "/name");
}

#[tokio::test]
async fn integers_as_floats_and_numeric_strings() {
    let server = MockServer::start().await;
    let body = json!({
        "type": "company", "id": "531ee472cce572a6ec000006", "name": "Blue Sun",
        "monthly_spend": 49.0, "session_count": "0", "user_count": 12,
        "size": 12.5
    });
    serve(&server, "/companies/531ee472cce572a6ec000006", body.clone()).await;
    let client = client(&server).await;
    let logs = Logs::capture();

    let response = client
        .companies()
        .get("531ee472cce572a6ec000006")
        .send_with_response()
        .await
        .expect("decodes");
    let company = response.value();
    assert_eq!(company.name.as_deref(), Some("Blue Sun"));
    assert_eq!(company.monthly_spend, Some(49));
    assert_eq!(company.session_count, Some(0));
    assert_eq!(company.user_count, Some(12));
    assert_eq!(company.size, None);
    assert_one_mismatch(&response, "/size", "i64", json!(12.5));
    assert_warned(&logs, "RetrieveACompanyById", "/size", "i64");

    let strict = client
        .companies()
        .get("531ee472cce572a6ec000006")
        .strict_decoding(true)
        .await
        .expect_err("strict");
    assert_strict_error(&strict, "/size");
}

#[tokio::test]
async fn a_bare_array_where_a_list_object_is_declared() {
    let server = MockServer::start().await;
    let body = json!([
        {"type": "away_status_reason", "id": "1", "label": "On a break", "emoji": "☕"},
        "not a reason",
        {"type": "away_status_reason", "id": "3", "label": "Holiday", "emoji": "🌴"}
    ]);
    serve(&server, "/away_status_reasons", body.clone()).await;
    let client = client(&server).await;

    let response = client
        .away_status_reasons()
        .list()
        .send_with_response()
        .await
        .expect("decodes");
    let labels: Vec<_> = response
        .value()
        .data
        .iter()
        .flatten()
        .map(|r| r.label.clone().unwrap_or_default())
        .collect();
    assert_eq!(labels, ["On a break", "Holiday"]);
    assert_one_mismatch(&response, "/1", "AwayStatusReason", json!("not a reason"));

    let strict = client
        .away_status_reasons()
        .list()
        .strict_decoding(true)
        .await
        .expect_err("strict");
    assert_strict_error(&strict, "/1");
}

#[tokio::test]
async fn conversation_contacts_as_a_bare_array() {
    let server = MockServer::start().await;
    let body = json!({
        "type": "conversation", "id": "147", "state": "open",
        "contacts": [{"type": "contact", "id": "c1", "external_id": "u-1"}],
        "created_at": 1700000000
    });
    serve(&server, "/conversations/147", body.clone()).await;
    let conversation = client(&server)
        .await
        .conversations()
        .get(147)
        .strict_decoding(true)
        .await
        .expect("a typed widening, even in strict mode");
    let contacts = conversation
        .contacts
        .and_then(|c| c.contacts)
        .expect("contacts");
    assert_eq!(contacts.len(), 1);
    assert_eq!(contacts[0].id.as_deref(), Some("c1"));
}

#[tokio::test]
async fn page_numbers_continue_across_url_next_pages_with_misfits() {
    let server = MockServer::start().await;
    let page = |n: u32, next: Option<u32>| {
        let next = next.map(|p| {
            json!(format!(
                "https://api.intercom.io/articles?page={p}&per_page=2"
            ))
        });
        json!({
            "type": "list",
            "data": [
                {"type": "article", "id": format!("{n}a"), "title": format!("Article {n}a")},
                {"type": "article", "id": format!("{n}b"), "title": {"en": "not a string"}}
            ],
            "total_count": 6,
            "pages": {"type": "pages", "page": n, "per_page": 2, "total_pages": 3, "next": next}
        })
    };
    Mock::given(method("GET"))
        .and(path("/articles"))
        .and(query_param_is_missing("page"))
        .respond_with(ok(page(1, Some(2))))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/articles"))
        .and(query_param("page", "2"))
        .respond_with(ok(page(2, Some(3))))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/articles"))
        .and(query_param("page", "3"))
        .respond_with(ok(page(3, None)))
        .mount(&server)
        .await;

    let pages: Vec<_> = client(&server)
        .await
        .articles()
        .list()
        .pages()
        .try_collect()
        .await
        .expect("every page decodes");
    assert_eq!(pages.len(), 3);
    for (i, page) in pages.iter().enumerate() {
        let mismatches = page.mismatches();
        assert_eq!(mismatches.len(), 1);
        assert_eq!(mismatches[0].path, "/data/1/title");
        let next = page.value().pages.as_ref().and_then(|p| p.next.clone());
        assert_eq!(
            next.as_ref().and_then(NextPage::page),
            (i < 2).then_some(i as u32 + 2)
        );
    }
    let items: Vec<ArticleListItem> = pages
        .into_iter()
        .flat_map(|p| p.into_inner().data.unwrap_or_default())
        .collect();
    let titles: Vec<Option<String>> = items.into_iter().map(|a| a.title).collect();
    assert_eq!(
        titles,
        [
            Some("Article 1a".to_owned()),
            None,
            Some("Article 2a".to_owned()),
            None,
            Some("Article 3a".to_owned()),
            None
        ]
    );
    assert_eq!(server.received_requests().await.expect("recorded").len(), 3);
}

#[tokio::test]
async fn cursor_listing_continues_from_a_url_next() {
    let server = MockServer::start().await;
    let page = |ids: [&str; 2], next: Value| {
        let data: Vec<Value> = ids
            .iter()
            .map(|id| json!({"type": "contact", "id": id}))
            .collect();
        json!({"type": "list", "data": data, "pages": {"type": "pages", "next": next}})
    };
    Mock::given(method("GET"))
        .and(path("/contacts"))
        .and(query_param_is_missing("starting_after"))
        .respond_with(ok(page(
            ["1", "2"],
            json!("https://api.intercom.io/contacts?per_page=2&starting_after=WzI%3D"),
        )))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/contacts"))
        .and(query_param("starting_after", "WzI="))
        .respond_with(ok(page(["3", "4"], Value::Null)))
        .mount(&server)
        .await;
    let ids: Vec<String> = client(&server)
        .await
        .contacts()
        .list()
        .items()
        .map_ok(|c| c.id.map(|id| id.into_string()).unwrap_or_default())
        .try_collect()
        .await
        .expect("both pages");
    assert_eq!(ids, ["1", "2", "3", "4"]);
}
