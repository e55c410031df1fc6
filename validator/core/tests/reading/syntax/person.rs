use sea_orm::entity::prelude::*;

#[sea_orm_macros::sea_orm_model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "person")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub type_id: i32,
    #[sea_orm(belongs_to, from = "type_id", to = "id", via = "membership")]
    pub r#type: BelongsTo<super::r#type::Entity>,
    #[sea_orm(self_ref, via = "membership", from = "Person", to = "Mentor")]
    pub mentors: HasMany<Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
