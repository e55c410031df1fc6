//! `migration generate`: the migration that takes the schema the existing migrations
//! build to the one the entities describe.
//!
//! The comparison is drift's ([`crate::schema::diff`]): the same typed differences the
//! drift rules report become the changes of a migration ([`changes`]), after the safety
//! decisions (destructive steps, rename candidates, required columns). Each change is
//! then lowered per backend into statements ([`lower`], [`step`]) and written as
//! sea-orm-migration code ([`rust`], laid out as rustfmt does by [`layout`]). The runner
//! (`validator-runner`) owns the databases: it replays the migrations, introspects the
//! result, runs the statements on a scratch database to check them, and writes the files
//! ([`register`] edits `lib.rs`).

mod changes;
mod layout;
mod lower;
mod options;
mod register;
mod rust;
mod spec;
mod step;

use std::path::PathBuf;

use validator_base::Backend;

pub use options::{Backfill, BadDecision, ColumnRename, GenerateOptions, Refusal};
pub use register::{RegisterError, register_migration};

use crate::config::Config;
use crate::model::Model;
use crate::rules;
use crate::schema::LiveSchema;
use crate::schema::diff::{Difference, SchemaDiff};
use crate::severity::Severity;
use crate::source::Pos;
use lower::{Body, Mode};

/// One difference between the entities and the migrated schema, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DifferenceLine {
    /// The table it is about.
    pub table: String,
    pub text: String,
    /// The entity source it is about, when there is one.
    pub file: Option<PathBuf>,
    pub pos: Option<Pos>,
}

/// What `generate` would do.
#[derive(Debug)]
pub enum Planned {
    /// The entities and the migrations agree.
    UpToDate,
    /// Decisions are missing, or something cannot be written.
    Refused(Vec<Refusal>),
    /// The migrations to write.
    Plan(Plan),
}

/// The migrations to write: one, or two when PostgreSQL has steps that must run outside
/// a transaction.
#[derive(Debug)]
pub struct Plan {
    /// What changes, one line each.
    pub changes: Vec<String>,
    pub migrations: Vec<PlannedMigration>,
}

/// One migration file to write.
#[derive(Debug)]
pub struct PlannedMigration {
    /// Appended to the migration's name: `None` for the main one, `Some("concurrently")`
    /// for PostgreSQL's steps outside a transaction.
    pub suffix: Option<&'static str>,
    body: Body,
}

/// How a migration's statements run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExecutionMode {
    /// In one transaction the runner opens (`use_transaction()` `Some(true)`).
    RunnerTransaction,
    /// Statement by statement, without a transaction.
    NoTransaction,
    /// SQLite's foreign keys off, then the statements in a transaction the migration
    /// opens, a foreign key check, commit, and foreign keys on again (PostgreSQL: the same
    /// transaction, without the foreign key steps).
    OwnTransactionForeignKeysOff,
}

/// A statement to run, or SQLite's foreign key check (a query that must return nothing).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Statement {
    Execute(String),
    ForeignKeyCheck,
}

impl PlannedMigration {
    /// The Rust source of the migration. `command` is what wrote it, for its header.
    pub fn source(&self, command: &str, changes: &[String]) -> String {
        let notes = match self.body.mode {
            Mode::Concurrent => vec![
                "PostgreSQL builds and drops these indexes `CONCURRENTLY` and validates new \
                 foreign keys here, outside a transaction, so writes to the tables go on \
                 meanwhile; on SQLite this migration does nothing (the main migration built \
                 the indexes in its transaction)."
                    .to_owned(),
            ],
            Mode::ForeignKeysOff => vec![
                "On SQLite a table that others reference is rebuilt with foreign keys off \
                 (they are checked before the commit); see `up`."
                    .to_owned(),
            ],
            Mode::Transaction => Vec::new(),
        };
        let own: Vec<String> = self
            .body
            .actions
            .iter()
            .flat_map(|a| a.lines.iter().cloned())
            .collect();
        rust::migration_file(
            &self.body,
            &rust::FileHeader {
                command,
                changes: if self.suffix.is_none() && own.len() == changes.len() {
                    changes.to_vec()
                } else {
                    own
                },
                notes,
            },
        )
    }

