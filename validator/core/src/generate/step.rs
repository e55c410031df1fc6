//! The statements a generated migration runs, one [`Step`] each, for one backend, and
//! their SQL as sea-query renders it. The migration's Rust code builds the same
//! statements with the same builders ([`super::rust`]); `generate` runs this SQL on a
//! scratch database to check the migration before it is written.

use sea_query::{
    Alias, ColumnDef, Expr, ForeignKey, ForeignKeyAction, Index, IndexCreateStatement,
    PostgresQueryBuilder, SqliteQueryBuilder, Table, TableCreateStatement,
};
use validator_base::Backend;

use super::spec::{ColumnSpec, DefaultSpec, ForeignKeySpec, IndexSpec, Literal, TableSpec};
use crate::schema::ReferentialAction;

/// One statement.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Step {
    CreateTable(TableSpec),
    DropTable {
        table: String,
    },
    RenameTable {
        from: String,
        to: String,
    },
    AddColumn {
        table: String,
        column: ColumnSpec,
    },
    DropColumn {
        table: String,
        column: String,
    },
    RenameColumn {
        table: String,
        from: String,
        to: String,
    },
    /// PostgreSQL `ALTER COLUMN .. TYPE`.
    AlterType {
        table: String,
        column: String,
        ty: sea_query::ColumnType,
    },
    /// PostgreSQL `ALTER COLUMN .. SET NOT NULL` / `DROP NOT NULL`.
    SetNotNull {
        table: String,
        column: String,
        not_null: bool,
    },
    /// PostgreSQL `ALTER COLUMN .. SET DEFAULT`.
    SetDefault {
        table: String,
        column: String,
        default: DefaultSpec,
    },
    /// PostgreSQL `ALTER COLUMN .. DROP DEFAULT` (raw SQL: sea-query has no builder).
    DropDefault {
        table: String,
        column: String,
    },
    CreateIndex {
        index: IndexSpec,
        concurrently: bool,
    },
    DropIndex {
        index: IndexSpec,
        concurrently: bool,
    },
    /// PostgreSQL `ADD CONSTRAINT .. FOREIGN KEY`; `not_valid` skips checking existing rows
    /// (raw SQL: sea-query has no `NOT VALID`), for a `VALIDATE` outside the transaction.
    AddForeignKey {
        table: String,
        fk: ForeignKeySpec,
        not_valid: bool,
    },
    /// PostgreSQL `VALIDATE CONSTRAINT`.
    ValidateConstraint {
        table: String,
        name: String,
    },
    DropForeignKey {
        table: String,
        name: String,
    },
    /// PostgreSQL `DROP CONSTRAINT` (a unique constraint).
    DropConstraint {
        table: String,
        name: String,
    },
    /// PostgreSQL `ADD CONSTRAINT .. UNIQUE` (raw SQL).
    AddUniqueConstraint {
        index: IndexSpec,
    },
    /// Raw SQL run as written.
    Sql(String),
}

