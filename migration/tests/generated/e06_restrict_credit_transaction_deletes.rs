//! Written by `migration generate restrict_credit_transaction_deletes` from the entities: review
//! it, then commit it.
//!
//! - drop foreign key `fk-credit_transactions-user_id` from `credit_transactions` (user_id) to
//!   `users`
//! - add foreign key `fk-credit_transactions-user_id` from `credit_transactions` (user_id) to
//!   `users` (id), ON DELETE RESTRICT

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
        // Drop foreign key `fk-credit_transactions-user_id` from `credit_transactions` (user_id) to
        // `users`.
        // Add foreign key `fk-credit_transactions-user_id` from `credit_transactions` (user_id) to
        // `users` (id), ON DELETE RESTRICT.
        if backend == DbBackend::Sqlite {
            manager
                .create_table(
                    Table::create()
                        .table(CreditTransactionsNew::Table)
                        .col(
                            ColumnDef::new(CreditTransactionsNew::Id)
                                .big_integer()
                                .not_null()
                                .auto_increment()
                                .primary_key(),
                        )
                        .col(
                            ColumnDef::new(CreditTransactionsNew::UserId)
                                .big_integer()
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(CreditTransactionsNew::Amount)
                                .big_integer()
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(CreditTransactionsNew::Kind)
                                .string_len(16)
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(CreditTransactionsNew::Description)
                                .text()
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(CreditTransactionsNew::CreatedAt)
                                .timestamp_with_time_zone()
                                .not_null()
                                .default(Expr::current_timestamp()),
                        )
                        .foreign_key(
                            ForeignKey::create()
                                .name("fk-credit_transactions-user_id")
                                .from(CreditTransactionsNew::Table, CreditTransactionsNew::UserId)
                                .to(Users::Table, Users::Id)
                                .on_delete(ForeignKeyAction::Restrict)
                                .on_update(ForeignKeyAction::NoAction),
                        )
                        .to_owned(),
                )
                .await?;
            manager
                .get_connection()
                .execute_unprepared(
                    r#"INSERT INTO "credit_transactions_new" ("id", "user_id", "amount", "kind", "description", "created_at")
SELECT "id", "user_id", "amount", "kind", "description", "created_at"
FROM "credit_transactions""#,
                )
                .await?;
            manager
                .drop_table(Table::drop().table(CreditTransactions::Table).to_owned())
                .await?;
            manager
                .rename_table(
                    Table::rename()
                        .table(CreditTransactionsNew::Table, CreditTransactions::Table)
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
                .await?;
        } else {
            // validator: allow(drop-object) -- the entity's relation changed or is gone
            manager
                .drop_foreign_key(
                    ForeignKey::drop()
                        .name("fk-credit_transactions-user_id")
                        .table(CreditTransactions::Table)
                        .to_owned(),
                )
                .await?;
            manager
                .get_connection()
                .execute_unprepared(
                    r#"ALTER TABLE "credit_transactions" ADD CONSTRAINT "fk-credit_transactions-user_id"
FOREIGN KEY ("user_id") REFERENCES "users" ("id")
ON DELETE RESTRICT ON UPDATE NO ACTION NOT VALID"#,
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
        // Undo: add foreign key `fk-credit_transactions-user_id` from `credit_transactions`
        // (user_id) to `users` (id), ON DELETE RESTRICT.
        // Undo: drop foreign key `fk-credit_transactions-user_id` from `credit_transactions`
        // (user_id) to `users`.
        if backend == DbBackend::Sqlite {
            manager
                .create_table(
                    Table::create()
                        .table(CreditTransactionsNew::Table)
                        .col(
                            ColumnDef::new(CreditTransactionsNew::Id)
                                .big_integer()
                                .not_null()
                                .auto_increment()
                                .primary_key(),
                        )
                        .col(
                            ColumnDef::new(CreditTransactionsNew::UserId)
                                .big_integer()
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(CreditTransactionsNew::Amount)
                                .big_integer()
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(CreditTransactionsNew::Kind)
                                .string_len(16)
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(CreditTransactionsNew::Description)
                                .text()
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(CreditTransactionsNew::CreatedAt)
                                .timestamp_with_time_zone()
                                .not_null()
                                .default(Expr::current_timestamp()),
                        )
                        .foreign_key(
                            ForeignKey::create()
                                .name("fk-credit_transactions-user_id")
                                .from(CreditTransactionsNew::Table, CreditTransactionsNew::UserId)
                                .to(Users::Table, Users::Id)
                                .on_delete(ForeignKeyAction::Cascade)
                                .on_update(ForeignKeyAction::NoAction),
                        )
                        .to_owned(),
                )
                .await?;
            manager
                .get_connection()
                .execute_unprepared(
                    r#"INSERT INTO "credit_transactions_new" ("id", "user_id", "amount", "kind", "description", "created_at")
SELECT "id", "user_id", "amount", "kind", "description", "created_at"
FROM "credit_transactions""#,
                )
                .await?;
            manager
                .drop_table(Table::drop().table(CreditTransactions::Table).to_owned())
                .await?;
            manager
                .rename_table(
                    Table::rename()
                        .table(CreditTransactionsNew::Table, CreditTransactions::Table)
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
                .await?;
        } else {
            manager
                .drop_foreign_key(
                    ForeignKey::drop()
                        .name("fk-credit_transactions-user_id")
                        .table(CreditTransactions::Table)
                        .to_owned(),
                )
                .await?;
            manager
                .create_foreign_key(
                    ForeignKey::create()
                        .name("fk-credit_transactions-user_id")
                        .from(CreditTransactions::Table, CreditTransactions::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade)
                        .on_update(ForeignKeyAction::NoAction)
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
enum CreditTransactions {
    Table,
    UserId,
}

#[derive(DeriveIden)]
enum CreditTransactionsNew {
    Table,
    Amount,
    CreatedAt,
    Description,
    Id,
    Kind,
    UserId,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
