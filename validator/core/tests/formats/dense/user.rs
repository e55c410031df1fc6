use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub email: String,
    pub name: Option<String>,
    #[sea_orm(has_many)]
    pub credit_transactions: HasMany<super::credit_transaction::Entity>,
    #[sea_orm(has_one)]
    pub profile: HasOne<super::profile::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
