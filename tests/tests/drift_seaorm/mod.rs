//! Entities that use every column type and key SeaORM maps, compiled by `drift_seaorm.rs`
//! and read by drift from source: a database that SeaORM's own `Schema` builds from them
//! must show no drift.

pub mod child;
pub mod kitchen_sink;
pub mod membership;
pub mod parent;
