//! Every JSON example of the pinned spec against the SDK's types: each response example must
//! decode into the type of its operation and status; each request example must decode into the
//! body type and encode back to the same JSON (absent and null are the same, and a numeric id
//! may come back as the string the spec asks for). Request examples that are invalid on
//! purpose are listed below with the reason.
use intercom_tests::registry::{decode_response, round_trip_request};
use serde_json::Value;

/// (operation, example name, why it cannot round-trip).
const DELIBERATELY_INVALID: &[(&str, &str, &str)] = &[
    ("createArticle", "bad_request", "omits the required `author_id` to show the 400 response"),
    ("createInternalArticle", "bad_request", "omits the required `author_id` to show the 400 response"),
    ("createCollection", "bad_request", "omits the required `name` to show the 400 response"),
    ("attachContactToACompany", "bad_request", "sends a null body to show the 400 response"),
];

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch"];

struct Example {
    operation: String,
    status: Option<u16>,
    name: String,
    value: Value,
}

#[test]
fn every_spec_example_decodes_and_round_trips() {
    let spec = intercom_tests::spec();
    let examples = collect(&spec.document);
    let (mut decoded, mut responses, mut failures) = (0, 0, Vec::new());
    let (mut round_tripped, mut requests, mut invalid) = (0, 0, 0);
    for example in &examples {
        match example.status {
            Some(status) => {
                responses += 1;
                match decode(&example.operation, status, example.value.clone()) {
                    Ok(()) => decoded += 1,
                    Err(e) => failures.push(format!("{} {status} {:?}: {e}", example.operation, example.name)),
                }
            }
            None => {
                requests += 1;
                let allowed = DELIBERATELY_INVALID.iter().any(|(op, name, _)| *op == example.operation && *name == example.name);
                match round_trip(&example.operation, &example.value) {
                    Ok(()) if allowed => failures.push(format!("{} {:?} is allow-listed but round-trips: remove it", example.operation, example.name)),
                    Ok(()) => round_tripped += 1,
                    Err(_) if allowed => invalid += 1,
                    Err(e) => failures.push(format!("{} request {:?}: {e}", example.operation, example.name)),
                }
            }
        }
    }
    println!(
        "spec examples: responses {decoded}/{responses} decoded, requests {round_tripped}/{requests} round-tripped ({invalid} deliberately invalid)"
    );
    assert!(responses > 600 && requests > 150, "too few examples found: {responses} responses, {requests} requests");
    assert!(failures.is_empty(), "{} examples failed:\n{}", failures.len(), failures.join("\n"));
}

fn decode(operation: &str, status: u16, value: Value) -> Result<(), String> {
    match decode_response(operation, status, value.clone()) {
        Some(result) => result,
        // Error bodies without a schema are still error lists to the runtime.
        None if status >= 400 => intercom_tests::decode::<intercom_api::models::ErrorObject>(value),
        None => Err("no schema for this status".to_owned()),
    }
}

fn round_trip(operation: &str, original: &Value) -> Result<(), String> {
    let encoded = round_trip_request(operation, original.clone()).ok_or("operation takes no body")??;
    equivalent(original, &encoded, "$")
}

/// Equal JSON, where null equals absent and a number equals the string with its digits.
fn equivalent(original: &Value, encoded: &Value, path: &str) -> Result<(), String> {
    match (original, encoded) {
        (Value::Object(a), Value::Object(b)) => {
            for key in a.keys().chain(b.keys()) {
                let (x, y) = (a.get(key).unwrap_or(&Value::Null), b.get(key).unwrap_or(&Value::Null));
                equivalent(x, y, &format!("{path}.{key}"))?;
            }
            Ok(())
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            a.iter().zip(b).enumerate().try_for_each(|(i, (x, y))| equivalent(x, y, &format!("{path}[{i}]")))
        }
        (Value::Number(n), Value::String(s)) if n.to_string() == *s => Ok(()),
        (a, b) if a == b => Ok(()),
        (a, b) => Err(format!("{path}: sent {a}, re-encoded {b}")),
    }
}

fn collect(document: &Value) -> Vec<Example> {
    let mut out = Vec::new();
    let paths = document.get("paths").and_then(Value::as_object).into_iter().flatten();
    for (path, item) in paths {
        for method in METHODS {
            let Some(op) = item.get(*method) else { continue };
            let operation = op
                .get("operationId")
                .and_then(Value::as_str)
                .map_or_else(|| codegen::normalise::operation::synthesise_id(method, path), str::to_owned);
            if let Some(body) = op.pointer("/requestBody/content/application~1json") {
                for (name, value) in media_examples(document, body) {
                    out.push(Example { operation: operation.clone(), status: None, name, value });
                }
            }
            let responses = op.get("responses").and_then(Value::as_object).into_iter().flatten();
            for (status, response) in responses {
                let Ok(status) = status.parse::<u16>() else { continue };
                let response = resolve(document, response);
                let Some(media) = response.pointer("/content/application~1json") else { continue };
                for (name, value) in media_examples(document, media) {
                    out.push(Example { operation: operation.clone(), status: Some(status), name, value });
                }
            }
        }
    }
    out
}

fn media_examples(document: &Value, media: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    if let Some(value) = media.get("example") {
        out.push(("example".to_owned(), value.clone()));
    }
    for (name, example) in media.get("examples").and_then(Value::as_object).into_iter().flatten() {
        if let Some(value) = resolve(document, example).get("value") {
            out.push((name.clone(), value.clone()));
        }
    }
    out
}

fn resolve<'a>(document: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
        Some(pointer) => document.pointer(pointer).unwrap_or(value),
        None => value,
    }
}
