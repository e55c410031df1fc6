//! Checksums of applied migrations: an edited migration is shown as modified, `up` refuses
//! to run over it (naming it and what changed) until `repair` records it again, and
//! `status --exit-code` tells CI what it found.

use std::path::Path;

use sea_orm::DatabaseConnection;
use sea_orm_migration::MigratorTrait;
use validator_base::exit::{EXIT_FAILED, EXIT_MODIFIED, EXIT_OK, EXIT_PENDING};
use validator_connect::DatabaseUrl;
use validator_runner::{MigrationState, RunError, Runner, Verification};
use workspace_tests::{
    fixtures::{
        checksums::{Edited, Original, Probing},
        process::{RunnerCommand, write_migrations},
    },
    postgres_or_skip,
    sqlite::SqliteDatabase,
};

fn fixture_runner(dir: &Path) -> RunnerCommand {
    RunnerCommand::new(env!("CARGO_BIN_EXE_fixture-runner")).migrations(dir)
}

fn code(code: u8) -> Option<i32> {
    Some(i32::from(code))
}

/// Edits an applied migration's file and runs the real runner binary over it.
fn edit_refuse_repair(url: &str) {
    let dir = tempfile::tempdir().unwrap();
    write_migrations(
        dir.path(),
        &[
            (
                "m1_create_first",
                "CREATE TABLE first (id INTEGER PRIMARY KEY);",
            ),
            (
                "m2_create_second",
                "CREATE TABLE second (id INTEGER PRIMARY KEY);",
            ),
        ],
    );
    let runner = fixture_runner(dir.path());
    let status = runner.run(url, &["status", "--exit-code"]);
    assert_eq!(status.code, code(EXIT_PENDING), "{}", status.transcript());
    assert!(
        status.stdout.contains("0 applied, 2 pending"),
        "{}",
        status.stdout
    );
    let up = runner.run(url, &["up"]);
    assert_eq!(up.code, code(EXIT_OK), "{}", up.transcript());
    let status = runner.run(url, &["status", "--exit-code"]);
    assert_eq!(status.code, code(EXIT_OK), "{}", status.transcript());

    // Someone edits the applied migration.
    write_migrations(
        dir.path(),
        &[(
            "m2_create_second",
            "CREATE TABLE second (id INTEGER PRIMARY KEY, note TEXT);",
        )],
    );
    let up = runner.run(url, &["up"]);
    assert_eq!(up.code, code(EXIT_FAILED), "{}", up.transcript());
    assert!(up.stderr.contains("refusing to migrate"), "{}", up.stderr);
    assert!(up.stderr.contains("`m2_create_second`"), "{}", up.stderr);
    assert!(
        up.stderr.contains("note TEXT"),
        "shows what changed: {}",
        up.stderr
    );
    assert!(up.stderr.contains("`repair`"), "{}", up.stderr);
    assert!(!up.stderr.contains("m1_create_first"), "{}", up.stderr);

    let status = runner.run(url, &["status", "--exit-code"]);
    assert_eq!(status.code, code(EXIT_MODIFIED), "{}", status.transcript());
    assert!(
        status.stdout.contains("modified m2_create_second"),
        "{}",
        status.stdout
    );
    assert!(
        status.stdout.contains("1 applied, 0 pending, 1 modified"),
        "{}",
        status.stdout
    );

    let repair = runner.run(url, &["repair"]);
    assert_eq!(repair.code, code(EXIT_OK), "{}", repair.transcript());
    assert!(
        repair
            .stdout
            .contains("recorded  m2_create_second  (was modified)"),
        "{}",
        repair.stdout
    );
    let status = runner.run(url, &["status", "--exit-code"]);
    assert_eq!(status.code, code(EXIT_OK), "{}", status.transcript());
    assert!(
        status.stdout.contains("2 applied, 0 pending"),
        "{}",
        status.stdout
    );

    // A new migration: pending for CI, then applied.
    write_migrations(
        dir.path(),
        &[(
            "m3_create_third",
            "CREATE TABLE third (id INTEGER PRIMARY KEY);",
        )],
    );
    let status = runner.run(url, &["status", "--exit-code"]);
    assert_eq!(status.code, code(EXIT_PENDING), "{}", status.transcript());
    let up = runner.run(url, &["up"]);
    assert_eq!(up.code, code(EXIT_OK), "{}", up.transcript());
    assert_eq!(up.applied(), ["m3_create_third"]);
}

#[tokio::test]
async fn an_edited_migration_is_refused_until_repaired_on_sqlite() {
    let file = SqliteDatabase::new().unwrap();
    let url = file.url();
    tokio::task::spawn_blocking(move || edit_refuse_repair(&url))
        .await
        .unwrap();
}

