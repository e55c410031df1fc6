//! `validator`: keeps SeaORM 2.x data models honest. The static checker is
//! `validator-core`; this crate adds, with the `db` feature, the database side.

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

#[cfg(feature = "db")]
pub mod db;
#[cfg(feature = "db")]
pub mod migrate;
