//! Upstream defects repaired by general rules before the document is typed, each with a
//! warning at the pointer it concerns: a `$ref` to a schema that does not exist becomes any
//! JSON value, and so does a component that is only a `$ref` chain back to itself (it says
//! nothing about the value); OpenAPI 3.1's `type: [T, "null"]` becomes `type: T, nullable:
//! true`. (A schema `openapiv3` cannot type becomes any JSON value too, see [`super::parse`].)
use serde_json::{Map, Value};

use crate::error::pointer_token;
use crate::ir::Warning;

const SCHEMA_REF_PREFIX: &str = "#/components/schemas/";
/// Keys whose values are data, never schemas.
const DATA_KEYS: &[&str] = &["example", "examples", "enum", "default"];

/// Apply every rule to `document`; what was repaired.
pub fn repair(document: &mut Value) -> Vec<Warning> {
    let schemas: Vec<String> = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let mut warnings = Vec::new();
    walk(document, &mut String::from("#"), &schemas, &mut warnings);
    for key in &schemas {
        break_ref_cycle(document, key, &mut warnings);
    }
    warnings
}

/// A component that is only a `$ref` whose chain of bare `$ref`s comes back to it.
fn break_ref_cycle(document: &mut Value, key: &str, out: &mut Vec<Warning>) {
    let pointer = |k: &str| format!("/components/schemas/{}", pointer_token(k));
    let mut seen = vec![key.to_owned()];
    let mut current = key.to_owned();
    loop {
        let next = document
            .pointer(&pointer(&current))
            .and_then(Value::as_object)
            .filter(|m| m.len() == 1)
            .and_then(|m| m.get("$ref"))
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix(SCHEMA_REF_PREFIX))
            .map(unescape);
        let Some(next) = next else {
            return;
        };
        if next == key {
            break;
        }
        if seen.contains(&next) {
            return;
        }
        seen.push(next.clone());
        current = next;
    }
    if let Some(node) = document.pointer_mut(&pointer(key)) {
        *node = Value::Object(Map::new());
        out.push(Warning {
            pointer: format!("#{}/$ref", pointer(key)),
            message: "a $ref chain back to this schema itself; typed as any JSON value".into(),
        });
    }
}

fn walk(node: &mut Value, pointer: &mut String, schemas: &[String], out: &mut Vec<Warning>) {
    match node {
        Value::Object(map) => {
            repair_object(map, pointer, schemas, out);
            for (key, value) in map.iter_mut() {
                if DATA_KEYS.contains(&key.as_str()) && !pointer.ends_with("/properties") {
                    continue;
                }
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&pointer_token(key));
                walk(value, pointer, schemas, out);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{i}"));
                walk(item, pointer, schemas, out);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

fn repair_object(
    map: &mut Map<String, Value>,
    pointer: &str,
    schemas: &[String],
    out: &mut Vec<Warning>,
) {
    if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
        let dangling = reference
            .strip_prefix(SCHEMA_REF_PREFIX)
            .is_some_and(|key| !schemas.iter().any(|s| unescape(key) == *s));
        if dangling {
            out.push(Warning {
                pointer: format!("{pointer}/$ref"),
                message: format!("$ref {reference} does not resolve; typed as any JSON value"),
            });
            map.remove("$ref");
        }
    }
    if let Some(Value::Array(types)) = map.get("type") {
        let message;
        let kept: Vec<&Value> = types
            .iter()
            .filter(|t| t.as_str() != Some("null"))
            .collect();
        let nullable = kept.len() < types.len();
        match kept.as_slice() {
            [single] if single.is_string() => {
                message =
                    format!("OpenAPI 3.1 type list; read as type {single}, nullable {nullable}");
                let single = (*single).clone();
                map.insert("type".to_owned(), single);
            }
            _ => {
                message =
                    "OpenAPI 3.1 type list of several types; typed as any JSON value".to_owned();
                map.remove("type");
            }
        }
        if nullable {
            map.insert("nullable".to_owned(), Value::Bool(true));
        }
        out.push(Warning {
            pointer: format!("{pointer}/type"),
            message,
        });
    }
}

/// A JSON pointer token as the key it names.
pub fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn dangling_refs_and_type_lists_are_repaired_with_warnings() {
        let mut doc = json!({
            "components": {"schemas": {
                "a": {"properties": {
                    "x": {"$ref": "#/components/schemas/missing", "description": "kept"},
                    "y": {"$ref": "#/components/schemas/a"},
                    "z": {"type": ["string", "null"]},
                    "w": {"type": ["string", "integer"]}
                }},
                "me": {"$ref": "#/components/schemas/me"},
                "b": {"$ref": "#/components/schemas/a"}
            }},
            "paths": {"/p": {"get": {"responses": {"200": {"content": {"application/json": {
                "example": {"$ref": "#/components/schemas/missing"}
            }}}}}}}
        });
        let warnings = repair(&mut doc);
        let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "#/components/schemas/a/properties/w/type",
                "#/components/schemas/a/properties/x/$ref",
                "#/components/schemas/a/properties/z/type",
                "#/components/schemas/me/$ref",
            ]
        );
        let props = &doc["components"]["schemas"]["a"]["properties"];
        assert!(warnings.iter().all(|w| !w.pointer.contains("/b/")));
        assert_eq!(props["x"], json!({"description": "kept"}));
        assert_eq!(props["y"]["$ref"], "#/components/schemas/a");
        assert_eq!(props["z"], json!({"type": "string", "nullable": true}));
        assert_eq!(props["w"], json!({}));
        assert_eq!(doc["components"]["schemas"]["me"], json!({}));
        assert_eq!(
            doc["components"]["schemas"]["b"]["$ref"],
            "#/components/schemas/a"
        );
    }
}
