//! Talking to databases: URLs that stay redacted, connection triage, log scrubbing.

pub mod connect;
pub mod introspect;
pub mod logging;
pub mod url;

pub use connect::{ConnectError, DEFAULT_CONNECT_TIMEOUT, FailureKind, connect, probe};
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
