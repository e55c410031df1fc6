//! Drift rule fixtures, on a real SQLite file and a real PostgreSQL database.
//!
//! Each `validator/core/tests/fixtures/<rule>/{flag,pass}/<case>/` of a drift rule holds entity
//! sources and the migration SQL that builds the database: `schema.sql` for both backends,
//! or `postgres.sql` / `sqlite.sql` for one (a case runs on each backend it has SQL for).
//! A flag case must produce a finding of its rule (the human output and the locations, as
//! data, are snapshots per backend); a pass case must produce none. Every drift rule has a
//! flag case that ran on each backend.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde_json::json;
use validator_connect::Backend;
use validator_core::{
    Config,
    drift::{DriftOptions, DriftReport, compare},
    render::{Format, Options, render},
    rules::{self, Group},
};
use validator_db::introspect::introspect;
use workspace_tests::{pg, sqlite::SqliteDatabase};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../validator/core/tests/fixtures")
}

/// `(rule, kind, case directory)` for every drift fixture, sorted.
fn cases() -> Vec<(String, String, PathBuf)> {
    let mut out = Vec::new();
    for rule in rules::all().filter(|r| r.group == Group::Drift) {
        for kind in ["flag", "pass"] {
            let dir = fixtures().join(rule.name).join(kind);
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            let mut dirs: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect();
            dirs.sort();
            out.extend(
                dirs.into_iter()
                    .map(|d| (rule.name.to_owned(), kind.to_owned(), d)),
            );
        }
    }
    out
}

/// The case's SQL for `backend`, if it has any.
fn sql_for(case: &Path, backend: Backend) -> Option<String> {
    [format!("{}.sql", backend.as_str()), "schema.sql".to_owned()]
        .iter()
        .find_map(|name| std::fs::read_to_string(case.join(name)).ok())
}

