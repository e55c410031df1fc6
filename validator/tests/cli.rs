//! The binary: `--help`, `rules`, `explain`, formats and exit codes (0 clean, 1 error
//! findings, 2 usage, input or infrastructure errors).

use std::path::{Path, PathBuf};
use std::process::Command;

use insta_cmd::{assert_cmd_snapshot, get_cargo_bin};

fn validator() -> Command {
    let mut c = Command::new(get_cargo_bin("validator"));
    c.env("NO_COLOR", "1")
        .env("COLUMNS", "80")
        .env_remove("CLICOLOR_FORCE");
    c
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace")
        .to_path_buf()
}

fn fixture(rule: &str, kind: &str, case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("core/tests/fixtures")
        .join(rule)
        .join(kind)
        .join(case)
}

/// A throwaway workspace holding a copy of this workspace's `entity/src`.
fn copy_of_entities() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("Cargo.toml"), "[workspace]\nmembers = []\n").expect("manifest");
    let src = dir.path().join("entity/src");
    std::fs::create_dir_all(&src).expect("mkdir");
    for entry in std::fs::read_dir(workspace().join("entity/src")).expect("entity/src") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), src.join(entry.file_name())).expect("copy");
    }
    dir
}

#[test]
fn help() {
    // `doctor` exists only with the `db` feature, which `cargo test --workspace` turns on.
    let features = if cfg!(feature = "db") { "db" } else { "static" };
    insta::with_settings!({ snapshot_suffix => features }, {
        assert_cmd_snapshot!(validator().arg("--help"));
    });
}

#[test]
fn check_help() {
    assert_cmd_snapshot!(validator().args(["check", "--help"]));
}

#[test]
fn rules_list() {
    assert_cmd_snapshot!(validator().arg("rules"));
}

#[test]
fn explain_prints_the_doc() {
    assert_cmd_snapshot!(validator().args(["explain", "missing-back-reference"]));
}

#[test]
fn explain_unknown_rule_exits_2() {
    assert_cmd_snapshot!(validator().args(["explain", "missing-back-refrence"]));
}

#[test]
fn no_arguments_checks_this_workspace_and_exits_0() {
    assert_cmd_snapshot!(validator().current_dir(workspace().join("validator")));
}

#[test]
fn the_seed_bug_exits_1_naming_both_files_with_the_fix() {
    let ws = copy_of_entities();
    let user = ws.path().join("entity/src/user.rs");
    let text = std::fs::read_to_string(&user).expect("user.rs");
    let cut = text.replace(
        "    #[sea_orm(has_many)]\n    pub credit_transactions: HasMany<super::credit_transaction::Entity>,\n",
        "",
    );
    assert_ne!(
        text, cut,
        "user.rs no longer has the relation this test removes"
    );
    std::fs::write(&user, cut).expect("write");
    assert_cmd_snapshot!(validator().current_dir(ws.path()));
}

/// What a pre-commit hook does: pass only the staged file. The broken `belongs_to` is in
/// the unchanged child, but the change that broke it is in `user.rs`, so it is reported.
#[test]
fn checking_only_the_changed_parent_still_reports_the_broken_child() {
    let ws = copy_of_entities();
    let user = ws.path().join("entity/src/user.rs");
    let text = std::fs::read_to_string(&user).expect("user.rs");
    let cut = text.replace(
        "    #[sea_orm(has_many)]\n    pub credit_transactions: HasMany<super::credit_transaction::Entity>,\n",
        "",
    );
    std::fs::write(&user, cut).expect("write");
    let output = validator()
        .current_dir(ws.path())
        .args(["check", "entity/src/user.rs", "--format", "json"])
        .output()
        .expect("run");
    let json = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{json}");
    assert!(json.contains("missing-back-reference"), "{json}");
    assert!(
        json.contains("credit_transaction.rs") && json.contains("user.rs"),
        "{json}"
    );
}

#[test]
fn usage_error_exits_2() {
    assert_cmd_snapshot!(validator().args(["check", "--format", "xml"]));
}

