//! SQLite introspection through sea-schema.

use sea_orm::DatabaseConnection;
use sea_schema::sqlite::{
    def::{ForeignKeyAction, IndexInfo},
    discovery::SchemaDiscovery,
};

use super::{IntrospectError, declared_columns};
use validator_connect::{Backend, query_names};
use validator_core::schema::{
    IndexOrigin, LiveColumn, LiveForeignKey, LiveIndex, LiveSchema, LiveTable, ReferentialAction,
};

/// Each column's declared type and default, as `CREATE TABLE` wrote them.
const DECLARED_COLUMNS: &str = "\
    SELECT m.name AS table_name, p.name AS column_name, p.type AS declared_type, \
           p.dflt_value AS column_default \
    FROM sqlite_master m JOIN pragma_table_xinfo(m.name) p \
    WHERE m.type = 'table'";

pub(super) async fn introspect(db: &DatabaseConnection) -> Result<LiveSchema, IntrospectError> {
    let pool = db.get_sqlite_connection_pool().clone();
    let schema = SchemaDiscovery::new(pool)
        .discover()
        .await
        .map_err(|err| IntrospectError(err.to_string()))?;
    let created_indexes = schema.indexes;
    let declared = declared_columns(db, DECLARED_COLUMNS).await?;
    let mut tables = Vec::new();
    for table in schema.tables {
        if table.name.starts_with("sqlite_") {
            continue;
        }
        let primary_key: Vec<String> = table
            .columns
            .iter()
            .filter(|column| column.primary_key)
            .map(|column| column.name.clone())
            .collect();
        let columns = table
            .columns
            .iter()
            .map(|column| {
                let declared = declared.get(&(table.name.clone(), column.name.clone()));
                LiveColumn {
                    name: column.name.clone(),
                    column_type: column.r#type.clone(),
                    declared_type: declared
                        .map(|d| d.declared_type.clone())
                        .unwrap_or_default(),
                    default: declared
                        .and_then(|d| d.default.clone())
                        .filter(|d| !d.eq_ignore_ascii_case("null")),
                    not_null: column.not_null,
                    has_default: !matches!(
                        column.default_value,
                        sea_schema::sqlite::def::DefaultType::Unspecified
                            | sea_schema::sqlite::def::DefaultType::Null
                    ),
                    auto_increment: column.primary_key && table.auto_increment,
                }
            })
            .collect();
        let foreign_keys = table
            .foreign_keys
            .iter()
            .map(|fk| LiveForeignKey {
                name: None,
                columns: fk.from.clone(),
                foreign_table: fk.table.clone(),
                foreign_columns: fk.to.clone(),
                on_delete: action(&fk.on_delete),
                on_update: action(&fk.on_update),
            })
            .collect();
        let mut indexes: Vec<LiveIndex> = table
            .constraints
            .iter()
            .map(|index| live_index(index, IndexOrigin::UniqueConstraint))
            .collect();
        indexes.extend(
            created_indexes
                .iter()
                .filter(|index| index.table_name == table.name)
                .map(|index| live_index(index, IndexOrigin::CreateIndex)),
        );
        tables.push(LiveTable {
            name: table.name,
            columns,
            primary_key,
            foreign_keys,
            indexes,
        });
    }
    let views = query_names(
        db,
        "SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name",
    )
    .await?;
    Ok(LiveSchema {
        backend: Backend::Sqlite,
        schema: "main".to_owned(),
        tables,
        views,
        enums: Vec::new(),
    })
}

fn live_index(index: &IndexInfo, origin: IndexOrigin) -> LiveIndex {
    LiveIndex {
        name: index.index_name.clone(),
        columns: index.columns.clone(),
        unique: index.unique,
        origin,
        partial: index.partial != 0,
    }
}

/// Each column's declared type, as written in its `CREATE TABLE` (sea-schema keeps only
/// the parsed type, but SQLite's type affinity comes from this text).
fn action(action: &ForeignKeyAction) -> ReferentialAction {
    match action {
        ForeignKeyAction::NoAction => ReferentialAction::NoAction,
        ForeignKeyAction::Restrict => ReferentialAction::Restrict,
        ForeignKeyAction::SetNull => ReferentialAction::SetNull,
        ForeignKeyAction::SetDefault => ReferentialAction::SetDefault,
        ForeignKeyAction::Cascade => ReferentialAction::Cascade,
    }
}
