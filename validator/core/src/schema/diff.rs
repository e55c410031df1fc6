//! The one comparison of the entities with a live schema: every way they differ, as typed
//! data. The drift rules turn these differences into findings (`validator drift`,
//! `migration verify`); `migration generate` turns them into the operations of a
//! migration. Neither compares anything itself, so the two cannot disagree.
//!
//! Each difference names the entity table it is about by its index in
//! [`SchemaDiff::tables`]. Differences come out in a fixed order: kind by kind, in the
//! order of [`Difference`]'s variants, and within a kind table by table and column by
//! column, as the entities declare them.

use super::defaults::{self, DefaultComparison};
use super::expected::{ExpectedTable, UniqueSet};
use super::live::{
    IndexOrigin, LiveColumn, LiveForeignKey, LiveIndex, LiveSchema, LiveTable, ReferentialAction,
};
use super::sql_type::{Affinity, TypeComparison, compare};
use crate::model::{Column, Entity, Model, RelationKind};

/// The entities, the live schema, and how they differ.
pub(crate) struct SchemaDiff<'a> {
    pub(crate) live: &'a LiveSchema,
    /// Every entity whose table the live schema can hold, with that table when it exists.
    pub(crate) tables: Vec<TablePair<'a>>,
    /// Tables no entity maps (tracking tables left out).
    pub(crate) unmapped: Vec<&'a LiveTable>,
    pub(crate) differences: Vec<Difference<'a>>,
}

/// An entity and its table in the database.
pub(crate) struct TablePair<'a> {
    pub(crate) expected: ExpectedTable<'a>,
    pub(crate) live: Option<&'a LiveTable>,
    /// The first entity mapping this table: what the database has beyond the entities is
    /// reported once per table, against every entity mapping it.
    pub(crate) first: bool,
}

