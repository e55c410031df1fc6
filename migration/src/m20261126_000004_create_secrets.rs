use sea_orm_migration::{prelude::*, schema::*};

use crate::tables::{Secrets, Users};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Secrets::Table)
                    .col(big_pk_auto(Secrets::Id))
                    .col(big_integer(Secrets::UserId))
                    .col(string(Secrets::Name))
                    .col(blob(Secrets::EncryptedValue))
                    .col(
                        timestamp_with_time_zone(Secrets::CreatedAt)
                            .default(Expr::current_timestamp()),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk-secrets-user_id")
                            .from(Secrets::Table, Secrets::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // Leads with `user_id`, so it is also the index behind the foreign key.
        manager
            .create_index(
                Index::create()
                    .name("idx-secrets-user_id_name")
                    .table(Secrets::Table)
                    .col(Secrets::UserId)
                    .col(Secrets::Name)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Secrets::Table).to_owned())
            .await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
