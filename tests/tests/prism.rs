//! Every operation of the SDK through Stoplight Prism, an independent OpenAPI mock server that
//! validates each request against the spec (path, query, headers, auth, body) and answers with
//! the spec's examples (static server) or random schema-conforming data (dynamic server).
//!
//! The servers are started by `cargo xtask test`, which exports their URLs. The arguments of
//! every call are data: `tests/e2e/operations.yaml`.
use std::collections::BTreeMap;
use std::time::Instant;

use futures_util::{stream, StreamExt};
use intercom_api::{Client, Error};
use intercom_tests::registry::{call, OPERATIONS};
use intercom_tests::{CallArgs, CallOutcome};
use serde::Deserialize;
use serde_json::json;

/// Calls per operation against the dynamic server.
const DYNAMIC_ROUNDS: usize = 10;
/// Calls in flight at once.
const CONCURRENCY: usize = 8;

#[derive(Debug, Deserialize)]
struct Entry {
    method: String,
    path: String,
    #[serde(flatten)]
    args: CallArgs,
    status: u16,
    #[serde(default)]
    errors: Vec<u16>,
    #[serde(default)]
    errors_not_error_list: Vec<u16>,
}

#[derive(Deserialize)]
struct Data {
    operations: BTreeMap<String, Entry>,
}

fn server(variable: &str) -> String {
    std::env::var(variable).unwrap_or_else(|_| {
        panic!(
            "{variable} is not set. The end-to-end tests need the Prism mock servers: run them with \
             `cargo xtask test` (requires Node.js >= 20), which installs and starts Prism."
        )
    })
}

/// Operation id -> its entry; the four operations without an id are keyed `METHOD /path`.
fn operations() -> BTreeMap<String, Entry> {
    let path = codegen::workspace::root().join("tests/e2e/operations.yaml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let data: Data =
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    data.operations
        .into_iter()
        .map(|(key, entry)| {
            let id = if key.contains(' ') {
                codegen::normalise::operation::synthesise_id(
                    &entry.method.to_lowercase(),
                    &entry.path,
                )
            } else {
                key
            };
            (id, entry)
        })
        .collect()
}

fn client(base_url: &str) -> Client {
    // Prism answers the recording endpoint with a redirect to example.com: do not follow it.
    // A reqwest client of our own needs the crypto provider `ClientBuilder::build` installs.
    intercom_api::install_rustls_provider();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("http client");
    Client::builder()
        .token("test")
        .base_url(base_url)
        .http_client(http)
        .max_retries(0)
        .build()
        .expect("client")
}

/// What is wrong with an outcome, if anything.
fn problem(outcome: &CallOutcome, expected: u16, error_list: bool) -> Option<String> {
    if let Some(violations) = outcome
        .headers
        .as_ref()
        .and_then(|h| h.get("sl-violations"))
    {
        return Some(format!(
            "Prism reports violations: {}",
            violations.to_str().unwrap_or("?")
        ));
    }
    if outcome.status != Some(expected) {
        return Some(format!(
            "status {:?}, expected {expected}: {:?}",
            outcome.status, outcome.error
        ));
    }
    match (&outcome.error, expected) {
        (None, 200..=299) => None,
        // A redirect the client was told not to follow.
        (Some(Error::Api(_)), 300..=399) => None,
        // Some error examples carry no request_id; when the body has one, it must be read.
        (Some(Error::Api(api)), 400..)
            if !error_list
                || !api.errors.is_empty()
                    && api.request_id.as_deref() == body_request_id(&api.body).as_deref() =>
        {
            None
        }
        (Some(Error::Api(api)), _) => Some(format!("error list not read: {api:?}")),
        (Some(other), _) => Some(format!("{other}")),
        (None, _) => Some(format!("expected an error for status {expected}")),
    }
}

fn body_request_id(body: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(body).ok()?;
    value.get("request_id")?.as_str().map(str::to_owned)
}

async fn run(client: &Client, calls: Vec<(String, CallArgs, u16, bool)>) -> (usize, Vec<String>) {
    let total = calls.len();
    let failures: Vec<String> = stream::iter(calls)
        .map(|(op, args, expected, error_list)| async move {
            let future = match call(client, &op, &args) {
                Ok(future) => future,
                Err(e) => return Some(format!("{op}: {e}")),
            };
            let outcome = future.await;
            problem(&outcome, expected, error_list)
                .map(|p| format!("{op} (expecting {expected}): {p}"))
        })
        .buffer_unordered(CONCURRENCY)
        .filter_map(|failure| async move { failure })
        .collect()
        .await;
    (total - failures.len(), failures)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_through_prism() {
    let (static_url, dynamic_url) = (server("PRISM_STATIC_URL"), server("PRISM_DYNAMIC_URL"));
    let data = operations();
    let mut missing: Vec<String> = OPERATIONS
        .iter()
        .filter(|op| !data.contains_key(**op))
        .map(|op| format!("{op}: no arguments"))
        .collect();
    let started = Instant::now();

    let mut valid_calls = Vec::new();
    let mut error_calls = Vec::new();
    for op in OPERATIONS.iter().filter(|op| data.contains_key(**op)) {
        let entry = &data[*op];
        valid_calls.push((op.to_string(), entry.args.clone(), entry.status, true));
        for code in &entry.errors {
            let mut args = entry.args.clone();
            args.headers.push(("prefer".into(), format!("code={code}")));
            error_calls.push((
                op.to_string(),
                args,
                *code,
                !entry.errors_not_error_list.contains(code),
            ));
        }
    }
    let static_client = client(&static_url);
    let (valid, mut failures) = run(&static_client, valid_calls).await;
    let error_total = error_calls.len();
    let (errors_ok, error_failures) = run(&static_client, error_calls).await;
    failures.extend(error_failures);

    let dynamic_calls: Vec<_> = OPERATIONS
        .iter()
        .filter(|op| data.contains_key(**op))
        .flat_map(|op| {
            let entry = &data[*op];
            (0..DYNAMIC_ROUNDS)
                .map(move |_| (op.to_string(), entry.args.clone(), entry.status, true))
        })
        .collect();
    let dynamic_total = dynamic_calls.len();
    let (dynamic_ok, dynamic_failures) = run(&client(&dynamic_url), dynamic_calls).await;
    failures.extend(dynamic_failures);
    failures.append(&mut missing);

    println!(
        "prism: {valid}/{} operations valid+decoded (static), {errors_ok}/{error_total} error statuses as API errors, \
         {dynamic_ok}/{dynamic_total} decoded (dynamic), in {:.1?}",
        OPERATIONS.len(),
        started.elapsed()
    );
    assert_eq!(OPERATIONS.len(), 231);
    assert!(
        failures.is_empty(),
        "{} calls failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn the_validator_is_live() {
    let client = client(&server("PRISM_STATIC_URL"));
    // Through the same client plumbing, a body that breaks the schema on purpose.
    let wrong = client
        .request(reqwest::Method::POST, "/contacts")
        .json(&json!({"email": 42, "role": ["user"]}));
    let error = wrong
        .send::<serde_json::Value>()
        .await
        .expect_err("Prism must reject it");
    let Error::Api(api) = &error else {
        panic!("expected an API error, got {error:?}")
    };
    assert_eq!(api.status.as_u16(), 422, "{}", api.body);
    assert!(
        api.body.contains("validation") && api.body.contains("email"),
        "the violation is explained: {}",
        api.body
    );
    // And a required query parameter left out.
    let missing = client.request(reqwest::Method::GET, "/visitors");
    let error = missing
        .send::<serde_json::Value>()
        .await
        .expect_err("Prism must reject it");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(422));
}
