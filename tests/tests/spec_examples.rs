//! Every JSON example of the pinned spec against the SDK's types: each response example must
//! decode into the type of its operation and status; each request example must decode into the
//! body type and encode back to the same JSON (absent and null are the same, and an id may come
//! back as the string, or the number, the spec asks for). Request examples that are invalid on
//! purpose are listed below with the reason.
use intercom_tests::registry::{decode_response, round_trip_request};
use intercom_tests::{equivalent, examples};
use serde_json::Value;

/// (operation, example name, why it cannot round-trip).
const DELIBERATELY_INVALID: &[(&str, &str, &str)] = &[
    (
        "createArticle",
        "bad_request",
        "omits the required `author_id` to show the 400 response",
    ),
    (
        "createInternalArticle",
        "bad_request",
        "omits the required `author_id` to show the 400 response",
    ),
    (
        "createCollection",
        "bad_request",
        "omits the required `name` to show the 400 response",
    ),
    (
        "attachContactToACompany",
        "bad_request",
        "sends a null body to show the 400 response",
    ),
];

#[test]
fn every_spec_example_decodes_and_round_trips() {
    let spec = intercom_tests::spec();
    let examples = examples(&spec.document);
    let (mut decoded, mut responses, mut failures) = (0, 0, Vec::new());
    let (mut round_tripped, mut requests, mut invalid) = (0, 0, 0);
    for example in &examples {
        match example.status {
            Some(status) => {
                responses += 1;
                match decode(&example.operation, status, example.value.clone()) {
                    Ok(()) => decoded += 1,
                    Err(e) => failures.push(format!(
                        "{} {status} {:?}: {e}",
                        example.operation, example.name
                    )),
                }
            }
            None => {
                requests += 1;
                let allowed = DELIBERATELY_INVALID
                    .iter()
                    .any(|(op, name, _)| *op == example.operation && *name == example.name);
                match round_trip(&example.operation, &example.value) {
                    Ok(()) if allowed => failures.push(format!(
                        "{} {:?} is allow-listed but round-trips: remove it",
                        example.operation, example.name
                    )),
                    Ok(()) => round_tripped += 1,
                    Err(_) if allowed => invalid += 1,
                    Err(e) => failures.push(format!(
                        "{} request {:?}: {e}",
                        example.operation, example.name
                    )),
                }
            }
        }
    }
    println!(
        "spec examples: responses {decoded}/{responses} decoded, requests {round_tripped}/{requests} round-tripped ({invalid} deliberately invalid)"
    );
    assert!(
        responses > 600 && requests > 150,
        "too few examples found: {responses} responses, {requests} requests"
    );
    assert!(
        failures.is_empty(),
        "{} examples failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
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
    let encoded =
        round_trip_request(operation, original.clone()).ok_or("operation takes no body")??;
    equivalent(original, &encoded, "$")
}
