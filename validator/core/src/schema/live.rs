//! What a live database holds: tables, columns, keys, foreign keys and indexes, as plain
//! data. Reading it takes a database (`validator-db`); comparing it does not.

use sea_query::ColumnType;
use validator_base::Backend;

/// The schema of one database (PostgreSQL: the current schema).
#[derive(Clone, Debug, PartialEq)]
pub struct LiveSchema {
    pub backend: Backend,
    /// The schema that was read: PostgreSQL's `current_schema()`, SQLite's `main`.
    pub schema: String,
    pub tables: Vec<LiveTable>,
    /// Views, which an entity may map instead of a table.
    pub views: Vec<String>,
    /// PostgreSQL enum types and their values.
    pub enums: Vec<LiveEnum>,
}

impl LiveSchema {
    /// The table called `name`, if any.
    pub fn table(&self, name: &str) -> Option<&LiveTable> {
        self.tables.iter().find(|table| table.name == name)
    }

    /// Table names, sorted.
    pub fn table_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.tables.iter().map(|t| t.name.as_str()).collect();
        names.sort_unstable();
        names
    }
}

/// A table with everything drift compares.
#[derive(Clone, Debug, PartialEq)]
pub struct LiveTable {
    pub name: String,
    pub columns: Vec<LiveColumn>,
    /// Primary key columns in key order.
    pub primary_key: Vec<String>,
    pub foreign_keys: Vec<LiveForeignKey>,
    /// Every index, including those behind unique and primary key constraints.
    pub indexes: Vec<LiveIndex>,
}

impl LiveTable {
    pub fn column(&self, name: &str) -> Option<&LiveColumn> {
        self.columns.iter().find(|column| column.name == name)
    }

    pub fn index(&self, name: &str) -> Option<&LiveIndex> {
        self.indexes.iter().find(|index| index.name == name)
    }

    /// True when some unique index or constraint covers exactly `columns` (in any order).
    pub fn is_unique(&self, columns: &[&str]) -> bool {
        let same = |cols: &[String]| {
            cols.len() == columns.len() && columns.iter().all(|c| cols.iter().any(|x| x == c))
        };
        same(&self.primary_key) || self.indexes.iter().any(|i| i.unique && same(&i.columns))
    }
}

/// A column as the database describes it.
#[derive(Clone, Debug, PartialEq)]
pub struct LiveColumn {
    pub name: String,
    /// The type at the level SeaORM maps Rust types to (`BigInteger`, `String(N(16))`, ...).
    pub column_type: ColumnType,
    /// The type as the database spells it: PostgreSQL's `format_type` (`character
    /// varying(16)`), SQLite's declared type as written (`varchar(16)`, or empty). SQLite
    /// derives a column's affinity from this text, which `column_type` cannot recover.
    pub declared_type: String,
    pub not_null: bool,
    pub has_default: bool,
    /// The default as the database shows it (PostgreSQL's `pg_get_expr`, SQLite's
    /// `dflt_value` as written), when there is one.
    pub default: Option<String>,
    /// Identity, serial, or SQLite `AUTOINCREMENT`.
    pub auto_increment: bool,
}

/// A foreign key constraint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveForeignKey {
    /// The constraint name; SQLite foreign keys have none.
    pub name: Option<String>,
    pub columns: Vec<String>,
    pub foreign_table: String,
    pub foreign_columns: Vec<String>,
    pub on_delete: ReferentialAction,
    pub on_update: ReferentialAction,
}

/// What a foreign key does when the referenced row is deleted or updated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReferentialAction {
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

impl ReferentialAction {
    /// SeaORM's spelling (`ForeignKeyAction` variant name), as used in entity attributes.
    pub fn seaorm_name(self) -> &'static str {
        match self {
            ReferentialAction::NoAction => "NoAction",
            ReferentialAction::Restrict => "Restrict",
            ReferentialAction::Cascade => "Cascade",
            ReferentialAction::SetNull => "SetNull",
            ReferentialAction::SetDefault => "SetDefault",
        }
    }

    /// SQL's spelling.
    pub fn sql(self) -> &'static str {
        match self {
            ReferentialAction::NoAction => "NO ACTION",
            ReferentialAction::Restrict => "RESTRICT",
            ReferentialAction::Cascade => "CASCADE",
            ReferentialAction::SetNull => "SET NULL",
            ReferentialAction::SetDefault => "SET DEFAULT",
        }
    }
}

/// An index, named as the database names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveIndex {
    pub name: String,
    pub columns: Vec<String>,
    pub unique: bool,
    pub origin: IndexOrigin,
    /// A partial index (`WHERE ..`) or one over expressions: it does not index, or make
    /// unique, the listed columns on every row.
    pub partial: bool,
}

/// Why an index exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IndexOrigin {
    /// `CREATE [UNIQUE] INDEX`.
    CreateIndex,
    /// A `UNIQUE` constraint (or SQLite's automatic index for one).
    UniqueConstraint,
    /// The primary key.
    PrimaryKey,
}

/// A PostgreSQL enum type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveEnum {
    pub name: String,
    pub values: Vec<String>,
}