impl Step {
    /// The SQL sea-query renders for this step on `backend`.
    pub(crate) fn sql(&self, backend: Backend) -> String {
        match self {
            Step::CreateTable(table) => render(&create_table(table), backend),
            Step::DropTable { table } => {
                let stmt = Table::drop().table(iden(table)).to_owned();
                pick(
                    backend,
                    || stmt.to_string(PostgresQueryBuilder),
                    || stmt.to_string(SqliteQueryBuilder),
                )
            }
            Step::RenameTable { from, to } => {
                let stmt = Table::rename().table(iden(from), iden(to)).to_owned();
                pick(
                    backend,
                    || stmt.to_string(PostgresQueryBuilder),
                    || stmt.to_string(SqliteQueryBuilder),
                )
            }
            Step::AddColumn { table, column } => {
                let stmt = Table::alter()
                    .table(iden(table))
                    .add_column(column_def(column))
                    .to_owned();
                pick(
                    backend,
                    || stmt.to_string(PostgresQueryBuilder),
                    || stmt.to_string(SqliteQueryBuilder),
                )
            }
            Step::DropColumn { table, column } => {
                let stmt = Table::alter()
                    .table(iden(table))
                    .drop_column(iden(column))
                    .to_owned();
                pick(
                    backend,
                    || stmt.to_string(PostgresQueryBuilder),
                    || stmt.to_string(SqliteQueryBuilder),
                )
            }
            Step::RenameColumn { table, from, to } => {
                let stmt = Table::alter()
                    .table(iden(table))
                    .rename_column(iden(from), iden(to))
                    .to_owned();
                pick(
                    backend,
                    || stmt.to_string(PostgresQueryBuilder),
                    || stmt.to_string(SqliteQueryBuilder),
                )
            }
            Step::AlterType { table, column, ty } => Table::alter()
                .table(iden(table))
                .modify_column(ColumnDef::new_with_type(iden(column), ty.clone()))
                .to_string(PostgresQueryBuilder),
            Step::SetNotNull {
                table,
                column,
                not_null,
            } => {
                let mut def = ColumnDef::new(iden(column));
                if *not_null {
                    def.not_null();
                } else {
                    def.null();
                }
                Table::alter()
                    .table(iden(table))
                    .modify_column(def)
                    .to_string(PostgresQueryBuilder)
            }
            Step::SetDefault {
                table,
                column,
                default,
            } => {
                let mut def = ColumnDef::new(iden(column));
                set_default(&mut def, default);
                Table::alter()
                    .table(iden(table))
                    .modify_column(def)
                    .to_string(PostgresQueryBuilder)
            }
            Step::DropDefault { table, column } => drop_default_sql(table, column),
            Step::CreateIndex {
                index,
                concurrently,
            } => {
                let mut stmt = create_index(index);
                if *concurrently {
                    stmt.concurrently().if_not_exists();
                }
                pick(
                    backend,
                    || stmt.to_string(PostgresQueryBuilder),
                    || stmt.to_string(SqliteQueryBuilder),
                )
            }
            Step::DropIndex {
                index,
                concurrently,
            } => {
                let mut stmt = Index::drop()
                    .name(index.name.as_str())
                    .table(iden(&index.table))
                    .to_owned();
                if *concurrently {
                    stmt.concurrently().if_exists();
                }
                pick(
                    backend,
                    || stmt.to_string(PostgresQueryBuilder),
                    || stmt.to_string(SqliteQueryBuilder),
                )
            }
            Step::AddForeignKey {
                table,
                fk,
                not_valid,
            } => {
                if *not_valid {
                    add_foreign_key_not_valid_sql(table, fk)
                } else {
                    foreign_key_create(table, fk).to_string(PostgresQueryBuilder)
                }
            }
            Step::ValidateConstraint { table, name } => validate_sql(table, name),
            Step::DropForeignKey { table, name } => ForeignKey::drop()
                .name(name.as_str())
                .table(iden(table))
                .to_string(PostgresQueryBuilder),
            Step::DropConstraint { table, name } => Table::alter()
                .table(iden(table))
                .drop_constraint(iden(name))
                .to_string(PostgresQueryBuilder),
            Step::AddUniqueConstraint { index } => add_unique_sql(index),
            Step::Sql(sql) => sql.clone(),
        }
    }
}

fn pick(backend: Backend, postgres: impl Fn() -> String, sqlite: impl Fn() -> String) -> String {
    match backend {
        Backend::Postgres => postgres(),
        Backend::Sqlite => sqlite(),
    }
}

fn render(stmt: &TableCreateStatement, backend: Backend) -> String {
    pick(
        backend,
        || stmt.to_string(PostgresQueryBuilder),
        || stmt.to_string(SqliteQueryBuilder),
    )
}

/// `Table::create()` with every column, the primary key, the unique constraints and the
/// foreign keys.
pub(crate) fn create_table(table: &TableSpec) -> TableCreateStatement {
    let mut stmt = Table::create();
    stmt.table(iden(&table.name));
    for column in &table.columns {
        let mut def = column_def(column);
        if table.primary_key.len() == 1 && table.primary_key.first() == Some(&column.name) {
            def.primary_key();
        }
        stmt.col(def);
    }
    if table.primary_key.len() > 1 {
        let mut key = Index::create();
        key.name(format!("pk-{}", table.name));
        for c in &table.primary_key {
            key.col(iden(c));
        }
        stmt.primary_key(&mut key);
    }
    for unique in &table.unique_constraints {
        let mut index = Index::create();
        index.name(unique.name.as_str()).unique();
        for c in &unique.columns {
            index.col(iden(c));
        }
        stmt.index(&mut index);
    }
    for fk in &table.foreign_keys {
        stmt.foreign_key(&mut table_foreign_key(&table.name, fk));
    }
    stmt
}

/// `ColumnDef::new(..)` with the column's type, nullability, auto-increment, uniqueness
/// and default.
pub(crate) fn column_def(column: &ColumnSpec) -> ColumnDef {
    let mut def = ColumnDef::new_with_type(iden(&column.name), column.ty.clone());
    if column.not_null {
        def.not_null();
    } else {
        def.null();
    }
    if column.auto_increment {
        def.auto_increment();
    }
    if column.unique {
        def.unique_key();
    }
    if let Some(default) = &column.default {
        set_default(&mut def, default);
    }
    def
}

fn set_default(def: &mut ColumnDef, default: &DefaultSpec) {
    match default {
        DefaultSpec::Literal(Literal::Text(t)) => {
            def.default(t.clone());
        }
        DefaultSpec::Literal(Literal::Number(n)) => {
            if let Ok(i) = n.parse::<i64>() {
                def.default(i);
            } else if let Ok(f) = n.parse::<f64>() {
                def.default(f);
            } else {
                def.default(Expr::cust(n.clone()));
            }
        }
        DefaultSpec::Literal(Literal::Bool(b)) => {
            def.default(*b);
        }
        DefaultSpec::CurrentTimestamp => {
            def.default(Expr::current_timestamp());
        }
        DefaultSpec::Custom(sql) => {
            def.default(Expr::cust(sql.clone()));
        }
    }
}

