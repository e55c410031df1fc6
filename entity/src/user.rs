//! A person with an account. Owns credit transactions, subscriptions and secrets.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub email: String,
    pub display_name: String,
    #[sea_orm(default_expr = "Expr::current_timestamp()")]
    pub created_at: DateTimeUtc,
    #[sea_orm(has_many)]
    pub credit_transactions: HasMany<super::credit_transaction::Entity>,
    #[sea_orm(has_many)]
    pub subscriptions: HasMany<super::subscription::Entity>,
    #[sea_orm(has_many)]
    pub secrets: HasMany<super::secret::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
