use sea_orm::entity::prelude::*;

/// One profile per account: the foreign key is unique.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "profile")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub account_id: i32,
    #[sea_orm(belongs_to, from = "account_id", to = "id", on_delete = "Cascade")]
    pub account: BelongsTo<super::account::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
