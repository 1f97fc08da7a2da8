//! Downloads stream the body untouched.

mod runtime_support;

use std::io::{Read, Write};

use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;
use futures_util::TryStreamExt;
use intercom_api::{CallOptions, Error};
use reqwest::{Method, StatusCode};
use runtime_support::{client, received};
use wiremock::matchers::{headers, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A 10 MiB (plus framing) gzip of deterministic pseudo-random bytes. Stored blocks keep the
/// unoptimised test build fast; the stream is still real gzip with a CRC.
fn gzipped_export() -> (Vec<u8>, Vec<u8>) {
    let mut rng = fastrand::Rng::with_seed(7);
    let mut plain = vec![0u8; 10 * 1024 * 1024];
    rng.fill(&mut plain);
    let mut encoder = GzEncoder::new(Vec::new(), Compression::none());
    encoder.write_all(&plain).unwrap();
    (plain, encoder.finish().unwrap())
}

async fn mount_export(server: &MockServer, body: Vec<u8>) {
    Mock::given(method("GET"))
        .and(path("/download/reporting_data/job_1"))
        // wiremock splits comma-separated header values: octet-stream first, JSON for errors.
        .and(headers(
            "accept",
            vec!["application/octet-stream", "application/json"],
        ))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(body, "application/gzip")
                // Even when labelled as content-encoded, the bytes must arrive as sent.
                .insert_header("content-encoding", "gzip")
                .insert_header("x-request-id", "req_dl"),
        )
        .mount(server)
        .await;
}

#[tokio::test]
async fn ten_megabyte_gzip_streams_to_a_file_byte_identical() {
    let (plain, gzip) = gzipped_export();
    assert!(gzip.len() >= 10 * 1024 * 1024);
    let server = MockServer::start().await;
    mount_export(&server, gzip.clone()).await;
    let (client, _) = client(&server);

    let download = client
        .request(Method::GET, "/download/reporting_data/job_1")
        .send_download()
        .await
        .unwrap();
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.content_length(), Some(gzip.len() as u64));
    assert_eq!(download.content_type(), Some("application/gzip"));
    assert_eq!(download.request_id(), Some("req_dl"));
    assert_eq!(download.attempts(), 1);

    let file_path = std::env::temp_dir().join(format!("intercom-export-{}.gz", std::process::id()));
    let mut file = tokio::fs::File::create(&file_path).await.unwrap();
    let written = download.write_to(&mut file).await.unwrap();
    drop(file);
    let on_disk = tokio::fs::read(&file_path).await.unwrap();
    tokio::fs::remove_file(&file_path).await.unwrap();

    assert_eq!(written, gzip.len() as u64);
    assert!(on_disk == gzip, "the file differs from the served bytes");
    let mut unpacked = Vec::new();
    GzDecoder::new(&on_disk[..])
        .read_to_end(&mut unpacked)
        .unwrap();
    assert!(unpacked == plain, "the gzip does not round-trip");
}

#[tokio::test]
async fn download_streams_in_chunks_and_buffers_on_request() {
    let body: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
    let server = MockServer::start().await;
    mount_export(&server, body.clone()).await;
    let (client, _) = client(&server);

    let download = client
        .request(Method::GET, "/download/reporting_data/job_1")
        .send_download()
        .await
        .unwrap();
    let chunks: Vec<bytes::Bytes> = download.into_stream().try_collect().await.unwrap();
    assert!(chunks.len() > 1, "the body arrives in several chunks");
    assert_eq!(chunks.concat(), body);

    let download = client
        .request(Method::GET, "/download/reporting_data/job_1")
        .send_download()
        .await
        .unwrap();
    assert!(download.bytes().await.unwrap() == body);
}

#[tokio::test]
async fn download_error_is_an_api_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(serde_json::json!({
            "type": "error.list", "errors": [{"code": "not_found", "message": "Job not found"}]
        })))
        .mount(&server)
        .await;
    let (client, _) = client(&server);

    let error = client
        .request(Method::GET, "/download/content/data/x")
        .send_download()
        .await
        .unwrap_err();

    assert_eq!(error.as_api().unwrap().code(), Some("not_found"));
    assert_eq!(received(&server).await, 1);
}

#[tokio::test]
async fn download_waiting_for_headers_times_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(std::time::Duration::from_secs(5)))
        .mount(&server)
        .await;
    let (client, _) = client(&server);

    let error = client
        .request(Method::GET, "/download/content/data/x")
        .timeout(std::time::Duration::from_millis(50))
        .max_retries(0)
        .send_download()
        .await
        .unwrap_err();

    assert!(matches!(error, Error::Timeout), "{error:?}");
    assert_eq!(received(&server).await, 1);
}
