//! `validator`: keeps SeaORM 2.x data models honest.
//!
//! The library never prints. [`check_paths`] reads entity sources, builds a plain
//! [`model::Model`] and an [`graph::EntityGraph`], runs the rules of the
//! [`rules`] registry and returns a [`Report`]; [`render`] turns a report into human,
//! JSON, SARIF or GitHub output.

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

pub mod changed;
pub mod config;
#[cfg(feature = "db")]
pub mod db;
pub mod diagnostic;
pub mod diagram;
#[cfg(feature = "db")]
pub mod doctor;
#[cfg(feature = "db")]
pub mod drift;
pub mod error;
pub mod graph;
pub mod lint;
#[cfg(feature = "db")]
pub mod migrate;
pub mod model;
pub mod render;
pub mod report;
pub mod rule;
pub mod rules;
#[cfg(feature = "db")]
pub mod schema;
pub mod severity;
pub mod source;
pub mod sql;
pub mod suppress;
#[cfg(feature = "db")]
pub mod testkit;

mod check;
mod walk;

pub use check::{SourceInput, check_paths, check_sources};
pub use config::Config;
pub use diagnostic::{Finding, Label, Severity, Summary};
pub use error::Error;
pub use report::Report;
