//! The JSON examples of a description, with the operation and status they belong to: what the
//! spec-examples check of a generated crate decodes.
use serde::Serialize;
use serde_json::Value;

use crate::normalise::operation::synthesise_id;

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch"];

/// A JSON example of the description: a request body (`status` is `None`) or a response body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Example {
    /// operationId (or the synthesised one).
    pub operation: String,
    /// Response status, `None` for a request body.
    pub status: Option<u16>,
    /// The example's name in the description (`example` for a lone one).
    pub name: String,
    /// The example itself.
    pub value: Value,
    /// A request example named like an example of a 4xx response of its operation: it shows
    /// a request the API rejects (`bad_request` next to the 400 `Bad Request`), so it may not
    /// fit the body type.
    pub rejected: bool,
}

/// Every JSON request and response example of `document`.
pub fn examples(document: &Value) -> Vec<Example> {
    let mut out = Vec::new();
    for (path, item) in entries(document.get("paths")) {
        for method in METHODS {
            let Some(op) = item.get(*method) else {
                continue;
            };
            let operation = op
                .get("operationId")
                .and_then(Value::as_str)
                .map_or_else(|| synthesise_id(method, path), str::to_owned);
            let push = |out: &mut Vec<Example>, status, media: &Value| {
                for (name, value) in media_examples(document, media) {
                    out.push(Example {
                        operation: operation.clone(),
                        status,
                        name,
                        value,
                        rejected: false,
                    });
                }
            };
            let first = out.len();
            if let Some(media) = op.pointer("/requestBody/content/application~1json") {
                push(&mut out, None, media);
            }
            for (status, response) in entries(op.get("responses")) {
                let media = resolve(document, response).pointer("/content/application~1json");
                if let (Ok(status), Some(media)) = (status.parse::<u16>(), media) {
                    push(&mut out, Some(status), media);
                }
            }
            mark_rejected(&mut out[first..]);
        }
    }
    out
}

/// Request examples that share their name with an example of a 4xx response.
fn mark_rejected(examples: &mut [Example]) {
    let key = |name: &str| heck::ToSnakeCase::to_snake_case(name);
    let errors: Vec<String> = examples
        .iter()
        .filter(|e| e.status.is_some_and(|s| (400..500).contains(&s)))
        .map(|e| key(&e.name))
        .collect();
    for example in examples.iter_mut().filter(|e| e.status.is_none()) {
        example.rejected = errors.contains(&key(&example.name));
    }
}

fn entries(value: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
    value.and_then(Value::as_object).into_iter().flatten()
}

fn media_examples(document: &Value, media: &Value) -> Vec<(String, Value)> {
    let single = media
        .get("example")
        .map(|v| ("example".to_owned(), v.clone()));
    let named = entries(media.get("examples")).filter_map(|(name, example)| {
        let value = resolve(document, example).get("value")?;
        Some((name.clone(), value.clone()))
    });
    single.into_iter().chain(named).collect()
}

fn resolve<'a>(document: &'a Value, value: &'a Value) -> &'a Value {
    value
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
        .and_then(|pointer| document.pointer(pointer))
        .unwrap_or(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_request_and_response_examples() {
        let doc = json!({
            "paths": {"/a/{id}": {"post": {
                "requestBody": {"content": {"application/json": {"examples": {
                    "bad_request": {"value": {"x": 1}}
                }}}},
                "responses": {
                    "200": {"$ref": "#/components/responses/ok"},
                    "400": {"content": {"application/json": {"examples": {
                        "Bad Request": {"value": {"errors": []}}
                    }}}},
                    "default": {"content": {"application/json": {"example": {}}}}
                }
            }}},
            "components": {
                "responses": {"ok": {"content": {"application/json": {"examples": {
                    "one": {"$ref": "#/components/examples/one"}
                }}}}},
                "examples": {"one": {"value": {"y": 2}}}
            }
        });
        let found = examples(&doc);
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[0].operation, "postAById");
        assert_eq!(found[0].status, None);
        assert!(found[0].rejected, "named like the 400 example");
        assert_eq!(
            (found[1].status, found[1].name.as_str()),
            (Some(200), "one")
        );
        assert_eq!(found[1].value, json!({"y": 2}));
        assert!(!found[1].rejected);
    }
}
