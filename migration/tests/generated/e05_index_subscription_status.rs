//! Written by `migration generate index_subscription_status` from the entities: review it, then
//! commit it.
//!
//! - create index `idx-subscriptions-status` on `subscriptions` (status)

use sea_orm_migration::{prelude::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        // Create index `idx-subscriptions-status` on `subscriptions` (status).
        if backend == DbBackend::Sqlite {
            manager
                .create_index(
                    Index::create()
                        .name("idx-subscriptions-status")
                        .table(Subscriptions::Table)
                        .col(Subscriptions::Status)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        // Undo: create index `idx-subscriptions-status` on `subscriptions` (status).
        if backend == DbBackend::Sqlite {
            manager
                .drop_index(
                    Index::drop()
                        .name("idx-subscriptions-status")
                        .table(Subscriptions::Table)
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
enum Subscriptions {
    Table,
    Status,
}
