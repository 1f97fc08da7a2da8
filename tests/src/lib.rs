//! Shared helpers for the end-to-end tests: the pinned spec, and the generated registry that
//! says which SDK type decodes which operation's bodies.
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

#[rustfmt::skip]
#[path = "generated/registry.rs"]
pub mod registry;

/// The pinned description with the project's overrides, as the generator sees it. Panics with
/// what to set when the description cannot be found (tests must not pass without it).
pub fn spec() -> codegen::load::Spec {
    let root = codegen::workspace::root();
    codegen::workspace::load_spec(&root, None)
        .unwrap_or_else(|e| panic!("cannot load the spec: {e}"))
}

/// Decode `value` into `T`, naming the JSON path of a failure.
pub fn decode<T: DeserializeOwned>(value: Value) -> Result<(), String> {
    serde_path_to_error::deserialize::<_, T>(value)
        .map(|_| ())
        .map_err(|e| format!("{}: {}", e.path(), e.inner()))
}

/// Decode `bytes` into `T` field by field (as the client does) and encode it again, with the
/// values that did not fit.
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

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch"];

/// A JSON example of the spec: a request body (`status` is `None`) or a response body.
#[derive(Debug, Clone)]
pub struct Example {
    /// operationId (or the synthesised one).
    pub operation: String,
    /// Response status, `None` for a request body.
    pub status: Option<u16>,
    /// The example's name in the spec.
    pub name: String,
    /// The example itself.
    pub value: Value,
}