#[test]
fn missing_path_exits_2() {
    assert_cmd_snapshot!(
        validator()
            .current_dir(workspace())
            .args(["check", "no/such/dir"])
    );
}

#[test]
fn no_entity_crate_exits_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("Cargo.toml"), "[workspace]\n").expect("manifest");
    let out = validator().current_dir(dir.path()).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no entity crate at"));
}

#[test]
fn unparsable_file_is_reported_and_the_rest_still_checked() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("broken.rs"),
        "pub struct Model {\n    pub id: i32\n",
    )
    .expect("write");
    for f in ["user.rs", "credit_transaction.rs", "subscription.rs"] {
        std::fs::copy(
            fixture("missing-back-reference", "flag", "dense").join(f),
            dir.path().join(f),
        )
        .expect("copy");
    }
    assert_cmd_snapshot!(validator().current_dir(dir.path()).args(["check", "."]));
}

#[test]
fn bad_config_exits_2_with_its_location() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("validator.toml"),
        "[rules]\nmissing-back-refrence = \"deny\"\n",
    )
    .expect("write");
    std::fs::copy(
        fixture("missing-back-reference", "pass", "both-sides").join("user.rs"),
        dir.path().join("user.rs"),
    )
    .expect("copy");
    assert_cmd_snapshot!(validator().current_dir(dir.path()).args(["check", "."]));
}

/// A `validator.toml` with every section, `[services]` (doctor's) included: one parser
/// reads it for every command (drift_cli.rs runs `drift` and `doctor` on such a file).
const EVERY_SECTION: &str = "\
[check]
paths = [\"entity/src\"]

[lint]
paths = [\"migration/src\"]
backend = \"both\"

[rules]
foreign-key-not-indexed = \"warn\"

[services]
database_urls = [\"sqlite::memory:\"]
redis_url = \"redis://127.0.0.1:6379\"
";

#[test]
fn a_config_with_every_section_works_for_check_and_lint() {
    let dir = copy_of_entities();
    let src = dir.path().join("migration/src");
    std::fs::create_dir_all(&src).expect("mkdir");
    for entry in std::fs::read_dir(workspace().join("migration/src")).expect("migration/src") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), src.join(entry.file_name())).expect("copy");
    }
    std::fs::write(dir.path().join("validator.toml"), EVERY_SECTION).expect("config");
    for command in ["check", "lint"] {
        let out = validator()
            .current_dir(dir.path())
            .arg(command)
            .output()
            .expect("run");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "`validator {command}`: {out:?}");
        assert!(
            stdout.contains("no findings"),
            "`validator {command}`: {stdout}"
        );
    }
}

