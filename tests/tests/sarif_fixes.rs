//! The SARIF of `validator check --format sarif`, fixes included, validates against SARIF
//! 2.1.0 with Microsoft's SARIF multitool (`validate`, from the npm registry; installed by
//! `.ci/setup-tools` into `<target>/tools`). The multitool exits 0 even when it finds
//! errors, so the test reads the results of its own SARIF log.

use std::path::{Path, PathBuf};
use std::process::Command;

use validator_core::render::{self, Format, Options};
use validator_core::{Config, check_paths};
use workspace_tests::tools;

fn fixture(rule: &str, case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../validator/core/tests/fixtures")
        .join(rule)
        .join(case)
}

/// The SARIF `check` writes for a case, run from the case's directory as a user would.
fn sarif_of(case: &Path) -> String {
    let report = check_paths(&[case.to_path_buf()], &Config::default(), case).unwrap();
    let options = Options {
        format: Format::Sarif,
        ..Options::default()
    };
    render::render(&report, &options)
}

#[test]
fn sarif_with_fixes_validates_against_sarif_2_1_0() {
    let Some(multitool) = tools::sarif_multitool() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut cases = Vec::new();
    for (rule, case) in [
        ("missing-back-reference", "flag/dense"),
        ("missing-back-reference", "flag/compact"),
        ("missing-back-reference", "flag/expanded"),
        ("unknown-column-attribute", "flag/uniqe"),
    ] {
        let path = fixture(rule, case);
        let sarif = sarif_of(&path);
        let doc: serde_json::Value = serde_json::from_str(&sarif).unwrap();
        let fixes = doc["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|r| r["fixes"].as_array())
            .flatten()
            .count();
        let name = format!("{rule}-{}.sarif", case.replace('/', "-"));
        std::fs::write(dir.path().join(&name), &sarif).unwrap();
        cases.push((name, fixes));
    }
    for (name, fixes) in &cases {
        assert!(*fixes > 0, "{name}: no fix in the SARIF");
    }
    for (name, _) in &cases {
        let log = dir.path().join(format!("{name}.validation.sarif"));
        let output = Command::new(&multitool)
            .arg("validate")
            .arg(dir.path().join(name))
            .arg("--output")
            .arg(&log)
            .args(["--log", "ForceOverwrite"])
            .output()
            .unwrap();
        let shown = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(output.status.success(), "{name}: {shown}");
        let text = std::fs::read_to_string(&log)
            .unwrap_or_else(|e| panic!("{name}: no validation log ({e}): {shown}"));
        let validation: serde_json::Value = serde_json::from_str(&text).unwrap();
        let results = validation["runs"][0]["results"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let errors: Vec<String> = results
            .iter()
            .filter(|r| r["level"] == "error")
            .map(|r| format!("{}: {}", r["ruleId"], r["message"]))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}\n{shown}");
        // Warnings are the multitool's advice (an `informationUri`, say), shown, not failed.
        let mut advice: std::collections::BTreeMap<String, usize> = Default::default();
        for r in results.iter().filter(|r| r["level"] != "error") {
            *advice.entry(r["ruleId"].to_string()).or_default() += 1;
        }
        eprintln!("{name}: no error; advice {advice:?}");
        // The schema check itself ran: a run with no tool notifications of failure.
        let run = &validation["runs"][0];
        let failures: Vec<&serde_json::Value> = run["invocations"][0]["toolExecutionNotifications"]
            .as_array()
            .map(|n| n.iter().filter(|x| x["level"] == "error").collect())
            .unwrap_or_default();
        assert!(failures.is_empty(), "{name}: {failures:#?}");
    }
}
