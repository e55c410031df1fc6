use sea_orm::entity::prelude::*;

/// A composite foreign key.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "order_line")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub shop_id: i32,
    pub order_number: i32,
    #[sea_orm(belongs_to, from = "(shop_id, order_number)", to = "(shop_id, number)")]
    pub order: BelongsTo<super::order::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
