//! `cargo xtask test`: install Prism when missing, write the mock server's description, start a
//! static and a seeded dynamic mock server, run `cargo test --workspace`, always stop them.
//! `--spec PATH` reads the description from PATH, here and in every test process (through
//! `$INTERCOM_OPENAPI_SPEC`), as `cargo xtask codegen --spec` does.
use std::path::PathBuf;
use std::process::Command;

use crate::{codegen_cmd, prism};

/// Seed of the dynamic mock server, so its random responses repeat from run to run.
const DYNAMIC_SEED: u64 = 42;

/// Run the whole test suite against the mock servers; other arguments go to `cargo test`.
pub fn run(args: &[String]) -> Result<(), String> {
    let (spec, args) = split_spec(args)?;
    if let Some(spec) = &spec {
        let spec = std::path::absolute(spec).map_err(|e| format!("{}: {e}", spec.display()))?;
        // Read by `codegen::workspace` here (mock spec) and in every test process.
        std::env::set_var(codegen::load::SPEC_FILE_ENV, spec);
    }
    let root = codegen::workspace::root();
    let prism_bin = prism::ensure_installed(&root.join("tests").join("prism"))?;
    let mock_spec = codegen_cmd::write_mock_spec(&root, None)?;
    let log_dir = root.join("target").join("prism");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(cargo);
    command
        .current_dir(&root)
        .args(["test", "--workspace", "--no-fail-fast"])
        .args(&args);
    // The suites print their summary lines (coverage, spec examples, Prism): show them.
    if !args.iter().any(|a| a == "--") {
        command.arg("--");
    }
    command.arg("--show-output");
    let status =
        prism::run_with_servers(&prism_bin, &mock_spec, DYNAMIC_SEED, &log_dir, &mut command)?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "cargo test failed ({status}); mock server logs are in {}",
            log_dir.display()
        ))
    }
}

/// `--spec PATH` out of the arguments, the rest for `cargo test`.
fn split_spec(args: &[String]) -> Result<(Option<PathBuf>, Vec<String>), String> {
    let mut spec = None;
    let mut rest = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if arg == "--" {
            rest.push(arg.clone());
            rest.extend(args.by_ref().cloned());
        } else if arg == "--spec" {
            spec = Some(PathBuf::from(args.next().ok_or("--spec needs a path")?));
        } else {
            rest.push(arg.clone());
        }
    }
    Ok((spec, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_is_taken_out_of_the_cargo_test_arguments() {
        let args: Vec<String> = ["-p", "codegen", "--spec", "x.yaml", "--", "--spec", "y"]
            .map(String::from)
            .to_vec();
        let (spec, rest) = split_spec(&args).expect("valid");
        assert_eq!(spec, Some(PathBuf::from("x.yaml")));
        assert_eq!(rest, ["-p", "codegen", "--", "--spec", "y"]);
    }
}
