//! Tables as a migration writes them: every column with its type, nullability and
//! default, the primary key, the foreign keys with their actions, the unique constraints
//! and the indexes. A spec comes from an entity (what SeaORM's `Schema` would create, plus
//! an index on every foreign key) or from a live table (what the migrations created).

use sea_query::ColumnType;
use validator_base::Backend;

use crate::model::ColumnDefault;
use crate::schema::defaults::{DefaultValue, declared_value, sql_value};
use crate::schema::expected::{ExpectedColumn, ExpectedTable};
use crate::schema::sql_type::sqlite_declared;
use crate::schema::{IndexOrigin, LiveTable, ReferentialAction};

/// A table.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TableSpec {
    pub(crate) name: String,
    pub(crate) columns: Vec<ColumnSpec>,
    /// Primary key columns in key order; a one-column key is written on the column.
    pub(crate) primary_key: Vec<String>,
    pub(crate) foreign_keys: Vec<ForeignKeySpec>,
    /// Unique constraints over several columns, written inside `CREATE TABLE`.
    pub(crate) unique_constraints: Vec<IndexSpec>,
    /// Indexes created after the table (`CREATE [UNIQUE] INDEX`).
    pub(crate) indexes: Vec<IndexSpec>,
}

/// A column.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ColumnSpec {
    pub(crate) name: String,
    pub(crate) ty: ColumnType,
    pub(crate) not_null: bool,
    pub(crate) auto_increment: bool,
    /// A one-column `UNIQUE` constraint on the column.
    pub(crate) unique: bool,
    pub(crate) default: Option<DefaultSpec>,
}

/// A default as a migration writes it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum DefaultSpec {
    /// `.default("free")`, `.default(0)`, `.default(true)`.
    Literal(Literal),
    /// `.default(Expr::current_timestamp())`.
    CurrentTimestamp,
    /// `.default(Expr::cust("..."))`: SQL the database evaluates.
    Custom(String),
}

/// A literal value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Literal {
    Text(String),
    /// An integer or a decimal number, as written.
    Number(String),
    Bool(bool),
}

/// A foreign key.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ForeignKeySpec {
    /// `fk-<table>-<columns>` for new keys; SQLite's keys have no name.
    pub(crate) name: Option<String>,
    pub(crate) columns: Vec<String>,
    pub(crate) target_table: String,
    pub(crate) target_columns: Vec<String>,
    pub(crate) on_delete: ReferentialAction,
    pub(crate) on_update: ReferentialAction,
}

/// An index or a unique constraint.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct IndexSpec {
    pub(crate) name: String,
    pub(crate) table: String,
    pub(crate) columns: Vec<String>,
    pub(crate) unique: bool,
}

/// Why an entity cannot be written as a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Unwritable {
    pub(crate) table: String,
    pub(crate) column: Option<String>,
    pub(crate) reason: String,
}

impl TableSpec {
    pub(crate) fn column(&self, name: &str) -> Option<&ColumnSpec> {
        self.columns.iter().find(|c| c.name == name)
    }

    pub(crate) fn column_mut(&mut self, name: &str) -> Option<&mut ColumnSpec> {
        self.columns.iter_mut().find(|c| c.name == name)
    }

    /// The table SeaORM's `Schema` would create for an entity, with an index on every
    /// foreign key that no index, unique key or the primary key already leads with.
    pub(crate) fn from_entity(expected: &ExpectedTable<'_>) -> Result<TableSpec, Unwritable> {
        let table = expected.name().to_owned();
        let primary_key: Vec<String> = expected
            .primary_key()
            .iter()
            .map(|c| c.column_name.to_string())
            .collect();
        let columns = expected
            .columns
            .iter()
            .map(|c| TableSpec::entity_column(expected, c))
            .collect::<Result<Vec<_>, _>>()?;
        let foreign_keys: Vec<ForeignKeySpec> = expected
            .foreign_keys
            .iter()
            .map(|fk| ForeignKeySpec {
                name: Some(foreign_key_name(&table, &fk.columns)),
                columns: fk.columns.clone(),
                target_table: fk.target.table.to_string(),
                target_columns: fk.target_columns.clone(),
                on_delete: fk.on_delete.unwrap_or(ReferentialAction::NoAction),
                on_update: fk.on_update.unwrap_or(ReferentialAction::NoAction),
            })
            .collect();
        let mut unique_constraints = Vec::new();
        let mut indexes = Vec::new();
        for set in expected.unique_sets() {
            if let Some(key) = set.key {
                unique_constraints.push(IndexSpec {
                    name: index_name(&table, key),
                    table: table.clone(),
                    columns: set
                        .columns
                        .iter()
                        .map(|c| c.column_name.to_string())
                        .collect(),
                    unique: true,
                });
            }
        }
        for column in expected.indexed_columns() {
            indexes.push(IndexSpec {
                name: index_name(&table, &column.column_name),
                table: table.clone(),
                columns: vec![column.column_name.to_string()],
                unique: false,
            });
        }
        let mut spec = TableSpec {
            name: table.clone(),
            columns,
            primary_key,
            foreign_keys,
            unique_constraints,
            indexes,
        };
        for fk in spec.foreign_keys.clone() {
            if !spec.leads_an_index(&fk.columns) {
                spec.indexes.push(IndexSpec {
                    name: index_name(&table, &fk.columns.join("_")),
                    table: table.clone(),
                    columns: fk.columns.clone(),
                    unique: false,
                });
            }
        }
        Ok(spec)
    }

