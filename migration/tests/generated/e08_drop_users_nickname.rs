//! Written by `migration generate drop_users_nickname` from the entities: review it, then commit
//! it.
//!
//! - drop column `users.nickname`

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
        // Drop column `users.nickname`.
        // validator: allow(drop-column) -- the entity dropped `nickname`; allowed with --allow-destructive
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(Users::Nickname)
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
        // Undo: drop column `users.nickname`.
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(ColumnDef::new(Users::Nickname).string().null())
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
enum Users {
    Table,
    Nickname,
}
