//! `validator-connect`: URLs that never show their password, and connection triage. A
//! TCP pre-check, then a protocol check, classify every failure (cannot reach, timeout,
//! authentication failed, database missing, misconfigured) in milliseconds, so that a
//! refused port does not wait out a pool's timeout and a wrong password is not reported
//! as a network problem. PostgreSQL and SQLite connect here; Redis and ClickHouse are
//! probed by `validator-testkit` with the same URLs and failure classes.

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

pub mod connect;
pub mod failure;
pub mod service;
pub mod tcp;
pub mod url;

pub use connect::{DEFAULT_CONNECT_TIMEOUT, connect, probe, probe_with};
pub use failure::{ConnectError, FailureKind};
pub use service::{Service, ServiceUrl};
pub use tcp::DEFAULT_TCP_TIMEOUT;
pub use url::{Backend, DatabaseUrl, UrlError, redact};

use sea_orm::{ConnectionTrait, DbErr, Statement};

/// The PostgreSQL server tests and `migration lint` use when none is given.
pub const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// Runs `sql` and returns its `name` column: the shape of every catalog listing we run.
pub async fn query_names<C: ConnectionTrait>(db: &C, sql: &str) -> Result<Vec<String>, DbErr> {
    let statement = Statement::from_string(db.get_database_backend(), sql.to_owned());
    db.query_all_raw(statement)
        .await?
        .iter()
        .map(|row| row.try_get::<String>("", "name"))
        .collect()
}
