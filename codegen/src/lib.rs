//! The generator behind `intercom-api`: **load** (YAML + project overrides -> `openapiv3`),
//! **normalise** (quirks -> the small model in [`ir`]), **emit** (model -> tokens with `quote`),
//! **render** (`prettyplease` + provenance header). [`generate`] is pure: the same description
//! gives byte-identical files.
pub mod diff;
pub mod emit;
pub mod error;
pub mod examples;
pub mod ir;
pub mod load;
pub mod mutate;
pub mod normalise;
pub mod render;
pub mod standalone;
pub mod workspace;

pub use error::{Error, Result};

/// One output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the workspace root, `/`-separated (e.g.
    /// `intercom-api/src/generated/models/contacts.rs`).
    pub path: String,
    /// Formatted contents, header included.
    pub contents: String,
}

/// Generate every SDK file from a loaded description.
pub fn generate(spec: &load::Spec) -> Result<Vec<GeneratedFile>> {
    Ok(generate_with_warnings(spec)?.0)
}

/// Generate every SDK file, with what the generator worked around (see [`ir::Warning`]).
pub fn generate_with_warnings(spec: &load::Spec) -> Result<(Vec<GeneratedFile>, Vec<ir::Warning>)> {
    let api = normalise::normalise(spec)?;
    Ok((emit::files(&api)?, api.warnings.clone()))
}
