//! Written by `migration generate widen_users_credits` from the entities: review it, then commit
//! it.
//!
//! - change column `users.credits`: type `integer` to `bigint`

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
        // Change column `users.credits`: type `integer` to `bigint`.
        if backend == DbBackend::Postgres {
            // validator: allow(column-type-change) -- the entity changed the type of `credits`
            manager
                .alter_table(
                    Table::alter()
                        .table(Users::Table)
                        .modify_column(ColumnDef::new(Users::Credits).big_integer())
                        .to_owned(),
                )
                .await?;
        }
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
        // Undo: change column `users.credits`: type `integer` to `bigint`.
        if backend == DbBackend::Postgres {
            manager
                .alter_table(
                    Table::alter()
                        .table(Users::Table)
                        .modify_column(ColumnDef::new(Users::Credits).integer())
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
enum Users {
    Table,
    Credits,
}
