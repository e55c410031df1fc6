//! External command-line tools that some tests drive (pre-commit, squawk on the `PATH`;
//! the SARIF multitool in `<target>/tools`): found, or the test is skipped with the
//! reason, recorded in the ledger like a missing service. With `CI` set a missing tool
//! fails the test: `.ci/run` installs them (`.ci/setup-tools`).

use std::path::{Path, PathBuf};
use std::process::Command;

use validator_testkit as testkit;
use validator_testkit::{announce, ledger, ledger::Entry, ledger::Outcome};

/// Runs `<tool> --version`; `None` (after printing and recording why) when it is missing.
pub fn require(tool: &str, install_hint: &str) -> Option<String> {
    require_program(tool, Path::new(tool), install_hint)
}

/// Microsoft's SARIF multitool, as `.ci/setup-tools` installs it from the npm registry:
/// `<target>/tools/node_modules/.bin/sarif-multitool`. `None` (after printing and
/// recording why) when it is missing.
pub fn sarif_multitool() -> Option<PathBuf> {
    let program = crate::scratch_crate::workspace_target()
        .join("tools/node_modules/.bin")
        .join("sarif-multitool");
    require_program(
        "sarif-multitool",
        &program,
        "run .ci/setup-tools, which installs it from the npm registry",
    )
    .map(|_| program)
}

/// Runs `<program> --version`, recorded under the name `tool`.
fn require_program(tool: &str, program: &Path, install_hint: &str) -> Option<String> {
    let test = testkit::current_test_name();
    let ledger_path = testkit::Settings::from_env().ledger_path();
    let record = |outcome, reason: Option<String>| {
        let _ = ledger::append(&ledger_path, &Entry::new(&test, tool, outcome, reason));
    };
    match Command::new(program).arg("--version").output() {
        Ok(output) if output.status.success() => {
            record(Outcome::Ran, None);
            Some(String::from_utf8_lossy(&output.stdout).trim().to_owned())
        }
        _ => {
            let reason = format!("`{tool}` is not installed ({install_hint})");
            if crate::in_ci() {
                panic!("{reason}; CI must install it (.ci/run does)");
            }
            announce(&format!(
                "SKIP [{tool}] {test}: {reason} (with CI set, this fails)"
            ));
            record(Outcome::Skipped, Some(reason));
            None
        }
    }
}
