//! `validator-core`: the static half of the validator, with no database. It reads SeaORM
//! entity sources and migrations without compiling them, runs the rule set, and renders
//! the findings.
//!
//! Data flows one way: sources ([`source`], [`walk`]) → model ([`model`], [`sql`],
//! [`schema`]) → graph ([`graph`]) → rules ([`rules`]) → findings ([`diagnostic`]) →
//! report ([`report`]: severities, suppressions, order) → render ([`render`],
//! [`diagram`]). The pipelines that drive it are [`check_paths`]/[`check_sources`]
//! (entities), [`lint`] (migrations: a crate read with syn, `.sql` files, or SQL a runner
//! captured), with the `drift` feature, [`drift::compare`] (entities against a live
//! schema that `validator-db` reads), and with the `generate` feature, `generate::plan`
//! (the migration that takes a live schema to the entities, from the same comparison).
//! The library never prints.

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

pub mod applicability;
pub mod changed;
pub mod config;
pub mod diagnostic;
pub mod diagram;
#[cfg(feature = "drift")]
pub mod drift;
pub mod error;
pub mod fix;
#[cfg(feature = "generate")]
pub mod generate;
pub mod graph;
pub mod lint;
pub mod model;
pub mod render;
pub mod report;
pub mod rule;
pub mod rules;
#[cfg(feature = "drift")]
pub mod schema;
pub mod severity;
pub mod source;
pub mod sql;
pub mod suppress;

mod check;
mod walk;

pub use check::{SourceInput, check_paths, check_sources};
pub use config::Config;
pub use diagnostic::{Finding, Label, Severity, Summary};
pub use error::Error;
pub use report::Report;
pub use severity::FailOn;
