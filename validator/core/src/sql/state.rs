//! The schema as it stood before a migration: which tables exist, with which columns.
//! The capture engine reads it from the scratch database (exact); the static and SQL
//! paths replay the statements of earlier migrations (an approximation that only knows
//! what those statements say).

use std::collections::BTreeMap;

use super::facts::{ActionKind, Kind, Statement};

/// What a rule may ask about a column that existed before the migration.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ColumnState {
    pub name: String,
    pub not_null: bool,
    pub primary_key: bool,
    /// Covered by a unique constraint or unique index (alone).
    pub unique: bool,
    /// Part of any index.
    pub indexed: bool,
    /// Part of a foreign key.
    pub references: bool,
}

/// A table that existed before the migration.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableState {
    pub columns: Vec<ColumnState>,
}

impl TableState {
    pub fn column(&self, name: &str) -> Option<&ColumnState> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// Tables by name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SchemaState {
    pub tables: BTreeMap<String, TableState>,
}

impl SchemaState {
    /// Whether the table existed before the migration.
    pub fn has_table(&self, name: &str) -> bool {
        self.tables.contains_key(name)
    }

    pub fn table(&self, name: &str) -> Option<&TableState> {
        self.tables.get(name)
    }

    /// Applies what a migration's statements say (static and SQL paths).
    pub(crate) fn replay(&mut self, statements: &[Statement]) {
        for s in statements {
            match &s.kind {
                Kind::CreateTable { table } => {
                    self.tables.entry(table.clone()).or_default();
                }
                Kind::DropTable { tables, .. } => {
                    for t in tables {
                        self.tables.remove(t);
                    }
                }
                Kind::AlterTable { table, actions } => {
                    for a in actions {
                        match &a.what {
                            ActionKind::AddColumn {
                                column,
                                not_null,
                                primary_key,
                                unique,
                                references,
                                ..
                            } => {
                                let t = self.tables.entry(table.clone()).or_default();
                                t.columns.push(ColumnState {
                                    name: column.clone(),
                                    not_null: *not_null,
                                    primary_key: *primary_key,
                                    unique: *unique,
                                    indexed: *unique || *primary_key,
                                    references: *references,
                                });
                            }
                            ActionKind::DropColumn { column } => {
                                if let Some(t) = self.tables.get_mut(table) {
                                    t.columns.retain(|c| &c.name != column);
                                }
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

/// The schema the rules see, read from a live database (the exact engine reads it from
/// the scratch database before each migration).
#[cfg(feature = "drift")]
impl From<&crate::schema::LiveSchema> for SchemaState {
    fn from(live: &crate::schema::LiveSchema) -> Self {
        use crate::schema::IndexOrigin;
        let mut state = SchemaState::default();
        for t in &live.tables {
            let columns = t
                .columns
                .iter()
                .map(|c| ColumnState {
                    name: c.name.clone(),
                    not_null: c.not_null,
                    primary_key: t.primary_key.contains(&c.name),
                    unique: t.is_unique(&[c.name.as_str()]),
                    indexed: t.indexes.iter().any(|i| {
                        i.columns.contains(&c.name) && i.origin != IndexOrigin::PrimaryKey
                    }) || t.primary_key.contains(&c.name),
                    references: t.foreign_keys.iter().any(|f| f.columns.contains(&c.name)),
                })
                .collect();
            state.tables.insert(t.name.clone(), TableState { columns });
        }
        state
    }
}