/// Statements separated by `;`, with `--` comment lines left out.
fn statements(sql: &str) -> Vec<String> {
    let text: String = sql
        .lines()
        .filter(|l| !l.trim_start().starts_with("--"))
        .collect::<Vec<_>>()
        .join("\n");
    text.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

async fn migrate_and_compare(conn: &DatabaseConnection, case: &Path, sql: &str) -> DriftReport {
    for statement in statements(sql) {
        conn.execute_unprepared(&statement)
            .await
            .unwrap_or_else(|err| panic!("{}: `{statement}`: {err}", case.display()));
    }
    let live = introspect(conn).await.expect("introspect");
    let config = Config::default();
    let source =
        validator_core::check_paths(&[case.to_path_buf()], &config, case).expect("entities");
    assert!(source.problems.is_empty(), "{:?}", source.problems);
    compare(source, &live, &config, &DriftOptions::default())
}

fn assert_case(rule: &str, kind: &str, case: &Path, backend: Backend, drift: &DriftReport) {
    let name = format!(
        "{rule}__{kind}__{}__{}",
        case.file_name().unwrap_or_default().to_string_lossy(),
        backend.as_str()
    );
    let report = &drift.report;
    let hits = report.findings.iter().filter(|f| f.rule == rule).count();
    if kind == "pass" {
        assert_eq!(hits, 0, "{name} reported `{rule}`: {:#?}", report.findings);
        let stale = report
            .findings
            .iter()
            .filter(|f| f.rule == "unused-suppression");
        assert_eq!(stale.count(), 0, "{name}: {:#?}", report.findings);
        return;
    }
    assert!(
        hits > 0,
        "{name} did not report `{rule}`: {:#?}",
        report.findings
    );
    let human = render(
        report,
        &Options {
            format: Format::Human,
            color: false,
            width: 80,
        },
    );
    let locations: Vec<_> = report
        .findings
        .iter()
        .zip(&drift.tables)
        .map(|(f, table)| {
            json!({
                "rule": f.rule,
                "table": table,
                "file": f.primary.file.as_ref().map(|p| p.to_string_lossy().replace('\\', "/")),
                "line": f.primary.span.map(|s| s.start.line),
                "column": f.primary.span.map(|s| s.start.column),
                "label": f.primary.message,
            })
        })
        .collect();
    insta::assert_snapshot!(format!("{name}__human"), human);
    insta::assert_json_snapshot!(format!("{name}__locations"), locations);
}

/// Every drift rule has a flag case that ran on `backend`.
fn assert_covered(backend: Backend, flagged: &BTreeSet<String>) {
    for rule in rules::all().filter(|r| r.group == Group::Drift) {
        assert!(
            flagged.contains(rule.name),
            "`{}` has no flag case that runs on {}",
            rule.name,
            backend.as_str()
        );
    }
}

#[tokio::test]
async fn drift_fixtures_on_sqlite() {
    let mut flagged = BTreeSet::new();
    for (rule, kind, case) in cases() {
        let Some(sql) = sql_for(&case, Backend::Sqlite) else {
            continue;
        };
        let file = SqliteDatabase::new().unwrap();
        let conn = file.connect().await.unwrap();
        let drift = migrate_and_compare(&conn, &case, &sql).await;
        conn.close().await.unwrap();
        assert_case(&rule, &kind, &case, Backend::Sqlite, &drift);
        if kind == "flag" {
            flagged.insert(rule);
        }
    }
    assert_covered(Backend::Sqlite, &flagged);
}

#[tokio::test]
async fn drift_fixtures_on_postgres() {
    let mut flagged = BTreeSet::new();
    for (rule, kind, case) in cases() {
        let Some(sql) = sql_for(&case, Backend::Postgres) else {
            continue;
        };
        let Some(database) = pg::database().await else {
            return;
        };
        let conn = database.connect().await.unwrap();
        let drift = migrate_and_compare(&conn, &case, &sql).await;
        conn.close().await.unwrap();
        assert_case(&rule, &kind, &case, Backend::Postgres, &drift);
        if kind == "flag" {
            flagged.insert(rule);
        }
    }
    assert_covered(Backend::Postgres, &flagged);
}

/// A drift suppression on an entity field silences drift there and counts as suppressed;
/// `check` leaves it alone (it does not run drift); one that silences nothing is reported
/// as stale by drift.
#[tokio::test]
async fn drift_suppressions_are_drift_s_to_judge() {
    let case = fixtures().join("column-type-drift/pass/suppressed");
    let sql = sql_for(&case, Backend::Sqlite).expect("schema.sql");
    let check = validator_core::check_paths(std::slice::from_ref(&case), &Config::default(), &case)
        .unwrap();
    assert!(check.findings.is_empty(), "{:#?}", check.findings);

    let file = SqliteDatabase::new().unwrap();
    let conn = file.connect().await.unwrap();
    let drift = migrate_and_compare(&conn, &case, &sql).await;
    assert!(
        drift.report.findings.is_empty(),
        "{:#?}",
        drift.report.findings
    );
    assert_eq!(drift.report.summary.suppressed, 1);

    // The same suppression where nothing drifts: now it is stale.
    let fixed = tempfile::tempdir().unwrap();
    let user = std::fs::read_to_string(case.join("user.rs")).unwrap();
    std::fs::write(
        fixed.path().join("user.rs"),
        user.replace("pub age: i32", "pub age: String"),
    )
    .unwrap();
    let source = validator_core::check_paths(
        &[fixed.path().to_path_buf()],
        &Config::default(),
        fixed.path(),
    )
    .unwrap();
    let live = introspect(&conn).await.unwrap();
    let drift = compare(source, &live, &Config::default(), &DriftOptions::default());
    conn.close().await.unwrap();
    let rules: Vec<_> = drift.report.findings.iter().map(|f| f.rule).collect();
    assert_eq!(
        rules,
        ["unused-suppression"],
        "{:#?}",
        drift.report.findings
    );
}
