//! Keeps SeaORM data models honest.

#[cfg(feature = "db")]
pub mod db;
#[cfg(feature = "db")]
pub mod doctor;
#[cfg(feature = "db")]
pub mod migrate;
#[cfg(feature = "db")]
pub mod testkit;
