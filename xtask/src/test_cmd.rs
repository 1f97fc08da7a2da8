//! `cargo xtask test`: install Prism when missing, write the mock server's description, start a
//! static and a seeded dynamic mock server, run `cargo test --workspace`, always stop them.
use std::process::Command;

use crate::{codegen_cmd, prism};

/// Seed of the dynamic mock server, so its random responses repeat from run to run.
const DYNAMIC_SEED: u64 = 42;

/// Run the whole test suite against the mock servers; extra arguments go to `cargo test`.
pub fn run(args: &[String]) -> Result<(), String> {
    let root = codegen::workspace::root();
    let prism_bin = prism::ensure_installed(&root.join("tests").join("prism"))?;
    let mock_spec = codegen_cmd::write_mock_spec(&root, None)?;
    let log_dir = root.join("target").join("prism");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(cargo);
    command
        .current_dir(&root)
        .args(["test", "--workspace", "--no-fail-fast"])
        .args(args);
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