/// One way the entities and the database differ. `pair` indexes [`SchemaDiff::tables`];
/// `fk` indexes that pair's expected foreign keys.
pub(crate) enum Difference<'a> {
    /// An entity's table does not exist (reported for the first entity mapping it).
    MissingTable { pair: usize },
    /// A table no entity maps.
    ExtraTable { table: &'a LiveTable },
    /// A field whose column does not exist.
    MissingColumn { pair: usize, column: &'a Column },
    /// A column no entity mapping the table has.
    ExtraColumn { pair: usize, column: &'a LiveColumn },
    /// A column whose type is not the one SeaORM maps the field to.
    ColumnType {
        pair: usize,
        /// Index into the pair's expected columns.
        column: usize,
        live: &'a LiveColumn,
        expected_sql: String,
        live_sql: String,
        /// SQLite only: both affinities, when they are what differs.
        affinities: Option<(Affinity, Affinity)>,
    },
    /// `NULL`able on one side only.
    Nullability {
        pair: usize,
        column: &'a Column,
        live: &'a LiveColumn,
    },
    /// A default the entity declares that the column lacks, or has with another value. A
    /// database default the entity does not declare is not a difference: entities often
    /// leave defaults to the database, and inserts may rely on them. (Only `generate`
    /// reads it: no drift rule reports defaults.)
    #[cfg_attr(not(feature = "generate"), allow(dead_code))]
    Default {
        pair: usize,
        column: &'a Column,
        live: &'a LiveColumn,
    },
    /// Another primary key than the entity's.
    PrimaryKey {
        pair: usize,
        declared: Vec<&'a Column>,
        live: &'a [String],
    },
    /// A declared unique set that nothing enforces.
    MissingUnique { pair: usize, set: UniqueSet<'a> },
    /// A unique constraint or index the entities do not declare.
    ExtraUnique { pair: usize, index: &'a LiveIndex },
    /// An `indexed` column that no index leads with.
    MissingIndex { pair: usize, column: &'a Column },
    /// A plain one-column index that serves nothing the entities declare: its column is
    /// not `indexed` and leads no foreign key. (No drift rule reports it: indexes are the
    /// migrations' business; `generate` drops it.)
    #[cfg_attr(not(feature = "generate"), allow(dead_code))]
    ExtraIndex { pair: usize, index: &'a LiveIndex },
    /// A `belongs_to` with no foreign key constraint.
    MissingForeignKey { pair: usize, fk: usize },
    /// A foreign key no `belongs_to` declares.
    ExtraForeignKey {
        pair: usize,
        fk: &'a LiveForeignKey,
        referenced: Vec<String>,
    },
    /// A foreign key that references another table or other columns.
    ForeignKeyTarget {
        pair: usize,
        fk: usize,
        live: &'a LiveForeignKey,
        referenced: Vec<String>,
    },
    /// A foreign key whose `ON DELETE`/`ON UPDATE` differ from the relation's.
    ForeignKeyActions {
        pair: usize,
        fk: usize,
        live: &'a LiveForeignKey,
        mismatches: Vec<ActionMismatch>,
    },
}

/// One referential action that differs.
pub(crate) struct ActionMismatch {
    /// `on_delete` or `on_update`.
    pub(crate) key: &'static str,
    /// `ON DELETE` or `ON UPDATE`.
    pub(crate) sql: &'static str,
    pub(crate) expected: ReferentialAction,
    /// Whether the relation writes the action (else it is the default, `NO ACTION`).
    pub(crate) written: bool,
    pub(crate) live: ReferentialAction,
}

impl<'a> SchemaDiff<'a> {
    /// Compares every entity of `model` in the live schema's schema with `live`.
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
        let mut diff = SchemaDiff {
            live,
            tables,
            unmapped,
            differences: Vec::new(),
        };
        diff.differences = diff.compute();
        diff
    }

    /// Pairs whose table exists, with their index.
    pub(crate) fn present(&self) -> impl Iterator<Item = (usize, &TablePair<'a>, &'a LiveTable)> {
        self.tables
            .iter()
            .enumerate()
            .filter_map(|(i, t)| t.live.map(|live| (i, t, live)))
    }

    /// Every entity mapping `table`.
    pub(crate) fn mates(&self, table: &str) -> impl Iterator<Item = &TablePair<'a>> {
        self.tables
            .iter()
            .filter(move |t| t.expected.name() == table)
    }

    /// The pair at `index`.
    pub(crate) fn pair(&self, index: usize) -> Option<&TablePair<'a>> {
        self.tables.get(index)
    }

    fn compute(&self) -> Vec<Difference<'a>> {
        let mut out = Vec::new();
        self.tables_differ(&mut out);
        self.columns_differ(&mut out);
        self.keys_differ(&mut out);
        self.indexes_differ(&mut out);
        self.foreign_keys_differ(&mut out);
        out
    }

    fn tables_differ(&self, out: &mut Vec<Difference<'a>>) {
        for (pair, t) in self.tables.iter().enumerate() {
            if t.live.is_none() && t.first {
                out.push(Difference::MissingTable { pair });
            }
        }
        for table in &self.unmapped {
            out.push(Difference::ExtraTable { table });
        }
    }

    fn columns_differ(&self, out: &mut Vec<Difference<'a>>) {
        for (pair, t, live) in self.present() {
            for column in &t.expected.entity.columns {
                if live.column(&column.column_name).is_none() {
                    out.push(Difference::MissingColumn { pair, column });
                }
            }
        }
        for (pair, t, live) in self.present().filter(|(_, t, _)| t.first) {
            for column in &live.columns {
                let mapped = self
                    .mates(t.expected.name())
                    .any(|mate| mate.expected.column(&column.name).is_some());
                if !mapped {
                    out.push(Difference::ExtraColumn { pair, column });
                }
            }
        }
        for (pair, t, live) in self.present() {
            for (index, expected) in t.expected.columns.iter().enumerate() {
                let (Some(ty), Some(live_column)) = (&expected.ty, live.column(expected.name()))
                else {
                    continue;
                };
                if let TypeComparison::Differs {
                    expected_sql,
                    live_sql,
                    affinities,
                } = compare(self.live.backend, &ty.column_type, live_column)
                {
                    out.push(Difference::ColumnType {
                        pair,
                        column: index,
                        live: live_column,
                        expected_sql,
                        live_sql,
                        affinities,
                    });
                }
            }
        }
        for (pair, t, live) in self.present() {
            for column in &t.expected.entity.columns {
                let Some(live_column) = live.column(&column.column_name) else {
                    continue;
                };
                if nullability_differs(column, live_column) {
                    out.push(Difference::Nullability {
                        pair,
                        column,
                        live: live_column,
                    });
                }
            }
        }
        for (pair, t, live) in self.present() {
            for column in &t.expected.entity.columns {
                let Some(live_column) = live.column(&column.column_name) else {
                    continue;
                };
                if default_differs(column, live_column) {
                    out.push(Difference::Default {
                        pair,
                        column,
                        live: live_column,
                    });
                }
            }
        }
    }

    fn keys_differ(&self, out: &mut Vec<Difference<'a>>) {
        for (pair, t, live) in self.present() {
            let declared = t.expected.primary_key();
            let names: Vec<&str> = declared.iter().map(|c| c.column_name.as_str()).collect();
            // With a key column missing the key cannot match; that is the column's difference.
            if names.iter().any(|n| live.column(n).is_none()) {
                continue;
            }
            if !same_set(&names, &live.primary_key) {
                out.push(Difference::PrimaryKey {
                    pair,
                    declared,
                    live: &live.primary_key,
                });
            }
        }
        for (pair, t, live) in self.present() {
            for set in t.expected.unique_sets() {
                let names: Vec<&str> = set.columns.iter().map(|c| c.column_name.as_str()).collect();
                if names.iter().any(|n| live.column(n).is_none()) || enforced(live, &names) {
                    continue;
                }
                if !set.columns.is_empty() {
                    out.push(Difference::MissingUnique { pair, set });
                }
            }
        }
        for (pair, t, live) in self.present().filter(|(_, t, _)| t.first) {
            let mut seen: Vec<&[String]> = Vec::new();
            for index in &live.indexes {
                if !index.unique
                    || index.partial
                    || index.origin == IndexOrigin::PrimaryKey
                    || index.columns.is_empty()
                    || same_set(&index.columns, &live.primary_key)
                    || seen.iter().any(|s| same_set(s, &index.columns))
                {
                    continue;
                }
                seen.push(&index.columns);
                // Over columns no entity maps: that is the extra column's difference.
                if !self.all_mapped(t.expected.name(), &index.columns) {
                    continue;
                }
                let declared = self.mates(t.expected.name()).any(|mate| {
                    mate.expected.unique_sets().iter().any(|set| {
                        let names: Vec<&str> =
                            set.columns.iter().map(|c| c.column_name.as_str()).collect();
                        same_set(&names, &index.columns)
                    })
                });
                if !declared {
                    out.push(Difference::ExtraUnique { pair, index });
                }
            }
        }
    }

    fn indexes_differ(&self, out: &mut Vec<Difference<'a>>) {
        for (pair, t, live) in self.present() {
            for column in t.expected.indexed_columns() {
                if live.column(&column.column_name).is_some()
                    && !leads_an_index(live, &column.column_name)
                {
                    out.push(Difference::MissingIndex { pair, column });
                }
            }
        }
        for (pair, t, live) in self.present().filter(|(_, t, _)| t.first) {
            for index in &live.indexes {
                let [column] = index.columns.as_slice() else {
                    continue;
                };
                if index.unique || index.partial || index.origin != IndexOrigin::CreateIndex {
                    continue;
                }
                let serves = self.mates(t.expected.name()).any(|mate| {
                    mate.expected
                        .indexed_columns()
                        .any(|c| c.column_name == *column)
                        || mate
                            .expected
                            .foreign_keys
                            .iter()
                            .any(|fk| fk.columns.first() == Some(column))
                });
                if !serves && self.all_mapped(t.expected.name(), &index.columns) {
                    out.push(Difference::ExtraIndex { pair, index });
                }
            }
        }
    }

    fn foreign_keys_differ(&self, out: &mut Vec<Difference<'a>>) {
        for (pair, t, live) in self.present() {
            for (fk, expected) in t.expected.foreign_keys.iter().enumerate() {
                let columns_exist = expected.columns.iter().all(|c| live.column(c).is_some());
                let target_exists = self.live.table(&expected.target.table).is_some();
                if columns_exist
                    && target_exists
                    && live_foreign_key(live, &expected.columns).is_none()
                {
                    out.push(Difference::MissingForeignKey { pair, fk });
                }
            }
        }
        for (pair, t, live) in self.present().filter(|(_, t, _)| t.first) {
            let entity = t.expected.entity;
            for fk in &live.foreign_keys {
                if !self.all_mapped(&entity.table, &fk.columns) {
                    continue;
                }
                let declared = self.mates(&entity.table).any(|mate| {
                    let e = mate.expected.entity;
                    e.relations.iter().any(|r| {
                        r.kind == RelationKind::BelongsTo && {
                            let from: Vec<&str> = r
                                .from
                                .iter()
                                .filter_map(|v| e.column(v).map(|c| c.column_name.as_str()))
                                .collect();
                            same_set(&from, &fk.columns)
                        }
                    })
                });
                if !declared {
                    out.push(Difference::ExtraForeignKey {
                        pair,
                        fk,
                        referenced: referenced_columns(self.live, fk),
                    });
                }
            }
        }
        for (pair, t, live) in self.present() {
            for (fk, expected) in t.expected.foreign_keys.iter().enumerate() {
                let Some(found) = live_foreign_key(live, &expected.columns) else {
                    continue;
                };
                let referenced = referenced_columns(self.live, found);
                let same_target = found.foreign_table == expected.target.table
                    && pair_in_order(&expected.columns, &found.columns, &referenced)
                        == expected.target_columns;
                if !same_target {
                    out.push(Difference::ForeignKeyTarget {
                        pair,
                        fk,
                        live: found,
                        referenced,
                    });
                }
            }
        }
        for (pair, t, live) in self.present() {
            for (fk, expected) in t.expected.foreign_keys.iter().enumerate() {
                let Some(found) = live_foreign_key(live, &expected.columns) else {
                    continue;
                };
                // A constraint on another target is the target's difference.
                if found.foreign_table != expected.target.table
                    || !same_set(
                        &referenced_columns(self.live, found),
                        &expected.target_columns,
                    )
                {
                    continue;
                }
                let mut mismatches = Vec::new();
                for (key, sql, wanted, written, live_action) in [
                    (
                        "on_delete",
                        "ON DELETE",
                        expected.on_delete,
                        expected.relation.on_delete.is_some(),
                        found.on_delete,
                    ),
                    (
                        "on_update",
                        "ON UPDATE",
                        expected.on_update,
                        expected.relation.on_update.is_some(),
                        found.on_update,
                    ),
                ] {
                    if let Some(wanted) = wanted
                        && wanted != live_action
                    {
                        mismatches.push(ActionMismatch {
                            key,
                            sql,
                            expected: wanted,
                            written,
                            live: live_action,
                        });
                    }
                }
                if !mismatches.is_empty() {
                    out.push(Difference::ForeignKeyActions {
                        pair,
                        fk,
                        live: found,
                        mismatches,
                    });
                }
            }
        }
    }

    /// Whether every one of `columns` is mapped by some entity of `table`.
    fn all_mapped(&self, table: &str, columns: &[String]) -> bool {
        columns.iter().all(|c| {
            self.mates(table)
                .any(|mate| mate.expected.column(c).is_some())
        })
    }
}

/// Whether the column is `NULL`able on one side only. A key column is never NULL; an
/// `Option` key is another rule's business.
pub(crate) fn nullability_differs(column: &Column, live: &LiveColumn) -> bool {
    !(column.primary_key && column.nullable) && column.nullable == live.not_null
}

/// Whether the entity declares a default the column lacks or has with another value.
pub(crate) fn default_differs(column: &Column, live: &LiveColumn) -> bool {
    match &column.default {
        Some(declared) if !live.auto_increment => {
            defaults::compare(declared, live.default.as_deref()) == DefaultComparison::Differs
        }
        _ => false,
    }
}

/// Whether an entity's `schema_name` is the schema that was read (none means the current).
fn same_schema(entity: &Entity, live: &LiveSchema) -> bool {
    entity.schema.as_deref().is_none_or(|s| s == live.schema)
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

/// Whether a full (not partial) unique constraint or index, or the primary key, covers
/// exactly `columns`.
fn enforced(live: &LiveTable, columns: &[&str]) -> bool {
    same_set(columns, &live.primary_key)
        || live
            .indexes
            .iter()
            .any(|i| i.unique && !i.partial && same_set(columns, &i.columns))
}

/// Whether some full index (or the primary key) leads with `column`.
pub(crate) fn leads_an_index(live: &LiveTable, column: &str) -> bool {
    live.primary_key.first().is_some_and(|c| c == column)
        || live
            .indexes
            .iter()
            .any(|i| !i.partial && i.columns.first().is_some_and(|c| c == column))
}

/// The referenced columns reordered to follow `wanted` (the relation's `from` order).
fn pair_in_order(wanted: &[String], from: &[String], to: &[String]) -> Vec<String> {
    wanted
        .iter()
        .filter_map(|w| {
            from.iter()
                .position(|f| f == w)
                .and_then(|i| to.get(i))
                .cloned()
        })
        .collect()
}
