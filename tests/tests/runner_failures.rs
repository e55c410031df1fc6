//! A failing or panicking migration is named, maps to exit code 1, and (run in a
//! transaction) leaves nothing of itself behind; earlier migrations stay applied.

use sea_orm::DatabaseConnection;
use sea_orm_migration::prelude::*;
use validator_base::exit::EXIT_FAILED;
use validator_connect::DatabaseUrl;
use validator_db::introspect::introspect;
use validator_runner::{Direction, RunError, Runner};
use workspace_tests::{postgres_or_skip, sqlite::SqliteDatabase};

/// A migration named by hand, so one file can hold several.
struct Step {
    name: &'static str,
    sql: &'static [&'static str],
    panics: bool,
}

impl MigrationName for Step {
    fn name(&self) -> &str {
        self.name
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Step {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for sql in self.sql {
            manager.get_connection().execute_unprepared(sql).await?;
        }
        if self.panics {
            panic!("sqlite does not support this alteration");
        }
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}

fn good() -> Box<dyn MigrationTrait> {
    Box::new(Step {
        name: "m1_create_kept",
        sql: &["CREATE TABLE kept (id INTEGER PRIMARY KEY)"],
        panics: false,
    })
}

struct FailingMigrator;

#[async_trait::async_trait]
impl MigratorTrait for FailingMigrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            good(),
            Box::new(Step {
                name: "m2_half_done",
                sql: &[
                    "CREATE TABLE half (id INTEGER PRIMARY KEY)",
                    "CREATE TABLE broken (",
                ],
                panics: false,
            }),
        ]
    }
}

struct PanickingMigrator;

#[async_trait::async_trait]
impl MigratorTrait for PanickingMigrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            good(),
            Box::new(Step {
                name: "m2_panics",
                sql: &["CREATE TABLE half (id INTEGER PRIMARY KEY)"],
                panics: true,
            }),
        ]
    }
}

async fn tables(db: &DatabaseConnection) -> Vec<String> {
    let schema = introspect(db).await.unwrap();
    schema
        .table_names()
        .into_iter()
        .map(str::to_owned)
        .collect()
}

async fn assert_failure_is_contained<M: MigratorTrait>(
    db: &DatabaseConnection,
    url: &DatabaseUrl,
    expected_name: &str,
    panicked: bool,
) {
    let runner = Runner::<M>::new(db, url);
    let mut applied = Vec::new();
    let err = runner
        .up(None, &mut |step| applied.push(step.name.clone()))
        .await
        .unwrap_err();
    assert_eq!(applied, ["m1_create_kept"]);
    assert_eq!(err.exit_code(), EXIT_FAILED);
    match &err {
        RunError::Migration {
            name, direction, ..
        } if !panicked => {
            assert_eq!((name.as_str(), *direction), (expected_name, Direction::Up));
        }
        RunError::Panicked { name, message, .. } if panicked => {
            assert_eq!(name, expected_name);
            assert!(message.contains("does not support"), "{message}");
        }
        other => panic!("unexpected error: {other}"),
    }
    assert!(err.to_string().contains(expected_name));
    assert_eq!(
        tables(db).await,
        ["kept", "seaql_migrations", "seaql_migrations_checksums"]
    );
    let status = runner.status().await.unwrap();
    let applied: Vec<_> = status
        .iter()
        .filter(|row| row.applied_at.is_some())
        .map(|row| row.name.as_str())
        .collect();
    assert_eq!(applied, ["m1_create_kept"]);
}

#[tokio::test]
async fn a_failing_migration_on_sqlite_is_named_and_rolled_back() {
    let file = SqliteDatabase::new().unwrap();
    let db = file.connect().await.unwrap();
    let url = DatabaseUrl::parse(&file.url()).unwrap();
    assert_failure_is_contained::<FailingMigrator>(&db, &url, "m2_half_done", false).await;
}

#[tokio::test]
async fn a_panicking_migration_on_sqlite_is_named_and_rolled_back() {
    let file = SqliteDatabase::new().unwrap();
    let db = file.connect().await.unwrap();
    let url = DatabaseUrl::parse(&file.url()).unwrap();
    assert_failure_is_contained::<PanickingMigrator>(&db, &url, "m2_panics", true).await;
}

#[tokio::test]
async fn a_failing_migration_on_postgres_is_named_and_rolled_back() {
    let database = postgres_or_skip!();
    let db = database.connect().await.unwrap();
    assert_failure_is_contained::<FailingMigrator>(
        &db,
        database.database_url(),
        "m2_half_done",
        false,
    )
    .await;
}
