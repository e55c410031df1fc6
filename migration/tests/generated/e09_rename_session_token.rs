//! Written by `migration generate rename_session_token` from the entities: review it, then commit
//! it.
//!
//! - rename column `sessions.token_hash` to `token_digest`

use sea_orm_migration::{prelude::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        if backend == DbBackend::Postgres {
            // Fail fast instead of queueing every query behind this migration's locks.
            manager
                .get_connection()
                .execute_unprepared("SET LOCAL lock_timeout = '5s'")
                .await?;
        }
        // Rename column `sessions.token_hash` to `token_digest`.
        // validator: allow(rename-column) -- `token_hash` was renamed to `token_digest` (--rename)
        manager
            .alter_table(
                Table::alter()
                    .table(Sessions::Table)
                    .rename_column(Sessions::TokenHash, Sessions::TokenDigest)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        if backend == DbBackend::Postgres {
            // Fail fast instead of queueing every query behind this migration's locks.
            manager
                .get_connection()
                .execute_unprepared("SET LOCAL lock_timeout = '5s'")
                .await?;
        }
        // Undo: rename column `sessions.token_hash` to `token_digest`.
        manager
            .alter_table(
                Table::alter()
                    .table(Sessions::Table)
                    .rename_column(Sessions::TokenDigest, Sessions::TokenHash)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    TokenDigest,
    TokenHash,
}
