//! `validator lint` as a user runs it: exit codes (0 clean, 1 findings at or above
//! `--fail-on`, 2 usage or configuration), 1-based positions in every machine format, no colour when piped,
//! SARIF, and statement-level suppressions that must carry a reason.

use std::path::{Path, PathBuf};
use std::process::Command;

use insta_cmd::get_cargo_bin;

fn validator() -> Command {
    let mut c = Command::new(get_cargo_bin("validator"));
    c.env("COLUMNS", "80")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE");
    c
}

fn fixture(rule: &str, kind: &str, case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("core/tests/fixtures")
        .join(rule)
        .join(kind)
        .join(case)
}

fn run(c: &mut Command) -> (Option<i32>, String, String) {
    let out = c.output().expect("runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn error_findings_exit_1_and_piped_output_has_no_colour() {
    let dir = fixture("drop-table", "flag", "sql");
    let (code, out, _) =
        run(validator()
            .current_dir(&dir)
            .args(["lint", "--sql", "migration.sql"]));
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("drop-table"), "{out}");
    assert!(
        !out.contains('\u{1b}'),
        "ANSI escape in piped output: {out:?}"
    );
    // NO_COLOR wins over a forced terminal check too.
    let (_, out, _) = run(validator().current_dir(&dir).env("NO_COLOR", "1").args([
        "lint",
        "--sql",
        "migration.sql",
    ]));
    assert!(!out.contains('\u{1b}'));
}

#[test]
fn clean_sql_exits_0() {
    let dir = fixture("drop-table", "pass", "sql");
    let (code, out, _) = run(validator().current_dir(&dir).args([
        "lint",
        "--sql",
        "migration.sql",
        "--allow",
        "non-idempotent-statement",
        "--allow",
        "missing-statement-timeout",
    ]));
    assert_eq!(code, Some(0), "{out}");
}

#[test]
fn json_and_sarif_positions_are_one_based() {
    let dir = fixture("required-column-on-existing-table", "flag", "sql");
    let (_, out, _) = run(validator().current_dir(&dir).args([
        "lint",
        "--sql",
        "migration.sql",
        "--format",
        "json",
    ]));
    let doc: serde_json::Value = serde_json::from_str(&out).expect("json");
    let f = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule"] == "required-column-on-existing-table")
        .expect("finding");
    // `ALTER TABLE users ADD COLUMN x int NOT NULL;`: the action starts at column 19.
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(1), Some(19))
    );
    let (_, out, _) = run(validator().current_dir(&dir).args([
        "lint",
        "--sql",
        "migration.sql",
        "--format",
        "sarif",
    ]));
    let doc: serde_json::Value = serde_json::from_str(&out).expect("sarif");
    assert_eq!(doc["version"], "2.1.0");
    let result = doc["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| r["ruleId"] == "required-column-on-existing-table")
        .expect("result");
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 1);
    assert_eq!(region["startColumn"], 19);
}

#[test]
fn config_errors_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("validator.toml"),
        "[lint]\nbackend = \"oracle\"\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("m.sql"), "DROP TABLE t;\n").expect("write");
    let (code, _, err) = run(validator()
        .current_dir(dir.path())
        .args(["lint", "--sql", "m.sql"]));
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("validator.toml"), "{err}");
    let (code, _, _) = run(validator().current_dir(dir.path()).args([
        "lint",
        "--sql",
        "m.sql",
        "--deny",
        "no-such-rule",
    ]));
    assert_eq!(code, Some(2));
}

#[test]
fn suppressions_need_a_reason_and_accept_squawk_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("m.sql"),
        "-- validator: allow(ban-drop-table) -- backed up, unused since v2\nDROP TABLE a;\n\
         -- validator: allow(drop-table)\nDROP TABLE b;\n",
    )
    .expect("write");
    let (_, out, _) = run(validator()
        .current_dir(dir.path())
        .args(["lint", "--sql", "m.sql", "--format", "json"]));
    let doc: serde_json::Value = serde_json::from_str(&out).expect("json");
    let rules: Vec<(String, u64)> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or("").to_owned(),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert!(!rules.contains(&("drop-table".to_owned(), 2)), "{rules:?}");
    assert!(!rules.contains(&("drop-table".to_owned(), 4)), "{rules:?}");
    assert!(
        rules.contains(&("suppression-without-reason".to_owned(), 3)),
        "{rules:?}"
    );
    assert_eq!(doc["summary"]["suppressed"], 2);
}

#[test]
fn lints_this_workspace_by_default_and_exits_0() {
    let (code, out, err) = run(validator()
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .arg("lint"));
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.contains("no findings"), "{out}");
    assert!(out.contains("4 migrations"), "{out}");
    // The backends, and why, once.
    assert_eq!(out.matches("linted for ").count(), 1, "{out}");
    assert!(
        out.contains(
            "migration/Cargo.toml: sea-orm-migration features sqlx-postgres, sqlx-sqlite)"
        ),
        "{out}"
    );
}

