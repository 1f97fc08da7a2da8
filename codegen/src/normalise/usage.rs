//! Which component schemas travel in requests and which in responses. Decided before lowering,
//! because the direction changes the shape: response types are lenient (every field optional),
//! and an object union without a tag is an enum in a request but one merged struct in a response.
use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde_json::Value;

use crate::ir::Usage;

const SCHEMA_PREFIX: &str = "#/components/schemas/";
const RESPONSE_PREFIX: &str = "#/components/responses/";
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Usage of every component schema, from the (desugared) document.
pub fn component_usage(document: &Value) -> BTreeMap<String, Usage> {
    let schemas = document
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    let edges: BTreeMap<&str, Vec<String>> = schemas
        .into_iter()
        .flatten()
        .map(|(key, schema)| (key.as_str(), schema_refs(schema)))
        .collect();
    let (mut request_roots, mut response_roots) = (Vec::new(), Vec::new());
    for item in document
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(_, v)| v)
    {
        if let Some(parameters) = item.get("parameters") {
            request_roots.extend(schema_refs(parameters));
        }
        for op in METHODS.iter().filter_map(|m| item.get(*m)) {
            for part in ["parameters", "requestBody"]
                .iter()
                .filter_map(|k| op.get(*k))
            {
                request_roots.extend(schema_refs(part));
            }
            if let Some(responses) = op.get("responses") {
                response_roots.extend(response_refs(document, responses));
            }
        }
    }
    let request = reachable(&edges, request_roots);
    let response = reachable(&edges, response_roots);
    edges
        .keys()
        .map(|key| {
            let usage = Usage {
                request: request.contains(*key),
                response: response.contains(*key),
            };
            ((*key).to_owned(), usage)
        })
        .collect()
}

fn reachable(edges: &BTreeMap<&str, Vec<String>>, roots: Vec<String>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut queue: VecDeque<String> = roots.into();
    while let Some(key) = queue.pop_front() {
        if seen.insert(key.clone()) {
            queue.extend(edges.get(key.as_str()).into_iter().flatten().cloned());
        }
    }
    seen
}

/// Component keys referenced anywhere below `value` (examples excluded).
fn schema_refs(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    collect_refs(value, &mut |r| {
        if let Some(key) = r.strip_prefix(SCHEMA_PREFIX) {
            out.push(key.to_owned());
        }
    });
    out
}

fn response_refs(document: &Value, responses: &Value) -> Vec<String> {
    let mut out = schema_refs(responses);
    let mut shared = Vec::new();
    collect_refs(responses, &mut |r| {
        if let Some(name) = r.strip_prefix(RESPONSE_PREFIX) {
            shared.push(name.to_owned());
        }
    });
    for name in shared {
        if let Some(response) = document.pointer(&format!("/components/responses/{name}")) {
            out.extend(schema_refs(response));
        }
    }
    out
}

fn collect_refs(value: &Value, found: &mut impl FnMut(&str)) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                match (key.as_str(), child) {
                    ("$ref", Value::String(r)) => found(r),
                    ("example" | "examples", _) => {}
                    _ => collect_refs(child, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_refs(item, found)),
        _ => {}
    }
}
