//! Written by `migration generate restrict_credit_transaction_deletes` from the entities: review
//! it, then commit it.
//!
//! - validate foreign key `fk-credit_transactions-user_id`
//!
//! PostgreSQL builds and drops these indexes `CONCURRENTLY` and validates new foreign keys here,
//! outside a transaction, so writes to the tables go on meanwhile; on SQLite this migration does
//! nothing (the main migration built the indexes in its transaction).

use sea_orm_migration::{prelude::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite built these indexes in the main migration's transaction.
        if manager.get_database_backend() == DbBackend::Postgres {
            // Fail fast instead of queueing every query behind this migration's locks.
            manager
                .get_connection()
                .execute_unprepared("SET lock_timeout = '5s'")
                .await?;
            // Validate foreign key `fk-credit_transactions-user_id`.
            manager
                .get_connection()
                .execute_unprepared(
                    r#"ALTER TABLE "credit_transactions" VALIDATE CONSTRAINT "fk-credit_transactions-user_id""#,
                )
                .await?;
            // Outside a transaction `SET` lasts for the session.
            manager
                .get_connection()
                .execute_unprepared("RESET lock_timeout")
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Nothing to undo here: validating a foreign key changes no schema, and the
        // main migration's `down` drops the key.
        let _ = manager;
        Ok(())
    }

    fn use_transaction(&self) -> Option<bool> {
        // PostgreSQL cannot build an index `CONCURRENTLY` inside a transaction.
        Some(false)
    }
}
