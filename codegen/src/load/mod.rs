//! Load: find the pinned YAML, apply the project's overrides, desugar, and type it with
//! `openapiv3`. Everything after this step works on an in-memory document.
mod desugar;
mod domain;
mod locate;
mod lock;
mod overrides;
mod source;

use openapiv3::OpenAPI;
use serde_json::Value;

pub use domain::{Domain, MethodRule, ShapeRule, TypeRule, RUNTIME_TYPES};
pub use lock::Lock;
pub use overrides::{Overrides, Patch};
pub use source::{read_spec, SourceOptions, SpecText, SPEC_DIR_ENV};

use crate::error::{Error, Result};

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
}

/// Parse YAML text into JSON, apply `overrides` in order, and type the result.
pub fn parse(spec: &SpecText, overrides: &[Overrides]) -> Result<Spec> {
    let mut document = to_json(&spec.text, &spec.origin)?;
    for file in overrides {
        file.apply(&mut document)?;
    }
    desugar::wrap_ref_siblings(&mut document);
    let openapi = typed(&document)?;
    Ok(Spec {
        openapi,
        document,
        sha256: spec.sha256.clone(),
        domain: Domain::default(),
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

fn to_json(text: &str, origin: &str) -> Result<Value> {
    serde_yaml::from_str(text).map_err(|e| Error::Source(format!("{origin}: invalid YAML: {e}")))
}

fn typed(document: &Value) -> Result<OpenAPI> {
    serde_path_to_error::deserialize(document).map_err(|e| {
        let pointer = locate::locate(document, &json_pointer(&e.path().to_string()));
        Error::spec(
            pointer,
            format!("not a valid OpenAPI 3.0 document: {}", e.inner()),
        )
    })
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
    fn malformed_spec_names_the_pointer() {
        let yaml = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: object, properties: {x: {type: 7}}}\n";
        let text = SpecText {
            text: yaml.into(),
            sha256: String::new(),
            origin: "test".into(),
        };
        let error = parse(&text, &[]).expect_err("must fail").to_string();
        assert!(
            error.starts_with(
                "#/paths/~1a/get/responses/200/content/application~1json/schema/properties/x:"
            ),
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
