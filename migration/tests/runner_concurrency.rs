//! The workspace's own `migration` binary, eight copies at once against one database:
//! the lock makes them take turns, each migration is applied once, every copy exits 0.

use workspace_tests::{
    fixtures::{
        inspect::recorded_versions,
        process::{Outcome, RunnerCommand},
    },
    postgres_or_skip,
    sqlite::SqliteDatabase,
};

const RUNNERS: usize = 8;

fn expected() -> Vec<String> {
    [
        "m20261126_000001_create_users",
        "m20261126_000002_create_credit_transactions",
        "m20261126_000003_create_subscriptions",
        "m20261126_000004_create_secrets",
    ]
    .map(str::to_owned)
    .to_vec()
}

fn race(url: String) -> Vec<Outcome> {
    RunnerCommand::new(env!("CARGO_BIN_EXE_migration")).run_concurrently(RUNNERS, &url, &["up"])
}

fn assert_each_applied_once(outcomes: &[Outcome]) {
    for outcome in outcomes {
        assert_eq!(outcome.code, Some(0), "{}", outcome.transcript());
    }
    let mut applied: Vec<String> = outcomes.iter().flat_map(Outcome::applied).collect();
    applied.sort();
    assert_eq!(applied, expected());
}

#[tokio::test]
async fn eight_migration_binaries_on_one_postgres_database() {
    let database = postgres_or_skip!();
    let url = database.url().to_owned();
    let outcomes = tokio::task::spawn_blocking(move || race(url))
        .await
        .unwrap();
    assert_each_applied_once(&outcomes);
    let db = database.connect().await.unwrap();
    assert_eq!(recorded_versions(&db).await, (expected(), expected()));
}

#[tokio::test]
async fn eight_migration_binaries_on_one_sqlite_file() {
    let file = SqliteDatabase::new().unwrap();
    let url = file.url();
    let outcomes = tokio::task::spawn_blocking(move || race(url))
        .await
        .unwrap();
    assert_each_applied_once(&outcomes);
    let db = file.connect().await.unwrap();
    assert_eq!(recorded_versions(&db).await, (expected(), expected()));
}
