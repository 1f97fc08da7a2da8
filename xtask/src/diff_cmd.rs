//! `cargo xtask spec-diff OLD NEW`: what changes for SDK users between two descriptions (each a
//! version of `$INTERCOM_OPENAPI_DIR`, or a file), for the changelog of a bump.
use codegen::workspace;

use crate::{codegen_cmd, matrix};

/// Print the report of `old` -> `new`.
pub fn run(old: &str, new: &str) -> Result<(), String> {
    let root = workspace::root();
    let load = |version: &str| -> Result<codegen::ir::Api, String> {
        let path = matrix::description(version)?;
        let spec = workspace::load_spec_with(&root, &codegen_cmd::inputs(Some(path), false))
            .map_err(|e| format!("{version}: {e}"))?;
        codegen::normalise::normalise(&spec).map_err(|e| format!("{version}: {e}"))
    };
    let report = codegen::diff::diff(&load(old)?, &load(new)?);
    print!("{report}");
    Ok(())
}
