//! PostgreSQL for tests: a fresh database per test, dropped afterwards; and the
//! backend-agnostic database that falls back to in-memory SQLite.

use std::{
    str::FromStr,
    sync::atomic::{AtomicU32, Ordering},
    time::Duration,
};

use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};
use sqlx::{AssertSqlSafe, Connection, Executor, postgres::PgConnectOptions};

use super::{Absent, NotReady, Skip, TestKit, announce, ledger::Outcome, or_fail};
use validator_connect::{
    Backend, ConnectError, DatabaseUrl, FailureKind, Service, ServiceUrl, connect::classify_sqlx,
};

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// What a fallback runs on, as written to the ledger's `ran_on`.
pub const SQLITE_MEMORY: &str = "sqlite-memory";

/// A database that exists for one test and is dropped (`WITH (FORCE)`) with this value.
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

    /// The database's URL, which prints redacted.
    pub fn database_url(&self) -> &DatabaseUrl {
        &self.url
    }

    /// The database's name (`vt_<pid>_<n>`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Opens a SeaORM connection pool on this database.
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
            Ok(Err(err)) => announce(&format!(
                "warning: could not drop test database {}: {err}",
                self.name
            )),
            Err(_) => announce(&format!(
                "warning: dropping test database {} panicked",
                self.name
            )),
        }
    }
}

/// `name` is generated here (`vt_<pid>_<n>`), never taken from input, so it is safe to splice.
fn drop_database(name: &str) -> sqlx::RawSql {
    sqlx::raw_sql(AssertSqlSafe(format!(
        r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#
    )))
}

/// A database for a backend-agnostic test: PostgreSQL when it is there, in-memory SQLite
/// when it is not. It holds its connection, because an in-memory SQLite database lives
/// only as long as its one connection.
pub struct TestDatabase {
    // Declared first so that it closes before the PostgreSQL database is dropped.
    connection: DatabaseConnection,
    postgres: Option<PgDatabase>,
}

impl TestDatabase {
    /// The ready connection.
    pub fn connection(&self) -> &DatabaseConnection {
        &self.connection
    }

    /// The engine behind the connection.
    pub fn backend(&self) -> Backend {
        if self.postgres.is_some() {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }

    /// True when PostgreSQL was not there and the test runs on in-memory SQLite.
    pub fn is_fallback(&self) -> bool {
        self.postgres.is_none()
    }

    /// The PostgreSQL database, when this is not a fallback.
    pub fn postgres(&self) -> Option<&PgDatabase> {
        self.postgres.as_ref()
    }
}

impl TestKit {
    /// The checked PostgreSQL admin URL, for a test that needs the server but no database.
    pub async fn try_postgres_server(&self) -> Result<DatabaseUrl, NotReady> {
        let admin = self
            .postgres_admin()
            .await
            .map_err(|absent| self.decide(Service::Postgres, absent))?;
        self.ran(Service::Postgres);
        Ok(admin)
    }

    /// [`TestKit::try_postgres_server`], failing the test on anything but a skip.
    pub async fn postgres_server(&self) -> Result<DatabaseUrl, Skip> {
        or_fail(self.try_postgres_server().await)
    }

    /// A fresh database for this test on the configured server.
    pub async fn try_postgres(&self) -> Result<PgDatabase, NotReady> {
        let database = self
            .create_postgres_database()
            .await
            .map_err(|absent| self.decide(Service::Postgres, absent))?;
        self.ran(Service::Postgres);
        Ok(database)
    }

    /// [`TestKit::try_postgres`], failing the test on anything but a skip.
    pub async fn postgres(&self) -> Result<PgDatabase, Skip> {
        or_fail(self.try_postgres().await)
    }

