//! The database side of the validator: services checked for `doctor` and tests, schema
//! introspection, drift, log scrubbing.

pub mod check;
pub mod clickhouse;
pub mod drift;
pub mod introspect;
pub mod logging;
pub mod redis;

pub use check::{CheckOptions, CheckResult, check};
