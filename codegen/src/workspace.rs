//! The generator's edges in this repository: where the lock, the overrides and the output live,
//! and comparing or writing the generated files. Everything else in the crate is pure.
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::load::{self, Domain, Lock, Overrides, SourceOptions, Spec, SpecText};
use crate::GeneratedFile;

/// The lock file, relative to the workspace root.
pub const LOCK_FILE: &str = "spec/lock.toml";
/// The project-owned overrides, relative to the workspace root: one file for every version
/// (a patch for some versions only says which).
pub const OVERRIDES_FILE: &str = "spec/overrides.yaml";
/// The project-owned tables of domain facts, relative to the workspace root.
pub const DOMAIN_FILE: &str = "spec/domain.yaml";
/// Directories holding only generated files, relative to the workspace root.
pub const GENERATED_DIRS: &[&str] = &[crate::emit::SDK_DIR, crate::emit::TESTS_DIR];

/// The workspace root (the parent of the `codegen` crate).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Where the description comes from and how strictly it is read.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// An explicit description (`--spec`) instead of the pinned one.
    pub spec: Option<PathBuf>,
    /// Every override must apply, whatever the description (`--strict`).
    pub strict: bool,
    /// How to download the pinned description when no copy is at hand.
    pub fetch: Option<load::Fetch>,
}

/// Read the pinned description (or `explicit`) and the project's overrides.
pub fn read_inputs(root: &Path, explicit: Option<PathBuf>) -> Result<(SpecText, Overrides)> {
    read_inputs_with(
        root,
        &Inputs {
            spec: explicit,
            ..Inputs::default()
        },
    )
}

/// Read the description and the overrides. The overrides must all apply to the pinned
/// description; for any other one, those that do not apply are skipped (see [`Overrides`]).
pub fn read_inputs_with(root: &Path, inputs: &Inputs) -> Result<(SpecText, Overrides)> {
    let lock = Lock::read(&root.join(LOCK_FILE))?;
    let mut options = SourceOptions::from_env(root);
    if inputs.spec.is_some() {
        options.explicit.clone_from(&inputs.spec);
    }
    options.fetch = inputs.fetch;
    let text = load::read_spec(&lock, &options)?;
    let mut overrides = read_overrides(&root.join(OVERRIDES_FILE))?;
    overrides.lenient = text.sha256 != lock.sha256 && !inputs.strict;
    Ok((text, overrides))
}

/// Read an overrides file.
pub fn read_overrides(path: &Path) -> Result<Overrides> {
    let yaml = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    Overrides::parse(&path.display().to_string(), &yaml)
}

/// Load the pinned, patched description, with the project's domain tables.
pub fn load_spec(root: &Path, explicit: Option<PathBuf>) -> Result<Spec> {
    load_spec_with(
        root,
        &Inputs {
            spec: explicit,
            ..Inputs::default()
        },
    )
}

/// Load a patched description (see [`Inputs`]), with the project's domain tables.
pub fn load_spec_with(root: &Path, inputs: &Inputs) -> Result<Spec> {
    let (text, overrides) = read_inputs_with(root, inputs)?;
    let (document, skipped) = patched(&text, overrides, &[])?;
    let mut spec = load::parse_document(document, &text.sha256, skipped)?;
    spec.domain = read_domain(&root.join(DOMAIN_FILE))?;
    Ok(spec)
}

/// The description as JSON with the project's overrides, then `extra` (the mock server's),
/// applied; with the patches skipped.
pub fn patched(
    text: &SpecText,
    overrides: Overrides,
    extra: &[Overrides],
) -> Result<(serde_json::Value, Vec<load::Skipped>)> {
    let mut document = load::to_json(&text.text, &text.origin)?;
    let mut skipped = Vec::new();
    for file in std::iter::once(&overrides).chain(extra) {
        skipped.extend(file.apply(&mut document)?);
    }
    Ok((document, skipped))
}

/// Read the domain tables.
pub fn read_domain(path: &Path) -> Result<Domain> {
    let yaml = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    Domain::parse(&path.display().to_string(), &yaml)
}

/// How a committed generated file differs from the generator's output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drift {
    /// The generator makes it, the tree lacks it.
    Missing(String),
    /// The tree has it, the generator no longer makes it.
    Stale(String),
    /// A hand-written file lacks the marker lines of its generated part.
    Markers(String),
    /// Contents differ; the first differing lines.
    Changed {
        /// Relative path.
        path: String,
        /// A short unified diff (committed -> generated).
        diff: String,
    },
}

