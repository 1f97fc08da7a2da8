//! `multipart/form-data` bodies: fields and files on the wire, files from paths resent on a
//! retry, streamed files never retried, unreadable files reported.

mod runtime_support;

use std::time::Duration;

use bytes::Bytes;
use intercom_api::multipart::{FilePart, Form};
use intercom_api::{Error, Method, RetryPolicy};
use runtime_support::received;
use serde_json::json;
use wiremock::matchers::{header_regex, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// One part of a received form: its `Content-Disposition` and `Content-Type` lines and body.
#[derive(Debug)]
struct Part {
    disposition: String,
    content_type: Option<String>,
    body: String,
}

/// Splits a received multipart body along the boundary its `Content-Type` names.
fn parts(request: &Request) -> Vec<Part> {
    let content_type = request.headers["content-type"].to_str().unwrap();
    let boundary = content_type
        .split("boundary=")
        .nth(1)
        .expect("a boundary in the content type");
    let body = String::from_utf8(request.body.clone()).unwrap();
    body.split(&format!("--{boundary}"))
        .filter_map(|chunk| {
            let (head, rest) = chunk.split_once("\r\n\r\n")?;
            let line = |name: &str| {
                head.lines()
                    .find(|l| l.to_ascii_lowercase().starts_with(name))
                    .map(str::to_owned)
            };
            Some(Part {
                disposition: line("content-disposition")?,
                content_type: line("content-type"),
                body: rest.trim_end_matches("\r\n").to_owned(),
            })
        })
        .collect()
}

fn part<'a>(parts: &'a [Part], name: &str) -> &'a Part {
    parts
        .iter()
        .find(|p| p.disposition.contains(&format!("name=\"{name}\"")))
        .unwrap_or_else(|| panic!("no part {name} in {parts:?}"))
}

async fn server_answering(statuses: &[u16]) -> MockServer {
    let server = MockServer::start().await;
    for status in statuses {
        Mock::given(method("POST"))
            .and(path("/upload"))
            .and(header_regex(
                "content-type",
                "^multipart/form-data; boundary=",
            ))
            .respond_with(ResponseTemplate::new(*status).set_body_json(json!({"ok": true})))
            .up_to_n_times(1)
            .mount(&server)
            .await;
    }
    server
}

fn client(server: &MockServer) -> intercom_api::Client {
    let (builder, _sleeps) = runtime_support::builder(server);
    let policy = RetryPolicy::new().base_delay(Duration::from_millis(1));
    builder.retry_policy(policy).build().unwrap()
}

#[tokio::test]
async fn fields_and_files_arrive_as_parts_and_a_path_is_resent_on_retry() {
    let server = server_answering(&[503, 200]).await;
    let dir = std::env::temp_dir().join(format!("intercom-multipart-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("products.json");
    std::fs::write(&file, r#"[{"id":"p1"}]"#).unwrap();

    let form = Form::new()
        .value("finalize", &false)
        .value("part_number", &2)
        .file("catalog", FilePart::path(&file))
        .file(
            "notes",
            FilePart::bytes("hello")
                .file_name("notes.txt")
                .mime("text/plain"),
        );
    let response = client(&server)
        .request(Method::POST, "/upload")
        .idempotent(true)
        .multipart(form)
        .send::<serde_json::Value>()
        .await
        .unwrap();

    assert_eq!(response.attempts(), 2);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        let parts = parts(request);
        assert_eq!(parts.len(), 4, "{parts:?}");
        assert_eq!(part(&parts, "finalize").body, "false");
        assert_eq!(part(&parts, "part_number").body, "2");
        let catalog = part(&parts, "catalog");
        assert_eq!(catalog.body, r#"[{"id":"p1"}]"#);
        assert!(catalog.disposition.contains("filename=\"products.json\""));
        assert_eq!(
            catalog.content_type.as_deref(),
            Some("Content-Type: application/json")
        );
        let notes = part(&parts, "notes");
        assert_eq!(notes.body, "hello");
        assert!(notes.disposition.contains("filename=\"notes.txt\""));
        assert_eq!(
            notes.content_type.as_deref(),
            Some("Content-Type: text/plain")
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn a_streamed_file_is_sent_once_and_never_retried() {
    let server = server_answering(&[503, 200]).await;
    let chunks = futures_util::stream::iter([
        Ok::<_, std::io::Error>(Bytes::from("[{\"id\":")),
        Ok(Bytes::from("\"p1\"}]")),
    ]);
    let form = Form::new().file("catalog", FilePart::stream(chunks).file_name("c.json"));

    let error = client(&server)
        .request(Method::POST, "/upload")
        .idempotent(true)
        .multipart(form)
        .send::<serde_json::Value>()
        .await
        .expect_err("the 503 is final");

    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(received(&server).await, 1);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        part(&parts(&requests[0]), "catalog").body,
        r#"[{"id":"p1"}]"#
    );
}

#[tokio::test]
async fn a_missing_file_is_an_io_error_and_nothing_is_sent() {
    let server = server_answering(&[200]).await;
    let form = Form::new().file("catalog", FilePart::path("/no/such/dir/products.json"));

    let error = client(&server)
        .request(Method::POST, "/upload")
        .multipart(form)
        .send::<serde_json::Value>()
        .await
        .expect_err("the file does not exist");

    assert!(matches!(error, Error::Io(_)), "{error:?}");
    assert_eq!(received(&server).await, 0);
}