/// Equal JSON, where null equals absent and a number equals the string of its digits.
pub fn equivalent(original: &Value, encoded: &Value, path: &str) -> Result<(), String> {
    match (original, encoded) {
        (Value::Object(a), Value::Object(b)) => {
            for key in a.keys().chain(b.keys()) {
                let (x, y) = (
                    a.get(key).unwrap_or(&Value::Null),
                    b.get(key).unwrap_or(&Value::Null),
                );
                equivalent(x, y, &format!("{path}.{key}"))?;
            }
            Ok(())
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .try_for_each(|(i, (x, y))| equivalent(x, y, &format!("{path}[{i}]"))),
        // An id goes back in the type the spec declares: a number sent as a string where the
        // spec says string, a numeric string sent as a number where the spec says integer.
        (Value::Number(n), Value::String(s)) | (Value::String(s), Value::Number(n))
            if n.to_string() == *s =>
        {
            Ok(())
        }
        // `0` declared as a float comes back as `0.0`: the same number.
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => Ok(()),
        (a, b) if a == b => Ok(()),
        (a, b) => Err(format!("{path}: sent {a}, re-encoded {b}")),
    }
}

pub fn examples(document: &Value) -> Vec<Example> {
    let mut out = Vec::new();
    let paths = document
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten();
    for (path, item) in paths {
        for method in METHODS {
            let Some(op) = item.get(*method) else {
                continue;
            };
            let operation = op.get("operationId").and_then(Value::as_str).map_or_else(
                || codegen::normalise::operation::synthesise_id(method, path),
                str::to_owned,
            );
            if let Some(body) = op.pointer("/requestBody/content/application~1json") {
                for (name, value) in media_examples(document, body) {
                    out.push(Example {
                        operation: operation.clone(),
                        status: None,
                        name,
                        value,
                    });
                }
            }
            let responses = op
                .get("responses")
                .and_then(Value::as_object)
                .into_iter()
                .flatten();
            for (status, response) in responses {
                let Ok(status) = status.parse::<u16>() else {
                    continue;
                };
                let response = resolve(document, response);
                let Some(media) = response.pointer("/content/application~1json") else {
                    continue;
                };
                for (name, value) in media_examples(document, media) {
                    out.push(Example {
                        operation: operation.clone(),
                        status: Some(status),
                        name,
                        value,
                    });
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
    for (name, example) in media
        .get("examples")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        if let Some(value) = resolve(document, example).get("value") {
            out.push((name.clone(), value.clone()));
        }
    }
    out
}

fn resolve<'a>(document: &'a Value, value: &'a Value) -> &'a Value {
    match value
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
    {
        Some(pointer) => document.pointer(pointer).unwrap_or(value),
        None => value,
    }
}

/// Arguments of one call: an entry of `tests/e2e/operations.yaml`, plus per-call headers.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct CallArgs {
    /// Path parameters by name.
    #[serde(default)]
    pub path_params: serde_json::Map<String, Value>,
    /// Query parameters by name (arrays and objects as JSON).
    #[serde(default)]
    pub query: serde_json::Map<String, Value>,
    /// The request body.
    #[serde(default)]
    pub body: Option<Value>,
    /// An `Accept` header to send instead of the SDK's.
    #[serde(default)]
    pub accept: Option<String>,
    /// Extra headers for this call (e.g. `Prefer: code=404`).
    #[serde(skip)]
    pub headers: Vec<(String, String)>,
}

impl CallArgs {
    /// A path or query parameter by its name on the wire.
    pub fn param(&self, wire: &str) -> Option<&Value> {
        self.path_params.get(wire).or_else(|| self.query.get(wire))
    }

    /// Apply the per-call headers to a builder.
    pub fn apply_options<B: intercom_api::CallOptions>(&self, builder: B) -> B {
        let builder = match &self.accept {
            Some(accept) => builder.header("accept", accept.clone()),
            None => builder,
        };
        self.headers.iter().fold(builder, |b, (name, value)| {
            b.header(name.clone(), value.clone())
        })
    }
}

/// What a call produced.
#[derive(Debug)]
pub struct CallOutcome {
    /// HTTP status, when a response arrived.
    pub status: Option<u16>,
    /// Response headers, when a response arrived.
    pub headers: Option<reqwest::header::HeaderMap>,
    /// The SDK's error, if the call failed.
    pub error: Option<intercom_api::Error>,
}

/// A running call.
pub type CallFuture = std::pin::Pin<Box<dyn std::future::Future<Output = CallOutcome> + Send>>;

/// An argument of type `T` from data. Scalars are also accepted as strings (an id written as a
/// number), and a comma-separated string as a list.
pub fn argument<T: DeserializeOwned>(value: Option<&Value>, name: &str) -> Result<T, String> {
    let value = value.ok_or_else(|| format!("missing argument `{name}`"))?;
    let attempt = |v: Value| serde_json::from_value::<T>(v);
    attempt(value.clone())
        .or_else(|first| match value {
            Value::Number(_) | Value::Bool(_) => {
                attempt(Value::String(value.to_string())).map_err(|_| first)
            }
            Value::String(text) => attempt(Value::Array(
                text.split(',').map(|s| Value::String(s.into())).collect(),
            ))
            .map_err(|_| first),
            _ => Err(first),
        })
        .map_err(|e| format!("argument `{name}`: {e}"))
}

/// The outcome of a call answered with a decoded body (or an error).
pub fn finish<T>(result: intercom_api::Result<intercom_api::Response<T>>) -> CallOutcome {
    match result {
        Ok(response) => CallOutcome {
            status: Some(response.status().as_u16()),
            headers: Some(response.headers().clone()),
            error: None,
        },
        Err(error) => error_outcome(error),
    }
}

/// The outcome of a download, after reading its whole body.
pub async fn finish_download(result: intercom_api::Result<intercom_api::Download>) -> CallOutcome {
    match result {
        Ok(download) => {
            let (status, headers) = (download.status().as_u16(), download.headers().clone());
            let error = download.bytes().await.err();
            CallOutcome {
                status: Some(status),
                headers: Some(headers),
                error,
            }
        }
        Err(error) => error_outcome(error),
    }
}

fn error_outcome(error: intercom_api::Error) -> CallOutcome {
    let (status, headers) = match &error {
        intercom_api::Error::Api(api) => (Some(api.status.as_u16()), Some(api.headers.clone())),
        other => (other.status().map(|s| s.as_u16()), None),
    };
    CallOutcome {
        status,
        headers,
        error: Some(error),
    }
}
