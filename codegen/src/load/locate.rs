//! Pin a typing error to the smallest part of the document that fails on its own.
//! `openapiv3` flattens and re-dispatches a lot while deserialising, so the path serde reports
//! often stops at `#/paths`; re-typing the parts one by one finds the real place.
use openapiv3::{Operation, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::pointer_token;

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];
const SCHEMA_LISTS: &[&str] = &["allOf", "oneOf", "anyOf"];
const SCHEMA_CHILDREN: &[&str] = &["items", "additionalProperties", "not"];

/// The pointer of the smallest failing part, starting from `fallback`, and whether it is a
/// schema (which the loader can replace by any JSON value).
pub fn locate(document: &Value, fallback: &str) -> (String, bool) {
    let pointer = locate_pointer(document, fallback);
    let schema = is_schema_pointer(&pointer);
    (pointer, schema)
}

/// Whether `pointer` is one `schema` below returns: a component schema or a position where
/// only a schema can stand.
fn is_schema_pointer(pointer: &str) -> bool {
    let tokens: Vec<&str> = pointer.split('/').collect();
    match tokens.as_slice() {
        ["#", "components", "schemas", _] => true,
        [.., "schema" | "items" | "additionalProperties" | "not"] => true,
        [.., "properties", _] => true,
        [.., "allOf" | "oneOf" | "anyOf", index] => index.parse::<usize>().is_ok(),
        _ => false,
    }
}

fn locate_pointer(document: &Value, fallback: &str) -> String {
    let paths = entries(document.get("paths")).find_map(|(path, item)| {
        let pointer = format!("#/paths/{}", pointer_token(path));
        fails::<PathItem>(item).then(|| path_item(item, pointer))
    });
    let schemas = || {
        entries(document.pointer("/components/schemas")).find_map(|(key, schema)| {
            let pointer = format!("#/components/schemas/{}", pointer_token(key));
            fails::<ReferenceOr<Schema>>(schema).then(|| self::schema(schema, pointer))
        })
    };
    paths
        .or_else(schemas)
        .unwrap_or_else(|| fallback.to_owned())
}

fn fails<T: DeserializeOwned>(value: &Value) -> bool {
    T::deserialize(value).is_err()
}

fn entries(value: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
    value.and_then(Value::as_object).into_iter().flatten()
}

fn path_item(item: &Value, pointer: String) -> String {
    METHODS
        .iter()
        .filter_map(|m| Some((m, item.get(*m)?)))
        .find(|(_, op)| fails::<Operation>(op))
        .map(|(m, op)| operation(op, format!("{pointer}/{m}")))
        .unwrap_or(pointer)
}

fn operation(op: &Value, pointer: String) -> String {
    let parameters = op
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate();
    for (i, parameter) in parameters {
        if fails::<ReferenceOr<Parameter>>(parameter) {
            let at = format!("{pointer}/parameters/{i}");
            return match parameter.get("schema") {
                Some(s) if fails::<ReferenceOr<Schema>>(s) => schema(s, format!("{at}/schema")),
                _ => at,
            };
        }
    }
    if let Some(body) = op
        .get("requestBody")
        .filter(|b| fails::<ReferenceOr<RequestBody>>(b))
    {
        return content(body, format!("{pointer}/requestBody"));
    }
    entries(op.get("responses"))
        .find(|(_, r)| fails::<ReferenceOr<Response>>(r))
        .map(|(code, r)| content(r, format!("{pointer}/responses/{}", pointer_token(code))))
        .unwrap_or(pointer)
}

fn content(owner: &Value, pointer: String) -> String {
    entries(owner.get("content"))
        .filter_map(|(media, m)| Some((media, m.get("schema")?)))
        .find(|(_, s)| fails::<ReferenceOr<Schema>>(s))
        .map(|(media, s)| {
            schema(
                s,
                format!("{pointer}/content/{}/schema", pointer_token(media)),
            )
        })
        .unwrap_or(pointer)
}

fn schema(value: &Value, pointer: String) -> String {
    for (name, property) in entries(value.get("properties")) {
        if fails::<ReferenceOr<Schema>>(property) {
            return schema(
                property,
                format!("{pointer}/properties/{}", pointer_token(name)),
            );
        }
    }
    for list in SCHEMA_LISTS {
        let members = value
            .get(*list)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate();
        for (i, member) in members {
            if fails::<ReferenceOr<Schema>>(member) {
                return schema(member, format!("{pointer}/{list}/{i}"));
            }
        }
    }
    for child in SCHEMA_CHILDREN {
        if let Some(node) = value
            .get(*child)
            .filter(|n| n.is_object() && fails::<ReferenceOr<Schema>>(n))
        {
            return schema(node, format!("{pointer}/{child}"));
        }
    }
    pointer
}
