//! `spec/lock.toml`: which upstream description the SDK is generated from.
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};

/// The pinned upstream description.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lock {
    /// Intercom API version, e.g. `2.16`.
    pub api_version: String,
    /// Upstream repository URL.
    pub repository: String,
    /// Upstream commit the file is taken from.
    pub commit: String,
    /// Path of the YAML inside the repository.
    pub path: String,
    /// Expected sha256 of the YAML, lowercase hex.
    pub sha256: String,
}

impl Lock {
    /// Read and parse a lock file.
    pub fn read(path: &Path) -> Result<Lock> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_owned(),
            source,
        })?;
        toml::from_str(&text)
            .map_err(|e| Error::Source(format!("{}: invalid lock file: {e}", path.display())))
    }

    /// Where upstream serves the pinned file.
    pub fn download_url(&self) -> String {
        let repo = self
            .repository
            .trim_end_matches('/')
            .replace("https://github.com/", "");
        format!(
            "https://raw.githubusercontent.com/{repo}/{}/{}",
            self.commit, self.path
        )
    }
}
