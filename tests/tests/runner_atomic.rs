//! Every migration runs in its own transaction, on PostgreSQL and on SQLite (where the
//! stock runner uses none by default): when the third of three migrations fails halfway,
//! migrations 1 and 2 stay, nothing of migration 3 does, in the schema and in both
//! tracking tables, and the error names the migration and the statement that failed.

use std::path::Path;

use sea_orm::DatabaseConnection;
use validator_base::exit::{EXIT_FAILED, EXIT_OK};
use workspace_tests::{
    fixtures::{
        inspect::{recorded_versions, strings, tables},
        process::{RunnerCommand, write_migrations},
    },
    postgres_or_skip,
    sqlite::SqliteDatabase,
};

const MIGRATIONS: &[(&str, &str)] = &[
    (
        "m1_create_first",
        "CREATE TABLE first (id INTEGER PRIMARY KEY);",
    ),
    (
        "m2_create_second",
        "CREATE TABLE second (id INTEGER PRIMARY KEY);\nINSERT INTO second VALUES (1);",
    ),
    (
        "m3_create_third",
        "CREATE TABLE third (id INTEGER PRIMARY KEY);\n\
         INSERT INTO third VALUES (1);\n\
         INSERT INTO no_such_table VALUES (1);",
    ),
];

fn fixture_runner(dir: &Path) -> RunnerCommand {
    RunnerCommand::new(env!("CARGO_BIN_EXE_fixture-runner")).migrations(dir)
}

async fn assert_third_left_nothing(url: &str, db: &DatabaseConnection) {
    let dir = tempfile::tempdir().unwrap();
    write_migrations(dir.path(), MIGRATIONS);
    let outcome = fixture_runner(dir.path()).run(url, &["up"]);
    assert_eq!(
        outcome.code,
        Some(i32::from(EXIT_FAILED)),
        "{}",
        outcome.transcript()
    );
    assert_eq!(outcome.applied(), ["m1_create_first", "m2_create_second"]);
    let stderr = &outcome.stderr;
    assert!(
        stderr.contains(
            "migration `m3_create_third` failed (up) at statement `INSERT INTO no_such_table VALUES (1)`"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("nothing of it was applied"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");

    assert_eq!(
        tables(db).await,
        [
            "first",
            "seaql_migrations",
            "seaql_migrations_checksums",
            "second"
        ]
    );
    assert_eq!(
        strings(db, "SELECT CAST(id AS TEXT) FROM second").await,
        ["1"]
    );
    let applied = vec!["m1_create_first".to_owned(), "m2_create_second".to_owned()];
    assert_eq!(recorded_versions(db).await, (applied.clone(), applied));

    // Fixed, it applies cleanly on the next run.
    write_migrations(
        dir.path(),
        &[(
            "m3_create_third",
            "CREATE TABLE third (id INTEGER PRIMARY KEY);",
        )],
    );
    let outcome = fixture_runner(dir.path()).run(url, &["up"]);
    assert_eq!(
        outcome.code,
        Some(i32::from(EXIT_OK)),
        "{}",
        outcome.transcript()
    );
    assert_eq!(outcome.applied(), ["m3_create_third"]);
}

#[tokio::test]
async fn a_failing_third_migration_leaves_nothing_on_sqlite() {
    let file = SqliteDatabase::new().unwrap();
    let db = file.connect().await.unwrap();
    assert_third_left_nothing(&file.url(), &db).await;
}

#[tokio::test]
async fn a_failing_third_migration_leaves_nothing_on_postgres() {
    let database = postgres_or_skip!();
    let db = database.connect().await.unwrap();
    assert_third_left_nothing(database.url(), &db).await;
}

#[tokio::test]
async fn a_failing_statement_never_shows_a_password() {
    let database = postgres_or_skip!();
    let dir = tempfile::tempdir().unwrap();
    write_migrations(
        dir.path(),
        &[(
            "m1_set_password",
            "ALTER ROLE vt_no_such_role PASSWORD 'hunter2-do-not-print';",
        )],
    );
    let outcome = fixture_runner(dir.path()).run(database.url(), &["up"]);
    assert_eq!(outcome.code, Some(1), "{}", outcome.transcript());
    assert!(
        outcome
            .stderr
            .contains("at statement `ALTER ROLE vt_no_such_role PASSWORD '***'`"),
        "{}",
        outcome.transcript()
    );
    assert!(!outcome.transcript().contains("hunter2"));
}

/// `use_transaction() = Some(false)` is honoured: PostgreSQL refuses
/// `CREATE INDEX CONCURRENTLY` inside a transaction, so it must run outside one.
#[tokio::test]
async fn a_migration_may_opt_out_of_its_transaction_for_create_index_concurrently() {
    let database = postgres_or_skip!();
    let dir = tempfile::tempdir().unwrap();
    write_migrations(
        dir.path(),
        &[
            (
                "m1_create_first",
                "CREATE TABLE first (id INTEGER PRIMARY KEY, n INTEGER);",
            ),
            (
                "m2_index_first",
                "-- no-transaction\nCREATE INDEX CONCURRENTLY ix_first_n ON first (n);",
            ),
        ],
    );
    let outcome = fixture_runner(dir.path()).run(database.url(), &["up"]);
    assert_eq!(outcome.code, Some(0), "{}", outcome.transcript());
    let db = database.connect().await.unwrap();
    assert_eq!(
        strings(&db, "SELECT indexname::text FROM pg_indexes WHERE tablename = 'first' AND indexname = 'ix_first_n'").await,
        ["ix_first_n"]
    );
    let status = fixture_runner(dir.path()).run(database.url(), &["status", "--exit-code"]);
    assert_eq!(status.code, Some(0), "{}", status.transcript());
}
