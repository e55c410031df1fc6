use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "children")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub parent_id: Option<Uuid>,
    #[sea_orm(
        belongs_to,
        from = "parent_id",
        to = "id",
        on_delete = "SetNull",
        on_update = "Cascade"
    )]
    pub parent: BelongsTo<Option<super::parent::Entity>>,
    #[sea_orm(has_many)]
    pub memberships: HasMany<super::membership::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
