//! The [`Migrator`] that builds the schema of the `entity` crate: one migration per table,
//! each with a real `down`, each run in a transaction on every backend.

pub use sea_orm_migration::prelude::*;

mod m20261126_000001_create_users;
mod m20261126_000002_create_credit_transactions;
mod m20261126_000003_create_subscriptions;
mod m20261126_000004_create_secrets;
mod tables;

/// Applies the migrations in the order listed here.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000001_create_users::Migration),
            Box::new(m20261126_000002_create_credit_transactions::Migration),
            Box::new(m20261126_000003_create_subscriptions::Migration),
            Box::new(m20261126_000004_create_secrets::Migration),
        ]
    }
}