#[tokio::test]
async fn an_edited_migration_is_refused_until_repaired_on_postgres() {
    let database = postgres_or_skip!();
    let url = database.url().to_owned();
    tokio::task::spawn_blocking(move || edit_refuse_repair(&url))
        .await
        .unwrap();
}

async fn edited_in_process(db: &DatabaseConnection, url: &DatabaseUrl) {
    Runner::<Original>::new(db, url)
        .up(None, &mut |_| {})
        .await
        .unwrap();
    let edited = Runner::<Edited>::new(db, url);
    let status = edited.status().await.unwrap();
    assert_eq!(status[0].state, MigrationState::Applied);
    assert_eq!(status[0].verification, Verification::Matches);
    assert_eq!(status[1].state, MigrationState::Modified);
    let Verification::Changed { difference } = &status[1].verification else {
        panic!("{status:?}")
    };
    assert!(difference.contains("note"), "{difference}");

    let err = edited.up(None, &mut |_| {}).await.unwrap_err();
    assert_eq!(err.exit_code(), EXIT_FAILED);
    let RunError::Modified { migrations } = &err else {
        panic!("{err}")
    };
    assert_eq!(migrations.len(), 1);
    assert_eq!(migrations[0].name, "m2_create_invoices");

    let allowed = Runner::<Edited>::new(db, url).allow_modified(true);
    assert_eq!(allowed.up(None, &mut |_| {}).await.unwrap(), 0);

    let repaired = edited.repair().await.unwrap();
    assert_eq!(repaired.len(), 1);
    assert_eq!(repaired[0].name, "m2_create_invoices");
    let status = Runner::<Edited>::new(db, url).status().await.unwrap();
    assert!(
        status
            .iter()
            .all(|row| row.state == MigrationState::Applied
                && row.verification == Verification::Matches),
        "{status:?}"
    );
}

#[tokio::test]
async fn an_edited_builder_migration_is_modified_on_sqlite() {
    let file = SqliteDatabase::new().unwrap();
    let db = file.connect().await.unwrap();
    edited_in_process(&db, &DatabaseUrl::parse(&file.url()).unwrap()).await;
}

#[tokio::test]
async fn an_edited_builder_migration_is_modified_on_postgres() {
    let database = postgres_or_skip!();
    let db = database.connect().await.unwrap();
    edited_in_process(&db, database.database_url()).await;
}

/// A migration that asks the database (`has_table`) cannot be rendered without one: it
/// is applied, and shown as unverifiable rather than silently "verified".
#[tokio::test]
async fn a_migration_that_reads_the_database_is_unverifiable() {
    let file = SqliteDatabase::new().unwrap();
    let db = file.connect().await.unwrap();
    let url = DatabaseUrl::parse(&file.url()).unwrap();
    let runner = Runner::<Probing>::new(&db, &url);
    assert_eq!(runner.up(None, &mut |_| {}).await.unwrap(), 2);
    let status = runner.status().await.unwrap();
    assert_eq!(status[0].verification, Verification::Matches);
    assert_eq!(status[1].state, MigrationState::Applied);
    match &status[1].verification {
        Verification::Unverifiable { reason } => {
            assert!(reason.contains("reads the database"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
}

/// Migrations applied by the stock runner have no checksum: `status` says so, and our
/// `up` records one. The stock runner still reads the database afterwards.
async fn adopts_a_stock_database(db: &DatabaseConnection, url: &DatabaseUrl) {
    Original::up(db, None).await.unwrap();
    let runner = Runner::<Original>::new(db, url);
    let status = runner.status().await.unwrap();
    assert!(
        status.iter().all(|row| row.state == MigrationState::Applied
            && row.verification == Verification::NotRecorded),
        "{status:?}"
    );
    assert_eq!(runner.up(None, &mut |_| {}).await.unwrap(), 0);
    let status = Runner::<Original>::new(db, url).status().await.unwrap();
    assert!(
        status
            .iter()
            .all(|row| row.verification == Verification::Matches),
        "{status:?}"
    );
    assert_eq!(Original::get_applied_migrations(db).await.unwrap().len(), 2);
    assert!(
        Original::get_pending_migrations(db)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn adopts_migrations_applied_by_the_stock_runner_on_sqlite() {
    let file = SqliteDatabase::new().unwrap();
    let db = file.connect().await.unwrap();
    adopts_a_stock_database(&db, &DatabaseUrl::parse(&file.url()).unwrap()).await;
}

#[tokio::test]
async fn adopts_migrations_applied_by_the_stock_runner_on_postgres() {
    let database = postgres_or_skip!();
    let db = database.connect().await.unwrap();
    adopts_a_stock_database(&db, database.database_url()).await;
}
