//! Written by `migration generate unique_session_tokens` from the entities: review it, then commit
//! it.
//!
//! - create unique index `idx-sessions-token_hash` on `sessions` (token_hash)

use sea_orm_migration::{prelude::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        // Create unique index `idx-sessions-token_hash` on `sessions` (token_hash).
        if backend == DbBackend::Sqlite {
            manager
                .create_index(
                    Index::create()
                        .name("idx-sessions-token_hash")
                        .table(Sessions::Table)
                        .col(Sessions::TokenHash)
                        .unique()
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        // Undo: create unique index `idx-sessions-token_hash` on `sessions` (token_hash).
        if backend == DbBackend::Sqlite {
            manager
                .drop_index(
                    Index::drop()
                        .name("idx-sessions-token_hash")
                        .table(Sessions::Table)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    TokenHash,
}
