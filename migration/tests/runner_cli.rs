//! The runner binary as a user meets it: exit codes, classified one-line errors, the
//! default SQLite file, and passwords that never appear in any output.

use std::{
    net::TcpListener,
    path::Path,
    process::{Command, Output},
    time::{Duration, Instant},
};

use workspace_tests::{
    pg::{self, AUTH_ROLE, AUTH_ROLE_PASSWORD},
    postgres_or_skip,
};

const SECRET: &str = "s3cr3t-Pa55word";

fn runner(args: &[&str], cwd: &Path) -> (Output, Duration) {
    let started = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_migration"))
        .args(args)
        .current_dir(cwd)
        .env_remove("DATABASE_URL")
        .env_remove("RUST_LOG")
        .output()
        .expect("run the migration binary");
    (output, started.elapsed())
}

fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn assert_clean_failure(output: &Output, expected: &str) {
    let (stdout, stderr) = text(output);
    assert_eq!(
        output.status.code(),
        Some(2),
        "stdout: {stdout}\nstderr: {stderr}"
    );
    assert!(
        stderr.contains(expected),
        "expected {expected:?} in: {stderr}"
    );
    assert_eq!(stderr.trim().lines().count(), 1, "one line, got: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        !format!("{stdout}{stderr}").contains(SECRET),
        "password leaked: {stderr}"
    );
}

fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

#[test]
fn unreachable_port_fails_fast_with_cannot_reach() {
    let port = closed_port();
    let url = format!("postgres://app:{SECRET}@127.0.0.1:{port}/app");
    let (output, elapsed) = runner(&["-u", &url, "up"], Path::new("."));
    assert_clean_failure(&output, "cannot reach");
    assert!(text(&output).1.contains("connection refused"));
    assert!(
        elapsed < Duration::from_secs(1),
        "took {elapsed:?}: the refused connection must not wait out a pool timeout"
    );
}

#[test]
fn unknown_host_is_cannot_reach() {
    let url = format!("postgres://app:{SECRET}@no-such-host.invalid/app");
    let (output, _) = runner(&["-u", &url, "status"], Path::new("."));
    assert_clean_failure(&output, "cannot reach");
}

#[test]
fn an_unparsable_url_is_redacted() {
    let url = format!("postgres://app:{SECRET}@127.0.0.1:99999/app");
    let (output, _) = runner(&["-u", &url, "status"], Path::new("."));
    assert_clean_failure(&output, "invalid database URL");
}

#[test]
fn a_missing_command_is_a_usage_error() {
    let (output, _) = runner(&[], Path::new("."));
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output).1.contains("Usage"));
}

#[tokio::test]
async fn wrong_password_says_authentication_failed() {
    let Some(_admin) = pg::server().await else {
        return;
    };
    let right = format!("postgres://{AUTH_ROLE}:{AUTH_ROLE_PASSWORD}@127.0.0.1:5432/postgres");
    let (output, _) = runner(&["-u", &right, "status"], Path::new("."));
    if output.status.code() != Some(0) {
        let reason = format!(
            "role `{AUTH_ROLE}` is not set up (run .ci/setup-postgres): {}",
            text(&output).1.trim()
        );
        return pg::skip(&workspace_tests::current_test_name(), "postgres", reason).unwrap_or(());
    }
    let wrong = format!("postgres://{AUTH_ROLE}:{SECRET}@127.0.0.1:5432/postgres");
    let (output, _) = runner(&["-u", &wrong, "status"], Path::new("."));
    assert_clean_failure(&output, "authentication failed");
    let (_, stderr) = text(&output);
    assert!(stderr.contains(&format!("{AUTH_ROLE}:***@")), "{stderr}");
}

#[tokio::test]
async fn verbose_logs_never_show_the_password() {
    let database = postgres_or_skip!();
    let url = format!(
        "postgres://{AUTH_ROLE}:{AUTH_ROLE_PASSWORD}@127.0.0.1:5432/{}",
        database.name()
    );
    let (output, _) = runner(&["-v", "-u", &url, "status"], Path::new("."));
    let (stdout, stderr) = text(&output);
    if output.status.code() != Some(0) {
        let reason = format!("role `{AUTH_ROLE}` is not set up: {}", stderr.trim());
        return pg::skip(&workspace_tests::current_test_name(), "postgres", reason).unwrap_or(());
    }
    assert!(
        stderr.contains("sqlx"),
        "verbose mode should log statements: {stderr}"
    );
    assert!(!stdout.contains(AUTH_ROLE_PASSWORD) && !stderr.contains(AUTH_ROLE_PASSWORD));
}

#[tokio::test]
async fn a_missing_database_says_so() {
    let Some(_admin) = pg::server().await else {
        return;
    };
    let url = format!(
        "postgres://postgres:{SECRET}@127.0.0.1:5432/vt_missing_{}",
        std::process::id()
    );
    let (output, _) = runner(&["-u", &url, "status"], Path::new("."));
    assert_clean_failure(&output, "database does not exist");
}

#[test]
fn without_a_url_it_uses_a_sqlite_file_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let (output, _) = runner(&["up"], dir.path());
    let (stdout, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(0), "{stdout}{stderr}");
    let file = dir.path().join("dev.sqlite3");
    assert!(stderr.contains(&file.display().to_string()), "{stderr}");
    assert!(file.is_file());
    assert!(stdout.contains("4 migrations applied"), "{stdout}");

    let (output, _) = runner(&["status"], dir.path());
    let (stdout, _) = text(&output);
    assert_eq!(stdout.matches("applied  m2026").count(), 4, "{stdout}");
    assert!(stdout.contains("4 applied, 0 pending"), "{stdout}");
}

#[tokio::test]
async fn up_and_status_on_postgres() {
    let database = postgres_or_skip!();
    let (output, _) = runner(&["-u", database.url(), "status"], Path::new("."));
    assert!(
        text(&output).0.contains("0 applied, 4 pending"),
        "{:?}",
        text(&output)
    );
    let (output, _) = runner(&["-u", database.url(), "up", "-n", "2"], Path::new("."));
    assert_eq!(output.status.code(), Some(0), "{:?}", text(&output));
    let (output, _) = runner(&["-u", database.url(), "status"], Path::new("."));
    let (stdout, _) = text(&output);
    assert!(stdout.contains("2 applied, 2 pending"), "{stdout}");
    assert!(
        stdout.contains("pending  m20261126_000003_create_subscriptions"),
        "{stdout}"
    );
    let (output, _) = runner(&["-u", database.url(), "up"], Path::new("."));
    assert!(text(&output).0.contains("2 migrations applied"));
}
