//! Written by `migration generate optional_display_name` from the entities: review it, then commit
//! it.
//!
//! - change column `users.display_name`: nullable
//!
//! On SQLite a table that others reference is rebuilt with foreign keys off (they are checked
//! before the commit); see `up`.

use sea_orm_migration::{
    prelude::*,
    sea_orm::{DbBackend, Statement},
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        // SQLite ignores `PRAGMA foreign_keys` inside a transaction, and with foreign keys on,
        // dropping a table during its rebuild deletes the rows that reference it.
        if backend == DbBackend::Sqlite {
            manager
                .get_connection()
                .execute_unprepared("PRAGMA foreign_keys = OFF")
                .await?;
        }
        let transaction = manager.begin().await?;
        let steps = async {
            if backend == DbBackend::Sqlite {
                let enforced = transaction
                    .get_connection()
                    .query_one_raw(Statement::from_string(backend, "PRAGMA foreign_keys"))
                    .await?
                    .map(|row| row.try_get_by_index::<i32>(0))
                    .transpose()?;
                if enforced != Some(0) {
                    return Err(DbErr::Migration(
                        "foreign keys are still enforced in this transaction (the runner has more \
                         than one connection), so the rebuild would delete referencing rows"
                            .to_owned(),
                    ));
                }
            }
            if backend == DbBackend::Postgres {
                // Fail fast instead of queueing every query behind this migration's locks.
                transaction
                    .get_connection()
                    .execute_unprepared("SET LOCAL lock_timeout = '5s'")
                    .await?;
            }
            // Change column `users.display_name`: nullable.
            if backend == DbBackend::Sqlite {
                // validator: allow(sqlite-non-atomic-migration) -- the steps run in the transaction this migration opens after turning foreign keys off
                transaction
                    .create_table(
                        Table::create()
                            .table(UsersNew::Table)
                            .col(
                                ColumnDef::new(UsersNew::Id)
                                    .big_integer()
                                    .not_null()
                                    .auto_increment()
                                    .primary_key(),
                            )
                            .col(
                                ColumnDef::new(UsersNew::Email)
                                    .string()
                                    .not_null()
                                    .unique_key(),
                            )
                            .col(ColumnDef::new(UsersNew::DisplayName).string().null())
                            .col(
                                ColumnDef::new(UsersNew::CreatedAt)
                                    .timestamp_with_time_zone()
                                    .not_null()
                                    .default(Expr::current_timestamp()),
                            )
                            .col(
                                ColumnDef::new(UsersNew::Credits)
                                    .big_integer()
                                    .not_null()
                                    .default(0),
                            )
                            .to_owned(),
                    )
                    .await?;
                transaction
                    .get_connection()
                    .execute_unprepared(
                        r#"INSERT INTO "users_new" ("id", "email", "display_name", "created_at", "credits")
SELECT "id", "email", "display_name", "created_at", "credits"
FROM "users""#,
                    )
                    .await?;
                transaction
                    .drop_table(Table::drop().table(Users::Table).to_owned())
                    .await?;
                transaction
                    .rename_table(
                        Table::rename()
                            .table(UsersNew::Table, Users::Table)
                            .to_owned(),
                    )
                    .await?;
            } else {
                // validator: allow(drop-not-null) -- the entity made `display_name` optional
                transaction
                    .alter_table(
                        Table::alter()
                            .table(Users::Table)
                            .modify_column(ColumnDef::new(Users::DisplayName).null())
                            .to_owned(),
                    )
                    .await?;
            }
            if backend == DbBackend::Sqlite {
                let broken = transaction
                    .get_connection()
                    .query_all_raw(Statement::from_string(backend, "PRAGMA foreign_key_check"))
                    .await?;
                if !broken.is_empty() {
                    return Err(DbErr::Migration(format!(
                        "{} rows would break a foreign key; nothing was changed",
                        broken.len()
                    )));
                }
            }
            Ok::<(), DbErr>(())
        }
        .await;
        let outcome = match steps {
            Ok(()) => transaction.commit().await,
            Err(err) => {
                drop(transaction);
                Err(err)
            }
        };
        if backend == DbBackend::Sqlite {
            manager
                .get_connection()
                .execute_unprepared("PRAGMA foreign_keys = ON")
                .await?;
        }
        outcome
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        // SQLite ignores `PRAGMA foreign_keys` inside a transaction, and with foreign keys on,
        // dropping a table during its rebuild deletes the rows that reference it.
        if backend == DbBackend::Sqlite {
            manager
                .get_connection()
                .execute_unprepared("PRAGMA foreign_keys = OFF")
                .await?;
        }
        let transaction = manager.begin().await?;
        let steps = async {
            if backend == DbBackend::Sqlite {
                let enforced = transaction
                    .get_connection()
                    .query_one_raw(Statement::from_string(backend, "PRAGMA foreign_keys"))
                    .await?
                    .map(|row| row.try_get_by_index::<i32>(0))
                    .transpose()?;
                if enforced != Some(0) {
                    return Err(DbErr::Migration(
                        "foreign keys are still enforced in this transaction (the runner has more \
                         than one connection), so the rebuild would delete referencing rows"
                            .to_owned(),
                    ));
                }
            }
            if backend == DbBackend::Postgres {
                // Fail fast instead of queueing every query behind this migration's locks.
                transaction
                    .get_connection()
                    .execute_unprepared("SET LOCAL lock_timeout = '5s'")
                    .await?;
            }
            // Undo: change column `users.display_name`: nullable.
            if backend == DbBackend::Sqlite {
                transaction
                    .create_table(
                        Table::create()
                            .table(UsersNew::Table)
                            .col(
                                ColumnDef::new(UsersNew::Id)
                                    .big_integer()
                                    .not_null()
                                    .auto_increment()
                                    .primary_key(),
                            )
                            .col(
                                ColumnDef::new(UsersNew::Email)
                                    .string()
                                    .not_null()
                                    .unique_key(),
                            )
                            .col(ColumnDef::new(UsersNew::DisplayName).string().not_null())
                            .col(
                                ColumnDef::new(UsersNew::CreatedAt)
                                    .timestamp_with_time_zone()
                                    .not_null()
                                    .default(Expr::current_timestamp()),
                            )
                            .col(
                                ColumnDef::new(UsersNew::Credits)
                                    .big_integer()
                                    .not_null()
                                    .default(0),
                            )
                            .to_owned(),
                    )
                    .await?;
                transaction
                    .get_connection()
                    .execute_unprepared(
                        r#"INSERT INTO "users_new" ("id", "email", "display_name", "created_at", "credits")
SELECT "id", "email", "display_name", "created_at", "credits"
FROM "users""#,
                    )
                    .await?;
                transaction
                    .drop_table(Table::drop().table(Users::Table).to_owned())
                    .await?;
                transaction
                    .rename_table(
                        Table::rename()
                            .table(UsersNew::Table, Users::Table)
                            .to_owned(),
                    )
                    .await?;
            } else {
                transaction
                    .alter_table(
                        Table::alter()
                            .table(Users::Table)
                            .modify_column(ColumnDef::new(Users::DisplayName).not_null())
                            .to_owned(),
                    )
                    .await?;
            }
            if backend == DbBackend::Sqlite {
                let broken = transaction
                    .get_connection()
                    .query_all_raw(Statement::from_string(backend, "PRAGMA foreign_key_check"))
                    .await?;
                if !broken.is_empty() {
                    return Err(DbErr::Migration(format!(
                        "{} rows would break a foreign key; nothing was changed",
                        broken.len()
                    )));
                }
            }
            Ok::<(), DbErr>(())
        }
        .await;
        let outcome = match steps {
            Ok(()) => transaction.commit().await,
            Err(err) => {
                drop(transaction);
                Err(err)
            }
        };
        if backend == DbBackend::Sqlite {
            manager
                .get_connection()
                .execute_unprepared("PRAGMA foreign_keys = ON")
                .await?;
        }
        outcome
    }

    fn use_transaction(&self) -> Option<bool> {
        // The steps run in the transaction `up` and `down` open themselves.
        Some(false)
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    DisplayName,
}

#[derive(DeriveIden)]
enum UsersNew {
    Table,
    CreatedAt,
    Credits,
    DisplayName,
    Email,
    Id,
}
