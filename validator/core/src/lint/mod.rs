//! `validator lint`: catches dangerous migrations before they reach a database.
//!
//! Three ways in, one set of rules:
//! - [`lint_sql_files`]: `.sql` files and migration directories (sqlx, diesel, refinery
//!   or plain), each forward file one migration, in their runner's order;
//! - [`lint_crate`]: a sea-orm-migration crate read with syn, no build (the pre-commit
//!   path): migrator hygiene plus the SQL its builder calls and raw strings produce;
//! - [`capture`]: the SQL a runner captured while it applied each migration to a scratch
//!   database (`migration lint` in `validator-runner`), linted against the schema as it
//!   stood before that migration.
//!
//! Each produces [`Unit`]s (one migration's SQL, with where each piece came from); the
//! [`engine`] parses a unit once with squawk's PostgreSQL parser, runs squawk's rules that
//! our rules delegate to and our own rules on typed statement facts, and locates every
//! finding in the `.sql` file or the migration's Rust source.

pub(crate) mod engine;
mod report;
pub(crate) mod rust;
pub mod sql_dir;

pub mod capture;

use std::path::{Path, PathBuf};

pub use validator_base::Backend;
use validator_base::path::display_path;

use crate::config::Config;
pub use crate::config::{Backends, TransactionMode};
use crate::error::Error;
use crate::report::Report;
use crate::source::{Pos, SourceFile};

pub use crate::sql::state::SchemaState;
use crate::sql::unit::{Origin, Piece, Unit};
use report::finish;

/// How to lint `.sql` files.
#[derive(Clone, Copy, Debug)]
pub struct SqlOptions {
    pub backends: Backends,
    /// Whether each file runs in a transaction: from the directory's layout (`auto`), or
    /// forced.
    pub transaction: TransactionMode,
    /// Lint each down file too, as the reversal of its up file.
    pub include_down: bool,
}

/// Lints `.sql` files and directories of them: each forward file one migration, in the
/// order its runner applies them (see [`sql_dir`]); what earlier files create counts as
/// existing for later ones. Down files are never forward steps; with
/// [`SqlOptions::include_down`] each is linted after its up file, against the schema that
/// file left.
pub fn lint_sql_files(
    paths: &[PathBuf],
    config: &Config,
    options: SqlOptions,
    cwd: &Path,
) -> Result<Report, Error> {
    let plan = sql_dir::plan(paths, options.transaction)?;
    if plan.migrations.is_empty()
        && let Some(down) = plan.unpaired_downs.first()
    {
        return Err(Error::Input {
            cause: format!(
                "`{}` is a down file, not a forward migration: give its up file too, with `--include-down`",
                display_path(down, cwd).display()
            ),
        });
    }
    let read = |path: &Path| -> Result<SourceFile, Error> {
        let shown = display_path(path, cwd);
        let text = std::fs::read_to_string(path).map_err(|cause| Error::Io {
            path: shown.clone(),
            cause,
        })?;
        Ok(SourceFile::new(shown, text))
    };
    let mut migrations = Vec::with_capacity(plan.migrations.len());
    for m in &plan.migrations {
        let down = match (&m.down, options.include_down) {
            (Some(d), true) => Some((read(d)?, m.down_in_transaction)),
            _ => None,
        };
        migrations.push(SqlMigrationText {
            up: read(&m.up)?,
            in_transaction: m.in_transaction,
            down,
        });
    }
    let mut report = lint_migrations(migrations, config, options);
    report.summary.transaction = Some(plan.transaction);
    Ok(report)
}

/// One migration's files, read.
struct SqlMigrationText {
    up: SourceFile,
    in_transaction: bool,
    down: Option<(SourceFile, bool)>,
}

/// Lints SQL held in memory (tests, editors, benches): each file one migration, in the
/// order given, in a transaction only with `--transaction always`.
pub fn lint_sql_sources(files: Vec<SourceFile>, config: &Config, options: SqlOptions) -> Report {
    let in_transaction = options.transaction == TransactionMode::Always;
    let migrations = files
        .into_iter()
        .map(|up| SqlMigrationText {
            up,
            in_transaction,
            down: None,
        })
        .collect();
    lint_migrations(migrations, config, options)
}

fn sql_unit(file: &SourceFile, backend: Backend, in_transaction: bool) -> Unit {
    Unit {
        file: file.path.clone(),
        migration: None,
        pieces: vec![Piece::new(
            file.text.clone(),
            Origin::Text {
                start: Pos { line: 1, column: 1 },
            },
            false,
        )],
        backend,
        in_transaction,
        fallback: None,
        unread: Vec::new(),
    }
}

fn lint_migrations(
    migrations: Vec<SqlMigrationText>,
    config: &Config,
    options: SqlOptions,
) -> Report {
    let squawk_rules = engine::squawk_rules(config);
    let mut findings = Vec::new();
    let mut statements = 0;
    for &backend in options.backends.list() {
        let mut state = SchemaState::default();
        for m in &migrations {
            let unit = sql_unit(&m.up, backend, m.in_transaction);
            let (found, facts) = engine::lint_unit(&unit, &state, config, &squawk_rules);
            statements += facts.len();
            findings.extend(found);
            state.replay(&facts);
            if let Some((down, in_transaction)) = &m.down {
                // A reversal runs against what its up file left, and leaves nothing
                // for the next migration.
                let unit = sql_unit(down, backend, *in_transaction);
                let (found, facts) = engine::lint_unit(&unit, &state, config, &squawk_rules);
                statements += facts.len();
                findings.extend(found);
            }
        }
    }
    let mut report = Report::default();
    report.summary.migrations = migrations.len();
    report.summary.statements = statements / options.backends.list().len().max(1);
    let mut paths: Vec<PathBuf> = Vec::new();
    for m in migrations {
        paths.push(m.up.path.clone());
        report.sources.insert(m.up);
        if let Some((down, _)) = m.down {
            paths.push(down.path.clone());
            report.sources.insert(down);
        }
    }
    finish(report, findings, config, &paths, "--")
}

pub use rust::lint_crate;

/// Several reports as one (several crates linted in one run).
pub fn merge(reports: Vec<Report>) -> Report {
    let mut out = Report::default();
    for r in reports {
        out.findings.extend(r.findings);
        out.problems.extend(r.problems);
        let (a, b) = (&mut out.summary, r.summary);
        a.files += b.files;
        a.errors += b.errors;
        a.warnings += b.warnings;
        a.infos += b.infos;
        a.suppressed += b.suppressed;
        a.problems += b.problems;
        a.migrations += b.migrations;
        a.statements += b.statements;
        a.skipped_branches += b.skipped_branches;
        out.backends.extend(r.backends);
        out.sources.extend(r.sources);
    }
    out
}
