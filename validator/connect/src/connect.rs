//! Connecting, and telling "cannot reach" apart from "wrong password".
//!
//! sqlx's pool retries a refused connection until its acquire timeout (30 s by default) and
//! then reports only `PoolTimedOut`, losing the cause. So [`probe`] first makes one direct
//! connection under its own deadline, which fails in milliseconds with the real reason, and
//! [`connect`] opens the SeaORM pool only after the probe succeeded.

use std::{str::FromStr, time::Duration};

use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr, RuntimeErr};
use sqlx::{Connection, postgres::PgConnectOptions, sqlite::SqliteConnectOptions};

use crate::failure::{ConnectError, FailureKind, describe};
use crate::{
    service::ServiceUrl,
    tcp,
    url::{Backend, DatabaseUrl},
};

/// How long a connection attempt may take before it counts as unreachable.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Makes one direct connection to `url` and closes it, classifying any failure.
///
/// A TCP pre-check (at most [`tcp::DEFAULT_TCP_TIMEOUT`], and never longer than `timeout`)
/// runs first, so an unknown host, a refused port or a dropped SYN is told apart from a
/// server that accepts and then says nothing.
pub async fn probe(url: &DatabaseUrl, timeout: Duration) -> Result<(), ConnectError> {
    let tcp_timeout = timeout.min(tcp::DEFAULT_TCP_TIMEOUT);
    probe_with(url, tcp_timeout, timeout).await
}

/// [`probe`] with separate deadlines for the TCP pre-check and for the protocol check.
pub async fn probe_with(
    url: &DatabaseUrl,
    tcp_timeout: Duration,
    timeout: Duration,
) -> Result<(), ConnectError> {
    if let Some((host, port)) = ServiceUrl::from(url.clone()).tcp_endpoint() {
        tcp::precheck(url, &host, port, tcp_timeout).await?;
    }
    let attempt = async {
        match url.backend() {
            Backend::Postgres => {
                let options = PgConnectOptions::from_str(url.expose())?;
                sqlx::PgConnection::connect_with(&options)
                    .await?
                    .close()
                    .await
            }
            Backend::Sqlite => {
                let options = SqliteConnectOptions::from_str(url.expose())?;
                sqlx::SqliteConnection::connect_with(&options)
                    .await?
                    .close()
                    .await
            }
        }
    };
    match tokio::time::timeout(timeout, attempt).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(err)) => Err(classify_sqlx(url, &err)),
        Err(_) => Err(ConnectError::new(
            url,
            FailureKind::Timeout,
            format!(
                "connected, but no {} answer within {}",
                url.backend(),
                describe(timeout)
            ),
        )),
    }
}

/// Probes `url`, then opens a SeaORM connection pool on it.
///
/// SQLite gets a single-connection pool: `PRAGMA`s and `sqlite::memory:` databases are
/// per connection, and a migration runner must see one consistent database.
pub async fn connect(
    url: &DatabaseUrl,
    timeout: Duration,
    configure: impl FnOnce(&mut ConnectOptions),
) -> Result<DatabaseConnection, ConnectError> {
    probe(url, timeout).await?;
    let mut options = ConnectOptions::new(url.expose().to_owned());
    options
        .connect_timeout(timeout)
        .acquire_timeout(timeout)
        .sqlx_logging(false);
    if url.backend() == Backend::Sqlite {
        options.max_connections(1).min_connections(1);
    }
    configure(&mut options);
    Database::connect(options)
        .await
        .map_err(|err| classify_db_err(url, &err))
}

/// Classifies an error from sqlx.
pub fn classify_sqlx(url: &DatabaseUrl, err: &sqlx::Error) -> ConnectError {
    use sqlx::Error;
    let (kind, detail) = match err {
        Error::Configuration(cause) => (FailureKind::Misconfigured, cause.to_string()),
        Error::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => (
                FailureKind::Unreachable,
                format!("connection refused ({})", host_port(url)),
            ),
            std::io::ErrorKind::TimedOut => (FailureKind::Timeout, io.to_string()),
            _ => (FailureKind::Unreachable, io.to_string()),
        },
        Error::Tls(cause) => (FailureKind::Unreachable, format!("TLS failed: {cause}")),
        Error::PoolTimedOut => (
            FailureKind::Timeout,
            "no connection could be opened before the pool's timeout".to_owned(),
        ),
        Error::Database(db) => classify_server_error(url, db.code().as_deref(), db.message()),
        Error::Protocol(cause) => (
            FailureKind::Unreachable,
            format!(
                "the server does not speak the {} protocol: {cause}",
                url.backend()
            ),
        ),
        other => (FailureKind::Unreachable, other.to_string()),
    };
    ConnectError::new(url, kind, detail)
}

/// Classifies an error from `sea_orm::Database::connect`.
pub fn classify_db_err(url: &DatabaseUrl, err: &DbErr) -> ConnectError {
    match err {
        DbErr::Conn(RuntimeErr::SqlxError(inner)) => classify_sqlx(url, inner),
        DbErr::Conn(RuntimeErr::Internal(message)) => {
            ConnectError::new(url, FailureKind::Misconfigured, message)
        }
        other => ConnectError::new(url, FailureKind::Unreachable, other.to_string()),
    }
}

fn classify_server_error(
    url: &DatabaseUrl,
    code: Option<&str>,
    message: &str,
) -> (FailureKind, String) {
    match (url.backend(), code) {
        // 28P01 is returned both for a wrong password and for an unknown user, on purpose.
        (Backend::Postgres, Some("28P01" | "28000")) => {
            (FailureKind::AuthFailed, message.to_owned())
        }
        (Backend::Postgres, Some("3D000")) => (FailureKind::DatabaseMissing, message.to_owned()),
        // SQLITE_CANTOPEN: the file or its directory is missing and `mode=rwc` was not given.
        (Backend::Sqlite, Some("14")) => (
            FailureKind::DatabaseMissing,
            format!("{message} (add `?mode=rwc` to the URL to create the file)"),
        ),
        _ => (FailureKind::Unreachable, message.to_owned()),
    }
}

fn host_port(url: &DatabaseUrl) -> String {
    match url::Url::parse(url.expose()) {
        Ok(parsed) => format!(
            "{}:{}",
            parsed.host_str().unwrap_or("localhost"),
            parsed.port().unwrap_or(5432)
        ),
        Err(_) => "unknown host".to_owned(),
    }
}
