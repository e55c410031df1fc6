// SeaORM 2.0.0-rc.11 to rc.42 spelling of `../dense`: `Option<..::Entity>` and
// `Vec<..::Entity>` relation fields.
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
    pub credit_transactions: Vec<super::credit_transaction::Entity>,
    #[sea_orm(has_one)]
    pub profile: Option<super::profile::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
