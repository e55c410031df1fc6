//! The schema the entity model describes, table by table: what SeaORM's
//! `Schema::create_table_from_entity` and `create_index_from_entity` would build.

use std::collections::BTreeMap;

use super::live::ReferentialAction;
use super::types::{ExpectedType, expected_type};
use crate::model::{Column, Entity, Model, Relation, RelationKind};

/// One entity's table as SeaORM would create it.
pub(crate) struct ExpectedTable<'m> {
    pub(crate) entity: &'m Entity,
    pub(crate) columns: Vec<ExpectedColumn<'m>>,
    pub(crate) foreign_keys: Vec<ExpectedForeignKey<'m>>,
}

/// One column and the type SeaORM maps it to (`None`: not knowable from the sources).
pub(crate) struct ExpectedColumn<'m> {
    pub(crate) column: &'m Column,
    pub(crate) ty: Option<ExpectedType>,
}

impl ExpectedColumn<'_> {
    /// The database column name.
    pub(crate) fn name(&self) -> &str {
        &self.column.column_name
    }
}

/// A set of columns the entity declares unique: `unique` on one column, or every column
/// sharing one `unique_key` name (SeaORM's index `idx-<table>-<key>`).
pub(crate) struct UniqueSet<'m> {
    pub(crate) columns: Vec<&'m Column>,
    /// The `unique_key` name, for a composite key.
    pub(crate) key: Option<&'m str>,
}

/// A foreign key a `belongs_to` declares (without `skip_fk`).
pub(crate) struct ExpectedForeignKey<'m> {
    pub(crate) relation: &'m Relation,
    /// The owner's columns, database names, in `from` order.
    pub(crate) columns: Vec<String>,
    pub(crate) target: &'m Entity,
    /// The target's columns, database names, in `to` order.
    pub(crate) target_columns: Vec<String>,
    /// `None` when the action is written in a way we do not recognise.
    pub(crate) on_delete: Option<ReferentialAction>,
    pub(crate) on_update: Option<ReferentialAction>,
}

impl<'m> ExpectedTable<'m> {
    pub(crate) fn new(model: &'m Model, entity: &'m Entity) -> Self {
        let columns = entity
            .columns
            .iter()
            .map(|column| ExpectedColumn {
                column,
                ty: expected_type(model, entity, column),
            })
            .collect();
        let foreign_keys = entity
            .relations
            .iter()
            .filter_map(|relation| foreign_key(model, entity, relation))
            .collect();
        ExpectedTable {
            entity,
            columns,
            foreign_keys,
        }
    }

    /// The table name.
    pub(crate) fn name(&self) -> &'m str {
        &self.entity.table
    }

    /// A column by database name.
    pub(crate) fn column(&self, name: &str) -> Option<&ExpectedColumn<'m>> {
        self.columns.iter().find(|c| c.name() == name)
    }

    /// The primary-key columns in declaration order.
    pub(crate) fn primary_key(&self) -> Vec<&'m Column> {
        self.entity
            .columns
            .iter()
            .filter(|c| c.primary_key)
            .collect()
    }

    /// Every declared unique set: single `unique` columns, then `unique_key` groups.
    pub(crate) fn unique_sets(&self) -> Vec<UniqueSet<'m>> {
        let mut sets: Vec<UniqueSet<'m>> = self
            .entity
            .columns
            .iter()
            .filter(|c| c.unique)
            .map(|c| UniqueSet {
                columns: vec![c],
                key: None,
            })
            .collect();
        let mut groups: BTreeMap<&'m str, Vec<&'m Column>> = BTreeMap::new();
        for column in &self.entity.columns {
            if let Some(key) = column.unique_key.as_deref() {
                groups.entry(key).or_default().push(column);
            }
        }
        sets.extend(groups.into_iter().map(|(key, columns)| UniqueSet {
            columns,
            key: Some(key),
        }));
        sets
    }

    /// Columns with `indexed` (SeaORM skips the index when `unique` is also set).
    pub(crate) fn indexed_columns(&self) -> impl Iterator<Item = &'m Column> + '_ {
        self.entity
            .columns
            .iter()
            .filter(|c| c.indexed && !c.unique)
    }
}

fn foreign_key<'m>(
    model: &'m Model,
    entity: &'m Entity,
    relation: &'m Relation,
) -> Option<ExpectedForeignKey<'m>> {
    if relation.kind != RelationKind::BelongsTo || relation.delegate.is_some() || relation.skip_fk {
        return None;
    }
    let target = model.entity(relation.target.resolved?)?;
    let columns: Vec<String> = relation
        .from
        .iter()
        .map(|v| entity.column(v).map(|c| c.column_name.to_string()))
        .collect::<Option<_>>()?;
    let target_columns: Vec<String> = relation
        .to
        .iter()
        .map(|v| target.column(v).map(|c| c.column_name.to_string()))
        .collect::<Option<_>>()?;
    if columns.is_empty() || columns.len() != target_columns.len() {
        return None;
    }
    Some(ExpectedForeignKey {
        relation,
        columns,
        target,
        target_columns,
        on_delete: action(relation.on_delete.as_deref()),
        on_update: action(relation.on_update.as_deref()),
    })
}

/// `ForeignKeyAction` as written (`Cascade`, `ForeignKeyAction::SetNull`); none given is
/// the database's default, NO ACTION.
fn action(written: Option<&str>) -> Option<ReferentialAction> {
    let Some(written) = written else {
        return Some(ReferentialAction::NoAction);
    };
    let name = written.rsplit("::").next().unwrap_or(written).trim();
    Some(match name {
        "Cascade" => ReferentialAction::Cascade,
        "SetNull" => ReferentialAction::SetNull,
        "Restrict" => ReferentialAction::Restrict,
        "NoAction" => ReferentialAction::NoAction,
        "SetDefault" => ReferentialAction::SetDefault,
        _ => return None,
    })
}
