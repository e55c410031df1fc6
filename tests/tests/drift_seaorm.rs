//! Drift reports nothing for a database that SeaORM 2.0.4's own `Schema` builds from the
//! entities (tables, enum types, indexes): the expected types, keys, unique sets, indexes
//! and foreign keys are exactly what SeaORM maps, on SQLite and on PostgreSQL.

#[path = "drift_seaorm/mod.rs"]
mod entities;

use std::path::Path;

use entities::{child, kitchen_sink, membership, parent};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, Schema};
use validator_core::{
    Config,
    drift::{DriftOptions, compare},
};
use validator_db::introspect::introspect;
use workspace_tests::{postgres_or_skip, sqlite::SqliteDatabase};

async fn create<E: EntityTrait>(db: &DatabaseConnection, entity: E) {
    let schema = Schema::new(db.get_database_backend());
    if db.get_database_backend() == DbBackend::Postgres {
        for ty in schema.create_enum_from_entity(entity) {
            db.execute(&ty).await.expect("create type");
        }
    }
    db.execute(&schema.create_table_from_entity(entity))
        .await
        .expect("create table");
    for index in schema.create_index_from_entity(entity) {
        db.execute(&index).await.expect("create index");
    }
}

async fn assert_no_drift(db: &DatabaseConnection) {
    create(db, kitchen_sink::Entity).await;
    create(db, parent::Entity).await;
    create(db, child::Entity).await;
    create(db, membership::Entity).await;
    let live = introspect(db).await.expect("introspect");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/drift_seaorm");
    let config = Config::default();
    let source =
        validator_core::check_paths(std::slice::from_ref(&dir), &config, &dir).expect("entities");
    assert_eq!(source.model.entities.len(), 4);
    let drift = compare(source, &live, &config, &DriftOptions::default());
    assert!(
        drift.report.findings.is_empty(),
        "{}",
        validator_core::render::render(&drift.report, &validator_core::render::Options::default())
    );
}

/// The same comparison notices a change (so the clean result above is not vacuous).
async fn assert_drift_after_change(db: &DatabaseConnection) {
    let mut changes = vec![r#"DROP INDEX "idx-kitchen_sink-category""#];
    if db.get_database_backend() == DbBackend::Postgres {
        changes.push("ALTER TABLE kitchen_sink ALTER COLUMN price TYPE numeric(10, 2)");
        changes.push("ALTER TABLE kitchen_sink ALTER COLUMN mood TYPE text");
    }
    for sql in &changes {
        db.execute_unprepared(sql).await.expect(sql);
    }
    let live = introspect(db).await.expect("introspect");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/drift_seaorm");
    let config = Config::default();
    let source =
        validator_core::check_paths(std::slice::from_ref(&dir), &config, &dir).expect("entities");
    let drift = compare(source, &live, &config, &DriftOptions::default());
    let found: Vec<(&str, &str)> = drift
        .report
        .findings
        .iter()
        .map(|f| (f.rule, f.primary.message.as_str()))
        .collect();
    let expected = if changes.len() == 1 { 1 } else { 3 };
    assert_eq!(found.len(), expected, "{found:#?}");
    assert!(
        found.iter().any(|(rule, _)| *rule == "missing-index"),
        "{found:#?}"
    );
}

#[tokio::test]
async fn schema_built_by_seaorm_shows_no_drift_on_sqlite() {
    let file = SqliteDatabase::new().unwrap();
    let db = file.connect().await.unwrap();
    assert_no_drift(&db).await;
    assert_drift_after_change(&db).await;
}

#[tokio::test]
async fn schema_built_by_seaorm_shows_no_drift_on_postgres() {
    let database = postgres_or_skip!();
    let db = database.connect().await.unwrap();
    assert_no_drift(&db).await;
    assert_drift_after_change(&db).await;
    db.close().await.unwrap();
}
