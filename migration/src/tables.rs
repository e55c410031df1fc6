//! Table and column identifiers shared by the migrations.

use sea_orm_migration::prelude::*;

#[derive(DeriveIden)]
pub(crate) enum Users {
    Table,
    Id,
    Email,
    DisplayName,
    CreatedAt,
}

#[derive(DeriveIden)]
pub(crate) enum CreditTransactions {
    Table,
    Id,
    UserId,
    Amount,
    Kind,
    Description,
    CreatedAt,
}

#[derive(DeriveIden)]
pub(crate) enum Subscriptions {
    Table,
    Id,
    UserId,
    Plan,
    Status,
    CurrentPeriodEnd,
    CreatedAt,
}

#[derive(DeriveIden)]
pub(crate) enum Secrets {
    Table,
    Id,
    UserId,
    Name,
    EncryptedValue,
    CreatedAt,
}

/// Width of the `varchar` that stores a string-backed `ActiveEnum`.
pub(crate) const ENUM_WIDTH: u32 = 16;