    /// One entity column as a migration writes it.
    pub(crate) fn entity_column(
        expected: &ExpectedTable<'_>,
        column: &ExpectedColumn<'_>,
    ) -> Result<ColumnSpec, Unwritable> {
        let c = column.column;
        let unwritable = |reason: String| Unwritable {
            table: expected.name().to_owned(),
            column: Some(c.column_name.to_string()),
            reason,
        };
        let Some(ty) = &column.ty else {
            return Err(unwritable(format!(
                "the column type of `{}` (`{}`) cannot be read from the sources; give it `column_type = \"..\"`",
                c.field, c.rust_type
            )));
        };
        if matches!(ty.column_type, ColumnType::Enum { .. }) {
            return Err(unwritable(
                "native enum types (`db_type = \"Enum\"`) are not generated: create the type in a hand-written migration, or store the enum as a string".to_owned(),
            ));
        }
        let default = match &c.default {
            Some(d) => Some(DefaultSpec::from_entity(d).ok_or_else(|| {
                unwritable(format!(
                    "its default `{}` is not a form generate writes: use a literal (`default_value = 0`), `Expr::current_timestamp()`, `Expr::val(..)` or `Expr::cust(\"SQL\")`",
                    default_text(d)
                ))
            })?),
            None => None,
        };
        let key_columns = expected.primary_key().len();
        let integer = matches!(
            ty.column_type,
            ColumnType::TinyInteger
                | ColumnType::SmallInteger
                | ColumnType::Integer
                | ColumnType::BigInteger
                | ColumnType::TinyUnsigned
                | ColumnType::SmallUnsigned
                | ColumnType::Unsigned
                | ColumnType::BigUnsigned
        );
        Ok(ColumnSpec {
            name: c.column_name.to_string(),
            ty: ty.column_type.clone(),
            not_null: !c.nullable || c.primary_key,
            // SeaORM: a one-column integer primary key auto-increments unless told otherwise.
            auto_increment: c.primary_key
                && key_columns == 1
                && integer
                && c.auto_increment != Some(false),
            unique: c.unique && !c.primary_key,
            default,
        })
    }

    /// A live table as a migration would create it again. On SQLite a type whose
    /// declared name sea-query would write differently is kept as written.
    pub(crate) fn from_live(table: &LiveTable, backend: Backend) -> TableSpec {
        let single_uniques: Vec<&str> = table
            .indexes
            .iter()
            .filter(|i| i.origin == IndexOrigin::UniqueConstraint && !i.partial)
            .filter_map(|i| match i.columns.as_slice() {
                [one] => Some(one.as_str()),
                _ => None,
            })
            .collect();
        let columns = table
            .columns
            .iter()
            .map(|c| {
                let mut ty = c.column_type.clone();
                if backend == Backend::Sqlite
                    && !c.declared_type.is_empty()
                    && sqlite_declared(&ty)
                        .is_none_or(|written| !written.eq_ignore_ascii_case(&c.declared_type))
                {
                    ty = ColumnType::custom(c.declared_type.clone());
                }
                let in_key = table.primary_key.contains(&c.name);
                ColumnSpec {
                    name: c.name.clone(),
                    ty,
                    not_null: c.not_null || in_key,
                    auto_increment: c.auto_increment,
                    unique: single_uniques.contains(&c.name.as_str()),
                    default: if c.auto_increment {
                        None
                    } else {
                        c.default.as_deref().map(DefaultSpec::from_sql)
                    },
                }
            })
            .collect();
        // SQLite keeps no constraint names: the migrations' names are taken to follow the
        // conventions (`fk-<table>-<columns>`, PostgreSQL's `<table>_<columns>_key`), which
        // is what PostgreSQL steps that drop them need.
        let foreign_keys = table
            .foreign_keys
            .iter()
            .map(|fk| ForeignKeySpec {
                name: fk
                    .name
                    .clone()
                    .or_else(|| Some(foreign_key_name(&table.name, &fk.columns))),
                columns: fk.columns.clone(),
                target_table: fk.foreign_table.clone(),
                target_columns: fk.foreign_columns.clone(),
                on_delete: fk.on_delete,
                on_update: fk.on_update,
            })
            .collect();
        let unique_constraints = table
            .indexes
            .iter()
            .filter(|i| {
                i.origin == IndexOrigin::UniqueConstraint && !i.partial && i.columns.len() > 1
            })
            .map(|i| IndexSpec {
                name: constraint_name(&table.name, &i.name, &i.columns),
                table: table.name.clone(),
                columns: i.columns.clone(),
                unique: true,
            })
            .collect();
        let indexes = table
            .indexes
            .iter()
            .filter(|i| i.origin == IndexOrigin::CreateIndex && !i.partial)
            .map(|i| IndexSpec {
                name: i.name.clone(),
                table: table.name.clone(),
                columns: i.columns.clone(),
                unique: i.unique,
            })
            .collect();
        TableSpec {
            name: table.name.clone(),
            columns,
            primary_key: table.primary_key.clone(),
            foreign_keys,
            unique_constraints,
            indexes,
        }
    }

