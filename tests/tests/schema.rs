//! Migrate up, down, then up again, and check the schema by introspecting the database.

use migration::Migrator;
use sea_orm::DatabaseConnection;
use sea_orm_migration::MigratorTrait;
use validator_connect::Backend;
use validator_core::schema::{IndexOrigin, LiveSchema, ReferentialAction};
use validator_db::introspect::introspect;
use workspace_tests::{postgres_or_skip, sqlite::SqliteDatabase};

const TABLES: [&str; 4] = ["credit_transactions", "secrets", "subscriptions", "users"];
const CHILDREN: [&str; 3] = ["credit_transactions", "subscriptions", "secrets"];

async fn assert_full_schema(db: &DatabaseConnection) {
    let schema = introspect(db).await.expect("introspect");
    let mut expected: Vec<&str> = TABLES.to_vec();
    expected.push("seaql_migrations");
    expected.sort_unstable();
    assert_eq!(schema.table_names(), expected);

    let users = schema.table("users").unwrap();
    assert_eq!(users.primary_key, ["id"]);
    assert!(users.column("id").unwrap().auto_increment);
    assert!(users.is_unique(&["email"]), "users.email must be unique");

    for child in CHILDREN {
        let table = schema.table(child).unwrap();
        assert_eq!(
            table.foreign_keys.len(),
            1,
            "{child}: {:?}",
            table.foreign_keys
        );
        let fk = &table.foreign_keys[0];
        assert_eq!(fk.columns, ["user_id"], "{child}");
        assert_eq!(fk.foreign_table, "users", "{child}");
        assert_eq!(fk.foreign_columns, ["id"], "{child}");
        assert_eq!(fk.on_delete, ReferentialAction::Cascade, "{child}");
        if schema.backend == Backend::Postgres {
            assert_eq!(
                fk.name.as_deref(),
                Some(format!("fk-{child}-user_id").as_str())
            );
        }
        let indexed = table
            .indexes
            .iter()
            .any(|index| index.columns.first().map(String::as_str) == Some("user_id"));
        assert!(
            indexed,
            "{child}: no index leads with user_id: {:?}",
            table.indexes
        );
        assert!(table.column("user_id").unwrap().not_null, "{child}.user_id");
    }
    for child in ["credit_transactions", "subscriptions"] {
        let index = schema
            .table(child)
            .unwrap()
            .index(&format!("idx-{child}-user_id"))
            .unwrap_or_else(|| panic!("idx-{child}-user_id missing"));
        assert!(!index.unique);
        assert_eq!(index.origin, IndexOrigin::CreateIndex);
    }
    let secrets = schema.table("secrets").unwrap();
    let unique = secrets.index("idx-secrets-user_id_name").unwrap();
    assert!(unique.unique);
    assert_eq!(unique.columns, ["user_id", "name"]);
}

fn user_tables(schema: &LiveSchema) -> Vec<&str> {
    schema
        .table_names()
        .into_iter()
        .filter(|name| *name != "seaql_migrations")
        .collect()
}

async fn up_down_up(db: &DatabaseConnection) {
    Migrator::up(db, None).await.expect("first up");
    assert_full_schema(db).await;

    Migrator::down(db, None).await.expect("down");
    let schema = introspect(db).await.unwrap();
    assert!(
        user_tables(&schema).is_empty(),
        "left behind: {:?}",
        user_tables(&schema)
    );
    assert!(
        Migrator::get_applied_migrations(db)
            .await
            .unwrap()
            .is_empty()
    );

    Migrator::up(db, None).await.expect("second up");
    assert_full_schema(db).await;
    assert_eq!(Migrator::get_pending_migrations(db).await.unwrap().len(), 0);
}

#[tokio::test]
async fn up_down_up_on_sqlite() {
    let file = SqliteDatabase::new().unwrap();
    let db = file.connect().await.unwrap();
    up_down_up(&db).await;
}

#[tokio::test]
async fn up_down_up_on_postgres() {
    let database = postgres_or_skip!();
    let db = database.connect().await.unwrap();
    up_down_up(&db).await;
    db.close().await.unwrap();
}
