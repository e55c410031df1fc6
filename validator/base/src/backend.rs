//! The database engines the tooling supports.

use std::fmt;

/// A database engine: what a URL points at, and what a migration is linted for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Backend {
    /// PostgreSQL: locks, rewrites, transactions.
    Postgres,
    /// SQLite: what its `ALTER TABLE` cannot do.
    Sqlite,
}

impl Backend {
    /// The lower-case name used in messages and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Postgres => "postgres",
            Backend::Sqlite => "sqlite",
        }
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
