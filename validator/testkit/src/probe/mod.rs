//! One entry point that checks any service: TCP pre-check, then the protocol check.
//!
//! | service | protocol check |
//! |---|---|
//! | PostgreSQL | connect and authenticate (one direct sqlx connection) |
//! | SQLite | open the file, or create it when the URL says `mode=rwc` |
//! | Redis | connect (AUTH, SELECT), then `PING` |
//! | ClickHouse | `GET /ping`, then `SELECT 1` when the URL carries credentials or a database |
//!
//! Every failure comes back as one [`ConnectError`] whose [`FailureKind`] says what to do:
//! start the service (unreachable, timeout) or fix the configuration (the rest).

use std::time::{Duration, Instant};

pub mod clickhouse;
pub mod redis;

use clickhouse::probe_clickhouse;
use redis::probe_redis;
#[cfg(doc)]
use validator_connect::{ConnectError, FailureKind};
use validator_connect::{
    DEFAULT_CONNECT_TIMEOUT, connect::probe_with, service::Service, service::ServiceUrl,
    tcp::DEFAULT_TCP_TIMEOUT,
};

/// The deadlines of one check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CheckOptions {
    /// For resolving the host and opening a TCP connection (3 s by default).
    pub tcp_timeout: Duration,
    /// For the protocol check after the TCP pre-check (5 s by default).
    pub timeout: Duration,
}

impl Default for CheckOptions {
    fn default() -> Self {
        Self {
            tcp_timeout: DEFAULT_TCP_TIMEOUT,
            timeout: DEFAULT_CONNECT_TIMEOUT,
        }
    }
}

/// What one check found, and how long it took.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckResult {
    pub service: Service,
    /// The URL, redacted.
    pub url: String,
    pub outcome: Result<(), validator_connect::ConnectError>,
    pub elapsed: Duration,
}

/// Checks the service behind `url` under `options`' deadlines.
pub async fn check(url: &ServiceUrl, options: &CheckOptions) -> CheckResult {
    let started = Instant::now();
    let CheckOptions {
        tcp_timeout,
        timeout,
    } = *options;
    let outcome = match url.service() {
        Service::Postgres | Service::Sqlite => match url.as_database_url() {
            Some(database) => probe_with(&database, tcp_timeout, timeout).await,
            None => Err(validator_connect::ConnectError::new(
                url,
                validator_connect::FailureKind::Misconfigured,
                "not a usable database URL",
            )),
        },
        Service::Redis => probe_redis(url, tcp_timeout, timeout).await,
        Service::ClickHouse => probe_clickhouse(url, tcp_timeout, timeout).await,
    };
    CheckResult {
        service: url.service(),
        url: url.redacted().to_owned(),
        outcome,
        elapsed: started.elapsed(),
    }
}
