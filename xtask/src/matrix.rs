//! `cargo xtask spec-matrix [VERSION...]`: every published description (or the ones named)
//! through the whole pipeline, one line each: generate it in-process with the project's
//! overrides (skipping those that do not apply), write a standalone crate under
//! `target/spec-matrix/<version>/`, build its library (feature `full`, which leaves out a
//! runtime module whose models the description lacks) and examples check (a build does all that `cargo check` does; errors and warnings
//! are counted), and run the check, which decodes
//! the description's own examples. Every crate shares one target directory, so dependencies
//! compile once.
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use codegen::error::pointer_token;
use codegen::workspace;
use serde_json::Value;

use crate::codegen_cmd;

/// The description file in each version directory of an upstream checkout.
const DESCRIPTION: &str = "api.intercom.io.yaml";
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Run the matrix; an error when one version does not generate, build clean, or decode.
pub fn run(args: &[String]) -> Result<(), String> {
    let started = Instant::now();
    let versions = if args.is_empty() {
        published_versions()?
    } else {
        args.to_vec()
    };
    let root = workspace::root();
    let out_dir = root.join("target").join("spec-matrix");
    let mut clean = 0;
    for version in &versions {
        let line = match one(&root, &out_dir, version) {
            Ok(outcome) => {
                clean += usize::from(outcome.clean);
                outcome.line
            }
            Err(e) => format!("{version}: FAILED: {e}"),
        };
        println!("{line}");
    }
    println!(
        "spec-matrix: {clean}/{} versions generate, check clean and decode their examples, in {:.0?}",
        versions.len(),
        started.elapsed()
    );
    if clean == versions.len() {
        Ok(())
    } else {
        Err("some versions failed (above)".to_owned())
    }
}

/// The description of `version` (`2.16`, `0` or `Preview`) in `$INTERCOM_OPENAPI_DIR`, or
/// `version` itself when it is a file.
pub fn description(version: &str) -> Result<PathBuf, String> {
    let as_file = PathBuf::from(version);
    if as_file.is_file() {
        return Ok(as_file);
    }
    let dir = if version.eq_ignore_ascii_case("preview") {
        "0"
    } else {
        version
    };
    let path = spec_dir()?.join("descriptions").join(dir).join(DESCRIPTION);
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "no description {} (not a file, not a version)",
            path.display()
        ))
    }
}

fn spec_dir() -> Result<PathBuf, String> {
    let env = codegen::load::SPEC_DIR_ENV;
    let dir = std::env::var_os(env)
        .map(PathBuf::from)
        .ok_or_else(|| format!("set {env} to a checkout of Intercom's OpenAPI descriptions"))?;
    if dir.join("descriptions").is_dir() {
        Ok(dir)
    } else {
        Err(format!(
            "{env} is {} but it has no descriptions/ directory",
            dir.display()
        ))
    }
}

/// Every version directory holding a description, oldest first, Preview (`0`) last.
fn published_versions() -> Result<Vec<String>, String> {
    let dir = spec_dir()?.join("descriptions");
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut versions: Vec<String> = entries
        .flatten()
        .filter(|e| e.path().join(DESCRIPTION).is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    versions.sort_by_key(|v| order(v));
    Ok(versions)
}

/// `2.9` before `2.10`; `0` (Preview) after every numbered version.
fn order(version: &str) -> (bool, Vec<u32>) {
    let numbers: Vec<u32> = version.split('.').filter_map(|n| n.parse().ok()).collect();
    (version == "0", numbers)
}

struct Outcome {
    line: String,
    clean: bool,
}

fn one(root: &Path, out_dir: &Path, version: &str) -> Result<Outcome, String> {
    let started = Instant::now();
    let path = description(version)?;
    let spec = workspace::load_spec_with(root, &codegen_cmd::inputs(Some(path), false))
        .map_err(|e| e.to_string())?;
    let api = codegen::normalise::normalise(&spec).map_err(|e| e.to_string())?;
    let files = codegen::emit::files(&api).map_err(|e| e.to_string())?;
    let (ops, all_ops) = operation_counts(&spec.document, &api);
    let (schemas, all_schemas) = schema_counts(&spec.document, &api);
    let crate_dir = out_dir.join(version);
    let examples = codegen::examples::examples(&spec.document);
    let crate_files =
        codegen::standalone::files(root, &files, &examples).map_err(|e| e.to_string())?;
    codegen::standalone::write(&crate_dir, &crate_files).map_err(|e| e.to_string())?;
    write_notes(out_dir, version, &spec.skipped, &api.warnings)?;
    let build = build(&crate_dir, &out_dir.join("target"))?;
    let examples = match &build.executable {
        Some(exe) => run_examples(exe)?,
        None => Examples::default(),
    };
    let label = match spec.openapi.info.version.as_str() {
        v if v == version => version.to_owned(),
        v => format!("{version} ({v})"),
    };
    let check = if build.clean() {
        "check ok".to_owned()
    } else {
        format!(
            "check FAILED ({} errors, {} warnings)",
            build.errors, build.warnings
        )
    };
    let skipped = match spec.skipped.len() {
        0 => String::new(),
        n => format!(", overrides skipped {n}"),
    };
    let mut line = format!(
        "{label}: ops {ops}/{all_ops}, schemas {schemas}/{all_schemas}, {check}, examples {}, \
         warnings {}{skipped} ({:.0?})",
        examples.summary,
        api.warnings.len(),
        started.elapsed()
    );
    for detail in build.diagnostics.iter().chain(&examples.failures).take(10) {
        line.push_str(&format!("\n    {detail}"));
    }
    let clean = build.clean() && examples.passed && ops == all_ops && schemas == all_schemas;
    Ok(Outcome { line, clean })
}

fn operation_counts(document: &Value, api: &codegen::ir::Api) -> (usize, usize) {
    let declared = document
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|paths| paths.values())
        .map(|item| METHODS.iter().filter(|m| item.get(**m).is_some()).count())
        .sum();
    let generated = api.resources.values().map(|r| r.operations.len()).sum();
    (generated, declared)
}

