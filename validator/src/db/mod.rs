//! Talking to databases and services: URLs that stay redacted, connection triage (a TCP
//! pre-check, then a protocol check per service), log scrubbing, introspection.

pub mod check;
pub mod clickhouse;
pub mod connect;
pub mod drift;
pub mod failure;
pub mod introspect;
pub mod logging;
pub mod redis;
pub mod service;
pub mod tcp;
pub mod url;

pub use check::{CheckOptions, CheckResult, check};
pub use connect::{DEFAULT_CONNECT_TIMEOUT, connect, probe, probe_with};
pub use failure::{ConnectError, FailureKind};
pub use service::{Service, ServiceUrl};
pub use tcp::DEFAULT_TCP_TIMEOUT;
pub use url::{Backend, DatabaseUrl, UrlError, redact};

use sea_orm::{ConnectionTrait, DbErr, Statement};

/// Runs `sql` and returns its `name` column: the shape of every catalog listing we run.
pub(crate) async fn query_names<C: ConnectionTrait>(
    db: &C,
    sql: &str,
) -> Result<Vec<String>, DbErr> {
    let statement = Statement::from_string(db.get_database_backend(), sql.to_owned());
    db.query_all_raw(statement)
        .await?
        .iter()
        .map(|row| row.try_get::<String>("", "name"))
        .collect()
}
