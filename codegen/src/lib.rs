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
    /// Formatted contents, header included; for a [`Region`], the lines between its markers.
    pub contents: String,
    /// Set when the file is hand-written and the generator owns only the lines between two
    /// marker lines (the features of `intercom-api/Cargo.toml`).
    pub region: Option<Region>,
}

/// The marker lines around the generated part of a hand-written file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// The line before the generated part.
    pub begin: &'static str,
    /// The line after it.
    pub end: &'static str,
}

impl Region {
    /// Byte range of the lines between the markers in `text`, if both are there in order.
    fn span(&self, text: &str) -> Option<std::ops::Range<usize>> {
        let mut offset = 0;
        let (mut start, mut stop) = (None, None);
        for line in text.split_inclusive('\n') {
            let trimmed = line.trim_end();
            if start.is_none() && trimmed == self.begin {
                start = Some(offset + line.len());
            } else if start.is_some() && trimmed == self.end {
                stop = Some(offset);
                break;
            }
            offset += line.len();
        }
        Some(start?..stop?)
    }

    /// The lines between the markers in `text`.
    pub fn extract<'a>(&self, text: &'a str) -> Option<&'a str> {
        self.span(text).map(|span| &text[span])
    }

    /// `text` with the lines between the markers replaced by `contents`.
    pub fn replace(&self, text: &str, contents: &str) -> Option<String> {
        let span = self.span(text)?;
        Some(format!(
            "{}{contents}{}",
            &text[..span.start],
            &text[span.end..]
        ))
    }
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
