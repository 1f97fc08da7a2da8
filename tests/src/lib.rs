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

/// Decode `value` into `T` and encode it again.
pub fn round_trip<T: DeserializeOwned + Serialize>(value: Value) -> Result<Value, String> {
    let typed: T = serde_path_to_error::deserialize(value)
        .map_err(|e| format!("{}: {}", e.path(), e.inner()))?;
    serde_json::to_value(&typed).map_err(|e| e.to_string())
}
