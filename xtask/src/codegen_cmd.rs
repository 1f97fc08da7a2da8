//! `cargo xtask codegen` and `cargo xtask mock-spec`.
use std::path::{Path, PathBuf};
use std::time::Instant;

use codegen::workspace::{self, Drift};

/// The mock server's extra patches (Prism limitations, not spec errors).
pub const MOCK_PATCHES: &str = "tests/prism/mock-patches.yaml";
/// Where `mock-spec` writes by default (git-ignored).
pub const MOCK_SPEC: &str = "target/prism/intercom-mock.json";

/// Regenerate, or check that the committed files are what the generator makes.
pub fn run(check: bool, spec: Option<PathBuf>) -> Result<(), String> {
    let started = Instant::now();
    let root = workspace::root();
    let loaded = workspace::load_spec(&root, spec).map_err(|e| e.to_string())?;
    let (files, warnings) = codegen::generate_with_warnings(&loaded).map_err(|e| e.to_string())?;
    print_warnings(&warnings);
    let dir = root.clone();
    let lines: usize = files.iter().map(|f| f.contents.lines().count()).sum();
    if check {
        let drift = workspace::check(&dir, &files).map_err(|e| e.to_string())?;
        if drift.is_empty() {
            println!(
                "codegen --check: {} files ({lines} lines) up to date",
                files.len()
            );
            return Ok(());
        }
        return Err(drift_report(&drift));
    }
    let changed = workspace::write(&dir, &files).map_err(|e| e.to_string())?;
    println!(
        "codegen: {} files, {lines} lines, {changed} changed, in {:.2?}",
        files.len(),
        started.elapsed()
    );
    Ok(())
}

/// The generator's warnings, as a short list at the end of its output.
fn print_warnings(warnings: &[codegen::ir::Warning]) {
    if warnings.is_empty() {
        return;
    }
    eprintln!("{} warning(s):", warnings.len());
    for warning in warnings {
        eprintln!("  warning: {warning}");
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
    let (text, overrides) = workspace::read_inputs(root, None).map_err(|e| e.to_string())?;
    let mut patches = vec![overrides];
    let mock = root.join(MOCK_PATCHES);
    if mock.exists() {
        patches.push(workspace::read_overrides(&mock).map_err(|e| e.to_string())?);
    }
    let document = codegen::load::patched_document(&text, &patches).map_err(|e| e.to_string())?;
    let path = out.unwrap_or_else(|| root.join(MOCK_SPEC));
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    let json = serde_json::to_string(&document).map_err(|e| e.to_string())?;
    std::fs::write(&path, json).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}
