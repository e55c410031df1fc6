//! Why a runner command failed, and the exit code each failure maps to.

use std::fmt;

use crate::db::{ConnectError, UrlError};

/// Exit code for a command that ran and succeeded.
pub const EXIT_OK: u8 = 0;
/// Exit code when a migration itself failed (its SQL was rejected, or it panicked).
pub const EXIT_MIGRATION_FAILED: u8 = 1;
/// Exit code for usage, configuration, connection and other infrastructure errors.
pub const EXIT_INFRASTRUCTURE: u8 = 2;

/// Whether a migration was being applied or rolled back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Direction::Up => "up",
            Direction::Down => "down",
        })
    }
}

/// A failed runner command. Every message is free of passwords.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Url(#[from] UrlError),
    #[error(transparent)]
    Connect(#[from] ConnectError),
    #[error("migration `{name}` failed ({direction}): {cause}")]
    Migration {
        name: String,
        direction: Direction,
        cause: String,
    },
    #[error("migration `{name}` panicked ({direction}): {message}")]
    Panicked {
        name: String,
        direction: Direction,
        message: String,
    },
    #[error(
        "the database records {} applied migration(s) that this migrator does not have: {}; \
         restore the file(s) or remove the row(s) from the migration table",
        names.len(),
        names.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ")
    )]
    MissingMigrations { names: Vec<String> },
    #[error("{context}: {cause}")]
    Database { context: String, cause: String },
    #[error("{0}")]
    Setup(String),
}

impl RunError {
    /// The process exit code for this failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            RunError::Migration { .. } | RunError::Panicked { .. } => EXIT_MIGRATION_FAILED,
            _ => EXIT_INFRASTRUCTURE,
        }
    }
}
