use std::path::PathBuf;

use crate::diagnostic::{Finding, Label};
use crate::rule::declare_rule;
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Reports a migration that fails or panics when `validator lint` applies it to an
    /// empty scratch database (in-memory SQLite, or a temporary PostgreSQL database).
    ///
    /// ## Why is this bad?
    /// If it fails on an empty database it fails on every fresh environment: CI, a new
    /// developer's machine, disaster recovery. On SQLite, sea-query panics on alterations
    /// SQLite cannot do (`modify_column`, foreign keys on existing tables).
    ///
    /// ## Example
    /// ```rust
    /// manager.alter_table(Table::alter().table(Users::Table)
    ///     .add_column(integer(Users::Age)).to_owned()).await?; // NOT NULL, no default: SQLite refuses
    /// ```
    /// Use instead:
    /// ```rust
    /// manager.alter_table(Table::alter().table(Users::Table)
    ///     .add_column(integer_null(Users::Age)).to_owned()).await?;
    /// ```
    pub(crate) static RULE = ("migration-fails", Migration, Error);
}

/// A migration that failed on the scratch database of `backend`.
pub(crate) fn finding(
    file: Option<PathBuf>,
    span: Option<Span>,
    migration: &str,
    backend: &str,
    cause: &str,
    statement: Option<&str>,
) -> Finding {
    let label = match statement {
        Some(sql) => format!("fails at `{sql}`"),
        None => "fails here".to_owned(),
    };
    Finding::new(
        &RULE,
        format!("migration `{migration}` fails on an empty {backend} database: {cause}"),
        Label {
            file,
            span,
            message: label,
        },
    )
    .with_help("fix the migration so it applies to a fresh database; later migrations were not linted on this backend")
}
