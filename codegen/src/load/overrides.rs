//! Project-owned overrides: RFC 6902 JSON Patch operations, each with a reason, applied to the
//! upstream description before anything else reads it.
//!
//! One file serves every API version. For the pinned description (and with `--strict`) a patch
//! that no longer applies is an error, so stale overrides cannot pile up. For any other
//! description a patch that does not apply is skipped with a note: its target is absent or
//! moved in that version. A `test` operation guards the patch right after it: when the test
//! fails, both are skipped, so a positional edit never lands on the wrong node. A patch for
//! some versions only lists them in `versions` (the description's `info.version`); for any
//! other version it is left out without a note.
use serde::Deserialize;
use serde_json::Value;

use crate::error::{Error, Result};

/// One overrides file (`spec/overrides.yaml`, or the mock server's extra patches).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overrides {
    /// Name used in messages (the file path).
    #[serde(skip)]
    pub file: String,
    /// Skip patches that do not apply (with a note) instead of failing.
    #[serde(skip)]
    pub lenient: bool,
    /// The patches, applied in order.
    pub patches: Vec<Patch>,
}

/// A JSON Patch operation and why the project needs it.
#[derive(Debug, Clone, Deserialize)]
pub struct Patch {
    /// Why upstream is wrong here (shown in errors and the docs).
    pub reason: String,
    /// The API versions (`info.version`) it is for; every version when absent.
    #[serde(default)]
    pub versions: Option<Vec<String>>,
    /// The operation itself (`op`, `path`, `value`/`from`).
    #[serde(flatten)]
    pub operation: json_patch::PatchOperation,
}

/// A patch skipped because it does not apply to this description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The overrides file.
    pub file: String,
    /// Zero-based position of the patch in the file.
    pub index: usize,
    /// Why it was skipped.
    pub message: String,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "override {} in {} skipped: {}",
            self.index, self.file, self.message
        )
    }
}

impl Overrides {
    /// Parse an overrides file.
    pub fn parse(file: &str, yaml: &str) -> Result<Overrides> {
        let mut overrides: Overrides = serde_yaml::from_str(yaml)
            .map_err(|e| Error::Source(format!("{file}: invalid overrides: {e}")))?;
        overrides.file = file.to_owned();
        Ok(overrides)
    }

    /// Apply every patch for the document's version, in order, to `document`; the patches
    /// skipped (lenient mode only).
    pub fn apply(&self, document: &mut Value) -> Result<Vec<Skipped>> {
        let version = document
            .pointer("/info/version")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let mut skipped = Vec::new();
        let mut guard_failed = false;
        for (index, patch) in self.patches.iter().enumerate() {
            let for_us = match (&patch.versions, &version) {
                (None, _) => true,
                (Some(versions), Some(version)) => versions.contains(version),
                (Some(_), None) => false,
            };
            if !for_us {
                continue;
            }
            let is_test = matches!(patch.operation, json_patch::PatchOperation::Test(_));
            if std::mem::take(&mut guard_failed) {
                skipped.push(self.skipped(index, "its `test` guard failed".to_owned()));
                continue;
            }
            let Err(e) = json_patch::patch(document, std::slice::from_ref(&patch.operation)) else {
                continue;
            };
            if !self.lenient {
                return Err(Error::Override {
                    file: self.file.clone(),
                    index,
                    reason: patch.reason.clone(),
                    message: e.to_string(),
                });
            }
            guard_failed = is_test;
            skipped.push(self.skipped(index, e.to_string()));
        }
        Ok(skipped)
    }

    fn skipped(&self, index: usize, message: String) -> Skipped {
        Skipped {
            file: self.file.clone(),
            index,
            message,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const FILE: &str = "patches:
  - {reason: guard, op: test, path: /a/0/name, value: x}
  - {reason: guarded, op: replace, path: /a/0/in, value: path}
  - {reason: absent, op: remove, path: /nope}
  - {reason: applies, op: add, path: /b, value: 1}
  - {reason: not this version, versions: ['1.0'], op: remove, path: /nope}
  - {reason: this version, versions: ['2.0'], op: add, path: /c, value: 2}
";

    #[test]
    fn lenient_skips_what_does_not_apply_and_what_a_failed_guard_protects() {
        let mut overrides = Overrides::parse("o.yaml", FILE).expect("valid");
        overrides.lenient = true;
        let mut doc = json!({"info": {"version": "2.0"}, "a": [{"name": "y", "in": "query"}]});
        let skipped = overrides.apply(&mut doc).expect("lenient");
        let indexes: Vec<usize> = skipped.iter().map(|s| s.index).collect();
        assert_eq!(indexes, [0, 1, 2]);
        assert_eq!(doc["b"], 1);
        assert_eq!(doc["c"], 2);
        assert_eq!(doc["a"], json!([{"name": "y", "in": "query"}]));
    }

    #[test]
    fn strict_fails_on_the_first_patch_that_does_not_apply() {
        let overrides = Overrides::parse("o.yaml", FILE).expect("valid");
        let mut doc = json!({"a": [{"name": "x", "in": "query"}]});
        let error = overrides.apply(&mut doc).expect_err("stale").to_string();
        assert!(
            error.starts_with("override 2 in o.yaml (absent)"),
            "{error}"
        );
    }
}
