//! Reads what a live database holds ([`validator_core::schema::LiveSchema`]: tables,
//! columns, keys, foreign keys and indexes).
//!
//! Built on sea-schema's discovery, with one gap filled by hand: on PostgreSQL sea-schema
//! reports neither plain indexes nor unique indexes that are not constraints, so indexes
//! come from `pg_index` directly. Column types are sea-query [`ColumnType`]s, the level at
//! which SeaORM maps Rust types, so drift can compare them with the entities.

mod postgres;
mod sqlite;

use std::collections::HashMap;

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, Statement};

use validator_core::schema::LiveSchema;

/// Introspection failed; the message is free of passwords.
#[derive(Debug, thiserror::Error)]
#[error("cannot read the database schema: {0}")]
pub struct IntrospectError(pub String);

impl From<DbErr> for IntrospectError {
    fn from(err: DbErr) -> Self {
        IntrospectError(err.to_string())
    }
}

/// Reads the schema of the database behind `db`.
///
/// sea-schema panics on a few schemas it cannot read (a SQLite foreign key that names no
/// referenced columns, `REFERENCES users`); that becomes an error here.
pub async fn introspect(db: &DatabaseConnection) -> Result<LiveSchema, IntrospectError> {
    use futures_util::FutureExt;

    let reading = async {
        match db.get_database_backend() {
            DbBackend::Postgres => postgres::introspect(db).await,
            DbBackend::Sqlite => sqlite::introspect(db).await,
            other => Err(IntrospectError(format!("unsupported backend {other:?}"))),
        }
    };
    match std::panic::AssertUnwindSafe(reading).catch_unwind().await {
        Ok(result) => result,
        Err(payload) => {
            let cause = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "unknown cause".to_owned());
            Err(IntrospectError(format!(
                "sea-schema failed while reading it ({cause}); a SQLite foreign key without \
                 referenced columns (`REFERENCES parent` instead of `REFERENCES parent (id)`) \
                 is one known cause"
            )))
        }
    }
}

/// A column as declared: its type and its default, as the database spells them.
#[derive(Default)]
struct Declared {
    declared_type: String,
    default: Option<String>,
}

/// Each column's declared type and default, keyed by (table, column): what `query`
/// returns in its `table_name`, `column_name`, `declared_type` and `column_default`
/// columns.
async fn declared_columns(
    db: &DatabaseConnection,
    query: &str,
) -> Result<HashMap<(String, String), Declared>, DbErr> {
    let statement = Statement::from_string(db.get_database_backend(), query.to_owned());
    db.query_all_raw(statement)
        .await?
        .iter()
        .map(|row| {
            let table: String = row.try_get("", "table_name")?;
            let column: String = row.try_get("", "column_name")?;
            let declared = Declared {
                declared_type: row.try_get("", "declared_type")?,
                default: row.try_get::<Option<String>>("", "column_default")?,
            };
            Ok(((table, column), declared))
        })
        .collect()
}
