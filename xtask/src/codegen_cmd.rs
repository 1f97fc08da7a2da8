//! `cargo xtask codegen` and `cargo xtask mock-spec`.
use std::path::{Path, PathBuf};
use std::time::Instant;

use codegen::workspace::{self, Drift, Inputs};

/// The mock server's extra patches (Prism limitations, not spec errors).
pub const MOCK_PATCHES: &str = "tests/prism/mock-patches.yaml";
/// Where `mock-spec` writes by default (git-ignored).
pub const MOCK_SPEC: &str = "target/prism/intercom-mock.json";

/// What `cargo xtask codegen` was asked to do.
#[derive(Debug, Default)]
pub struct Options {
    /// Compare with the committed files instead of writing them.
    pub check: bool,
    /// Any description instead of the pinned one.
    pub spec: Option<PathBuf>,
    /// Write a standalone crate there instead of the workspace's SDK.
    pub out: Option<PathBuf>,
    /// Every warning (and every override that does not apply) is an error.
    pub strict: bool,
}

/// How the xtask reads descriptions: the pinned one is downloaded when no copy is at hand.
pub fn inputs(spec: Option<PathBuf>, strict: bool) -> Inputs {
    Inputs {
        spec,
        strict,
        fetch: Some(crate::http::fetch),
    }
}

/// Regenerate, check, or write a standalone crate.
pub fn run(options: Options) -> Result<(), String> {
    let started = Instant::now();
    let root = workspace::root();
    let loaded = workspace::load_spec_with(&root, &inputs(options.spec.clone(), options.strict))
        .map_err(|e| e.to_string())?;
    let (files, warnings) = codegen::generate_with_warnings(&loaded).map_err(|e| e.to_string())?;
    let lines: usize = files.iter().map(|f| f.contents.lines().count()).sum();
    let outcome = if let Some(out) = &options.out {
        write_standalone(&root, out, &loaded, &files)
    } else if options.check {
        check(&root, &files, lines)
    } else {
        workspace::write(&root, &files)
            .map(|changed| {
                println!(
                    "codegen: {} files, {lines} lines, {changed} changed, in {:.2?}",
                    files.len(),
                    started.elapsed()
                )
            })
            .map_err(|e| e.to_string())
    };
    print_notes(&loaded.skipped, &warnings);
    outcome?;
    if options.strict && !warnings.is_empty() {
        return Err(format!("--strict: {} warning(s)", warnings.len()));
    }
    Ok(())
}

fn check(root: &Path, files: &[codegen::GeneratedFile], lines: usize) -> Result<(), String> {
    let drift = workspace::check(root, files).map_err(|e| e.to_string())?;
    if drift.is_empty() {
        println!(
            "codegen --check: {} files ({lines} lines) up to date",
            files.len()
        );
        return Ok(());
    }
    Err(drift_report(&drift))
}

fn write_standalone(
    root: &Path,
    out: &Path,
    spec: &codegen::load::Spec,
    files: &[codegen::GeneratedFile],
) -> Result<(), String> {
    let examples = codegen::examples::examples(&spec.document);
    let crate_files =
        codegen::standalone::files(root, files, &examples).map_err(|e| e.to_string())?;
    codegen::standalone::write(out, &crate_files).map_err(|e| e.to_string())?;
    println!(
        "codegen --out: a standalone crate for Intercom API {} in {} ({} files); build it with \
         `cargo build`, check the spec's examples with `cargo run --example {}`",
        spec.openapi.info.version,
        out.display(),
        crate_files.len(),
        codegen::standalone::EXAMPLES_TARGET
    );
    Ok(())
}

/// Skipped overrides and the generator's warnings, as a short list at the end of its output.
pub fn print_notes(skipped: &[codegen::load::Skipped], warnings: &[codegen::ir::Warning]) {
    if !skipped.is_empty() {
        eprintln!(
            "{} override(s) do not apply to this description:",
            skipped.len()
        );
        for note in skipped {
            eprintln!("  note: {note}");
        }
    }
    if !warnings.is_empty() {
        eprintln!("{} warning(s):", warnings.len());
        for warning in warnings {
            eprintln!("  warning: {warning}");
        }
    }
}

fn drift_report(drift: &[Drift]) -> String {
    let mut report = format!(
        "{} generated file(s) differ from the generator's output:\n",
        drift.len()
    );
    for item in drift.iter().take(10) {
        report.push_str(&format!("  {item}\n"));
    }
    if drift.len() > 10 {
        report.push_str(&format!("  ... and {} more\n", drift.len() - 10));
    }
    report.push_str("Run `cargo xtask codegen` and commit the result.");
    report
}

/// Write the patched description (project overrides + mock-only patches) for the mock server.
pub fn mock_spec(out: Option<PathBuf>) -> Result<(), String> {
    let path = write_mock_spec(&workspace::root(), out)?;
    println!("mock spec: {}", path.display());
    Ok(())
}

/// Write the mock server's description and return its path.
pub fn write_mock_spec(root: &Path, out: Option<PathBuf>) -> Result<PathBuf, String> {
    let (text, overrides) =
        workspace::read_inputs_with(root, &inputs(None, false)).map_err(|e| e.to_string())?;
    let mut extra = Vec::new();
    let mock = root.join(MOCK_PATCHES);
    if mock.exists() {
        let mut patches = workspace::read_overrides(&mock).map_err(|e| e.to_string())?;
        patches.lenient = overrides.lenient;
        extra.push(patches);
    }
    let (document, _) = workspace::patched(&text, overrides, &extra).map_err(|e| e.to_string())?;
    let path = out.unwrap_or_else(|| root.join(MOCK_SPEC));
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    let json = serde_json::to_string(&document).map_err(|e| e.to_string())?;
    std::fs::write(&path, json).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}
