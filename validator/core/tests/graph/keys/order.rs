use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "order")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub shop_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub number: i32,
    #[sea_orm(has_many)]
    pub lines: HasMany<super::order_line::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
