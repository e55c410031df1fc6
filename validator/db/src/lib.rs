//! `validator-db`: the validator's database side. It reads a live schema into
//! `validator-core`'s plain [`validator_core::schema::LiveSchema`] ([`introspect`]:
//! sea-schema, plus `pg_index` for the indexes sea-schema leaves out), and runs `validator
//! drift` ([`drift::check_database`]: connect, introspect, compare).

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

pub mod drift;
pub mod introspect;

pub use drift::{DriftError, check_database};
pub use introspect::{IntrospectError, introspect};
