//! Syntactic rewrites that must happen before the document is typed by `openapiv3`.
//!
//! OpenAPI 3.0 says keys next to `$ref` are ignored, and `openapiv3` drops them. Intercom
//! means them: `nullable: true` next to a `$ref` is the only sign that 11 fields of 2.16 can be
//! null, and the sibling `description` is the field's documentation. Rewriting
//! `{$ref: X, k: v}` to the equivalent `{allOf: [{$ref: X}], k: v}` keeps both, and the
//! normaliser already understands that wrapper.
use serde_json::{Map, Value};

const SCHEMA_REF_PREFIX: &str = "#/components/schemas/";
/// Marks a wrapper made here: its `allOf/0` is not in the input, so pointers stop at the
/// wrapper (the `$ref` is its own).
pub const WRAPPER_MARK: &str = "x-codegen-ref-siblings";

/// Rewrite every schema `$ref` that has sibling keys into an `allOf` wrapper.
pub fn wrap_ref_siblings(document: &mut Value) {
    match document {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                // Examples are data, not schemas.
                if key != "example" && key != "examples" {
                    wrap_ref_siblings(value);
                }
            }
            if needs_wrapping(map) {
                if let Some(reference) = map.remove("$ref") {
                    let mut target = Map::new();
                    target.insert("$ref".to_owned(), reference);
                    map.insert(
                        "allOf".to_owned(),
                        Value::Array(vec![Value::Object(target)]),
                    );
                    map.insert(WRAPPER_MARK.to_owned(), Value::Bool(true));
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(wrap_ref_siblings),
        _ => {}
    }
}

fn needs_wrapping(map: &Map<String, Value>) -> bool {
    let is_schema_ref = map
        .get("$ref")
        .and_then(Value::as_str)
        .is_some_and(|r| r.starts_with(SCHEMA_REF_PREFIX));
    is_schema_ref && map.len() > 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wraps_only_schema_refs_with_siblings() {
        let mut doc = json!({
            "a": {"$ref": "#/components/schemas/x", "nullable": true, "description": "d"},
            "b": {"$ref": "#/components/schemas/y"},
            "c": {"$ref": "#/components/responses/z", "description": "kept"},
            "examples": {"e": {"value": {"$ref": "#/components/schemas/x", "k": 1}}}
        });
        wrap_ref_siblings(&mut doc);
        assert_eq!(
            doc["a"],
            json!({"allOf": [{"$ref": "#/components/schemas/x"}], "nullable": true, "description": "d", WRAPPER_MARK: true})
        );
        assert_eq!(doc["b"], json!({"$ref": "#/components/schemas/y"}));
        assert_eq!(doc["c"]["$ref"], "#/components/responses/z");
        assert_eq!(doc["examples"]["e"]["value"]["k"], 1);
    }
}
