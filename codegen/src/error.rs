//! Errors of the generator. Every error about the spec names the JSON pointer it concerns.
use std::path::PathBuf;

/// Anything that stops generation.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec (or an override) is not what the generator can handle.
    #[error("{pointer}: {message}")]
    Spec {
        /// RFC 6901 pointer into the (patched) description, e.g. `#/components/schemas/contact`.
        pointer: String,
        /// What is wrong there.
        message: String,
    },
    /// The description could not be found, read or verified.
    #[error("{0}")]
    Source(String),
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A project-owned override is invalid or no longer applies.
    #[error("override {index} in {file} ({reason}): {message}")]
    Override {
        /// The overrides file.
        file: String,
        /// Zero-based position of the patch in the file.
        index: usize,
        /// The patch's stated reason.
        reason: String,
        /// What went wrong.
        message: String,
    },
    /// The emitter produced tokens that do not parse as Rust (a generator bug).
    #[error("generated code for {file} does not parse: {message}")]
    Render {
        /// The output file.
        file: String,
        /// The parser's message.
        message: String,
    },
}

impl Error {
    /// An error at a JSON pointer of the description.
    pub fn spec(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Spec {
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

/// Result of the generator.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Escape one reference token for a JSON pointer (RFC 6901).
pub fn pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}
