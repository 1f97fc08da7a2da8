//! Project automation.
//!
//! - `cargo xtask codegen [--check] [--spec PATH]`: regenerate `intercom-api/src/generated`, or
//!   (with `--check`) fail with a diff summary when the committed files differ.
//! - `cargo xtask mock-spec [--out PATH]`: write the patched description the mock server uses.
//! - `cargo xtask test [ARGS...]`: start the Prism mock servers, run `cargo test --workspace`.
mod codegen_cmd;
mod prism;
mod test_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => {
            parse_codegen(&args[1..]).and_then(|(check, spec)| codegen_cmd::run(check, spec))
        }
        Some("mock-spec") => parse_out(&args[1..]).and_then(codegen_cmd::mock_spec),
        Some("test") => test_cmd::run(&args[1..]),
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

const USAGE: &str = "usage: cargo xtask codegen [--check] [--spec PATH] | cargo xtask mock-spec [--out PATH] | cargo xtask test [CARGO TEST ARGS]";

fn parse_codegen(args: &[String]) -> Result<(bool, Option<PathBuf>), String> {
    let (mut check, mut spec) = (false, None);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--spec" => spec = Some(PathBuf::from(args.next().ok_or("--spec needs a path")?)),
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    Ok((check, spec))
}

fn parse_out(args: &[String]) -> Result<Option<PathBuf>, String> {
    match args {
        [] => Ok(None),
        [flag, path] if flag == "--out" => Ok(Some(PathBuf::from(path))),
        _ => Err(USAGE.to_owned()),
    }
}
