//! What drift rules see: every entity with its table in the database, the tables no
//! entity maps, and the helpers their findings share.

use validator_base::Backend;

use crate::diagnostic::{Finding, Label};
use crate::model::{Column, Entity, Model, Relation};
use crate::schema::expected::ExpectedTable;
use crate::schema::{LiveForeignKey, LiveSchema, LiveTable};

/// What drift rules see.
pub(crate) struct Context<'a> {
    pub(crate) live: &'a LiveSchema,
    /// Every entity whose table drift can see, with that table when it exists.
    pub(crate) tables: Vec<TablePair<'a>>,
    /// Tables no entity maps (tracking tables left out).
    pub(crate) unmapped: Vec<&'a LiveTable>,
}

/// An entity and its table in the database.
pub(crate) struct TablePair<'a> {
    pub(crate) expected: ExpectedTable<'a>,
    pub(crate) live: Option<&'a LiveTable>,
    /// The first entity mapping this table: rules about what the database has beyond the
    /// entities report once per table, against every entity mapping it.
    pub(crate) first: bool,
}

impl<'a> Context<'a> {
    pub(crate) fn new(model: &'a Model, live: &'a LiveSchema, ignore_tables: &[String]) -> Self {
        let mut tables: Vec<TablePair<'a>> = Vec::new();
        for entity in &model.entities {
            if !same_schema(entity, live) || live.views.iter().any(|v| *v == entity.table) {
                continue;
            }
            let first = !tables.iter().any(|t| t.expected.name() == entity.table);
            tables.push(TablePair {
                expected: ExpectedTable::new(model, entity),
                live: live.table(&entity.table),
                first,
            });
        }
        let unmapped = live
            .tables
            .iter()
            .filter(|t| !ignore_tables.contains(&t.name))
            .filter(|t| {
                !model
                    .entities
                    .iter()
                    .any(|e| e.table == t.name && same_schema(e, live))
            })
            .collect();
        Context {
            live,
            tables,
            unmapped,
        }
    }

    /// Pairs whose table exists.
    pub(crate) fn present(&self) -> impl Iterator<Item = (&TablePair<'a>, &'a LiveTable)> {
        self.tables
            .iter()
            .filter_map(|t| t.live.map(|live| (t, live)))
    }

    /// Every entity mapping `table`.
    pub(crate) fn mates(&self, table: &str) -> impl Iterator<Item = &TablePair<'a>> {
        self.tables
            .iter()
            .filter(move |t| t.expected.name() == table)
    }

    /// The database's backend.
    pub(crate) fn backend(&self) -> Backend {
        self.live.backend
    }
}

/// Whether an entity's `schema_name` is the schema that was read (none means the current).
fn same_schema(entity: &Entity, live: &LiveSchema) -> bool {
    entity.schema.as_deref().is_none_or(|s| s == live.schema)
}

/// Findings with the table each is about.
#[derive(Default)]
pub(crate) struct Findings {
    pub(crate) items: Vec<(String, Finding)>,
}

impl Findings {
    pub(crate) fn push(&mut self, table: &str, finding: Finding) {
        self.items.push((table.to_owned(), finding));
    }
}

/// A label on an entity's field.
pub(crate) fn field_label(entity: &Entity, column: &Column, message: impl Into<String>) -> Label {
    Label::new(entity.file.clone(), column.span, message)
}

/// A label on an entity's `Model` (or `Entity`) struct.
pub(crate) fn entity_label(entity: &Entity, message: impl Into<String>) -> Label {
    Label::new(entity.file.clone(), entity.span, message)
}

/// `users.email`.
pub(crate) fn qualified(table: &str, column: &str) -> String {
    format!("{table}.{column}")
}

/// `(a, b)` with each name in backticks, or `` `a` `` for one.
pub(crate) fn column_list<S: AsRef<str>>(columns: &[S]) -> String {
    let names: Vec<String> = columns
        .iter()
        .map(|c| format!("`{}`", c.as_ref()))
        .collect();
    match names.as_slice() {
        [one] => one.clone(),
        _ => format!("({})", names.join(", ")),
    }
}

/// `` `t.c` `` for one column, `` `t` (`a`, `b`) `` for several.
pub(crate) fn table_columns<S: AsRef<str>>(table: &str, columns: &[S]) -> String {
    match columns {
        [one] => format!("`{table}.{}`", one.as_ref()),
        _ => format!("`{table}` {}", column_list(columns)),
    }
}

/// Whether two column lists hold the same names, in any order.
pub(crate) fn same_set<A: AsRef<str>, B: AsRef<str>>(a: &[A], b: &[B]) -> bool {
    a.len() == b.len() && a.iter().all(|x| b.iter().any(|y| y.as_ref() == x.as_ref()))
}

/// The foreign key of `live` over exactly `columns` (in any order).
pub(crate) fn live_foreign_key<'l, S: AsRef<str>>(
    live: &'l LiveTable,
    columns: &[S],
) -> Option<&'l LiveForeignKey> {
    live.foreign_keys
        .iter()
        .find(|fk| same_set(columns, &fk.columns))
}

/// The columns a live foreign key references; SQLite leaves them out when the key
/// references the parent's primary key (`REFERENCES users`).
pub(crate) fn referenced_columns(live: &LiveSchema, fk: &LiveForeignKey) -> Vec<String> {
    if fk.foreign_columns.iter().all(|c| c.is_empty()) {
        live.table(&fk.foreign_table)
            .map(|t| t.primary_key.clone())
            .unwrap_or_default()
    } else {
        fk.foreign_columns.clone()
    }
}

/// A label on a relation's attribute (or builder call).
pub(crate) fn relation_label(
    entity: &Entity,
    relation: &Relation,
    message: impl Into<String>,
) -> Label {
    Label::new(entity.file.clone(), relation.span, message)
}