#[test]
fn config_and_flags_change_severity() {
    let case = fixture("missing-back-reference", "flag", "dense");
    // `--warn` turns the error into a warning: exit 0.
    let out = validator()
        .current_dir(&case)
        .args(["check", ".", "--warn", "missing-back-reference"])
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // `--allow` silences it.
    let out = validator()
        .current_dir(&case)
        .args(["check", ".", "--allow", "missing-back-reference"])
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&out.stdout).contains("no findings"));
    // validator.toml found by walking up.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("validator.toml"),
        "[rules]\nmissing-back-reference = \"allow\"\n",
    )
    .expect("write");
    let sub = dir.path().join("a/b");
    std::fs::create_dir_all(&sub).expect("mkdir");
    for f in ["user.rs", "credit_transaction.rs", "subscription.rs"] {
        std::fs::copy(case.join(f), sub.join(f)).expect("copy");
    }
    let out = validator()
        .current_dir(&sub)
        .args(["check", "."])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    // ... and the command line wins over it.
    let out = validator()
        .current_dir(&sub)
        .args(["check", ".", "--deny", "missing-back-reference"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
}

/// `--fail-on` and `[check] fail_on` move the gate: a warning fails `--fail-on warning`.
#[test]
fn fail_on_sets_which_findings_fail_check() {
    let dir = tempfile::tempdir().expect("tempdir");
    for file in ["user.rs", "credit_transaction.rs", "subscription.rs"] {
        std::fs::copy(
            fixture("missing-back-reference", "flag", "dense").join(file),
            dir.path().join(file),
        )
        .expect("copy");
    }
    let check = |extra: &[&str]| {
        validator()
            .current_dir(dir.path())
            .args(["check", ".", "--warn", "missing-back-reference"])
            .args(extra)
            .output()
            .expect("run")
    };
    assert_eq!(check(&[]).status.code(), Some(0));
    assert_eq!(check(&["--fail-on", "warning"]).status.code(), Some(1));
    std::fs::write(
        dir.path().join("validator.toml"),
        "[check]\nfail_on = \"warning\"\n",
    )
    .expect("config");
    assert_eq!(check(&[]).status.code(), Some(1));
    assert_eq!(check(&["--fail-on", "error"]).status.code(), Some(0));
}

/// Each command's `--format` takes the values it writes, and clap says which.
#[test]
fn each_command_takes_only_the_formats_it_writes() {
    let mut cases = vec![
        ("check", "dot", "human, json, sarif, github"),
        ("lint", "mermaid", "human, json, sarif, github"),
        ("graph", "json", "mermaid, dot"),
        ("rules", "sarif", "human, json"),
    ];
    if cfg!(feature = "db") {
        cases.push(("drift", "dot", "human, json, sarif, github"));
        cases.push(("doctor", "sarif", "human, json"));
    }
    for (command, wrong, values) in cases {
        let out = validator()
            .args([command, "--format", wrong])
            .output()
            .expect("run");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{command}: {stderr}");
        assert!(
            stderr.contains(&format!("[possible values: {values}]")),
            "{command}: {stderr}"
        );
    }
    let out = validator()
        .current_dir(workspace())
        .args(["graph", "--format", "dot"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("digraph"));
}

#[test]
fn json_format() {
    assert_cmd_snapshot!(
        validator()
            .current_dir(fixture("missing-back-reference", "flag", "dense"))
            .args(["check", ".", "--format", "json"])
    );
}

#[test]
fn sarif_format() {
    let out = validator()
        .current_dir(fixture("related-impl-mismatch", "flag", "wrong-variant"))
        .args(["check", ".", "--format", "sarif"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(doc["version"], "2.1.0");
    let run = &doc["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert!(rules.iter().any(|r| {
        r["id"] == "related-impl-mismatch"
            && r["help"]["text"]
                .as_str()
                .is_some_and(|t| t.contains("Use instead:"))
    }));
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "related-impl-mismatch");
    assert_eq!(result["level"], "error");
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 28);
    assert_eq!(region["startColumn"], 1);
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "credit_transaction.rs"
    );
}

#[test]
fn github_format() {
    assert_cmd_snapshot!(
        validator()
            .current_dir(fixture("missing-back-reference", "flag", "dense"))
            .args(["check", ".", "--format", "github"])
    );
}

#[test]
fn color_is_opt_in_when_not_a_terminal() {
    let case = fixture("missing-back-reference", "flag", "dense");
    let plain = validator()
        .current_dir(&case)
        .args(["check", "."])
        .output()
        .expect("run");
    assert!(!String::from_utf8_lossy(&plain.stdout).contains('\u{1b}'));
    let colored = validator()
        .current_dir(&case)
        .env_remove("NO_COLOR")
        .args(["check", ".", "--color", "always"])
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&colored.stdout).contains('\u{1b}'));
}

#[test]
fn deep_nesting_is_refused_or_parsed_never_a_crash() {
    let dir = tempfile::tempdir().expect("tempdir");
    let nested = |n: usize| {
        format!(
            "fn f() {{ let x = {}1{}; }}\n",
            "(".repeat(n),
            ")".repeat(n)
        )
    };
    std::fs::write(dir.path().join("deep.rs"), nested(1_500)).expect("write");
    let out = validator()
        .current_dir(dir.path())
        .args(["check", "."])
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(dir.path().join("deeper.rs"), nested(50_000)).expect("write");
    let out = validator()
        .current_dir(dir.path())
        .args(["check", ".", "--format", "json"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(doc["errors"][0]["code"], "validator::parse");
    assert_eq!(doc["errors"][0]["file"], "deeper.rs");
}
