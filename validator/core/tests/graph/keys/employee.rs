use sea_orm::entity::prelude::*;

/// A self-reference through a nullable key.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "employee")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub manager_id: Option<i32>,
    #[sea_orm(self_ref, relation_enum = "Manager", relation_reverse = "Reports", from = "manager_id", to = "id", on_delete = "SetNull")]
    pub manager: BelongsTo<Option<Entity>>,
    #[sea_orm(self_ref, relation_enum = "Reports", relation_reverse = "Manager")]
    pub reports: HasMany<Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
