//! Eight runner processes start at once against one database: the migration lock makes
//! them take turns, so every migration is applied exactly once and every process exits 0.
//! Each migration pauses inside its transaction, so the runners really overlap, and the
//! waiting ones say who holds the lock.

use sea_orm::DatabaseConnection;
use workspace_tests::{
    fixtures::{
        inspect::{recorded_versions, strings},
        process::{Outcome, RunnerCommand, write_migrations},
        sql_dir::PAUSE_VAR,
    },
    postgres_or_skip,
    sqlite::SqliteDatabase,
};

const RUNNERS: usize = 8;

/// Each migration creates a table and writes its name into `runs`: a migration applied
/// twice would fail on its `CREATE TABLE`, or leave two rows.
const MIGRATIONS: &[(&str, &str)] = &[
    (
        "m001_create_runs",
        "CREATE TABLE runs (name VARCHAR(64) NOT NULL);\nINSERT INTO runs VALUES ('m001_create_runs');",
    ),
    (
        "m002_create_alpha",
        "CREATE TABLE alpha (id INTEGER PRIMARY KEY);\nINSERT INTO runs VALUES ('m002_create_alpha');",
    ),
    (
        "m003_create_beta",
        "CREATE TABLE beta (id INTEGER PRIMARY KEY);\nINSERT INTO runs VALUES ('m003_create_beta');",
    ),
    (
        "m004_create_gamma",
        "CREATE TABLE gamma (id INTEGER PRIMARY KEY);\nINSERT INTO runs VALUES ('m004_create_gamma');",
    ),
    (
        "m005_create_delta",
        "CREATE TABLE delta (id INTEGER PRIMARY KEY);\nINSERT INTO runs VALUES ('m005_create_delta');",
    ),
    (
        "m006_create_epsilon",
        "CREATE TABLE epsilon (id INTEGER PRIMARY KEY);\nINSERT INTO runs VALUES ('m006_create_epsilon');",
    ),
];

fn names() -> Vec<String> {
    MIGRATIONS
        .iter()
        .map(|(name, _)| (*name).to_owned())
        .collect()
}

fn race(url: &str, dir: &std::path::Path) -> Vec<Outcome> {
    let runner = RunnerCommand::new(env!("CARGO_BIN_EXE_fixture-runner"))
        .migrations(dir)
        .env(PAUSE_VAR, "100");
    runner.run_concurrently(RUNNERS, url, &["up"])
}

async fn assert_applied_exactly_once(outcomes: &[Outcome], db: &DatabaseConnection, holder: &str) {
    for outcome in outcomes {
        assert_eq!(outcome.code, Some(0), "{}", outcome.transcript());
    }
    let mut applied: Vec<String> = outcomes.iter().flat_map(Outcome::applied).collect();
    applied.sort();
    assert_eq!(
        applied,
        names(),
        "each migration reported applied by exactly one runner"
    );
    assert_eq!(
        strings(db, "SELECT name FROM runs ORDER BY name").await,
        names()
    );
    assert_eq!(recorded_versions(db).await, (names(), names()));
    let waited: Vec<&Outcome> = outcomes
        .iter()
        .filter(|outcome| outcome.stderr.contains("waiting for the migration lock"))
        .collect();
    assert!(
        !waited.is_empty(),
        "some runner should have waited: {}",
        outcomes.iter().map(Outcome::transcript).collect::<String>()
    );
    for outcome in waited {
        assert!(outcome.stderr.contains(holder), "{}", outcome.transcript());
    }
}

#[tokio::test]
async fn eight_runners_on_one_postgres_database_apply_each_migration_once() {
    let database = postgres_or_skip!();
    let dir = tempfile::tempdir().unwrap();
    write_migrations(dir.path(), MIGRATIONS);
    let url = database.url().to_owned();
    let migrations = dir.path().to_owned();
    let outcomes = tokio::task::spawn_blocking(move || race(&url, &migrations))
        .await
        .unwrap();
    let db = database.connect().await.unwrap();
    assert_applied_exactly_once(&outcomes, &db, "held by backend pid ").await;
}

#[tokio::test]
async fn eight_runners_on_one_sqlite_file_apply_each_migration_once() {
    let file = SqliteDatabase::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    write_migrations(dir.path(), MIGRATIONS);
    let url = file.url();
    let migrations = dir.path().to_owned();
    let outcomes = tokio::task::spawn_blocking(move || race(&url, &migrations))
        .await
        .unwrap();
    let db = file.connect().await.unwrap();
    assert_applied_exactly_once(&outcomes, &db, "held by process ").await;
}
