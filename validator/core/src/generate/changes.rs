//! From the differences between the entities and the migrated schema to the changes a
//! migration makes, backend by backend still undecided: tables to create and drop, and
//! for each existing table its operations. This is where the safety decisions are made:
//! destructive steps, rename candidates, required columns on existing tables.

use std::collections::BTreeMap;

use sea_query::ColumnType;
use validator_base::Backend;

use super::options::{GenerateOptions, Refusal};
use super::spec::{
    ColumnSpec, DefaultSpec, ForeignKeySpec, IndexSpec, TableSpec, foreign_key_name, index_name,
};
use crate::schema::diff::{
    Difference, SchemaDiff, TablePair, default_differs, nullability_differs,
};
use crate::schema::expected::{ExpectedColumn, ExpectedTable};
use crate::schema::sql_type::{TypeComparison, compare, postgres_type_name};
use crate::schema::{IndexOrigin, LiveColumn, LiveTable};

/// What the migration changes.
#[derive(Debug, Default)]
pub(crate) struct Changes {
    /// New tables, parents before children.
    pub(crate) create: Vec<TableSpec>,
    /// Tables to drop (as they are now), children before parents.
    pub(crate) drop: Vec<TableSpec>,
    /// Existing tables that change, in table order.
    pub(crate) alter: Vec<TableChange>,
}

impl Changes {
    pub(crate) fn is_empty(&self) -> bool {
        self.create.is_empty() && self.drop.is_empty() && self.alter.is_empty()
    }
}

/// The operations on one existing table.
#[derive(Clone, Debug)]
pub(crate) struct TableChange {
    /// The table as the migrations left it.
    pub(crate) before: TableSpec,
    pub(crate) ops: Vec<TableOp>,
}

/// One operation on an existing table.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum TableOp {
    /// A new column; `backfill` fills the existing rows of a `NOT NULL` column that has
    /// no default.
    AddColumn {
        column: ColumnSpec,
        backfill: Option<String>,
    },
    /// A column and its data go; the indexes, unique constraints and foreign keys over
    /// it go with it (and come back on `down`).
    DropColumn {
        column: ColumnSpec,
        dependents: Dependents,
    },
    RenameColumn {
        from: String,
        to: String,
    },
    /// Type, nullability and default as they are and as they become; `backfill` replaces
    /// `NULL`s before the column becomes `NOT NULL`.
    AlterColumn {
        from: ColumnSpec,
        to: ColumnSpec,
        backfill: Option<String>,
    },
    /// `CREATE [UNIQUE] INDEX`.
    AddIndex(IndexSpec),
    /// `DROP INDEX`.
    DropIndex(IndexSpec),
    /// A unique constraint (not an index) goes: PostgreSQL `DROP CONSTRAINT`.
    DropUniqueConstraint(IndexSpec),
    AddForeignKey(ForeignKeySpec),
    DropForeignKey(ForeignKeySpec),
}

/// What goes with a dropped column.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Dependents {
    pub(crate) indexes: Vec<IndexSpec>,
    pub(crate) unique_constraints: Vec<IndexSpec>,
    pub(crate) foreign_keys: Vec<ForeignKeySpec>,
}

impl TableChange {
    /// The table after every operation.
    pub(crate) fn after(&self) -> TableSpec {
        let mut t = self.before.clone();
        for op in &self.ops {
            apply(&mut t, op);
        }
        t
    }
}

