//! Linting the SQL that migrations really sent: the exact engine's half that needs no
//! database. A runner applies each migration to a scratch database, captures the SQL it
//! sends and reads the schema just before it ran (`validator-runner`, `migration lint`);
//! [`CaptureLint`] locates each captured statement in the migration's source and lints it
//! against that schema.

use std::path::{Path, PathBuf};

use squawk_linter::Rule as SquawkRule;
use validator_base::Backend;

use super::{engine, finish, rust};
use crate::config::Config;
use crate::diagnostic::Finding;
use crate::report::Report;
use crate::rules::migration::migration_fails;
use crate::source::{SourceFile, Span};
use crate::sql::state::SchemaState;
use crate::sql::unit::{Origin, Piece, Unit};

/// One migration as it ran on a scratch database.
#[derive(Clone, Debug)]
pub struct CapturedMigration<'a> {
    /// Its name (`DeriveMigrationName`: its file's stem).
    pub name: &'a str,
    /// Its source file as shown in findings, when it was found.
    pub file: Option<PathBuf>,
    /// That file's text.
    pub source: Option<String>,
    /// Every statement it sent, in order.
    pub statements: &'a [String],
    /// Whether it ran in a transaction.
    pub in_transaction: bool,
    /// Why it failed, if it did.
    pub failure: Option<Failure>,
}

/// A migration that failed on the scratch database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The database's error, or the panic.
    pub cause: String,
    /// The last statement it sent, with secrets masked.
    pub last_statement: Option<String>,
}

/// Lints captured migrations one at a time, then gives the report.
pub struct CaptureLint<'c> {
    config: &'c Config,
    squawk_rules: Vec<SquawkRule>,
    findings: Vec<Finding>,
    sources: Vec<(PathBuf, String)>,
    statements: usize,
}

impl<'c> CaptureLint<'c> {
    pub fn new(config: &'c Config) -> Self {
        CaptureLint {
            config,
            squawk_rules: engine::squawk_rules(config),
            findings: Vec::new(),
            sources: Vec::new(),
            statements: 0,
        }
    }

    /// Lints what `migration` sent on `backend`, against the schema `before` it ran.
    pub fn lint(&mut self, backend: Backend, before: &SchemaState, migration: CapturedMigration) {
        let CapturedMigration {
            name,
            file,
            source,
            statements,
            in_transaction,
            failure,
        } = migration;
        if let (Some(path), Some(text)) = (&file, &source)
            && !self.sources.iter().any(|(p, _)| p == path)
        {
            self.sources.push((path.clone(), text.clone()));
        }
        let located = locate(
            name,
            file.as_deref(),
            source.as_deref(),
            backend,
            statements,
        );
        let unit = Unit {
            file: file
                .clone()
                .unwrap_or_else(|| PathBuf::from(format!("{name}.rs"))),
            migration: Some(name.to_owned()),
            pieces: located.pieces,
            backend,
            in_transaction,
            fallback: located.fallback,
            unread: Vec::new(),
        };
        let (found, facts) = engine::lint_unit(&unit, before, self.config, &self.squawk_rules);
        self.statements += facts.len();
        self.findings.extend(found);
        if let Some(failure) = failure {
            self.findings.push(migration_fails::finding(
                file,
                located.fallback,
                name,
                backend.as_str(),
                &failure.cause,
                failure.last_statement.as_deref(),
            ));
        }
    }

    /// The report of `migrations` migrations linted on `backends` backends.
    pub fn finish(self, migrations: usize, backends: usize) -> Report {
        let mut report = Report::default();
        report.summary.migrations = migrations;
        report.summary.statements = self.statements / backends.max(1);
        let files: Vec<PathBuf> = self.sources.iter().map(|(p, _)| p.clone()).collect();
        for (path, text) in self.sources {
            report.sources.insert(SourceFile::new(path, text));
        }
        finish(report, self.findings, self.config, &files, "//")
    }
}

struct Located {
    pieces: Vec<Piece>,
    fallback: Option<Span>,
}

/// Gives each captured statement its place in the migration's source: a raw SQL string
/// that reads the same maps exactly; builder statements map, in order, to the builder
/// calls the static reader found; the rest to the migration's struct.
fn locate(
    name: &str,
    shown: Option<&Path>,
    text: Option<&str>,
    backend: Backend,
    captured: &[String],
) -> Located {
    let statics = match (shown, text) {
        (Some(path), Some(text)) => rust::read_migration(path, text, name, backend),
        _ => None,
    };
    let fallback = statics.as_ref().map(|s| s.span);
    let (mut raw, mut built): (Vec<Piece>, Vec<Piece>) = statics
        .map(|s| s.pieces.into_iter().partition(|p| !p.quote))
        .unwrap_or_default();
    built.reverse();
    let builder_like = captured
        .iter()
        .filter(|c| !raw.iter().any(|p| p.text.trim() == c.trim()))
        .count();
    let use_builders = builder_like == built.len();
    let mut pieces = Vec::with_capacity(captured.len());
    for sql in captured {
        if let Some(i) = raw.iter().position(|p| p.text.trim() == sql.trim()) {
            let p = raw.remove(i);
            let mut piece = Piece::new(sql.clone(), p.origin, false);
            piece.anchor = p.anchor;
            pieces.push(piece);
            continue;
        }
        let builder = if use_builders { built.pop() } else { None };
        let (origin, anchor) = match builder {
            Some(p) => (p.origin, p.anchor),
            None => (
                fallback.map_or(Origin::Whole(Span::default()), Origin::Whole),
                None,
            ),
        };
        let mut piece = Piece::new(sql.clone(), origin, true);
        piece.anchor = anchor;
        pieces.push(piece);
    }
    Located { pieces, fallback }
}
