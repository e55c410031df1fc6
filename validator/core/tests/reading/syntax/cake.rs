use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cake")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
}

#[derive(Copy, Clone, Debug, EnumIter)]
pub enum Relation {
    CakeFilling,
    Fillings,
}

impl RelationTrait for Relation {
    fn def(&self) -> RelationDef {
        match self {
            Self::CakeFilling => Entity::has_many(super::cake_filling::Entity).into(),
            // The reverse of `cake_filling::Relation::Cake`: a has_many.
            Self::Fillings => super::cake_filling::Relation::Cake.def().rev(),
        }
    }
}

impl ActiveModelBehavior for ActiveModel {}
