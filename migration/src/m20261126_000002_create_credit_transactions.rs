use sea_orm_migration::{prelude::*, schema::*};

use crate::tables::{CreditTransactions, ENUM_WIDTH, Users};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CreditTransactions::Table)
                    .col(big_pk_auto(CreditTransactions::Id))
                    .col(big_integer(CreditTransactions::UserId))
                    .col(big_integer(CreditTransactions::Amount))
                    .col(string_len(CreditTransactions::Kind, ENUM_WIDTH))
                    .col(text(CreditTransactions::Description))
                    .col(
                        timestamp_with_time_zone(CreditTransactions::CreatedAt)
                            .default(Expr::current_timestamp()),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk-credit_transactions-user_id")
                            .from(CreditTransactions::Table, CreditTransactions::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx-credit_transactions-user_id")
                    .table(CreditTransactions::Table)
                    .col(CreditTransactions::UserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CreditTransactions::Table).to_owned())
            .await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
