//! `validator drift`: the entity model against a live database.
//!
//! [`check_database`] reads the entity sources as `check` does (the same [`Model`]),
//! introspects the database ([`crate::db::introspect`]), and runs the rules of the
//! `drift` group. Each difference is a [`Finding`] on the entity field or table it is
//! about, whose message states the database's side; the report renders like `check`'s.
//!
//! - [`expected`]: the schema the entities describe (columns, keys, unique sets,
//!   `indexed` columns, `belongs_to` foreign keys with their actions).
//! - [`types`]: the column type SeaORM maps each field to, as a sea-query `ColumnType`.
//! - [`sql_type`]: comparing two types per backend, loosely on SQLite.
//!
//! Tables that only exist in the database, and whose entities map views, are handled as
//! the rules say; the migration tracking tables are never reported.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::check::{self, Report};
use crate::config::Config;
use crate::db::{
    self, ConnectError, DatabaseUrl,
    introspect::{IntrospectError, LiveSchema, LiveTable},
};
use crate::diagnostic::{Finding, Label, Severity};
use crate::model::{Column, Entity, Model};
use crate::rules::{self, Group};
use crate::suppress::{self, Suppression};

pub(crate) mod expected;
pub(crate) mod sql_type;
pub(crate) mod types;

use expected::ExpectedTable;

/// Options of a drift run.
#[derive(Clone, Debug)]
pub struct DriftOptions {
    /// Tables never reported as unmapped: sea-orm-migration's `seaql_migrations` and the
    /// runner's checksum table beside it, by default.
    pub ignore_tables: Vec<String>,
}

impl Default for DriftOptions {
    fn default() -> Self {
        DriftOptions {
            ignore_tables: vec![
                "seaql_migrations".to_owned(),
                "seaql_migrations_checksums".to_owned(),
            ],
        }
    }
}

/// A drift run's result.
#[derive(Debug, Default)]
pub struct DriftReport {
    /// Findings (drift rules only), sources and model, ready for [`crate::render::render`].
    pub report: Report,
    /// For each finding of `report.findings`, the table it is about (empty for an
    /// `unused-suppression`).
    pub tables: Vec<String>,
}

/// Why a drift run could not compare anything.
#[derive(Debug, thiserror::Error)]
pub enum DriftError {
    /// The entity sources could not be read, or the configuration is wrong.
    #[error(transparent)]
    Input(#[from] crate::Error),
    /// The database cannot be reached.
    #[error(transparent)]
    Connect(#[from] ConnectError),
    /// The database's schema cannot be read.
    #[error("{0}")]
    Introspect(String),
}

impl DriftError {
    /// The stable code of the error kind (`validator::db` for anything about the database).
    pub fn code(&self) -> &'static str {
        match self {
            DriftError::Input(e) => e.code(),
            DriftError::Connect(_) | DriftError::Introspect(_) => "validator::db",
        }
    }
}

/// Reads the entities under `paths`, introspects the database at `url`, and compares them.
pub async fn check_database(
    paths: &[PathBuf],
    config: &Config,
    cwd: &Path,
    url: &DatabaseUrl,
    connect_timeout: Duration,
    options: &DriftOptions,
) -> Result<DriftReport, DriftError> {
    let source = crate::check_paths(paths, config, cwd)?;
    let conn = db::connect(url, connect_timeout, |_| {}).await?;
    let live = db::introspect::introspect(&conn).await;
    let _ = conn.close().await;
    let live = live.map_err(|IntrospectError(cause)| DriftError::Introspect(url.scrub(&cause)))?;
    Ok(compare(source, &live, config, options))
}

/// Compares the model of a `check` report with a live schema. The report's own findings
/// are replaced by drift findings; its sources, model and problems are kept.
pub fn compare(
    mut source: Report,
    live: &LiveSchema,
    config: &Config,
    options: &DriftOptions,
) -> DriftReport {
    let cx = Context::new(&source.model, live, options);
    let mut out = Findings::default();
    for rule in rules::drift::CHECKS {
        if config.severity(rule.meta) != Severity::Allow {
            (rule.check)(&cx, &mut out);
        }
    }
    let items: Vec<(String, Finding)> = out
        .items
        .into_iter()
        .filter_map(|(table, mut finding)| {
            let rule = rules::find(finding.rule)?;
            finding.severity = config.severity(rule);
            (finding.severity != Severity::Allow).then_some((table, finding))
        })
        .collect();
    // `// validator: allow(column-type-drift) -- reason` on an entity field silences drift
    // there; a drift suppression that silences nothing is reported here, not by `check`.
    let suppressions: Vec<Suppression> = source
        .sources
        .iter()
        .flat_map(|file| suppress::scan(file, "//"))
        .collect();
    let (mut items, suppressed, used) =
        check::drop_suppressed(items, &suppressions, |(_, finding)| finding);
    items.extend(
        check::unused_suppressions(&suppressions, &used, config, &[Group::Drift], false)
            .into_iter()
            .map(|finding| (String::new(), finding)),
    );
    items.sort_by(|a, b| a.1.sort_key().cmp(&b.1.sort_key()));
    items.dedup_by(|a, b| a.1 == b.1);
    let (tables, findings): (Vec<String>, Vec<Finding>) = items.into_iter().unzip();
    source.summary.errors = 0;
    source.summary.warnings = 0;
    source.summary.infos = 0;
    source.summary.suppressed = suppressed;
    source.summary.count(&findings);
    source.findings = findings;
    DriftReport {
        report: source,
        tables,
    }
}

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
    pub(crate) fn new(model: &'a Model, live: &'a LiveSchema, options: &DriftOptions) -> Self {
        let mut tables: Vec<TablePair<'a>> = Vec::new();
        for entity in &model.entities {
            if !same_schema(entity, live) || live.views.contains(&entity.table) {
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
            .filter(|t| !options.ignore_tables.contains(&t.name))
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
    pub(crate) fn backend(&self) -> crate::db::Backend {
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
    items: Vec<(String, Finding)>,
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
) -> Option<&'l crate::db::introspect::LiveForeignKey> {
    live.foreign_keys
        .iter()
        .find(|fk| same_set(columns, &fk.columns))
}

/// The columns a live foreign key references; SQLite leaves them out when the key
/// references the parent's primary key (`REFERENCES users`).
pub(crate) fn referenced_columns(
    live: &LiveSchema,
    fk: &crate::db::introspect::LiveForeignKey,
) -> Vec<String> {
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
    relation: &crate::model::Relation,
    message: impl Into<String>,
) -> Label {
    Label::new(entity.file.clone(), relation.span, message)
}
