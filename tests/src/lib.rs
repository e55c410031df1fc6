//! Helpers that give this workspace's integration tests their databases.
//!
//! The machinery (probing, the 30 s cross-process cache, skips, the ledger, offline mode)
//! is `validator_testkit`, usable by any project; these modules adapt it to the shapes
//! this workspace's tests were written against.
//!
//! - [`pg`]: a fresh PostgreSQL database per test, dropped afterwards. When PostgreSQL
//!   cannot be reached the test prints a `SKIP` line with the reason and returns; with `CI`
//!   set it fails instead. Every outcome is recorded in the [`ledger`].
//! - [`clickhouse`]: the real ClickHouse server, or a visible skip (a failure in CI).
//! - [`sqlite`]: a SQLite file in a temporary directory.
//! - [`scratch_crate`]: copies of this workspace's crates in a scratch workspace, built
//!   for real in one shared target directory.
//! - [`fixtures`]: fixture migrators for the migration runner's tests and bench, and the
//!   `fixture-runner` binary over one of them.

pub mod clickhouse;
pub mod fixtures;
pub mod ledger;
pub mod net;
pub mod pg;
pub mod scratch_crate;
pub mod sqlite;
pub mod tools;

pub use validator_testkit::current_test_name;

/// True when running under CI, where a missing service is a failure, never a skip.
pub fn in_ci() -> bool {
    validator_testkit::Settings::from_env().ci
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
