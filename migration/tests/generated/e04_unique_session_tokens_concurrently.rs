//! Written by `migration generate unique_session_tokens` from the entities: review it, then commit
//! it.
//!
//! - create unique index `idx-sessions-token_hash` on `sessions` (token_hash)
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
            // Create unique index `idx-sessions-token_hash` on `sessions` (token_hash).
            manager
                .create_index(
                    Index::create()
                        .name("idx-sessions-token_hash")
                        .table(Sessions::Table)
                        .col(Sessions::TokenHash)
                        .unique()
                        .concurrently()
                        .if_not_exists()
                        .to_owned(),
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
        // SQLite built these indexes in the main migration's transaction.
        if manager.get_database_backend() == DbBackend::Postgres {
            // Fail fast instead of queueing every query behind this migration's locks.
            manager
                .get_connection()
                .execute_unprepared("SET lock_timeout = '5s'")
                .await?;
            // Undo: create unique index `idx-sessions-token_hash` on `sessions` (token_hash).
            manager
                .drop_index(
                    Index::drop()
                        .name("idx-sessions-token_hash")
                        .table(Sessions::Table)
                        .concurrently()
                        .if_exists()
                        .to_owned(),
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

    fn use_transaction(&self) -> Option<bool> {
        // PostgreSQL cannot build an index `CONCURRENTLY` inside a transaction.
        Some(false)
    }
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    TokenHash,
}
