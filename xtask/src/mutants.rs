//! `cargo xtask mutants [--count N] [--seed S] [--compile K]`: the mutation test's mutants (same
//! seed, same sequence), run through the generator, and `K` of those that generate (evenly
//! spread) written as standalone crates under `target/mutants/` and checked with `cargo check`:
//! the compile rate of the generator's output on descriptions it has never seen.
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use codegen::mutate::{self, Outcome, Rng};
use codegen::workspace;

use crate::codegen_cmd;

/// Run the mutants; an error when one panics, or an output in the sample does not compile.
pub fn run(args: &[String]) -> Result<(), String> {
    let (count, seed, compile) = parse(args)?;
    let started = Instant::now();
    let root = workspace::root();
    let (text, _) = workspace::read_inputs_with(&root, &codegen_cmd::inputs(None, false))
        .map_err(|e| e.to_string())?;
    let base = codegen::load::to_json(&text.text, &text.origin).map_err(|e| e.to_string())?;
    let targets = mutate::targets(&base);
    let mut rng = Rng::new(seed);
    let every = count.checked_div(compile).map_or(u64::MAX, |n| n.max(1));
    let (mut generated, mut errors, mut sampled, mut compiled) = (0, 0, 0, 0);
    for index in 0..count {
        let (what, document) = mutate::mutant(&base, &targets, &mut rng);
        let input = document.clone();
        let outcome = std::panic::catch_unwind(|| mutate::generate(document))
            .map_err(|_| format!("mutant {index} ({what}) panicked"))?;
        let missing = mutate::missing_pointers(&input, &outcome);
        if !missing.is_empty() {
            return Err(format!("mutant {index} ({what}): {}", missing.join("; ")));
        }
        let Outcome::Generated(files, _) = outcome else {
            errors += 1;
            continue;
        };
        generated += 1;
        // The first mutant that generates at or after each `every`-th.
        if sampled < compile && index >= sampled * every {
            sampled += 1;
            let ok = check(&root, index, &files, &input)?;
            compiled += u64::from(ok);
            println!(
                "mutant {index} ({what}): {}",
                if ok { "compiles" } else { "DOES NOT COMPILE" }
            );
        }
    }
    println!(
        "mutants: {count} (seed {seed}), {generated} generated, {errors} errors, 0 panics; \
         compiled {compiled}/{sampled} of a sample, in {:.0?}",
        started.elapsed()
    );
    if compiled == sampled {
        Ok(())
    } else {
        Err("some sampled outputs do not compile (above)".to_owned())
    }
}

fn parse(args: &[String]) -> Result<(u64, u64, u64), String> {
    let (mut count, mut seed, mut compile) = (1000, 20_160, 0);
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let value: u64 = args
            .next()
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| format!("{flag} needs a number"))?;
        match flag.as_str() {
            "--count" => count = value,
            "--seed" => seed = value,
            "--compile" => compile = value,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok((count, seed, compile))
}

/// Write the mutant's crate and `cargo check` it (every resource, no TLS).
fn check(
    root: &Path,
    index: u64,
    files: &[codegen::GeneratedFile],
    document: &serde_json::Value,
) -> Result<bool, String> {
    let dir = root.join("target").join("mutants").join(index.to_string());
    let examples = codegen::examples::examples(document);
    let crate_files =
        codegen::standalone::files(root, files, &examples).map_err(|e| e.to_string())?;
    codegen::standalone::write(&dir, &crate_files).map_err(|e| e.to_string())?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .args([
            "check",
            "--quiet",
            "--examples",
            "--no-default-features",
            "--features",
            "full",
            "--message-format=short",
        ])
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .env(
            "CARGO_TARGET_DIR",
            root.join("target").join("spec-matrix").join("target"),
        )
        .stdin(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    Ok(status.success())
}
