//! Decodes every JSON example of the description this crate was generated from into the SDK's
//! own types (`examples.json`, written next to this file by `cargo xtask codegen --out`), and
//! prints `examples N/M` (then the first failures). Exits non-zero when one does not decode.
//! A request example that shows a rejected request (`rejected`: named like an example of a 4xx
//! response) may fail; those that do are counted apart, as `K rejected on purpose`.
// The registry also holds a table that calls every operation: compiled (so it is checked), not
// run here, so its helpers below are never called.
#![allow(dead_code)]
use std::process::ExitCode;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

#[rustfmt::skip]
mod registry;

const EXAMPLES: &str = include_str!("examples.json");

#[derive(serde::Deserialize)]
struct Example {
    operation: String,
    status: Option<u16>,
    name: String,
    value: Value,
    rejected: bool,
}

fn main() -> ExitCode {
    let examples: Vec<Example> = match serde_json::from_str(EXAMPLES) {
        Ok(examples) => examples,
        Err(e) => {
            eprintln!("examples.json: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (mut checked, mut on_purpose, mut failures) = (0, 0, Vec::new());
    for example in &examples {
        let outcome = match example.status {
            Some(status) => {
                registry::decode_response(&example.operation, status, example.value.clone())
            }
            None => registry::round_trip_request(&example.operation, example.value.clone())
                .map(|r| r.map(drop)),
        };
        let Some(outcome) = outcome else {
            continue;
        };
        if example.rejected && outcome.is_err() {
            on_purpose += 1;
            continue;
        }
        checked += 1;
        if let Err(e) = outcome {
            let status = example.status.map_or("request".to_owned(), |s| s.to_string());
            failures.push(format!("{} {status} {:?}: {e}", example.operation, example.name));
        }
    }
    println!(
        "examples {}/{checked} ({on_purpose} rejected on purpose)",
        checked - failures.len()
    );
    for failure in failures.iter().take(10) {
        println!("  failed: {failure}");
    }
    if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Decode `value` into `T`, naming the JSON path of a failure.
pub fn decode<T: DeserializeOwned>(value: Value) -> Result<(), String> {
    serde_path_to_error::deserialize::<_, T>(value)
        .map(|_| ())
        .map_err(|e| format!("{}: {}", e.path(), e.inner()))
}

/// Decode `bytes` into `T` field by field and encode it again, with what did not fit.
pub fn lenient<T: DeserializeOwned + Serialize>(
    bytes: &[u8],
) -> Result<(Value, Vec<intercom_api::decode::Mismatch>), String> {
    let decoded = intercom_api::decode::from_slice::<T>(bytes).map_err(|e| e.to_string())?;
    let value = serde_json::to_value(&decoded.value).map_err(|e| e.to_string())?;
    Ok((value, decoded.mismatches))
}

/// Decode `value` into `T` and encode it again.
pub fn round_trip<T: DeserializeOwned + Serialize>(value: Value) -> Result<Value, String> {
    let typed: T = serde_path_to_error::deserialize(value)
        .map_err(|e| format!("{}: {}", e.path(), e.inner()))?;
    serde_json::to_value(&typed).map_err(|e| e.to_string())
}

/// Arguments of one call (the registry's call table takes them; unused here).
#[derive(Debug, Clone, Default)]
pub struct CallArgs {
    path_params: serde_json::Map<String, Value>,
    query: serde_json::Map<String, Value>,
    /// The request body.
    pub body: Option<Value>,
}

impl CallArgs {
    /// A path or query parameter by its name on the wire.
    pub fn param(&self, wire: &str) -> Option<&Value> {
        self.path_params.get(wire).or_else(|| self.query.get(wire))
    }

    /// Per-call options (none here).
    pub fn apply_options<B: intercom_api::CallOptions>(&self, builder: B) -> B {
        builder
    }
}

/// What a call produced.
pub struct CallOutcome {
    /// HTTP status, when a response arrived.
    pub status: Option<u16>,
}

/// A running call.
pub type CallFuture = std::pin::Pin<Box<dyn std::future::Future<Output = CallOutcome> + Send>>;

/// An argument of type `T` from data.
pub fn argument<T: DeserializeOwned>(value: Option<&Value>, name: &str) -> Result<T, String> {
    let value = value.ok_or_else(|| format!("missing argument `{name}`"))?;
    serde_json::from_value(value.clone()).map_err(|e| format!("argument `{name}`: {e}"))
}

/// The outcome of a call answered with a decoded body.
pub fn finish<T>(result: intercom_api::Result<intercom_api::Response<T>>) -> CallOutcome {
    CallOutcome {
        status: result.ok().map(|r| r.status().as_u16()),
    }
}

/// The outcome of a download.
pub async fn finish_download(result: intercom_api::Result<intercom_api::Download>) -> CallOutcome {
    CallOutcome {
        status: result.ok().map(|d| d.status().as_u16()),
    }
}
