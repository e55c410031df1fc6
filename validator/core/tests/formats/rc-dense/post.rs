use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "posts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub title: String,
    #[sea_orm(has_many)]
    pub post_tags: Vec<super::post_tag::Entity>,
    #[sea_orm(has_many, via = "post_tag")]
    pub tags: Vec<super::tag::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
