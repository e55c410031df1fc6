//! What drift rules see: the typed differences between the entities and the database
//! ([`SchemaDiff`]), and the helpers their findings share. Rules do not compare
//! anything themselves: each turns the differences of its kind into findings.

use crate::diagnostic::{Finding, Label};
use crate::model::{Column, Entity, Model, Relation};
use crate::schema::LiveSchema;
use crate::schema::diff::{Difference, SchemaDiff, TablePair};

/// What drift rules see.
pub(crate) struct Context<'a> {
    pub(crate) diff: SchemaDiff<'a>,
}

impl<'a> Context<'a> {
    pub(crate) fn new(model: &'a Model, live: &'a LiveSchema, ignore_tables: &[String]) -> Self {
        Context {
            diff: SchemaDiff::new(model, live, ignore_tables),
        }
    }

    /// Every difference, in order.
    pub(crate) fn differences(&self) -> impl Iterator<Item = &Difference<'a>> {
        self.diff.differences.iter()
    }

    /// The entity table at `index` of the diff.
    pub(crate) fn pair(&self, index: usize) -> Option<&TablePair<'a>> {
        self.diff.pair(index)
    }

    /// The database's backend.
    pub(crate) fn backend(&self) -> validator_base::Backend {
        self.diff.live.backend
    }
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

/// A label on a relation's attribute (or builder call).
pub(crate) fn relation_label(
    entity: &Entity,
    relation: &Relation,
    message: impl Into<String>,
) -> Label {
    Label::new(entity.file.clone(), relation.span, message)
}
