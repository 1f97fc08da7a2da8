//! Load: find the pinned YAML, apply the project's overrides, desugar, and type it with
//! `openapiv3`. Everything after this step works on an in-memory document.
mod desugar;
mod domain;
mod locate;
mod lock;
mod overrides;
pub mod repair;
mod source;

use openapiv3::OpenAPI;
use serde_json::Value;

pub use desugar::WRAPPER_MARK;
pub use domain::{Domain, MethodRule, ShapeRule, TypeRule, RUNTIME_TYPES};
pub use lock::Lock;
pub use overrides::{Overrides, Patch, Skipped};
pub use source::{read_spec, Fetch, SourceOptions, SpecText, SPEC_DIR_ENV, SPEC_FILE_ENV};

use crate::error::{Error, Result};
use crate::ir::Warning;

/// How many schemas `openapiv3` cannot type are replaced by any JSON value before giving up.
const MAX_UNTYPABLE: usize = 200;

/// A parsed, patched description, ready for the normaliser.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The typed document.
    pub openapi: OpenAPI,
    /// The same document as JSON (after overrides and desugaring), for examples and pointers.
    pub document: Value,
    /// sha256 of the upstream YAML, for the provenance header.
    pub sha256: String,
    /// The project's tables of domain facts (`spec/domain.yaml`).
    pub domain: Domain,
    /// Defects of the description repaired while loading (see [`repair`]).
    pub warnings: Vec<Warning>,
    /// Overrides that do not apply to this description and were skipped.
    pub skipped: Vec<Skipped>,
}

/// Parse YAML text into JSON, apply `overrides` in order, and type the result.
pub fn parse(spec: &SpecText, overrides: &[Overrides]) -> Result<Spec> {
    let mut skipped = Vec::new();
    let mut document = to_json(&spec.text, &spec.origin)?;
    for file in overrides {
        skipped.extend(file.apply(&mut document)?);
    }
    parse_document(document, &spec.sha256, skipped)
}

/// Type an already patched document (the JSON the pointers of warnings and errors refer to).
pub fn parse_document(mut document: Value, sha256: &str, skipped: Vec<Skipped>) -> Result<Spec> {
    let mut warnings = repair::repair(&mut document);
    let input = document.clone();
    desugar::wrap_ref_siblings(&mut document);
    let openapi = typed(&mut document, &input, &mut warnings)?;
    Ok(Spec {
        openapi,
        document,
        sha256: sha256.to_owned(),
        domain: Domain::default(),
        warnings,
        skipped,
    })
}

/// The upstream YAML with `overrides` applied, as JSON (what the mock server is given).
pub fn patched_document(spec: &SpecText, overrides: &[Overrides]) -> Result<Value> {
    let mut document = to_json(&spec.text, &spec.origin)?;
    for file in overrides {
        file.apply(&mut document)?;
    }
    Ok(document)
}

/// The longest prefix of `pointer` that exists in `document` (`#` at worst).
pub fn existing_prefix(document: &Value, pointer: &str) -> String {
    let mut current = pointer.trim_end_matches('/');
    loop {
        let exists = current == "#"
            || current
                .strip_prefix('#')
                .is_some_and(|p| document.pointer(p).is_some());
        if exists {
            return current.to_owned();
        }
        match current.rfind('/') {
            Some(cut) => current = &current[..cut],
            None => return "#".to_owned(),
        }
    }
}

/// The YAML text of a description as JSON.
pub fn to_json(text: &str, origin: &str) -> Result<Value> {
    serde_yaml::from_str(text).map_err(|e| Error::Source(format!("{origin}: invalid YAML: {e}")))
}

/// Type the document; a schema that cannot be typed becomes any JSON value, with a warning.
/// Pointers name the node in `input` (the document before desugaring).
fn typed(document: &mut Value, input: &Value, warnings: &mut Vec<Warning>) -> Result<OpenAPI> {
    for _ in 0..MAX_UNTYPABLE {
        let error = match serde_path_to_error::deserialize(&*document) {
            Ok(openapi) => return Ok(openapi),
            Err(error) => error,
        };
        let fallback = json_pointer(&error.path().to_string());
        let (located, is_schema) = locate::locate(document, &fallback);
        let pointer = existing_prefix(input, &located);
        let message = format!("not a valid OpenAPI 3.0 document: {}", error.inner());
        let replaced = is_schema
            && located
                .strip_prefix('#')
                .and_then(|p| document.pointer_mut(p))
                .map(|node| *node = Value::Object(serde_json::Map::new()))
                .is_some();
        if !replaced {
            return Err(Error::spec(pointer, message));
        }
        warnings.push(Warning {
            pointer,
            message: format!("{message}; typed as any JSON value"),
        });
    }
    Err(Error::spec("#", "too many schemas that cannot be typed"))
}

/// Turn serde_path_to_error's `a.b[0].c` into `#/a/b/0/c`.
fn json_pointer(path: &str) -> String {
    let mut pointer = String::from("#");
    for segment in path.split('.').filter(|s| !s.is_empty() && *s != "?") {
        let mut rest = segment;
        let name_end = rest.find('[').unwrap_or(rest.len());
        let (name, indexes) = rest.split_at(name_end);
        if !name.is_empty() {
            pointer.push('/');
            pointer.push_str(&crate::error::pointer_token(name));
        }
        rest = indexes;
        for index in rest.split(['[', ']']).filter(|s| !s.is_empty()) {
            pointer.push('/');
            pointer.push_str(index);
        }
    }
    pointer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_untypable_schema_is_any_json_with_a_warning_at_its_pointer() {
        let yaml = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: object, properties: {x: {type: 7}}}\n";
        let text = SpecText {
            text: yaml.into(),
            sha256: String::new(),
            origin: "test".into(),
        };
        let spec = parse(&text, &[]).expect("tolerated");
        let pointer = "#/paths/~1a/get/responses/200/content/application~1json/schema/properties/x";
        assert_eq!(spec.warnings.len(), 1, "{:?}", spec.warnings);
        assert_eq!(spec.warnings[0].pointer, pointer);
        assert_eq!(
            spec.document.pointer(&pointer[1..]),
            Some(&serde_json::json!({}))
        );
    }

    #[test]
    fn a_malformed_operation_names_the_pointer() {
        let yaml = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters: [{name: p, in: nowhere}]\n      responses: {}\n";
        let text = SpecText {
            text: yaml.into(),
            sha256: String::new(),
            origin: "test".into(),
        };
        let error = parse(&text, &[]).expect_err("must fail").to_string();
        assert!(
            error.starts_with("#/paths/~1a/get/parameters/0:"),
            "{error}"
        );
    }

    #[test]
    fn stale_override_is_an_error() {
        let yaml = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths: {}\n";
        let text = SpecText {
            text: yaml.into(),
            sha256: String::new(),
            origin: "test".into(),
        };
        let overrides = Overrides::parse(
            "o.yaml",
            "patches:\n  - reason: gone upstream\n    op: replace\n    path: /paths/~1nope/get\n    value: {}\n",
        )
        .expect("valid file");
        let error = parse(&text, &[overrides])
            .expect_err("must fail")
            .to_string();
        assert!(
            error.contains("override 0 in o.yaml (gone upstream)"),
            "{error}"
        );
    }
}
