//! `validator lint`: catches dangerous migrations before they reach a database.
//!
//! Three ways in, one set of rules:
//! - [`lint_sql_files`]: plain `.sql` files, each one migration, in the order given;
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

pub mod capture;

use std::path::{Path, PathBuf};

pub use validator_base::Backend;
use validator_base::path::display_path;

pub use crate::config::Backends;
use crate::config::Config;
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
    /// Each file runs in a transaction (as most migration runners do).
    pub assume_in_transaction: bool,
}

/// Lints `.sql` files, each one migration, in the order given: what earlier files
/// create counts as existing for later ones.
pub fn lint_sql_files(
    paths: &[PathBuf],
    config: &Config,
    options: SqlOptions,
    cwd: &Path,
) -> Result<Report, Error> {
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        let shown = display_path(path, cwd);
        let text = std::fs::read_to_string(path).map_err(|cause| Error::Io {
            path: shown.clone(),
            cause,
        })?;
        files.push(SourceFile::new(shown, text));
    }
    Ok(lint_sql_sources(files, config, options))
}

/// Lints SQL held in memory (tests, editors, benches).
pub fn lint_sql_sources(files: Vec<SourceFile>, config: &Config, options: SqlOptions) -> Report {
    let squawk_rules = engine::squawk_rules(config);
    let mut findings = Vec::new();
    let mut statements = 0;
    for &backend in options.backends.list() {
        let mut state = SchemaState::default();
        for file in &files {
            let unit = Unit {
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
                in_transaction: options.assume_in_transaction,
                fallback: None,
            };
            let (found, facts) = engine::lint_unit(&unit, &state, config, &squawk_rules);
            statements += facts.len();
            findings.extend(found);
            state.replay(&facts);
        }
    }
    let mut report = Report::default();
    report.summary.migrations = files.len();
    report.summary.statements = statements / options.backends.list().len().max(1);
    let paths: Vec<PathBuf> = files.iter().map(|f| f.path.clone()).collect();
    for f in files {
        report.sources.insert(f);
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
