//! SQLite databases for tests: a real file in a temporary directory.

use std::path::PathBuf;

use tempfile::TempDir;

/// A SQLite file that disappears with this value.
pub struct SqliteDatabase {
    dir: TempDir,
}

impl SqliteDatabase {
    /// A new, not yet created, database file in a fresh temporary directory.
    pub fn new() -> std::io::Result<Self> {
        Ok(Self {
            dir: tempfile::Builder::new()
                .prefix("validator-test-")
                .tempdir()?,
        })
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().join("test.sqlite3")
    }

    /// A URL that creates the file on first connection.
    pub fn url(&self) -> String {
        format!("sqlite://{}?mode=rwc", self.path().display())
    }

    /// Opens a SeaORM connection with foreign keys enforced (sqlx's default).
    pub async fn connect(&self) -> Result<sea_orm::DatabaseConnection, sea_orm::DbErr> {
        let mut options = sea_orm::ConnectOptions::new(self.url());
        options.max_connections(1).sqlx_logging(false);
        sea_orm::Database::connect(options).await
    }
}