    /// Whether the primary key, a unique constraint or an index leads with `columns`.
    pub(crate) fn leads_an_index(&self, columns: &[String]) -> bool {
        let leads = |key: &[String]| {
            key.len() >= columns.len() && key.iter().zip(columns).all(|(a, b)| a == b)
        };
        leads(&self.primary_key)
            || self.unique_constraints.iter().any(|i| leads(&i.columns))
            || self.indexes.iter().any(|i| leads(&i.columns))
            || matches!(columns, [one] if self.column(one).is_some_and(|c| c.unique))
    }

    /// The tables this one references (itself excluded).
    pub(crate) fn parents(&self) -> impl Iterator<Item = &str> {
        self.foreign_keys
            .iter()
            .map(|fk| fk.target_table.as_str())
            .filter(move |t| *t != self.name)
    }
}

impl DefaultSpec {
    /// An entity's `default_value` / `default_expr`, when it is a form we write.
    pub(crate) fn from_entity(default: &ColumnDefault) -> Option<DefaultSpec> {
        if let ColumnDefault::Expr(expr) = default {
            let compact: String = expr.chars().filter(|c| !c.is_whitespace()).collect();
            if let Some(inner) = compact
                .strip_prefix("Expr::cust(")
                .and_then(|r| r.strip_suffix(')'))
            {
                let sql = syn::parse_str::<syn::LitStr>(inner).ok()?.value();
                return Some(DefaultSpec::from_sql(&sql));
            }
        }
        Some(match declared_value(default)? {
            DefaultValue::CurrentTimestamp => DefaultSpec::CurrentTimestamp,
            DefaultValue::Number(n) => DefaultSpec::Literal(Literal::Number(n)),
            DefaultValue::Text(t) => DefaultSpec::Literal(Literal::Text(t)),
            DefaultValue::Bool(b) => DefaultSpec::Literal(Literal::Bool(b)),
            DefaultValue::Null => return None,
        })
    }

    /// A default as the database shows it.
    pub(crate) fn from_sql(text: &str) -> DefaultSpec {
        match sql_value(text) {
            Some(DefaultValue::CurrentTimestamp) => DefaultSpec::CurrentTimestamp,
            Some(DefaultValue::Number(n)) => DefaultSpec::Literal(Literal::Number(n)),
            Some(DefaultValue::Text(t)) => DefaultSpec::Literal(Literal::Text(t)),
            Some(DefaultValue::Bool(b)) => DefaultSpec::Literal(Literal::Bool(b)),
            Some(DefaultValue::Null) | None => DefaultSpec::Custom(text.trim().to_owned()),
        }
    }

    /// Whether SQLite accepts it in `ADD COLUMN` (a constant, not `CURRENT_TIMESTAMP`).
    pub(crate) fn is_constant(&self) -> bool {
        matches!(self, DefaultSpec::Literal(_))
    }

    /// The value as SQL, for messages and backfills.
    pub(crate) fn sql(&self) -> String {
        match self {
            DefaultSpec::Literal(Literal::Text(t)) => format!("'{}'", t.replace('\'', "''")),
            DefaultSpec::Literal(Literal::Number(n)) => n.clone(),
            DefaultSpec::Literal(Literal::Bool(b)) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
            DefaultSpec::CurrentTimestamp => "CURRENT_TIMESTAMP".to_owned(),
            DefaultSpec::Custom(sql) => sql.clone(),
        }
    }
}

fn default_text(default: &ColumnDefault) -> &str {
    match default {
        ColumnDefault::Value(v) | ColumnDefault::Expr(v) => v,
    }
}

/// A unique constraint's name: SQLite's automatic index names stand for PostgreSQL's
/// default, `<table>_<columns>_key`.
pub(crate) fn constraint_name(table: &str, name: &str, columns: &[String]) -> String {
    if name.starts_with("sqlite_autoindex_") {
        format!("{table}_{}_key", columns.join("_"))
    } else {
        name.to_owned()
    }
}

/// `idx-<table>-<what>`, SeaORM's and this workspace's index names.
pub(crate) fn index_name(table: &str, what: &str) -> String {
    format!("idx-{table}-{what}")
}

/// `fk-<table>-<columns>`.
pub(crate) fn foreign_key_name(table: &str, columns: &[String]) -> String {
    format!("fk-{table}-{}", columns.join("_"))
}
