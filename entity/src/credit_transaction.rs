//! A movement of credits on a user's balance.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "credit_transactions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(indexed)]
    pub user_id: i64,
    /// Signed amount in minor units (cents): positive adds credit, negative spends it.
    ///
    /// An integer, not `Decimal`: SeaORM stores `Decimal` as a binary floating-point `real`
    /// on SQLite, which cannot hold 0.10 exactly, while an `i64` of minor units is exact on
    /// both backends and sums without rounding.
    pub amount: i64,
    pub kind: CreditTransactionKind,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    #[sea_orm(default_expr = "Expr::current_timestamp()")]
    pub created_at: DateTimeUtc,
    #[sea_orm(belongs_to, from = "user_id", to = "id", on_delete = "Cascade")]
    pub user: BelongsTo<super::user::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}

/// Why the balance moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(
    rs_type = "String",
    db_type = "String(StringLen::N(16))",
    rename_all = "snake_case"
)]
pub enum CreditTransactionKind {
    Purchase,
    Usage,
    Refund,
    Adjustment,
}
