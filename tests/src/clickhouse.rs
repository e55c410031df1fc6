//! The one place this workspace's tests get ClickHouse from: the real server
//! (`.ci/setup-clickhouse` installs Debian's `clickhouse-server` and starts it on
//! 127.0.0.1:8123), through `validator_testkit`. When it cannot be reached a test prints
//! `SKIP [clickhouse] <test>: <reason>` and returns; with `CI` set it fails instead; the
//! ledger records either way.
//!
//! The server is `TEST_CLICKHOUSE_URL`, or `http://127.0.0.1:8123`.

use validator_connect::ServiceUrl;
use validator_testkit as testkit;

/// The user `.ci/setup-clickhouse` creates, whose password the server checks, for tests
/// of authentication failures. Its password is a fixture, not a secret.
pub const AUTH_USER: &str = "validator_auth";
pub const AUTH_USER_PASSWORD: &str = "correct-horse-battery-staple";

/// The server's URL, checked, or `None` when it cannot be reached outside CI (after
/// printing why). Panics on misconfiguration, and on any absence in CI.
pub async fn server() -> Option<ServiceUrl> {
    testkit::clickhouse().await.ok()
}

/// `server`'s URL with `user:password` and, when given, `?database=`, as a user would
/// write it.
pub fn url_as(server: &ServiceUrl, user: &str, password: &str, database: Option<&str>) -> String {
    let mut url = url::Url::parse(server.expose()).expect("a checked ClickHouse URL parses");
    url.set_username(user).expect("a host URL takes a user");
    url.set_password(Some(password))
        .expect("a host URL takes a password");
    if let Some(database) = database {
        url.query_pairs_mut().append_pair("database", database);
    }
    url.to_string()
}
