//! PostgreSQL introspection: sea-schema for tables and constraints, `pg_index` for indexes
//! (sea-schema reports only unique constraints, not indexes).

use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, Statement};
use sea_schema::postgres::{
    def::{ColumnDefault, ForeignKeyAction},
    discovery::SchemaDiscovery,
};

use super::{IntrospectError, declared_columns};
use validator_connect::{Backend, query_names};
use validator_core::schema::{
    IndexOrigin, LiveColumn, LiveEnum, LiveForeignKey, LiveIndex, LiveSchema, LiveTable,
    ReferentialAction,
};

const INDEXES: &str = "\
SELECT t.relname AS table_name, i.relname AS index_name, ix.indisunique AS is_unique, \
       ix.indisprimary AS is_primary, \
       (ix.indpred IS NOT NULL OR ix.indexprs IS NOT NULL) AS is_partial, \
       EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid AND c.contype = 'u') \
           AS is_constraint, \
       array_to_string(ARRAY( \
           SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord) \
           JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum \
           ORDER BY k.ord), ',') AS columns \
FROM pg_index ix \
JOIN pg_class t ON t.oid = ix.indrelid \
JOIN pg_class i ON i.oid = ix.indexrelid \
JOIN pg_namespace n ON n.oid = t.relnamespace \
WHERE n.nspname = current_schema() \
ORDER BY t.relname, i.relname";

/// Each column's type and default as PostgreSQL spells them.
const DECLARED_COLUMNS: &str = "\
SELECT c.relname AS table_name, a.attname AS column_name, \
       format_type(a.atttypid, a.atttypmod) AS declared_type, \
       pg_get_expr(d.adbin, d.adrelid) AS column_default \
FROM pg_attribute a \
JOIN pg_class c ON c.oid = a.attrelid \
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
JOIN pg_namespace n ON n.oid = c.relnamespace \
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') \
  AND a.attnum > 0 AND NOT a.attisdropped";

pub(super) async fn introspect(db: &DatabaseConnection) -> Result<LiveSchema, IntrospectError> {
    let schema_name = query_names(db, "SELECT current_schema() AS name")
        .await?
        .into_iter()
        .next()
        .unwrap_or_else(|| "public".to_owned());
    let pool = db.get_postgres_connection_pool().clone();
    let schema = SchemaDiscovery::new(pool, &schema_name)
        .discover()
        .await
        .map_err(|err| IntrospectError(err.to_string()))?;
    let indexes = indexes(db).await?;
    let declared = declared_columns(db, DECLARED_COLUMNS).await?;
    let tables = schema
        .tables
        .into_iter()
        .map(|table| {
            let name = table.info.name;
            let columns = table
                .columns
                .iter()
                .map(|column| {
                    let declared = declared.get(&(name.clone(), column.name.clone()));
                    LiveColumn {
                        name: column.name.clone(),
                        column_type: column.write_col_type(),
                        declared_type: declared
                            .map(|d| d.declared_type.clone())
                            .unwrap_or_default(),
                        not_null: column.not_null.is_some(),
                        has_default: column.default.is_some(),
                        default: declared.and_then(|d| d.default.clone()),
                        auto_increment: column.is_identity
                            || matches!(column.default, Some(ColumnDefault::AutoIncrement(_))),
                    }
                })
                .collect();
            let primary_key = table
                .primary_key_constraints
                .first()
                .map(|pk| pk.columns.clone())
                .unwrap_or_default();
            let foreign_keys = table
                .reference_constraints
                .iter()
                .map(|fk| LiveForeignKey {
                    name: Some(fk.name.clone()),
                    columns: fk.columns.clone(),
                    foreign_table: fk.table.clone(),
                    foreign_columns: fk.foreign_columns.clone(),
                    on_delete: action(fk.on_delete.as_ref()),
                    on_update: action(fk.on_update.as_ref()),
                })
                .collect();
            let table_indexes = indexes
                .iter()
                .filter(|(table, _)| *table == name)
                .map(|(_, index)| index.clone())
                .collect();
            LiveTable {
                name,
                columns,
                primary_key,
                foreign_keys,
                indexes: table_indexes,
            }
        })
        .collect();
    let views = query_names(
        db,
        "SELECT table_name::text AS name FROM information_schema.views \
         WHERE table_schema = current_schema() ORDER BY table_name",
    )
    .await?;
    let enums = schema
        .enums
        .into_iter()
        .map(|e| LiveEnum {
            name: e.typename,
            values: e.values,
        })
        .collect();
    Ok(LiveSchema {
        backend: Backend::Postgres,
        schema: schema_name,
        tables,
        views,
        enums,
    })
}

async fn indexes(db: &DatabaseConnection) -> Result<Vec<(String, LiveIndex)>, DbErr> {
    let statement = Statement::from_string(db.get_database_backend(), INDEXES.to_owned());
    db.query_all_raw(statement)
        .await?
        .iter()
        .map(|row| {
            let table: String = row.try_get("", "table_name")?;
            let columns: String = row.try_get("", "columns")?;
            let is_primary: bool = row.try_get("", "is_primary")?;
            let is_constraint: bool = row.try_get("", "is_constraint")?;
            let origin = if is_primary {
                IndexOrigin::PrimaryKey
            } else if is_constraint {
                IndexOrigin::UniqueConstraint
            } else {
                IndexOrigin::CreateIndex
            };
            let index = LiveIndex {
                name: row.try_get("", "index_name")?,
                columns: columns
                    .split(',')
                    .filter(|c| !c.is_empty())
                    .map(str::to_owned)
                    .collect(),
                unique: row.try_get("", "is_unique")?,
                origin,
                partial: row.try_get("", "is_partial")?,
            };
            Ok((table, index))
        })
        .collect()
}

fn action(action: Option<&ForeignKeyAction>) -> ReferentialAction {
    match action {
        None | Some(ForeignKeyAction::NoAction) => ReferentialAction::NoAction,
        Some(ForeignKeyAction::Restrict) => ReferentialAction::Restrict,
        Some(ForeignKeyAction::Cascade) => ReferentialAction::Cascade,
        Some(ForeignKeyAction::SetNull) => ReferentialAction::SetNull,
        Some(ForeignKeyAction::SetDefault) => ReferentialAction::SetDefault,
    }
}