    /// How its statements run on `backend`.
    pub fn mode(&self, backend: Backend) -> ExecutionMode {
        match self.body.mode {
            Mode::Transaction => ExecutionMode::RunnerTransaction,
            Mode::Concurrent => ExecutionMode::NoTransaction,
            Mode::ForeignKeysOff => match backend {
                Backend::Sqlite | Backend::Postgres => ExecutionMode::OwnTransactionForeignKeysOff,
            },
        }
    }

    /// What the runner's `use_transaction()` answer is: `Some(true)` or `Some(false)`.
    pub fn in_runner_transaction(&self) -> bool {
        self.body.mode == Mode::Transaction
    }

    /// The statements of `up` (or `down`) on `backend`, as the migration's code builds them.
    pub fn statements(&self, backend: Backend, up: bool) -> Vec<Statement> {
        let mut out = Vec::new();
        let lock_timeout = backend == Backend::Postgres && self.body.lock_timeout(up);
        if lock_timeout {
            out.push(Statement::Execute(
                rust::lock_timeout_sql(self.body.mode).to_owned(),
            ));
        }
        let actions: Vec<&lower::Action> = if up {
            self.body.actions.iter().collect()
        } else {
            self.body.actions.iter().rev().collect()
        };
        for action in actions {
            let both = if up { &action.up } else { &action.down };
            out.extend(
                both.get(backend)
                    .iter()
                    .map(|e| Statement::Execute(e.step.sql(backend))),
            );
        }
        if self.body.mode == Mode::ForeignKeysOff && backend == Backend::Sqlite {
            out.push(Statement::ForeignKeyCheck);
        }
        if lock_timeout && self.body.mode == Mode::Concurrent {
            out.push(Statement::Execute("RESET lock_timeout".to_owned()));
        }
        out
    }
}

/// Whether `config` turns off the drift rule that reports `difference` (`allow`): then
/// `generate` leaves it alone too. Defaults and plain indexes have no drift rule.
fn ignored(config: &Config, difference: &Difference<'_>) -> bool {
    let name = match difference {
        Difference::MissingTable { .. } => "missing-table",
        Difference::ExtraTable { .. } => "extra-table",
        Difference::MissingColumn { .. } => "missing-column",
        Difference::ExtraColumn { .. } => "extra-column",
        Difference::ColumnType { .. } => "column-type-drift",
        Difference::Nullability { .. } => "nullability-drift",
        Difference::PrimaryKey { .. } => "primary-key-drift",
        Difference::MissingUnique { .. } | Difference::ExtraUnique { .. } => "unique-drift",
        Difference::MissingIndex { .. } => "missing-index",
        Difference::MissingForeignKey { .. } => "missing-foreign-key",
        Difference::ExtraForeignKey { .. } => "extra-foreign-key",
        Difference::ForeignKeyTarget { .. } => "foreign-key-target-drift",
        Difference::ForeignKeyActions { .. } => "foreign-key-action-drift",
        Difference::Default { .. } | Difference::ExtraIndex { .. } => return false,
    };
    rules::find(name).is_some_and(|rule| config.severity(rule) == Severity::Allow)
}

/// Every difference between the entities of `model` and `live`, one line each (what
/// `generate --check` lists).
pub fn differences(
    model: &Model,
    live: &LiveSchema,
    config: &Config,
    ignore_tables: &[String],
) -> Vec<DifferenceLine> {
    let diff = SchemaDiff::new(model, live, ignore_tables);
    diff.differences
        .iter()
        .filter(|d| !ignored(config, d))
        .map(|d| describe(&diff, d))
        .collect()
}