/// Applies one operation to a table spec.
pub(crate) fn apply(t: &mut TableSpec, op: &TableOp) {
    match op {
        TableOp::AddColumn { column, .. } => t.columns.push(column.clone()),
        TableOp::DropColumn { column, .. } => {
            let name = &column.name;
            t.columns.retain(|c| c.name != *name);
            t.indexes.retain(|i| !i.columns.contains(name));
            t.unique_constraints.retain(|i| !i.columns.contains(name));
            t.foreign_keys.retain(|fk| !fk.columns.contains(name));
        }
        TableOp::RenameColumn { from, to } => {
            let rename = |c: &mut String| {
                if c == from {
                    c.clone_from(to);
                }
            };
            if let Some(c) = t.column_mut(from) {
                c.name.clone_from(to);
            }
            t.primary_key.iter_mut().for_each(rename);
            for i in t.indexes.iter_mut().chain(t.unique_constraints.iter_mut()) {
                i.columns.iter_mut().for_each(rename);
            }
            for fk in &mut t.foreign_keys {
                fk.columns.iter_mut().for_each(rename);
            }
        }
        TableOp::AlterColumn { to, .. } => {
            if let Some(c) = t.column_mut(&to.name) {
                *c = to.clone();
            }
        }
        TableOp::AddIndex(index) => t.indexes.push(index.clone()),
        TableOp::DropIndex(index) => t.indexes.retain(|i| i.name != index.name),
        TableOp::DropUniqueConstraint(index) => {
            t.unique_constraints.retain(|i| i.name != index.name);
            if let [one] = index.columns.as_slice()
                && let Some(c) = t.column_mut(one)
            {
                c.unique = false;
            }
        }
        TableOp::AddForeignKey(fk) => t.foreign_keys.push(fk.clone()),
        TableOp::DropForeignKey(fk) => t.foreign_keys.retain(|k| k != fk),
    }
}

