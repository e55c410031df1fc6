//! Why a runner command failed, and the exit code each failure maps to.

use std::fmt;

use validator_base::exit::{EXIT_ERROR, EXIT_FAILED};

use validator_connect::{ConnectError, UrlError};

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
    #[error("{}", migration_failure(name, *direction, cause, statement.as_deref(), *atomic))]
    Migration {
        name: String,
        direction: Direction,
        /// The database's error, scrubbed.
        cause: String,
        /// The statement that failed, one line, shortened, secrets masked.
        statement: Option<String>,
        /// Whether it ran in a transaction (and so left nothing behind).
        atomic: bool,
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
    #[error(
        "refusing to migrate: {} applied migration(s) changed since they were applied: {}; \
         review the change, then run `repair` to record the new checksum, or pass `--allow-modified`",
        migrations.len(),
        migrations.iter().map(|m| format!("`{}` ({})", m.name, m.difference)).collect::<Vec<_>>().join(", ")
    )]
    Modified { migrations: Vec<ModifiedMigration> },
    #[error(
        "gave up after {:.1} s waiting for the migration lock on {target}: held by {holder}; \
         it is released when that runner finishes or its connection closes",
        *waited_ms as f64 / 1000.0
    )]
    LockTimeout {
        target: String,
        holder: String,
        waited_ms: u128,
    },
    #[error("{0}")]
    LockLost(String),
    #[error("{context}: {cause}")]
    Database { context: String, cause: String },
    #[error("{0}")]
    Setup(String),
}

impl RunError {
    /// The process exit code for this failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            RunError::Migration { .. } | RunError::Panicked { .. } | RunError::Modified { .. } => {
                EXIT_FAILED
            }
            _ => EXIT_ERROR,
        }
    }
}

/// An applied migration whose SQL changed since.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModifiedMigration {
    pub name: String,
    /// The first statement that differs, or why it cannot be compared.
    pub difference: String,
}

fn migration_failure(
    name: &str,
    direction: Direction,
    cause: &str,
    statement: Option<&str>,
    atomic: bool,
) -> String {
    let at = statement
        .map(|sql| format!(" at statement `{sql}`"))
        .unwrap_or_default();
    let aftermath = if atomic {
        "; it was rolled back, so nothing of it was applied"
    } else {
        "; it ran outside a transaction (`use_transaction() = Some(false)`), so the \
         statements before the failing one stay applied"
    };
    format!("migration `{name}` failed ({direction}){at}: {cause}{aftermath}")
}
