//! `validator doctor` through its library entry point, as the binary calls it: verdicts,
//! redaction, JSON, exit codes; and `--skips` over a ledger, with `--max-skip-rate`.

use std::path::Path;

use clap::Parser;
use validator::cli::{Cli, Command};
use validator_testkit::{doctor::run_doctor, ledger, ledger::Entry, ledger::Outcome};
use workspace_tests::{clickhouse, net::closed_port, pg};

const SECRET: &str = "s3cr3t-Pa55word";

/// `validator doctor ARGS`, parsed as the binary parses it.
fn doctor(args: &[&str]) -> (u8, String, String) {
    let cli = Cli::try_parse_from(
        ["validator", "doctor"]
            .into_iter()
            .chain(args.iter().copied()),
    )
    .unwrap_or_else(|err| panic!("{err}"));
    let Some(Command::Doctor(args)) = cli.command else {
        panic!("not `validator doctor`");
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    // Every service comes from the flags: no `[services]` table.
    let code = run_doctor(args, None, &mut out, &mut err);
    let (out, err) = (
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    );
    assert!(
        !out.contains(SECRET) && !err.contains(SECRET),
        "password leaked: {out}{err}"
    );
    (code, out, err)
}

#[tokio::test]
async fn every_service_available_exits_0() {
    let Some(admin) = pg::server().await else {
        return;
    };
    let Some(clickhouse) = clickhouse::server().await else {
        return;
    };
    let clickhouse = clickhouse.expose().to_owned();
    let (code, out, err) = tokio::task::spawn_blocking(move || {
        doctor(&[
            "--database-url",
            admin.expose(),
            "--database-url",
            "sqlite::memory:",
            "--clickhouse-url",
            &clickhouse,
        ])
    })
    .await
    .unwrap();
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out.matches("available").count(), 4, "{out}");
    assert!(out.contains("3 of 3 services available"), "{out}");
}

#[test]
fn an_unavailable_service_exits_2_with_its_verdict_redacted() {
    let port = closed_port();
    let url = format!("postgres://app:{SECRET}@127.0.0.1:{port}/app");
    let (code, out, _) = doctor(&["--database-url", &url, "--format", "json"]);
    assert_eq!(code, 2, "{out}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let service = &report["services"][0];
    assert_eq!(report["ok"], false);
    assert_eq!(service["service"], "postgres");
    assert_eq!(service["verdict"], "unreachable");
    assert_eq!(
        service["url"],
        format!("postgres://app:***@127.0.0.1:{port}/app")
    );
    assert_eq!(service["source"], "--database-url");
    assert!(service["help"].as_str().unwrap().contains("start postgres"));
}

#[test]
fn a_bad_url_is_a_usage_error() {
    let (code, out, err) = doctor(&["--redis-url", &format!("http://u:{SECRET}@h")]);
    assert_eq!(code, 2);
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("--redis-url") && err.contains("redis://"),
        "{err}"
    );
}

fn write_ledger(dir: &Path, entries: &[(&str, &str, Outcome)]) -> String {
    let path = dir.join(ledger::LEDGER_FILE);
    for (test, service, outcome) in entries {
        let reason = (*outcome != Outcome::Ran).then(|| format!("{service} is down"));
        ledger::append(&path, &Entry::new(test, service, *outcome, reason)).unwrap();
    }
    path.display().to_string()
}

#[test]
fn skips_are_summarised_per_service() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_ledger(
        dir.path(),
        &[
            ("a", "postgres", Outcome::Ran),
            ("b", "postgres", Outcome::Ran),
            ("c", "postgres", Outcome::Ran),
            ("d", "postgres", Outcome::Fallback),
            ("e", "redis", Outcome::Skipped),
            ("f", "redis", Outcome::Ran),
        ],
    );
    let (code, out, err) = doctor(&["--skips", "--ledger", &path]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("6 entries"), "{out}");
    let postgres = out.lines().find(|l| l.starts_with("postgres")).unwrap();
    let columns: Vec<_> = postgres.split_whitespace().collect();
    assert_eq!(columns, ["postgres", "3", "0", "1", "0", "25.0%"]);
    assert!(out.contains("redis x1: redis is down"), "{out}");

    let (code, out, _) = doctor(&["--skips", "--ledger", &path, "--format", "json"]);
    assert_eq!(code, 0);
    let summary: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(summary["services"][1]["skip_rate"], 0.5);
}

#[test]
fn a_skip_rate_above_the_maximum_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_ledger(
        dir.path(),
        &[
            ("a", "postgres", Outcome::Ran),
            ("b", "redis", Outcome::Skipped),
            ("c", "redis", Outcome::Ran),
            ("d", "redis", Outcome::Ran),
        ],
    );
    let (code, out, _) = doctor(&["--skips", "--ledger", &path, "--max-skip-rate", "40%"]);
    assert_eq!(code, 0, "redis at 33.3% is within 40%: {out}");
    let (code, out, _) = doctor(&["--skips", "--ledger", &path, "--max-skip-rate", "0.25"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("redis: skip rate 33.3% is above --max-skip-rate 25.0%"),
        "{out}"
    );
    assert!(!out.contains("postgres: skip rate"), "{out}");
    let (code, out, _) = doctor(&["--skips", "--ledger", &path, "--require-ran", "clickhouse"]);
    assert_eq!(code, 1);
    assert!(out.contains("clickhouse: no test ran against it"), "{out}");
}

#[test]
fn a_missing_or_broken_ledger_exits_2_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nothing.jsonl").display().to_string();
    let (code, _, err) = doctor(&["--skips", "--ledger", &path]);
    assert_eq!(code, 2);
    assert!(err.contains("nothing.jsonl"), "{err}");
    let broken = dir.path().join("broken.jsonl");
    std::fs::write(&broken, "{\"test\":\"a\"}\n").unwrap();
    let (code, _, err) = doctor(&["--skips", "--ledger", &broken.display().to_string()]);
    assert_eq!(code, 2);
    assert!(err.contains("broken.jsonl:1:"), "{err}");
}