/// `--backend` wins over the crate's `Cargo.toml`, and the output says so.
#[test]
fn the_backend_flag_wins_over_the_crate_features() {
    let (code, out, err) = run(validator()
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .args(["lint", "--backend", "sqlite"]));
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.contains("linted for sqlite (--backend)"), "{out}");
}

/// `CREATE INDEX` without `CONCURRENTLY` is a warning: it passes the default gate, and
/// fails `--fail-on warning` (squawk's behaviour) and `[lint] fail_on = "warning"`.
#[test]
fn fail_on_warning_makes_a_warning_fail_the_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("m.sql"),
        "CREATE INDEX idx_users_name ON users (name);\n",
    )
    .expect("write");
    let lint = |extra: &[&str]| {
        let mut c = validator();
        c.current_dir(dir.path())
            .args(["lint", "--sql", "m.sql"])
            .args(extra);
        run(&mut c)
    };
    let (code, out, _) = lint(&[]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("index-not-concurrent"), "{out}");
    let (code, out, _) = lint(&["--fail-on", "warning"]);
    assert_eq!(code, Some(1), "{out}");
    let (code, out, _) = lint(&["--fail-on", "info"]);
    assert_eq!(code, Some(1), "{out}");

    std::fs::write(
        dir.path().join("validator.toml"),
        "[lint]\nfail_on = \"warning\"\n",
    )
    .expect("config");
    let (code, out, _) = lint(&[]);
    assert_eq!(code, Some(1), "the config's fail_on: {out}");
    let (code, out, _) = lint(&["--fail-on", "error"]);
    assert_eq!(code, Some(0), "the flag wins over the config: {out}");
}

/// A directory of `.sql` files given without `--sql` is not a migration crate: the error
/// says what was meant, and the run exits 2 (input error).
#[test]
fn a_sql_directory_without_sql_asks_for_it() {
    let dir = fixture("drop-table", "pass", "sqlx-down-file");
    let (code, out, err) = run(validator().current_dir(&dir).args(["lint", "migrations"]));
    assert_eq!(code, Some(2), "{out}{err}");
    let flat = err
        .replace('│', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        flat.contains("did you mean `validator lint --sql migrations`?"),
        "{err}"
    );
}

/// The transaction mode is chosen once per run, from the layout or the override, and
/// the human output says which, once; `--assume-in-transaction` is `--transaction always`.
#[test]
fn the_transaction_choice_is_printed_once_and_can_be_overridden() {
    let dir = fixture(
        "concurrently-in-transaction",
        "flag",
        "sqlx-wraps-each-file",
    );
    let (code, out, _) = run(validator()
        .current_dir(&dir)
        .args(["lint", "--sql", "migrations"]));
    assert_eq!(code, Some(1), "{out}");
    assert_eq!(out.matches("transactions: sqlx layout").count(), 1, "{out}");
    assert!(out.contains("concurrently-in-transaction"), "{out}");

    let (code, out, _) = run(validator().current_dir(&dir).args([
        "lint",
        "--sql",
        "migrations",
        "--transaction",
        "never",
    ]));
    assert!(!out.contains("concurrently-in-transaction"), "{out}");
    assert!(
        out.contains("transactions: no file runs in one (`--transaction never`)"),
        "{out}"
    );
    assert_ne!(code, Some(2), "{out}");

    let plain = fixture("concurrently-in-transaction", "pass", "sql");
    let (_, out, _) = run(validator().current_dir(&plain).args([
        "lint",
        "--sql",
        "migration.sql",
        "--assume-in-transaction",
    ]));
    assert!(out.contains("concurrently-in-transaction"), "{out}");
    assert!(out.contains("`--transaction always`"), "{out}");
}

/// A directory whose migrations sit one level down (one directory per backend) names those
/// directories instead of linting nothing.
#[test]
fn a_directory_of_backend_directories_names_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    for backend in ["postgresql", "sqlite"] {
        let m = dir
            .path()
            .join("migrations")
            .join(backend)
            .join("2024-01-01-000000_init");
        std::fs::create_dir_all(&m).expect("mkdir");
        std::fs::write(
            m.join("up.sql"),
            "CREATE TABLE t (id bigint PRIMARY KEY);\n",
        )
        .expect("write");
    }
    let (code, _, err) =
        run(validator()
            .current_dir(dir.path())
            .args(["lint", "--sql", "migrations"]));
    assert_eq!(code, Some(2), "{err}");
    let flat = err
        .replace('│', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        flat.contains("`migrations/postgresql`, `migrations/sqlite`"),
        "{err}"
    );
}

/// A down file named alone is not linted as a forward migration, and the error says why.
#[test]
fn a_down_file_alone_is_not_a_forward_migration() {
    let dir = fixture("drop-table", "pass", "sqlx-down-file");
    let (code, _, err) = run(validator().current_dir(&dir).args([
        "lint",
        "--sql",
        "migrations/20240101000000_create_users.down.sql",
    ]));
    assert_eq!(code, Some(2), "{err}");
    let flat = err
        .replace('│', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        flat.contains("is a down file, not a forward migration"),
        "{err}"
    );
}
