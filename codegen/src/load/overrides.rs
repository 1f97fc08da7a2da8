//! Project-owned overrides: RFC 6902 JSON Patch operations, each with a reason, applied to the
//! upstream description before anything else reads it. A patch that no longer applies (its
//! target moved or vanished upstream) is an error, so stale overrides cannot pile up.
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
    /// The patches, applied in order.
    pub patches: Vec<Patch>,
}

/// A JSON Patch operation and why the project needs it.
#[derive(Debug, Clone, Deserialize)]
pub struct Patch {
    /// Why upstream is wrong here (shown in errors and the docs).
    pub reason: String,
    /// The operation itself (`op`, `path`, `value`/`from`).
    #[serde(flatten)]
    pub operation: json_patch::PatchOperation,
}

impl Overrides {
    /// Parse an overrides file.
    pub fn parse(file: &str, yaml: &str) -> Result<Overrides> {
        let mut overrides: Overrides = serde_yaml::from_str(yaml)
            .map_err(|e| Error::Source(format!("{file}: invalid overrides: {e}")))?;
        overrides.file = file.to_owned();
        Ok(overrides)
    }

    /// Apply every patch, in order, to `document`.
    pub fn apply(&self, document: &mut Value) -> Result<()> {
        for (index, patch) in self.patches.iter().enumerate() {
            json_patch::patch(document, std::slice::from_ref(&patch.operation)).map_err(|e| {
                Error::Override {
                    file: self.file.clone(),
                    index,
                    reason: patch.reason.clone(),
                    message: e.to_string(),
                }
            })?;
        }
        Ok(())
    }
}