fn create_index(index: &IndexSpec) -> IndexCreateStatement {
    let mut stmt = Index::create();
    stmt.name(index.name.as_str()).table(iden(&index.table));
    for c in &index.columns {
        stmt.col(iden(c));
    }
    if index.unique {
        stmt.unique();
    }
    stmt
}

fn table_foreign_key(table: &str, fk: &ForeignKeySpec) -> sea_query::ForeignKeyCreateStatement {
    let mut key = ForeignKey::create();
    if let Some(name) = &fk.name {
        key.name(name.as_str());
    }
    key.from_tbl(iden(table)).to_tbl(iden(&fk.target_table));
    for (from, to) in fk.columns.iter().zip(&fk.target_columns) {
        key.from_col(iden(from)).to_col(iden(to));
    }
    key.on_delete(action(fk.on_delete))
        .on_update(action(fk.on_update));
    key
}

fn foreign_key_create(table: &str, fk: &ForeignKeySpec) -> sea_query::ForeignKeyCreateStatement {
    table_foreign_key(table, fk)
}

/// A sea-query identifier for a name we hold.
fn iden(name: &str) -> Alias {
    Alias::new(name)
}

pub(crate) fn action(action: ReferentialAction) -> ForeignKeyAction {
    match action {
        ReferentialAction::NoAction => ForeignKeyAction::NoAction,
        ReferentialAction::Restrict => ForeignKeyAction::Restrict,
        ReferentialAction::Cascade => ForeignKeyAction::Cascade,
        ReferentialAction::SetNull => ForeignKeyAction::SetNull,
        ReferentialAction::SetDefault => ForeignKeyAction::SetDefault,
    }
}

/// `"name"`, quoted as both backends quote identifiers.
pub(crate) fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn quoted_list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| quoted(n))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn drop_default_sql(table: &str, column: &str) -> String {
    format!(
        "ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT",
        quoted(table),
        quoted(column)
    )
}

pub(crate) fn add_foreign_key_not_valid_sql(table: &str, fk: &ForeignKeySpec) -> String {
    let name = fk.name.clone().unwrap_or_default();
    format!(
        "ALTER TABLE {} ADD CONSTRAINT {}\nFOREIGN KEY ({}) REFERENCES {} ({})\nON DELETE {} ON UPDATE {} NOT VALID",
        quoted(table),
        quoted(&name),
        quoted_list(&fk.columns),
        quoted(&fk.target_table),
        quoted_list(&fk.target_columns),
        fk.on_delete.sql(),
        fk.on_update.sql()
    )
}

pub(crate) fn validate_sql(table: &str, name: &str) -> String {
    format!(
        "ALTER TABLE {} VALIDATE CONSTRAINT {}",
        quoted(table),
        quoted(name)
    )
}

pub(crate) fn add_unique_sql(index: &IndexSpec) -> String {
    format!(
        "ALTER TABLE {} ADD CONSTRAINT {} UNIQUE ({})",
        quoted(&index.table),
        quoted(&index.name),
        quoted_list(&index.columns)
    )
}

/// `INSERT INTO "new" (..) SELECT .. FROM "old"`: the copy of a SQLite table rebuild.
/// `columns` pairs each column of the new table with the SQL that fills it.
pub(crate) fn copy_sql(new: &str, old: &str, columns: &[(String, String)]) -> String {
    let into: Vec<String> = columns.iter().map(|(c, _)| quoted(c)).collect();
    let from: Vec<String> = columns.iter().map(|(_, e)| e.clone()).collect();
    format!(
        "INSERT INTO {} ({})\nSELECT {}\nFROM {}",
        quoted(new),
        wrapped(&into),
        wrapped(&from),
        quoted(old)
    )
}

/// `a, b, c`, on several lines of at most about 80 characters (the SQL is a string
/// literal in the migration's source, which rustfmt does not wrap).
fn wrapped(items: &[String]) -> String {
    let mut out = String::new();
    let mut line = 0;
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
            if line + item.len() > 72 {
                out.push_str("\n    ");
                line = 4;
            } else {
                out.push(' ');
                line += 2;
            }
        }
        out.push_str(item);
        line += item.len();
    }
    out
}

/// `UPDATE "t" SET "c" = <value> WHERE "c" IS NULL`.
pub(crate) fn backfill_sql(table: &str, column: &str, value: &str) -> String {
    format!(
        "UPDATE {} SET {} = {}\nWHERE {} IS NULL",
        quoted(table),
        quoted(column),
        value,
        quoted(column)
    )
}
