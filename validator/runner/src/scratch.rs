//! Scratch databases for the development-time commands (`verify`, `lint`, `generate`):
//! in-memory SQLite, or a PostgreSQL database created on a server for one run and
//! dropped afterwards. The database the URL names is never used itself.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sea_orm::{ConnectionTrait, DatabaseConnection};

use crate::error::RunError;
use validator_connect::{Backend, DatabaseUrl};

/// A scratch database and how to get rid of it.
pub(crate) struct Scratch {
    pub(crate) conn: DatabaseConnection,
    #[cfg_attr(not(any(feature = "verify", feature = "generate")), allow(dead_code))]
    pub(crate) url: DatabaseUrl,
    /// `a scratch in-memory SQLite database`, or the PostgreSQL database's name (what
    /// `verify` prints).
    #[cfg_attr(not(feature = "verify"), allow(dead_code))]
    pub(crate) description: String,
    /// PostgreSQL: the server connection that created the database, and its name.
    created: Option<(DatabaseConnection, String)>,
}

impl Scratch {
    /// In-memory SQLite, on one connection that is never closed while the run lasts (an
    /// in-memory database lives as long as its connection).
    pub(crate) async fn sqlite(timeout: Duration) -> Result<Scratch, RunError> {
        let url = DatabaseUrl::parse("sqlite::memory:")?;
        let conn = validator_connect::connect(&url, timeout, |options| {
            options.idle_timeout(None).max_lifetime(None);
        })
        .await?;
        Ok(Scratch {
            conn,
            url,
            description: "a scratch in-memory SQLite database".to_owned(),
            created: None,
        })
    }

    /// A new database on the PostgreSQL `server`, named after `purpose` (`verify`), for
    /// this run. The role needs `CREATEDB`.
    pub(crate) async fn postgres(
        server: &DatabaseUrl,
        purpose: &str,
        timeout: Duration,
    ) -> Result<Scratch, RunError> {
        if server.backend() != Backend::Postgres {
            return Err(RunError::Setup(format!(
                "{server} is not a PostgreSQL URL; pass the server with `-u postgres://..`"
            )));
        }
        let admin = validator_connect::connect(server, timeout, |options| {
            options.max_connections(1);
        })
        .await?;
        let name = scratch_name(purpose);
        if let Err(err) = admin
            .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await
        {
            let _ = admin.close().await;
            return Err(RunError::Database {
                context: format!(
                    "cannot create the scratch database `{name}` on {server} (the role needs CREATEDB)"
                ),
                cause: server.scrub(&err.to_string()),
            });
        }
        let Some(url) = server.with_database(&name) else {
            drop_database(&admin, &name).await;
            let _ = admin.close().await;
            return Err(RunError::Setup(format!(
                "cannot build a URL for the scratch database from {server}"
            )));
        };
        match validator_connect::connect(&url, timeout, |_| {}).await {
            Ok(conn) => Ok(Scratch {
                conn,
                description: format!("scratch PostgreSQL database `{name}` (dropped afterwards)"),
                url,
                created: Some((admin, name)),
            }),
            Err(err) => {
                drop_database(&admin, &name).await;
                let _ = admin.close().await;
                Err(err.into())
            }
        }
    }

    /// The scratch database for `backend`: in-memory SQLite, or a new database on `server`.
    #[cfg(any(feature = "lint", feature = "generate"))]
    pub(crate) async fn open(
        backend: Backend,
        server: Option<&DatabaseUrl>,
        purpose: &str,
        timeout: Duration,
    ) -> Result<Scratch, RunError> {
        match backend {
            Backend::Sqlite => Scratch::sqlite(timeout).await,
            Backend::Postgres => {
                let default;
                let server = match server {
                    Some(url) => url,
                    None => {
                        default = DatabaseUrl::parse(validator_connect::DEFAULT_POSTGRES_URL)?;
                        &default
                    }
                };
                Scratch::postgres(server, purpose, timeout).await
            }
        }
    }

    /// Closes the connection and drops a PostgreSQL scratch database. Returns a warning
    /// when the database could not be dropped.
    pub(crate) async fn close(self) -> Option<String> {
        let _ = self.conn.close().await;
        let (admin, name) = self.created?;
        let dropped = drop_database(&admin, &name).await;
        let _ = admin.close().await;
        (!dropped).then(|| format!("could not drop the scratch database `{name}`; drop it by hand"))
    }
}

/// `name` is made by [`scratch_name`], never taken from input.
async fn drop_database(admin: &DatabaseConnection, name: &str) -> bool {
    admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        .await
        .is_ok()
}

/// A database name no one else uses: the purpose, the process id and the clock.
fn scratch_name(purpose: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!(
        "migration_{purpose}_{}_{}",
        std::process::id(),
        nanos % 1_000_000_000_000
    )
}