    /// PostgreSQL when it is there; when it is simply absent (unreachable, timeout,
    /// offline), in-memory SQLite, said on stderr and recorded as a `fallback`. Credentials
    /// or a missing database still fail, and so does any absence with `CI` set.
    pub async fn try_any_database(&self) -> Result<TestDatabase, NotReady> {
        let absent = match self.create_postgres_database().await {
            Ok(database) => {
                let connection = database.connect().await.map_err(|err| {
                    self.fail(
                        Service::Postgres,
                        format!("cannot connect to test database {}: {err}", database.name()),
                    )
                })?;
                self.ran(Service::Postgres);
                return Ok(TestDatabase {
                    connection,
                    postgres: Some(database),
                });
            }
            Err(absent) if absent.is_absence() => absent,
            Err(misconfigured) => return Err(self.decide(Service::Postgres, misconfigured)),
        };
        let reason = absent.reason();
        if self.settings.ci {
            return Err(self.fail(
                Service::Postgres,
                format!(
                    "postgres is required with CI set; this backend-agnostic test would fall back to SQLite: {reason}"
                ),
            ));
        }
        self.say(&format!(
            "FALLBACK [postgres -> sqlite in memory] {}: {reason}",
            self.test
        ));
        self.record(
            Service::Postgres,
            Outcome::Fallback,
            Some(reason),
            Some(SQLITE_MEMORY),
        );
        let connection = in_memory_sqlite().await.map_err(|err| {
            self.fail(
                Service::Sqlite,
                format!("cannot open in-memory SQLite: {err}"),
            )
        })?;
        Ok(TestDatabase {
            connection,
            postgres: None,
        })
    }

    /// [`TestKit::try_any_database`], failing the test when it cannot have either.
    ///
    /// # Panics
    /// When PostgreSQL is misconfigured, absent with `CI` set, or SQLite cannot open.
    #[allow(
        clippy::panic,
        reason = "failing the calling test is this function's job"
    )]
    pub async fn any_database(&self) -> TestDatabase {
        match self.try_any_database().await {
            Ok(database) => database,
            Err(not_ready) => panic!("{not_ready}"),
        }
    }

    /// The admin URL, once the server is known to be available.
    async fn postgres_admin(&self) -> Result<DatabaseUrl, Absent> {
        let url = self
            .configured_url(Service::Postgres)
            .map_err(|_| Absent::Checked(self.bad_postgres_url()))?;
        let admin = url
            .as_database_url()
            .filter(|admin| admin.backend() == Backend::Postgres)
            .ok_or_else(|| Absent::Checked(self.bad_postgres_url()))?;
        self.check_service(&url).await?;
        Ok(admin)
    }

    fn bad_postgres_url(&self) -> ConnectError {
        ConnectError {
            kind: FailureKind::Misconfigured,
            url: validator_connect::redact(&self.settings.postgres_url),
            detail: "TEST_DATABASE_URL must be a `postgres://` admin URL".to_owned(),
        }
    }

    /// Creates `vt_<pid>_<n>` through the admin URL.
    async fn create_postgres_database(&self) -> Result<PgDatabase, Absent> {
        let admin = self.postgres_admin().await?;
        let name = format!(
            "vt_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let timeout = self.settings.check.timeout;
        let created = async {
            let options = PgConnectOptions::from_str(admin.expose())?;
            let mut conn = sqlx::PgConnection::connect_with(&options).await?;
            conn.execute(drop_database(&name)).await?;
            let create = format!(r#"CREATE DATABASE "{name}""#);
            conn.execute(sqlx::raw_sql(AssertSqlSafe(create))).await?;
            conn.close().await
        };
        let failure = match tokio::time::timeout(timeout * 4, created).await {
            Ok(Ok(())) => None,
            Ok(Err(err)) => Some(classify_sqlx(&admin, &err)),
            Err(_) => Some(ConnectError {
                kind: FailureKind::Timeout,
                url: admin.redacted().to_owned(),
                detail: format!("creating test database {name} took too long"),
            }),
        };
        if let Some(err) = failure {
            // The cached "available" is stale when the server went away since.
            self.remember(&ServiceUrl::from(admin.clone()), &Err(err.clone()));
            return Err(Absent::Checked(err));
        }
        let Some(url) = admin.with_database(&name) else {
            return Err(Absent::Checked(self.bad_postgres_url()));
        };
        Ok(PgDatabase { url, admin, name })
    }
}

/// One in-memory SQLite connection that lives as long as the pool: no idle timeout, no
/// maximum lifetime, because closing it would drop the database.
async fn in_memory_sqlite() -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new("sqlite::memory:");
    options
        .max_connections(1)
        .min_connections(1)
        .idle_timeout(None)
        .max_lifetime(None)
        .sqlx_logging(false);
    Database::connect(options).await
}