/// Plans the migration that takes `live` (the schema the migrations build) to the
/// entities of `model`.
pub fn plan(
    model: &Model,
    live: &LiveSchema,
    config: &Config,
    ignore_tables: &[String],
    options: &GenerateOptions,
) -> Planned {
    let diff = SchemaDiff::new(model, live, ignore_tables);
    if diff.differences.iter().all(|d| ignored(config, d)) {
        return Planned::UpToDate;
    }
    let changes = match changes::changes(&diff, &|d| ignored(config, d), options) {
        Ok(changes) => changes,
        Err(refusals) => return Planned::Refused(refusals),
    };
    if changes.is_empty() {
        return Planned::UpToDate;
    }
    // Tables some foreign key references, once the migration has run.
    let mut referenced: Vec<String> = Vec::new();
    for table in &live.tables {
        for fk in &table.foreign_keys {
            if fk.foreign_table != table.name {
                referenced.push(fk.foreign_table.clone());
            }
        }
    }
    for table in &changes.create {
        referenced.extend(table.parents().map(str::to_owned));
    }
    for change in &changes.alter {
        let after = change.after();
        referenced.extend(after.parents().map(str::to_owned));
    }
    let lowered = lower::lower(&changes, &|t| referenced.iter().any(|r| r == t));
    let mut lines: Vec<String> = changes
        .create
        .iter()
        .map(|t| format!("create table `{}`", t.name))
        .collect();
    for change in &changes.alter {
        lines.extend(
            change
                .ops
                .iter()
                .map(|op| lower::describe(&change.before.name, op)),
        );
    }
    lines.extend(
        changes
            .drop
            .iter()
            .map(|t| format!("drop table `{}`", t.name)),
    );
    let mut migrations = Vec::new();
    if let Some(body) = lowered.main {
        migrations.push(PlannedMigration { suffix: None, body });
    }
    if let Some(body) = lowered.concurrent {
        migrations.push(PlannedMigration {
            suffix: Some("concurrently"),
            body,
        });
    }
    Planned::Plan(Plan {
        changes: lines,
        migrations,
    })
}

/// The source of a blank migration, as `sea-orm-cli migrate generate` writes one: `up`
/// and `down` to fill in.
pub fn empty_migration(command: &str) -> String {
    format!(
        "//! Written by `{command}`: fill in `up` and `down`.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {{
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {{
        let _ = manager;
        Ok(())
    }}

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {{
        let _ = manager;
        Ok(())
    }}

    fn use_transaction(&self) -> Option<bool> {{
        Some(true)
    }}
}}
"
    )
}

