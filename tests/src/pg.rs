//! The one place tests get PostgreSQL from.
//!
//! [`database`] probes the server once per process, creates a database named after a
//! unique counter, and hands back a [`PgDatabase`] that drops it (`WITH (FORCE)`) when the
//! test ends, so tests run in parallel without seeing each other's tables.
//!
//! The server is `TEST_DATABASE_URL` (an admin URL), or `postgres://postgres@127.0.0.1:5432/postgres`.
//! - cannot reach it: outside CI, print `SKIP [postgres] <test>: <reason>` and return
//!   `None`; with `CI` set, fail the test;
//! - authentication failed, or the admin database is missing: always fail, because that
//!   is a configuration to fix, not an absent service.

use std::{
    sync::atomic::{AtomicU32, Ordering},
    time::Duration,
};

use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};
use sqlx::{AssertSqlSafe, Connection, Executor};
use tokio::sync::OnceCell;
use validator::db::{ConnectError, DatabaseUrl, probe};

use crate::ledger::{self, Entry, Outcome};

/// The admin URL used when `TEST_DATABASE_URL` is not set.
pub const DEFAULT_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// How long the one probe per process may take.
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(3);

/// The role `.ci/run` creates, whose password PostgreSQL actually checks (scram-sha-256),
/// for tests of authentication failures. Its password is a fixture, not a secret.
pub const AUTH_ROLE: &str = "validator_auth";
pub const AUTH_ROLE_PASSWORD: &str = "correct-horse-battery-staple";

static PROBE: OnceCell<Result<(), ConnectError>> = OnceCell::const_new();
static COUNTER: AtomicU32 = AtomicU32::new(0);

/// The admin URL tests create their databases through.
pub fn admin_url() -> DatabaseUrl {
    let raw = std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| DEFAULT_ADMIN_URL.to_owned());
    DatabaseUrl::parse(&raw)
        .unwrap_or_else(|err| panic!("TEST_DATABASE_URL is not a usable PostgreSQL URL: {err}"))
}

/// A database that exists for one test and is dropped with this value.
pub struct PgDatabase {
    url: DatabaseUrl,
    admin: DatabaseUrl,
    name: String,
}

impl PgDatabase {
    /// The database's URL, password included, to hand to the code under test.
    pub fn url(&self) -> &str {
        self.url.expose()
    }

    pub fn database_url(&self) -> &DatabaseUrl {
        &self.url
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Opens a SeaORM connection to this database.
    pub async fn connect(&self) -> Result<DatabaseConnection, DbErr> {
        let mut options = ConnectOptions::new(self.url.expose().to_owned());
        options
            .max_connections(4)
            .acquire_timeout(Duration::from_secs(10))
            .sqlx_logging(false);
        Database::connect(options).await
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let admin = self.admin.clone();
        let name = self.name.clone();
        // Drop runs inside the test's runtime, which cannot be blocked on; use a thread.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|err| err.to_string())?;
            runtime.block_on(async {
                let mut conn = sqlx::PgConnection::connect(admin.expose())
                    .await
                    .map_err(|err| admin.scrub(&err.to_string()))?;
                conn.execute(drop_database(&name))
                    .await
                    .map_err(|err| err.to_string())?;
                Ok::<(), String>(())
            })
        })
        .join();
        match dropped {
            Ok(Ok(())) => {}
            Ok(Err(err)) => ledger::announce(&format!(
                "warning: could not drop test database {}: {err}",
                self.name
            )),
            Err(_) => ledger::announce(&format!(
                "warning: dropping test database {} panicked",
                self.name
            )),
        }
    }
}

/// The PostgreSQL server's admin URL, for a test that needs the server but not a database
/// of its own; or `None` when it cannot be reached outside CI (after printing why).
pub async fn server() -> Option<DatabaseUrl> {
    let test = crate::current_test_name();
    let admin = admin_url();
    if let Err(err) = server_available(&admin).await {
        return skip_or_fail(&test, "postgres", err);
    }
    ledger::record(&Entry::new(&test, "postgres", Outcome::Ran, None));
    Some(admin)
}

/// A fresh database for the current test, or `None` when PostgreSQL cannot be reached
/// outside CI (after printing why). Panics on misconfiguration, and on any failure in CI.
pub async fn database() -> Option<PgDatabase> {
    let admin = server().await?;
    let name = format!(
        "vt_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    let created = async {
        let mut conn = sqlx::PgConnection::connect(admin.expose()).await?;
        conn.execute(drop_database(&name)).await?;
        let create = format!(r#"CREATE DATABASE "{name}""#);
        conn.execute(sqlx::raw_sql(AssertSqlSafe(create))).await?;
        conn.close().await
    }
    .await;
    if let Err(err) = created {
        panic!(
            "cannot create test database {name} on {admin}: {}",
            admin.scrub(&err.to_string())
        );
    }
    let url = admin
        .with_database(&name)
        .unwrap_or_else(|| panic!("cannot derive a database URL from {admin}"));
    Some(PgDatabase { url, admin, name })
}

/// `name` is generated here (`vt_<pid>_<n>`), never taken from input, so it is safe to splice.
fn drop_database(name: &str) -> sqlx::RawSql {
    sqlx::raw_sql(AssertSqlSafe(format!(
        r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#
    )))
}

/// Probes the server once per process and remembers the verdict.
pub async fn server_available(admin: &DatabaseUrl) -> Result<(), ConnectError> {
    PROBE
        .get_or_init(|| async { probe(admin, PROBE_TIMEOUT).await })
        .await
        .clone()
}

/// Skips (outside CI, when the server is simply not there) or fails.
pub fn skip_or_fail<T>(test: &str, service: &str, err: ConnectError) -> Option<T> {
    if !err.kind.is_connection_class() {
        panic!("{service} is misconfigured for tests (this is never a skip): {err}");
    }
    skip(test, service, err.to_string())
}

/// Marks the current test skipped for `reason`: printed past the output capture and
/// recorded in the ledger. With `CI` set, fails the test instead.
pub fn skip<T>(test: &str, service: &str, reason: String) -> Option<T> {
    if crate::in_ci() {
        panic!("{service} is required in CI but unavailable: {reason}");
    }
    ledger::announce(&format!(
        "SKIP [{service}] {test}: {reason} (with CI set, this fails)"
    ));
    ledger::record(&Entry::new(test, service, Outcome::Skipped, Some(reason)));
    None
}
