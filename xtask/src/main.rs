//! Project automation.
//!
//! - `cargo xtask codegen [--check] [--spec PATH] [--out DIR] [--strict]`: regenerate
//!   `intercom-api/src/generated`, or (with `--check`) fail with a diff summary when the
//!   committed files differ, or (with `--out`) write a standalone crate for the description.
//! - `cargo xtask spec-matrix [VERSION...]`: generate, build and check every published version.
//! - `cargo xtask spec-diff OLD NEW`: what changes for SDK users between two descriptions.
//! - `cargo xtask mutants [--count N] [--seed S] [--compile K]`: the mutation test's mutants,
//!   with a sample of the outputs compiled.
//! - `cargo xtask mock-spec [--out PATH]`: write the patched description the mock server uses.
//! - `cargo xtask test [--spec PATH] [ARGS...]`: start the Prism mock servers, run
//!   `cargo test --workspace`.
mod codegen_cmd;
mod diff_cmd;
mod http;
mod matrix;
mod mutants;
mod prism;
mod test_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest = args.get(1..).unwrap_or_default();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => parse_codegen(rest).and_then(codegen_cmd::run),
        Some("spec-matrix") => matrix::run(rest),
        Some("spec-diff") => match rest {
            [old, new] => diff_cmd::run(old, new),
            _ => Err(USAGE.to_owned()),
        },
        Some("mutants") => mutants::run(rest),
        Some("mock-spec") => parse_out(rest).and_then(codegen_cmd::mock_spec),
        Some("test") => test_cmd::run(rest),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "usage: cargo xtask codegen [--check] [--spec PATH] [--out DIR] [--strict]
       cargo xtask spec-matrix [VERSION...]
       cargo xtask spec-diff OLD NEW      (a version of $INTERCOM_OPENAPI_DIR, or a file)
       cargo xtask mutants [--count N] [--seed S] [--compile K]
       cargo xtask mock-spec [--out PATH]
       cargo xtask test [--spec PATH] [CARGO TEST ARGS]";

fn parse_codegen(args: &[String]) -> Result<codegen_cmd::Options, String> {
    let mut options = codegen_cmd::Options::default();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| {
            args.next()
                .map(PathBuf::from)
                .ok_or_else(|| format!("{flag} needs a path"))
        };
        match arg.as_str() {
            "--check" => options.check = true,
            "--strict" => options.strict = true,
            "--spec" => options.spec = Some(value("--spec")?),
            "--out" => options.out = Some(value("--out")?),
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    if options.check && options.out.is_some() {
        return Err(format!(
            "--check compares the workspace; it takes no --out\n{USAGE}"
        ));
    }
    Ok(options)
}

fn parse_out(args: &[String]) -> Result<Option<PathBuf>, String> {
    match args {
        [] => Ok(None),
        [flag, path] if flag == "--out" => Ok(Some(PathBuf::from(path))),
        _ => Err(USAGE.to_owned()),
    }
}