/// Works out the changes, or why they cannot be made as asked.
pub(crate) fn changes(
    diff: &SchemaDiff<'_>,
    ignored: &dyn Fn(&Difference<'_>) -> bool,
    options: &GenerateOptions,
) -> Result<Changes, Vec<Refusal>> {
    let backend = diff.live.backend;
    let mut refusals = Vec::new();
    let mut out = Changes::default();
    let mut per_table: BTreeMap<String, Vec<&Difference<'_>>> = BTreeMap::new();
    for difference in diff.differences.iter().filter(|d| !ignored(d)) {
        match difference {
            Difference::MissingTable { pair } => {
                let Some(pair) = diff.pair(*pair) else {
                    continue;
                };
                match TableSpec::from_entity(&pair.expected) {
                    Ok(spec) => out.create.push(spec),
                    Err(why) => refusals.push(Refusal::Unsupported {
                        what: format!("create table `{}`: {}", why.table, why.reason),
                    }),
                }
            }
            Difference::ExtraTable { table } => {
                let spec = TableSpec::from_live(table, backend);
                if !options.allow_destructive {
                    refusals.push(Refusal::Destructive {
                        what: format!(
                            "drop table `{}` ({} rows' worth of columns: {})",
                            table.name,
                            table.columns.len(),
                            column_names(table)
                        ),
                    });
                }
                out.drop.push(spec);
            }
            other => {
                if let Some(pair) = pair_of(other).and_then(|p| diff.pair(p))
                    && pair.live.is_some()
                {
                    per_table
                        .entry(pair.expected.name().to_owned())
                        .or_default()
                        .push(other);
                }
            }
        }
    }
    for (table, differences) in &per_table {
        let Some(pair) = diff.mates(table).next() else {
            continue;
        };
        let Some(live) = pair.live else { continue };
        match table_change(diff, pair, live, differences, options) {
            Ok(Some(change)) => out.alter.push(change),
            Ok(None) => {}
            Err(mut r) => refusals.append(&mut r),
        }
    }
    // Rename decisions for tables that had nothing to rename are mistakes on the command line.
    for rename in &options.renames {
        let known = per_table.get(&rename.table).is_some_and(|ds| {
            ds.iter()
                .any(|d| matches!(d, Difference::ExtraColumn { column, .. } if column.name == rename.from))
        });
        if !known {
            refusals.push(Refusal::Usage {
                what: format!(
                    "`--rename {}`: the migrations leave no column `{}.{}` that the entities drop",
                    rename, rename.table, rename.from
                ),
            });
        }
    }
    for backfill in &options.backfills {
        let used = out.alter.iter().any(|c| {
            c.before.name == backfill.table
                && c.ops.iter().any(|op| match op {
                    TableOp::AddColumn {
                        column,
                        backfill: Some(_),
                    }
                    | TableOp::AlterColumn {
                        to: column,
                        backfill: Some(_),
                        ..
                    } => column.name == backfill.column,
                    _ => false,
                })
        });
        if !used {
            refusals.push(Refusal::Usage {
                what: format!(
                    "`--default {backfill}`: no new or newly `NOT NULL` column `{}.{}` needs a value for existing rows",
                    backfill.table, backfill.column
                ),
            });
        }
    }
    if let Err(cycle) = order_parents_first(&mut out.create) {
        refusals.push(Refusal::Unsupported {
            what: format!(
                "the new tables {} reference each other in a cycle; create them by hand, adding one foreign key after both tables exist",
                cycle.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")
            ),
        });
    }
    order_children_first(&mut out.drop);
    if refusals.is_empty() {
        Ok(out)
    } else {
        Err(refusals)
    }
}

fn column_names(table: &LiveTable) -> String {
    table
        .columns
        .iter()
        .map(|c| c.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn pair_of(d: &Difference<'_>) -> Option<usize> {
    Some(match d {
        Difference::MissingTable { pair }
        | Difference::MissingColumn { pair, .. }
        | Difference::ExtraColumn { pair, .. }
        | Difference::ColumnType { pair, .. }
        | Difference::Nullability { pair, .. }
        | Difference::Default { pair, .. }
        | Difference::PrimaryKey { pair, .. }
        | Difference::MissingUnique { pair, .. }
        | Difference::ExtraUnique { pair, .. }
        | Difference::MissingIndex { pair, .. }
        | Difference::ExtraIndex { pair, .. }
        | Difference::MissingForeignKey { pair, .. }
        | Difference::ExtraForeignKey { pair, .. }
        | Difference::ForeignKeyTarget { pair, .. }
        | Difference::ForeignKeyActions { pair, .. } => *pair,
        Difference::ExtraTable { .. } => return None,
    })
}

/// The change of one existing table, from its differences.
fn table_change(
    diff: &SchemaDiff<'_>,
    pair: &TablePair<'_>,
    live: &LiveTable,
    differences: &[&Difference<'_>],
    options: &GenerateOptions,
) -> Result<Option<TableChange>, Vec<Refusal>> {
    let backend = diff.live.backend;
    let table = pair.expected.name();
    let before = TableSpec::from_live(live, backend);
    let mut refusals = Vec::new();
    let mut ops: Vec<TableOp> = Vec::new();

    // Columns: missing and extra, and which of them are renames.
    let mut missing: Vec<&ExpectedColumn<'_>> = Vec::new();
    let mut extra: Vec<&LiveColumn> = Vec::new();
    for d in differences {
        match d {
            Difference::MissingColumn { column, .. } => {
                if let Some(c) = diff
                    .mates(table)
                    .find_map(|m| m.expected.column(&column.column_name))
                    && !missing.iter().any(|m| m.name() == c.name())
                {
                    missing.push(c);
                }
            }
            Difference::ExtraColumn { column, .. } => extra.push(column),
            _ => {}
        }
    }
    let mut renames: Vec<(&LiveColumn, &ExpectedColumn<'_>)> = Vec::new();
    for rename in options.renames.iter().filter(|r| r.table == table) {
        let from = extra.iter().position(|c| c.name == rename.from);
        let to = missing.iter().position(|c| c.name() == rename.to);
        match (from, to) {
            (Some(f), Some(t)) => renames.push((extra.remove(f), missing.remove(t))),
            (Some(_), None) => refusals.push(Refusal::Usage {
                what: format!(
                    "`--rename {rename}`: the entity of `{table}` has no new column `{}`",
                    rename.to
                ),
            }),
            _ => {}
        }
    }
    // `#[sea_orm(renamed_from = "old")]` decides as `--rename` does.
    let declared: Vec<(String, String)> = missing
        .iter()
        .filter_map(|c| {
            Some((
                c.column.renamed_from.as_ref()?.to_string(),
                c.name().to_owned(),
            ))
        })
        .collect();
    for (old, new) in declared {
        if let (Some(f), Some(t)) = (
            extra.iter().position(|c| c.name == old),
            missing.iter().position(|c| c.name() == new),
        ) {
            renames.push((extra.remove(f), missing.remove(t)));
        }
    }
    if !options.no_rename {
        for gone in &extra {
            let candidates: Vec<&str> = missing
                .iter()
                .filter(|m| {
                    m.ty.as_ref().is_some_and(|ty| {
                        compare(backend, &ty.column_type, gone) == TypeComparison::Same
                    })
                })
                .map(|m| m.name())
                .collect();
            if !candidates.is_empty() {
                refusals.push(Refusal::RenameUndecided {
                    table: table.to_owned(),
                    gone: gone.name.clone(),
                    candidates: candidates.iter().map(|c| (*c).to_owned()).collect(),
                });
            }
        }
    }

    for (from, to) in &renames {
        ops.push(TableOp::RenameColumn {
            from: from.name.clone(),
            to: to.name().to_owned(),
        });
        let Some(old) = before.column(&from.name) else {
            continue;
        };
        let mut old = old.clone();
        old.name = to.name().to_owned();
        match alter_for(&pair.expected, to, from, &old, backend, options) {
            Ok(Some(op)) => ops.push(op),
            Ok(None) => {}
            Err(r) => refusals.push(r),
        }
    }

    for column in &extra {
        let Some(spec) = before.column(&column.name) else {
            continue;
        };
        if !options.allow_destructive {
            refusals.push(Refusal::Destructive {
                what: format!(
                    "drop column `{table}.{}` (`{}`): its data is lost",
                    column.name,
                    shown_type(column)
                ),
            });
        }
        ops.push(TableOp::DropColumn {
            column: spec.clone(),
            dependents: dependents(&before, &column.name),
        });
    }

    for column in &missing {
        match added_column(&pair.expected, column, options) {
            Ok(op) => ops.push(op),
            Err(r) => refusals.push(r),
        }
    }

    // Type, nullability and default of columns that stay.
    let mut altered: BTreeMap<String, ()> = BTreeMap::new();
    for d in differences {
        let name = match d {
            Difference::ColumnType { live, .. } => live.name.clone(),
            Difference::Nullability { live, .. } | Difference::Default { live, .. } => {
                live.name.clone()
            }
            _ => continue,
        };
        if altered.insert(name.clone(), ()).is_some() {
            continue;
        }
        let (Some(expected), Some(live_column), Some(old)) = (
            pair.expected.column(&name),
            live.column(&name),
            before.column(&name),
        ) else {
            continue;
        };
        match alter_for(&pair.expected, expected, live_column, old, backend, options) {
            Ok(Some(op)) => ops.push(op),
            Ok(None) => {}
            Err(r) => refusals.push(r),
        }
    }

    for d in differences {
        match d {
            Difference::PrimaryKey {
                declared,
                live: key,
                ..
            } => {
                refusals.push(Refusal::Unsupported {
                    what: format!(
                        "change the primary key of `{table}` from ({}) to ({}): write that migration by hand",
                        key.join(", "),
                        declared
                            .iter()
                            .map(|c| c.column_name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                });
            }
            Difference::MissingUnique { set, .. } => {
                let columns: Vec<String> = set
                    .columns
                    .iter()
                    .map(|c| c.column_name.to_string())
                    .collect();
                let what = set.key.map_or_else(|| columns.join("_"), str::to_owned);
                ops.push(TableOp::AddIndex(IndexSpec {
                    name: index_name(table, &what),
                    table: table.to_owned(),
                    columns,
                    unique: true,
                }));
            }
            Difference::ExtraUnique { index, .. } => {
                let spec = IndexSpec {
                    name: if index.origin == IndexOrigin::UniqueConstraint {
                        super::spec::constraint_name(table, &index.name, &index.columns)
                    } else {
                        index.name.clone()
                    },
                    table: table.to_owned(),
                    columns: index.columns.clone(),
                    unique: true,
                };
                ops.push(if index.origin == IndexOrigin::UniqueConstraint {
                    TableOp::DropUniqueConstraint(spec)
                } else {
                    TableOp::DropIndex(spec)
                });
            }
            Difference::MissingIndex { column, .. } => ops.push(TableOp::AddIndex(IndexSpec {
                name: index_name(table, &column.column_name),
                table: table.to_owned(),
                columns: vec![column.column_name.to_string()],
                unique: false,
            })),
            Difference::ExtraIndex { index, .. } => ops.push(TableOp::DropIndex(IndexSpec {
                name: index.name.clone(),
                table: table.to_owned(),
                columns: index.columns.clone(),
                unique: false,
            })),
            Difference::MissingForeignKey { fk, .. } => {
                if let Some(fk) = pair.expected.foreign_keys.get(*fk) {
                    ops.push(TableOp::AddForeignKey(expected_foreign_key(table, fk)));
                }
            }
            Difference::ExtraForeignKey { fk, .. } => {
                if let Some(old) = before.foreign_keys.iter().find(|k| k.columns == fk.columns) {
                    ops.push(TableOp::DropForeignKey(old.clone()));
                }
            }
            Difference::ForeignKeyTarget {
                fk, live: found, ..
            }
            | Difference::ForeignKeyActions {
                fk, live: found, ..
            } => {
                let (Some(fk), Some(old)) = (
                    pair.expected.foreign_keys.get(*fk),
                    before
                        .foreign_keys
                        .iter()
                        .find(|k| k.columns == found.columns),
                ) else {
                    continue;
                };
                if !ops
                    .iter()
                    .any(|op| matches!(op, TableOp::DropForeignKey(k) if k == old))
                {
                    ops.push(TableOp::DropForeignKey(old.clone()));
                    ops.push(TableOp::AddForeignKey(expected_foreign_key(table, fk)));
                }
            }
            _ => {}
        }
    }

    // What new (and renamed) columns bring with them: their unique constraints, indexes
    // and foreign keys, which the differences cannot name while the column is missing.
    let arrived: Vec<&str> = missing
        .iter()
        .map(|c| c.name())
        .chain(renames.iter().map(|(_, to)| to.name()))
        .collect();
    if !arrived.is_empty() {
        let after_so_far = {
            let mut t = before.clone();
            for op in &ops {
                apply(&mut t, op);
            }
            t
        };
        let touches = |columns: &[String]| columns.iter().any(|c| arrived.contains(&c.as_str()));
        for set in pair.expected.unique_sets() {
            let columns: Vec<String> = set
                .columns
                .iter()
                .map(|c| c.column_name.to_string())
                .collect();
            let exists = after_so_far
                .indexes
                .iter()
                .any(|i| i.unique && same(&i.columns, &columns))
                || after_so_far
                    .unique_constraints
                    .iter()
                    .any(|i| same(&i.columns, &columns))
                || matches!(columns.as_slice(), [one] if after_so_far.column(one).is_some_and(|c| c.unique));
            if touches(&columns) && !exists {
                let what = set.key.map_or_else(|| columns.join("_"), str::to_owned);
                ops.push(TableOp::AddIndex(IndexSpec {
                    name: index_name(table, &what),
                    table: table.to_owned(),
                    columns,
                    unique: true,
                }));
            }
        }
        for column in pair.expected.indexed_columns() {
            let columns = vec![column.column_name.to_string()];
            if touches(&columns) && !after_so_far.leads_an_index(&columns) {
                ops.push(TableOp::AddIndex(IndexSpec {
                    name: index_name(table, &column.column_name),
                    table: table.to_owned(),
                    columns,
                    unique: false,
                }));
            }
        }
        for fk in &pair.expected.foreign_keys {
            if touches(&fk.columns)
                && !after_so_far
                    .foreign_keys
                    .iter()
                    .any(|k| same(&k.columns, &fk.columns))
            {
                ops.push(TableOp::AddForeignKey(expected_foreign_key(table, fk)));
            }
        }
    }
    // Every new foreign key gets an index on its columns, as new tables do.
    let mut with_indexes = Vec::with_capacity(ops.len());
    let mut state = before.clone();
    for op in ops {
        apply(&mut state, &op);
        let fk_columns = match &op {
            TableOp::AddForeignKey(fk) => Some(fk.columns.clone()),
            _ => None,
        };
        with_indexes.push(op);
        if let Some(columns) = fk_columns
            && !state.leads_an_index(&columns)
        {
            let index = IndexSpec {
                name: index_name(table, &columns.join("_")),
                table: table.to_owned(),
                columns,
                unique: false,
            };
            apply(&mut state, &TableOp::AddIndex(index.clone()));
            with_indexes.push(TableOp::AddIndex(index));
        }
    }
    let ops = with_indexes;

    if !refusals.is_empty() {
        return Err(refusals);
    }
    if ops.is_empty() {
        return Ok(None);
    }
    Ok(Some(TableChange { before, ops }))
}

fn same(a: &[String], b: &[String]) -> bool {
    crate::schema::diff::same_set(a, b)
}

fn expected_foreign_key(
    table: &str,
    fk: &crate::schema::expected::ExpectedForeignKey<'_>,
) -> ForeignKeySpec {
    ForeignKeySpec {
        name: Some(foreign_key_name(table, &fk.columns)),
        columns: fk.columns.clone(),
        target_table: fk.target.table.to_string(),
        target_columns: fk.target_columns.clone(),
        on_delete: fk
            .on_delete
            .unwrap_or(crate::schema::ReferentialAction::NoAction),
        on_update: fk
            .on_update
            .unwrap_or(crate::schema::ReferentialAction::NoAction),
    }
}

/// What goes with a dropped column.
fn dependents(table: &TableSpec, column: &str) -> Dependents {
    let has = |cols: &[String]| cols.iter().any(|c| c == column);
    Dependents {
        indexes: table
            .indexes
            .iter()
            .filter(|i| has(&i.columns))
            .cloned()
            .collect(),
        unique_constraints: table
            .unique_constraints
            .iter()
            .filter(|i| has(&i.columns))
            .cloned()
            .collect(),
        foreign_keys: table
            .foreign_keys
            .iter()
            .filter(|k| has(&k.columns))
            .cloned()
            .collect(),
    }
}

/// A new column on an existing table.
fn added_column(
    expected: &ExpectedTable<'_>,
    column: &ExpectedColumn<'_>,
    options: &GenerateOptions,
) -> Result<TableOp, Refusal> {
    let table = expected.name();
    let spec = TableSpec::entity_column(expected, column).map_err(|why| Refusal::Unsupported {
        what: format!("add column `{table}.{}`: {}", column.name(), why.reason),
    })?;
    if spec.auto_increment || column.column.primary_key {
        return Err(Refusal::Unsupported {
            what: format!(
                "add `{table}.{}` to the primary key of an existing table: write that migration by hand",
                column.name()
            ),
        });
    }
    let mut spec = spec;
    // A new column's uniqueness comes as an index of its own (see the caller).
    spec.unique = false;
    let backfill = if spec.not_null && spec.default.is_none() {
        options.backfill(table, column.name()).map(str::to_owned)
    } else {
        None
    };
    if spec.not_null && spec.default.is_none() && backfill.is_none() {
        return Err(Refusal::RequiredColumn {
            table: table.to_owned(),
            column: column.name().to_owned(),
        });
    }
    Ok(TableOp::AddColumn {
        column: spec,
        backfill,
    })
}

/// The alteration that turns the column `old` (the live one, read as a spec) into the
/// entity's `expected`, if any.
fn alter_for(
    table: &ExpectedTable<'_>,
    expected: &ExpectedColumn<'_>,
    live: &LiveColumn,
    old: &ColumnSpec,
    backend: Backend,
    options: &GenerateOptions,
) -> Result<Option<TableOp>, Refusal> {
    let name = expected.name();
    let t = table.name();
    let mut to = old.clone();
    if let Some(ty) = &expected.ty
        && let TypeComparison::Differs { .. } = compare(backend, &ty.column_type, live)
    {
        if !options.allow_destructive && !widens(&old.ty, &ty.column_type) {
            return Err(Refusal::Destructive {
                what: format!(
                    "change `{t}.{name}` from `{}` to `{}`: values may not fit the new type",
                    shown_type(live),
                    postgres_type_name(&ty.column_type)
                ),
            });
        }
        to.ty = ty.column_type.clone();
    }
    let mut backfill = None;
    if nullability_differs(expected.column, live) {
        to.not_null = !expected.column.nullable;
        if to.not_null {
            backfill = options.backfill(t, name).map(str::to_owned);
        }
    }
    if default_differs(expected.column, live) {
        to.default = match &expected.column.default {
            Some(d) => Some(DefaultSpec::from_entity(d).ok_or_else(|| Refusal::Unsupported {
                what: format!("set the default of `{t}.{name}`: the entity's default is not a form generate writes"),
            })?),
            None => None,
        };
    }
    if to == *old {
        return Ok(None);
    }
    Ok(Some(TableOp::AlterColumn {
        from: old.clone(),
        to,
        backfill,
    }))
}

fn shown_type(live: &LiveColumn) -> String {
    if live.declared_type.is_empty() {
        postgres_type_name(&live.column_type)
    } else {
        live.declared_type.clone()
    }
}

/// Whether every value of `from` fits `to` unchanged: a wider integer or float, a longer
/// or unbounded string, a numeric with more digits on both sides of the point.
pub(crate) fn widens(from: &ColumnType, to: &ColumnType) -> bool {
    use ColumnType as T;
    use sea_query::StringLen as L;
    let int_rank = |t: &ColumnType| match t {
        T::TinyInteger => Some(1),
        T::SmallInteger | T::TinyUnsigned => Some(2),
        T::Integer | T::SmallUnsigned => Some(3),
        T::BigInteger | T::Unsigned => Some(4),
        _ => None,
    };
    if let (Some(a), Some(b)) = (int_rank(from), int_rank(to)) {
        return a <= b;
    }
    let string_len = |t: &ColumnType| match t {
        T::Char(n) => Some(n.map_or(Some(1), Some)),
        T::String(L::N(n)) => Some(Some(*n)),
        T::String(_) | T::Text => Some(None),
        _ => None,
    };
    if let (Some(a), Some(b)) = (string_len(from), string_len(to)) {
        // `char` pads with blanks: only a `char` widens into one.
        if matches!(to, T::Char(_)) && !matches!(from, T::Char(_)) {
            return false;
        }
        return match (a, b) {
            (_, None) => true,
            (Some(a), Some(b)) => a <= b,
            (None, Some(_)) => false,
        };
    }
    match (from, to) {
        (T::Float, T::Double) => true,
        (T::Decimal(Some((p1, s1))), T::Decimal(Some((p2, s2)))) => {
            s2 >= s1 && p2.saturating_sub(*s2) >= p1.saturating_sub(*s1)
        }
        (T::Decimal(_), T::Decimal(None)) => true,
        (T::DateTime | T::Timestamp, T::DateTime | T::Timestamp) => true,
        (T::Json, T::JsonBinary) | (T::Blob, T::VarBinary(_)) | (T::VarBinary(_), T::Blob) => true,
        (a, b) => a == b,
    }
}

/// Orders new tables so that every table comes after the tables it references;
/// `Err` names a cycle.
fn order_parents_first(tables: &mut Vec<TableSpec>) -> Result<(), Vec<String>> {
    let mut ordered: Vec<TableSpec> = Vec::with_capacity(tables.len());
    let mut left: Vec<TableSpec> = std::mem::take(tables);
    while !left.is_empty() {
        let ready = left.iter().position(|t| {
            t.parents()
                .all(|p| !left.iter().any(|o| o.name == p && o.name != t.name))
        });
        match ready {
            Some(i) => ordered.push(left.remove(i)),
            None => {
                let cycle = left.iter().map(|t| t.name.clone()).collect();
                ordered.append(&mut left);
                *tables = ordered;
                return Err(cycle);
            }
        }
    }
    *tables = ordered;
    Ok(())
}

/// Orders dropped tables so that a table goes before the tables it references.
fn order_children_first(tables: &mut Vec<TableSpec>) {
    let mut ordered: Vec<TableSpec> = Vec::with_capacity(tables.len());
    let mut left: Vec<TableSpec> = std::mem::take(tables);
    while !left.is_empty() {
        let ready = left
            .iter()
            .position(|t| {
                !left
                    .iter()
                    .any(|o| o.name != t.name && o.parents().any(|p| p == t.name))
            })
            .unwrap_or(0);
        ordered.push(left.remove(ready));
    }
    *tables = ordered;
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_query::{ColumnType as T, StringLen};

    #[test]
    fn widening_keeps_every_value_and_nothing_else_counts_as_widening() {
        assert!(widens(&T::Integer, &T::BigInteger));
        assert!(widens(&T::SmallInteger, &T::Integer));
        assert!(!widens(&T::BigInteger, &T::Integer));
        assert!(widens(
            &T::String(StringLen::N(16)),
            &T::String(StringLen::N(32))
        ));
        assert!(widens(&T::String(StringLen::N(16)), &T::Text));
        assert!(!widens(&T::Text, &T::String(StringLen::N(16))));
        assert!(!widens(&T::String(StringLen::N(4)), &T::Char(Some(8))));
        assert!(widens(
            &T::Decimal(Some((10, 2))),
            &T::Decimal(Some((12, 2)))
        ));
        assert!(!widens(
            &T::Decimal(Some((10, 2))),
            &T::Decimal(Some((10, 3)))
        ));
        assert!(widens(&T::Float, &T::Double));
        assert!(!widens(&T::Text, &T::Integer));
        assert!(!widens(&T::Boolean, &T::Integer));
    }
}
