//! Helpers that give tests their databases, for this workspace's integration tests.
//!
//! - [`pg`]: a fresh PostgreSQL database per test, dropped afterwards. When PostgreSQL
//!   cannot be reached the test prints a `SKIP` line with the reason and returns; with `CI`
//!   set it fails instead. Every outcome is recorded in the [`ledger`].
//! - [`sqlite`]: a SQLite file in a temporary directory.
//! - [`fixtures`]: fixture migrators for the migration runner's tests and bench, and the
//!   `fixture-runner` binary over one of them.

pub mod fixtures;
pub mod ledger;
pub mod pg;
pub mod sqlite;

/// The name of the running test: libtest names each test's thread after it.
pub fn current_test_name() -> String {
    match std::thread::current().name() {
        Some(name) if name != "main" => name.to_owned(),
        _ => std::env::args()
            .skip(1)
            .find(|arg| !arg.starts_with('-'))
            .unwrap_or_else(|| "unknown test".to_owned()),
    }
}

/// True when running under CI, where a missing service is a failure, never a skip.
pub fn in_ci() -> bool {
    std::env::var("CI")
        .map(|value| !value.is_empty() && value != "0" && value != "false")
        .unwrap_or(false)
}

/// Gets a fresh PostgreSQL database for this test, or skips it (returns early) with a
/// printed reason when PostgreSQL cannot be reached outside CI.
#[macro_export]
macro_rules! postgres_or_skip {
    () => {
        match $crate::pg::database().await {
            Some(database) => database,
            None => return,
        }
    };
}
