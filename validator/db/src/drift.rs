//! `validator drift`: reads the entity sources as `check` does, introspects the database,
//! and compares the two ([`validator_core::drift::compare`]).

use std::path::{Path, PathBuf};
use std::time::Duration;

use validator_core::Config;
use validator_core::drift::{DriftOptions, DriftReport, compare};

use crate::introspect::IntrospectError;
use validator_connect::{ConnectError, DatabaseUrl};

/// Why a drift run could not compare anything.
#[derive(Debug, thiserror::Error)]
pub enum DriftError {
    /// The entity sources could not be read, or the configuration is wrong.
    #[error(transparent)]
    Input(#[from] validator_core::Error),
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
    let source = validator_core::check_paths(paths, config, cwd)?;
    let conn = validator_connect::connect(url, connect_timeout, |_| {}).await?;
    let live = crate::introspect::introspect(&conn).await;
    let _ = conn.close().await;
    let live = live.map_err(|IntrospectError(cause)| DriftError::Introspect(url.scrub(&cause)))?;
    Ok(compare(source, &live, config, options))
}