fn describe(diff: &SchemaDiff<'_>, d: &Difference<'_>) -> DifferenceLine {
    let pair = |i: &usize| diff.pair(*i);
    let at = |i: &usize, column: Option<&crate::model::Column>| {
        pair(i).map(|p| {
            let e = p.expected.entity;
            let span = column.map_or(e.span, |c| c.span);
            (e.file.clone(), span.start)
        })
    };
    let table_of = |i: &usize| {
        pair(i)
            .map(|p| p.expected.name().to_owned())
            .unwrap_or_default()
    };
    let (table, text, place) = match d {
        Difference::MissingTable { pair: i } => (
            table_of(i),
            format!(
                "table `{}` does not exist: the migrations never create it",
                table_of(i)
            ),
            at(i, None),
        ),
        Difference::ExtraTable { table } => (
            table.name.clone(),
            format!("table `{}` exists, but no entity maps it", table.name),
            None,
        ),
        Difference::MissingColumn { pair: i, column } => (
            table_of(i),
            format!(
                "column `{}.{}` does not exist",
                table_of(i),
                column.column_name
            ),
            at(i, Some(column)),
        ),
        Difference::ExtraColumn { pair: i, column } => (
            table_of(i),
            format!(
                "column `{}.{}` exists, but no field maps it",
                table_of(i),
                column.name
            ),
            at(i, None),
        ),
        Difference::ColumnType {
            pair: i,
            column,
            expected_sql,
            live_sql,
            ..
        } => {
            let c = pair(i)
                .and_then(|p| p.expected.columns.get(*column))
                .map(|c| c.column);
            (
                table_of(i),
                format!(
                    "column `{}.{}` is `{live_sql}`, the entity maps `{expected_sql}`",
                    table_of(i),
                    c.map(|c| c.column_name.as_str()).unwrap_or("?")
                ),
                at(i, c),
            )
        }
        Difference::Nullability {
            pair: i,
            column,
            live,
        } => (
            table_of(i),
            format!(
                "column `{}.{}` is {}, the entity says {}",
                table_of(i),
                column.column_name,
                if live.not_null {
                    "NOT NULL"
                } else {
                    "nullable"
                },
                if column.nullable {
                    "nullable"
                } else {
                    "NOT NULL"
                }
            ),
            at(i, Some(column)),
        ),
        Difference::Default {
            pair: i,
            column,
            live,
        } => (
            table_of(i),
            format!(
                "column `{}.{}` has {}, the entity declares another",
                table_of(i),
                column.column_name,
                live.default
                    .as_deref()
                    .map_or("no default".to_owned(), |d| format!("default `{d}`"))
            ),
            at(i, Some(column)),
        ),
        Difference::PrimaryKey {
            pair: i,
            declared,
            live,
        } => (
            table_of(i),
            format!(
                "the primary key of `{}` is ({}), the entity's is ({})",
                table_of(i),
                live.join(", "),
                declared
                    .iter()
                    .map(|c| c.column_name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            at(i, declared.first().copied()),
        ),
        Difference::MissingUnique { pair: i, set } => (
            table_of(i),
            format!(
                "nothing makes ({}) of `{}` unique",
                set.columns
                    .iter()
                    .map(|c| c.column_name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                table_of(i)
            ),
            at(i, set.columns.first().copied()),
        ),
        Difference::ExtraUnique { pair: i, index } => (
            table_of(i),
            format!(
                "`{}` makes ({}) of `{}` unique, the entity does not",
                index.name,
                index.columns.join(", "),
                table_of(i)
            ),
            at(i, None),
        ),
        Difference::MissingIndex { pair: i, column } => (
            table_of(i),
            format!(
                "no index leads with `{}.{}`",
                table_of(i),
                column.column_name
            ),
            at(i, Some(column)),
        ),
        Difference::ExtraIndex { pair: i, index } => (
            table_of(i),
            format!(
                "index `{}` on `{}` ({}) serves nothing the entity declares",
                index.name,
                table_of(i),
                index.columns.join(", ")
            ),
            at(i, None),
        ),
        Difference::MissingForeignKey { pair: i, fk } => {
            let fk = pair(i).and_then(|p| p.expected.foreign_keys.get(*fk));
            (
                table_of(i),
                format!(
                    "no foreign key from `{}` ({}) to `{}`",
                    table_of(i),
                    fk.map(|k| k.columns.join(", ")).unwrap_or_default(),
                    fk.map(|k| k.target.table.as_str()).unwrap_or("?")
                ),
                at(i, None),
            )
        }
        Difference::ExtraForeignKey { pair: i, fk, .. } => (
            table_of(i),
            format!(
                "foreign key from `{}` ({}) to `{}` is not declared by any `belongs_to`",
                table_of(i),
                fk.columns.join(", "),
                fk.foreign_table
            ),
            at(i, None),
        ),
        Difference::ForeignKeyTarget {
            pair: i,
            live,
            referenced,
            ..
        } => (
            table_of(i),
            format!(
                "foreign key from `{}` ({}) references `{}` ({}), not the relation's target",
                table_of(i),
                live.columns.join(", "),
                live.foreign_table,
                referenced.join(", ")
            ),
            at(i, None),
        ),
        Difference::ForeignKeyActions {
            pair: i,
            live,
            mismatches,
            ..
        } => (
            table_of(i),
            format!(
                "foreign key from `{}` ({}) has {}",
                table_of(i),
                live.columns.join(", "),
                mismatches
                    .iter()
                    .map(|m| format!(
                        "{} {}, the relation {}",
                        m.sql,
                        m.live.sql(),
                        m.expected.sql()
                    ))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            at(i, None),
        ),
    };
    let (file, pos) = match place {
        Some((file, pos)) => (Some(file), Some(pos)),
        None => (None, None),
    };
    DifferenceLine {
        table,
        text,
        file,
        pos,
    }
}
