//! The one place this workspace's tests get PostgreSQL from: a thin layer over
//! `validator_testkit`, which probes (with a 30 s cache shared across test processes),
//! skips visibly, records every outcome in the ledger, and fails under `CI`.
//!
//! - cannot reach the server: outside CI, print `SKIP [postgres] <test>: <reason>` and
//!   return `None`; with `CI` set, fail the test;
//! - authentication failed, or the admin database is missing: always fail, because that
//!   is a configuration to fix, not an absent service.
//!
//! The server is `TEST_DATABASE_URL` (an admin URL), or `postgres://postgres@127.0.0.1:5432/postgres`.

use validator_connect::{ConnectError, DatabaseUrl, Service};
use validator_testkit as testkit;
use validator_testkit::{NotReady, TestKit};

pub use validator_testkit::{DEFAULT_POSTGRES_URL as DEFAULT_ADMIN_URL, PgDatabase};

/// The role `.ci/setup-postgres` creates, whose password PostgreSQL actually checks
/// (scram-sha-256), for tests of authentication failures. Its password is a fixture, not
/// a secret.
pub const AUTH_ROLE: &str = "validator_auth";
pub const AUTH_ROLE_PASSWORD: &str = "correct-horse-battery-staple";

/// The admin URL tests create their databases through.
///
/// # Panics
/// When `TEST_DATABASE_URL` is not a usable PostgreSQL URL.
pub fn admin_url() -> DatabaseUrl {
    let raw = testkit::Settings::from_env().postgres_url;
    DatabaseUrl::parse(&raw)
        .unwrap_or_else(|err| panic!("TEST_DATABASE_URL is not a usable PostgreSQL URL: {err}"))
}

/// The PostgreSQL server's admin URL, for a test that needs the server but not a database
/// of its own; or `None` when it cannot be reached outside CI (after printing why).
pub async fn server() -> Option<DatabaseUrl> {
    testkit::postgres_server().await.ok()
}

/// A fresh database for the current test, or `None` when PostgreSQL cannot be reached
/// outside CI (after printing why). Panics on misconfiguration, and on any failure in CI.
pub async fn database() -> Option<PgDatabase> {
    testkit::postgres().await.ok()
}

/// Skips (outside CI, when the server is simply not there) or fails.
pub fn skip_or_fail<T>(test: &str, service: &str, err: ConnectError) -> Option<T> {
    let kit = TestKit::new(testkit::Settings::from_env(), test);
    settle(kit.not_ready(service_named(service), err))
}

/// Marks the current test skipped for `reason`: printed past the output capture and
/// recorded in the ledger. With `CI` set, fails the test instead.
pub fn skip<T>(test: &str, service: &str, reason: String) -> Option<T> {
    let kit = TestKit::new(testkit::Settings::from_env(), test);
    settle(kit.skip(service_named(service), reason))
}

fn settle<T>(not_ready: NotReady) -> Option<T> {
    match not_ready {
        NotReady::Skip(_) => None,
        fail @ NotReady::Fail { .. } => panic!("{fail}"),
    }
}

fn service_named(name: &str) -> Service {
    Service::from_name(name).unwrap_or_else(|| panic!("unknown service `{name}`"))
}
