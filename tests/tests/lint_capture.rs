//! The capture engine on real databases: each migration is applied to a scratch database
//! (in-memory SQLite, or a temporary PostgreSQL database), the SQL it sends is captured
//! (raw `execute_unprepared` SQL included) and linted against the schema as it stood
//! before it. The fixture migrations are compiled here from `validator/core/tests/fixtures`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use sea_orm_migration::MigratorTrait;
use validator_core::lint::Backends;
use validator_core::{Config, Report};
use validator_runner::{
    ProjectPaths, lint::CaptureOptions, lint::TransactionDefault, lint::lint_migrator,
};

#[path = "../../validator/core/tests/fixtures/required-column-on-existing-table/flag/raw-sql/src/lib.rs"]
mod raw_required_column;

#[path = "../../validator/core/tests/fixtures/migration-fails/flag/modify-column-on-sqlite/src/lib.rs"]
mod fails_on_sqlite;

#[path = "../../validator/core/tests/fixtures/migration-fails/pass/nullable/src/lib.rs"]
mod applies_cleanly;

#[path = "../../validator/core/tests/fixtures/concurrently-in-transaction/flag/raw-sql/src/lib.rs"]
mod concurrently_wrapped;

fn case(rule: &str, kind: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../validator/core/tests/fixtures")
        .join(rule)
        .join(kind)
        .join(name)
}

fn options(
    dir: &Path,
    backends: Backends,
    postgres: Option<validator_connect::DatabaseUrl>,
) -> CaptureOptions {
    CaptureOptions {
        backends,
        postgres,
        paths: ProjectPaths {
            migration_src: Some(dir.join("src")),
            entity_src: None,
        },
        transactions: TransactionDefault::Always,
        connect_timeout: Duration::from_secs(5),
    }
}

/// Lints a fixture migrator on the given backends, with the default config.
async fn lint_case<M: MigratorTrait>(
    dir: &Path,
    backends: Backends,
    postgres: Option<validator_connect::DatabaseUrl>,
) -> Report {
    lint_migrator::<M>(&options(dir, backends, postgres), &Config::default(), dir)
        .await
        .expect("lints")
}

fn hits<'a>(report: &'a Report, rule: &str) -> Vec<&'a validator_core::Finding> {
    report.findings.iter().filter(|f| f.rule == rule).collect()
}

#[tokio::test]
async fn raw_sql_adding_a_required_column_is_flagged_on_sqlite() {
    let dir = case("required-column-on-existing-table", "flag", "raw-sql");
    let report = lint_case::<raw_required_column::Migrator>(&dir, Backends::Sqlite, None).await;
    // On SQLite the statement fails outright on a table with rows: one finding, SQLite's
    // own rule, not also the PostgreSQL rollout rule.
    assert!(
        hits(&report, "required-column-on-existing-table").is_empty(),
        "{:#?}",
        report.findings
    );
    let found = hits(&report, "sqlite-add-column-restriction");
    assert_eq!(found.len(), 1, "{:#?}", report.findings);
    let f = found[0];
    // The captured statement is located in the raw string it came from.
    assert_eq!(
        f.primary.file.as_deref(),
        Some(Path::new("src/m20250101_000002_change.rs"))
    );
    let span = f.primary.span.expect("span");
    // `.execute_unprepared(r#"ALTER TABLE users ADD COLUMN ..`: the string starts at
    // column 36 of line 11, the `ADD COLUMN` action 18 characters later.
    assert_eq!((span.start.line, span.start.column), (11, 54));
    assert!(
        f.message.contains("m20250101_000002_change"),
        "{}",
        f.message
    );
    // The scratch table is empty, and SQLite only refuses such a column on a table
    // with rows: the migration applies, and the lint is what catches it.
    assert!(
        hits(&report, "migration-fails").is_empty(),
        "{:#?}",
        report.findings
    );
}

#[tokio::test]
async fn raw_sql_adding_a_required_column_is_flagged_on_postgres() {
    let Some(admin) = workspace_tests::pg::server().await else {
        return;
    };
    let dir = case("required-column-on-existing-table", "flag", "raw-sql");
    let report =
        lint_case::<raw_required_column::Migrator>(&dir, Backends::Postgres, Some(admin)).await;
    assert_eq!(
        hits(&report, "required-column-on-existing-table").len(),
        1,
        "{:#?}",
        report.findings
    );
    // The table is empty on the scratch database, so PostgreSQL applies it.
    assert!(
        hits(&report, "migration-fails").is_empty(),
        "{:#?}",
        report.findings
    );
    assert_eq!(report.summary.migrations, 2);
}

#[tokio::test]
async fn a_migration_failing_on_an_empty_sqlite_database_is_reported() {
    let dir = case("migration-fails", "flag", "modify-column-on-sqlite");
    let report = lint_case::<fails_on_sqlite::Migrator>(&dir, Backends::Sqlite, None).await;
    let found = hits(&report, "migration-fails");
    assert_eq!(found.len(), 1, "{:#?}", report.findings);
    // sea-query panics building `modify_column` for SQLite; the panic is the cause.
    assert!(found[0].message.contains("sqlite"), "{}", found[0].message);
    assert!(found[0].message.contains("panics"), "{}", found[0].message);

    let dir = case("migration-fails", "pass", "nullable");
    let report = lint_case::<applies_cleanly::Migrator>(&dir, Backends::Sqlite, None).await;
    assert!(
        hits(&report, "migration-fails").is_empty(),
        "{:#?}",
        report.findings
    );
}

#[tokio::test]
async fn concurrently_in_a_wrapped_migration_fails_and_is_named() {
    let Some(admin) = workspace_tests::pg::server().await else {
        return;
    };
    let dir = case("concurrently-in-transaction", "flag", "raw-sql");
    let report =
        lint_case::<concurrently_wrapped::Migrator>(&dir, Backends::Postgres, Some(admin)).await;
    assert_eq!(
        hits(&report, "concurrently-in-transaction").len(),
        1,
        "{:#?}",
        report.findings
    );
    assert_eq!(
        hits(&report, "migration-fails").len(),
        1,
        "{:#?}",
        report.findings
    );
}

#[tokio::test]
async fn this_workspace_lints_clean_on_both_backends() {
    let Some(admin) = workspace_tests::pg::server().await else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let report = lint_migrator::<migration::Migrator>(
        &options(&root.join("migration"), Backends::Both, Some(admin)),
        &Config::default(),
        &root,
    )
    .await
    .expect("lints");
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    assert_eq!(report.summary.migrations, 4);
    assert_eq!(report.summary.statements, 7);
}

#[tokio::test]
async fn an_unreachable_postgres_is_an_error_not_a_skip() {
    let closed = validator_connect::DatabaseUrl::parse("postgres://postgres@127.0.0.1:1/postgres")
        .expect("url");
    let dir = case("migration-fails", "pass", "nullable");
    let err = lint_migrator::<applies_cleanly::Migrator>(
        &options(&dir, Backends::Postgres, Some(closed)),
        &Config::default(),
        &dir,
    )
    .await
    .expect_err("unreachable");
    assert!(
        err.to_string().contains("cannot lint on PostgreSQL"),
        "{err}"
    );
}