fn schema_counts(document: &Value, api: &codegen::ir::Api) -> (usize, usize) {
    let keys: Vec<&String> = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().collect())
        .unwrap_or_default();
    let pointers: std::collections::BTreeSet<&str> = api
        .types
        .values()
        .flat_map(|d| std::iter::once(&d.pointer).chain(&d.merged))
        .map(String::as_str)
        .collect();
    let typed = keys
        .iter()
        .filter(|k| {
            pointers.contains(format!("#/components/schemas/{}", pointer_token(k)).as_str())
        })
        .count();
    (typed, keys.len())
}

fn write_notes(
    out_dir: &Path,
    version: &str,
    skipped: &[codegen::load::Skipped],
    warnings: &[codegen::ir::Warning],
) -> Result<(), String> {
    let mut text = String::new();
    for note in skipped {
        text.push_str(&format!("note: {note}\n"));
    }
    for warning in warnings {
        text.push_str(&format!("warning: {warning}\n"));
    }
    let path = out_dir.join(format!("{version}.notes.txt"));
    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
}

#[derive(Default)]
struct Build {
    errors: usize,
    warnings: usize,
    diagnostics: Vec<String>,
    executable: Option<PathBuf>,
    success: bool,
}

impl Build {
    fn clean(&self) -> bool {
        self.success && self.errors == 0 && self.warnings == 0
    }
}

/// `cargo build --examples` of the crate, with its diagnostics counted.
fn build(crate_dir: &Path, target_dir: &Path) -> Result<Build, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["build", "--quiet", "--examples", "--message-format=json"])
        // Every resource; `full` leaves out a runtime module whose models the description
        // lacks (older versions have no `Ticket` for webhooks). No TLS: nothing connects.
        .args(["--no-default-features", "--features", "full"])
        .arg("--manifest-path")
        .arg(crate_dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target_dir)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let mut build = Build {
        success: output.status.success(),
        ..Build::default()
    };
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        match message["reason"].as_str() {
            Some("compiler-message") => count(&message["message"], &mut build),
            Some("compiler-artifact")
                if message["target"]["name"] == codegen::standalone::EXAMPLES_TARGET =>
            {
                build.executable = message["executable"].as_str().map(PathBuf::from);
            }
            _ => {}
        }
    }
    Ok(build)
}

fn count(message: &Value, build: &mut Build) {
    let text = message["message"].as_str().unwrap_or_default();
    let summary = text.starts_with("aborting due to") || text.ends_with("emitted");
    match message["level"].as_str() {
        Some("error") if !summary => build.errors += 1,
        Some("warning") if !summary => build.warnings += 1,
        _ => return,
    }
    let rendered = message["rendered"].as_str().unwrap_or(text);
    build
        .diagnostics
        .push(rendered.lines().take(3).collect::<Vec<_>>().join(" | "));
}

#[derive(Default)]
struct Examples {
    summary: String,
    passed: bool,
    failures: Vec<String>,
}

fn run_examples(executable: &Path) -> Result<Examples, String> {
    let output = Command::new(executable)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", executable.display()))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let summary = stdout
        .lines()
        .find_map(|l| l.strip_prefix("examples "))
        .unwrap_or("not run")
        .to_owned();
    let failures = stdout
        .lines()
        .filter_map(|l| l.trim().strip_prefix("failed: "))
        .map(str::to_owned)
        .collect();
    Ok(Examples {
        summary,
        passed: output.status.success(),
        failures,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_sort_numerically_with_preview_last() {
        let mut versions = vec!["0", "2.10", "2.9", "2.16", "2.7"];
        versions.sort_by_key(|v| order(v));
        assert_eq!(versions, ["2.7", "2.9", "2.10", "2.16", "0"]);
    }
}