impl std::fmt::Display for Drift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Drift::Missing(path) => write!(f, "missing: {path} (the generator makes it)"),
            Drift::Stale(path) => write!(f, "stale: {path} (the generator no longer makes it)"),
            Drift::Markers(path) => write!(
                f,
                "markers: {path} lacks the marker lines around its generated part"
            ),
            Drift::Changed { path, diff } => write!(f, "changed: {path}\n{diff}"),
        }
    }
}

/// Compare `files` with the workspace at `dir` (its root).
pub fn check(dir: &Path, files: &[GeneratedFile]) -> Result<Vec<Drift>> {
    let mut drift = Vec::new();
    for file in files {
        let path = dir.join(&file.path);
        match std::fs::read_to_string(&path) {
            Ok(committed) => {
                let committed = committed.replace("\r\n", "\n");
                let committed = match file.region {
                    Some(region) => match region.extract(&committed) {
                        Some(part) => part.to_owned(),
                        None => {
                            drift.push(Drift::Markers(file.path.clone()));
                            continue;
                        }
                    },
                    None => committed,
                };
                if committed != file.contents {
                    drift.push(Drift::Changed {
                        path: file.path.clone(),
                        diff: short_diff(&committed, &file.contents),
                    });
                }
            }
            Err(_) => drift.push(Drift::Missing(file.path.clone())),
        }
    }
    for generated_dir in GENERATED_DIRS {
        for existing in existing_files(dir, generated_dir) {
            if !files.iter().any(|f| f.path == existing) {
                drift.push(Drift::Stale(existing));
            }
        }
    }
    Ok(drift)
}

/// Write `files` into `dir`, removing generated files the generator no longer makes. Returns
/// the number of files written or removed.
pub fn write(dir: &Path, files: &[GeneratedFile]) -> Result<usize> {
    let mut changed = 0;
    for drift in check(dir, files)? {
        match drift {
            Drift::Stale(path) => {
                let path = dir.join(path);
                std::fs::remove_file(&path).map_err(|source| Error::Read { path, source })?;
            }
            Drift::Markers(path) => {
                return Err(Error::Source(format!(
                    "{path}: the marker lines around the generated part are missing; restore them"
                )));
            }
            Drift::Missing(path) | Drift::Changed { path, .. } => {
                let target = dir.join(&path);
                let Some(file) = files.iter().find(|f| f.path == path) else {
                    continue;
                };
                let contents = match file.region {
                    // A hand-written file: only the part between the markers is replaced.
                    Some(region) => {
                        let text =
                            std::fs::read_to_string(&target).map_err(|source| Error::Read {
                                path: target.clone(),
                                source,
                            })?;
                        region.replace(&text, &file.contents).ok_or_else(|| {
                            Error::Source(format!("{path}: the marker lines are missing"))
                        })?
                    }
                    None => file.contents.clone(),
                };
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent).map_err(|source| Error::Read {
                        path: parent.to_owned(),
                        source,
                    })?;
                }
                std::fs::write(&target, contents).map_err(|source| Error::Read {
                    path: target,
                    source,
                })?;
            }
        }
        changed += 1;
    }
    Ok(changed)
}

/// `.rs` files below `root/relative`, as workspace-relative paths.
fn existing_files(root: &Path, relative: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root.join(relative)];
    while let Some(current) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs" || e == "json") {
                if let Ok(relative) = path.strip_prefix(root) {
                    out.push(relative.to_string_lossy().replace('\\', "/"));
                }
            }
        }
    }
    out.sort();
    out
}

/// At most 12 changed lines of a unified diff, with a count of the rest.
fn short_diff(old: &str, new: &str) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let mut out = String::new();
    let mut shown = 0;
    let mut total = 0;
    for change in diff.iter_all_changes() {
        let sign = match change.tag() {
            similar::ChangeTag::Equal => continue,
            similar::ChangeTag::Delete => '-',
            similar::ChangeTag::Insert => '+',
        };
        total += 1;
        if shown < 12 {
            let line = change
                .old_index()
                .or(change.new_index())
                .map_or(0, |i| i + 1);
            let _ = write!(out, "    {sign}{line:>6} | {}", change.value());
            if !change.value().ends_with('\n') {
                out.push('\n');
            }
            shown += 1;
        }
    }
    if total > shown {
        let _ = writeln!(out, "    ... and {} more changed lines", total - shown);
    }
    out
}
