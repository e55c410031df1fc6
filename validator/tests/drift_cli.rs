//! `validator drift` as a binary (feature `db`): the same rendering and exit codes as
//! `check` (0 clean, 1 error findings, 2 when the database cannot be read), on SQLite
//! files built from the drift fixtures' SQL. PostgreSQL is covered by the workspace tests
//! (`tests/tests/drift_*.rs`), which get their databases from the shared helper.

#![cfg(feature = "db")]

use std::path::{Path, PathBuf};
use std::process::Command;

use insta_cmd::{assert_cmd_snapshot, get_cargo_bin};
use sea_orm::{ConnectionTrait, Database};

fn validator(cwd: &Path) -> Command {
    let mut c = Command::new(get_cargo_bin("validator"));
    c.current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "80")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("DATABASE_URL");
    c
}

fn fixture(rule: &str, kind: &str, case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("core/tests/fixtures")
        .join(rule)
        .join(kind)
        .join(case)
}

/// The relative URL of [`database`]'s file, so snapshots hold no temporary path.
const URL: &str = "sqlite://drift.sqlite3";

/// A fresh directory with a copy of the case's entities and `drift.sqlite3`, built from
/// its `schema.sql` (or `sqlite.sql`).
fn database(case: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for entry in std::fs::read_dir(case).expect("case") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "rs") {
            std::fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
        }
    }
    let file = dir.path().join("drift.sqlite3");
    let sql = std::fs::read_to_string(case.join("schema.sql"))
        .or_else(|_| std::fs::read_to_string(case.join("sqlite.sql")))
        .expect("fixture SQL");
    let url = format!("sqlite://{}?mode=rwc", file.display());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let db = Database::connect(&url).await.expect("connect");
        let text: String = sql
            .lines()
            .filter(|l| !l.trim_start().starts_with("--"))
            .collect::<Vec<_>>()
            .join("\n");
        for statement in text.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            db.execute_unprepared(statement).await.expect(statement);
        }
        db.close().await.expect("close");
    });
    dir
}

#[test]
fn drift_exits_1_with_findings_on_the_fields() {
    let case = fixture("missing-column", "flag", "unmigrated-field");
    let dir = database(&case);
    assert_cmd_snapshot!(validator(dir.path()).args(["drift", "-u", URL, "."]));
}

#[test]
fn drift_exits_0_when_clean() {
    let case = fixture("unique-drift", "pass", "constraints-and-indexes");
    let dir = database(&case);
    assert_cmd_snapshot!(validator(dir.path()).args(["drift", "-u", URL, "."]));
}

#[test]
fn drift_writes_json_like_check() {
    let case = fixture("foreign-key-action-drift", "flag", "cascade-in-entity-only");
    let dir = database(&case);
    assert_cmd_snapshot!(validator(dir.path()).args(["drift", "-u", URL, ".", "--format", "json"]));
}

#[test]
fn severities_come_from_the_command_line() {
    let case = fixture("missing-column", "flag", "unmigrated-field");
    let dir = database(&case);
    let out = validator(dir.path())
        .args(["drift", "-u", URL, "--warn", "missing-column", "."])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 warning"));
    let out = validator(dir.path())
        .args([
            "drift",
            "-u",
            URL,
            "--warn",
            "missing-column",
            "--fail-on",
            "warning",
            ".",
        ])
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(1),
        "a warning fails --fail-on warning: {out:?}"
    );
}

#[test]
fn an_unreadable_database_exits_2_with_a_db_code() {
    let case = fixture("missing-column", "flag", "unmigrated-field");
    let missing = "sqlite:///no/such/dir/drift.sqlite3";
    assert_cmd_snapshot!(validator(&case).args(["drift", "-u", missing, "."]));
}

#[test]
fn a_password_is_never_shown() {
    let case = fixture("missing-column", "flag", "unmigrated-field");
    // Nothing listens on port 9: refused at once.
    let url = "postgres://app:hunter2-secret@127.0.0.1:9/app";
    let out = validator(&case)
        .args(["drift", "-u", url, "--connect-timeout", "2", "."])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("validator::db"), "{stderr}");
    assert!(!stderr.contains("hunter2-secret"), "{stderr}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("hunter2-secret"));
}

/// A `validator.toml` with every section works for `drift` and `doctor` as it does for
/// `check` and `lint` (cli.rs): one parser, which knows `[services]`.
#[test]
fn a_config_with_every_section_works_for_drift_and_doctor() {
    let case = fixture("unique-drift", "pass", "constraints-and-indexes");
    let dir = database(&case);
    std::fs::write(
        dir.path().join("validator.toml"),
        "[check]\npaths = [\".\"]\n\n[lint]\npaths = [\"migration/src\"]\n\n\
         [rules]\nextra-table = \"allow\"\n\n[services]\n\
         database_urls = [\"sqlite://drift.sqlite3\"]\n",
    )
    .expect("config");
    let drift = validator(dir.path())
        .args(["drift", "-u", URL])
        .output()
        .expect("run");
    assert_eq!(drift.status.code(), Some(0), "{drift:?}");
    assert!(String::from_utf8_lossy(&drift.stdout).contains("no findings"));
    let doctor = validator(dir.path())
        .args(["doctor"])
        .env_remove("REDIS_URL")
        .env_remove("CLICKHOUSE_URL")
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&doctor.stdout);
    assert_eq!(doctor.status.code(), Some(0), "{doctor:?}");
    assert!(stdout.contains("sqlite://drift.sqlite3"), "{stdout}");
    assert!(
        stdout.contains("validator.toml"),
        "the URL's source: {stdout}"
    );
}
