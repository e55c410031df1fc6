//! The database side of the validator: services checked for `doctor` and tests, log scrubbing.

pub mod check;
pub mod clickhouse;
pub mod logging;
pub mod redis;

pub use check::{CheckOptions, CheckResult, check};
