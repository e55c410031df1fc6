//! `migration sql`: the SQL of each pending migration, captured in a transaction that is
//! rolled back, so the database is exactly as it was (schema and tracking rows). The
//! output for this workspace's migrations is a snapshot per backend.

use clap::Parser;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use sea_orm_migration::MigratorTrait;
use validator_base::exit::{EXIT_FAILED, EXIT_OK};
use validator_core::schema::LiveSchema;
use validator_db::introspect::introspect;
use validator_runner::{MigrateCli, RunError, run};
use workspace_tests::{
    fixtures::verify::{BrokenPending, NoTransaction},
    pg,
    sqlite::SqliteDatabase,
};

async fn command<M: MigratorTrait>(url: &str, args: &[&str]) -> (Result<u8, RunError>, String) {
    let mut argv = vec!["migration", "-u", url];
    argv.extend_from_slice(args);
    let cli = MigrateCli::try_parse_from(argv).expect("arguments");
    let (mut out, mut notes) = (Vec::new(), Vec::new());
    let result = run::<M>(cli, &mut out, &mut notes).await;
    (result, String::from_utf8_lossy(&out).into_owned())
}

/// The schema and every row of the tracking tables.
async fn state(db: &DatabaseConnection) -> (LiveSchema, Vec<String>) {
    let schema = introspect(db).await.unwrap();
    let mut rows = Vec::new();
    for table in ["seaql_migrations", "seaql_migrations_checksums"] {
        if schema.table(table).is_none() {
            continue;
        }
        let sql = format!("SELECT * FROM \"{table}\" ORDER BY version");
        for row in db
            .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
            .await
            .unwrap()
        {
            let version: String = row.try_get("", "version").unwrap();
            rows.push(format!("{table}: {version} {row:?}"));
        }
    }
    (schema, rows)
}

async fn snapshot_workspace(url: &str, backend: &str) {
    let (result, out) = command::<migration::Migrator>(url, &["sql"]).await;
    assert_eq!(result.ok(), Some(EXIT_OK), "{out}");
    insta::assert_snapshot!(format!("workspace_{backend}"), out);
}

#[tokio::test]
async fn workspace_sql_on_sqlite() {
    let file = SqliteDatabase::new().unwrap();
    snapshot_workspace(&file.url(), "sqlite").await;
}

#[tokio::test]
async fn workspace_sql_on_postgres() {
    let Some(database) = pg::database().await else {
        return;
    };
    snapshot_workspace(database.url(), "postgres").await;
}

/// Two of four applied: `sql` shows the other two and changes nothing.
async fn leaves_the_database_as_it_was(url: &str, db: &DatabaseConnection) {
    let (result, out) = command::<migration::Migrator>(url, &["up", "-n", "2"]).await;
    assert_eq!(result.ok(), Some(EXIT_OK), "{out}");
    let before = state(db).await;
    assert_eq!(before.1.len(), 4, "{:?}", before.1);
    let (result, out) = command::<migration::Migrator>(url, &["sql"]).await;
    assert_eq!(result.ok(), Some(EXIT_OK), "{out}");
    assert!(!out.contains("create_users"), "{out}");
    assert!(
        out.contains("-- m20261126_000003_create_subscriptions\nCREATE TABLE"),
        "{out}"
    );
    assert!(
        out.contains("-- m20261126_000004_create_secrets\nCREATE TABLE"),
        "{out}"
    );
    assert!(
        out.contains("2 pending migrations; 2 run in a transaction that was rolled back"),
        "{out}"
    );
    assert_eq!(state(db).await, before);
    // And the two can still be applied for real.
    let (result, out) = command::<migration::Migrator>(url, &["up"]).await;
    assert_eq!(result.ok(), Some(EXIT_OK), "{out}");
}

#[tokio::test]
async fn sql_leaves_sqlite_as_it_was() {
    let file = SqliteDatabase::new().unwrap();
    let db = file.connect().await.unwrap();
    leaves_the_database_as_it_was(&file.url(), &db).await;
}

#[tokio::test]
async fn sql_leaves_postgres_as_it_was() {
    let Some(database) = pg::database().await else {
        return;
    };
    let db = database.connect().await.unwrap();
    leaves_the_database_as_it_was(database.url(), &db).await;
    db.close().await.unwrap();
}

#[tokio::test]
async fn a_migration_outside_a_transaction_is_rendered_and_so_are_the_ones_after_it() {
    let file = SqliteDatabase::new().unwrap();
    let (result, out) = command::<NoTransaction>(&file.url(), &["sql"]).await;
    assert_eq!(result.ok(), Some(EXIT_OK), "{out}");
    assert!(
        out.contains("-- m1_create_users\nCREATE TABLE \"users\""),
        "{out}"
    );
    assert!(
        out.contains(
            "-- m2_index_users_email (rendered without a database: `m2_index_users_email` runs outside a transaction (`use_transaction() = Some(false)`))\nCREATE INDEX \"idx-users-email-lookup\""
        ),
        "{out}"
    );
    assert!(
        out.contains("-- m2_create_notes_and_tags (rendered without a database"),
        "{out}"
    );
    assert!(
        out.contains("3 pending migrations; 1 run in a transaction"),
        "{out}"
    );
    let db = file.connect().await.unwrap();
    assert!(introspect(&db).await.unwrap().tables.is_empty());
}

#[tokio::test]
async fn a_failing_pending_migration_is_shown_failing_and_nothing_stays() {
    for database in [None, pg::database().await] {
        let file = SqliteDatabase::new().unwrap();
        let url = database
            .as_ref()
            .map_or_else(|| file.url(), |db| db.url().to_owned());
        let (result, out) = command::<BrokenPending>(&url, &["sql"]).await;
        assert_eq!(result.ok(), Some(EXIT_FAILED), "{out}");
        assert!(out.contains("-- m2_broken (FAILS: "), "{out}");
        assert!(out.contains("CREATE TABLE broken (;"), "{out}");
        let db = match &database {
            Some(pg) => pg.connect().await.unwrap(),
            None => file.connect().await.unwrap(),
        };
        let schema = introspect(&db).await.unwrap();
        assert!(
            schema.table("users").is_none(),
            "{:?}",
            schema.table_names()
        );
        db.close().await.unwrap();
    }
}
