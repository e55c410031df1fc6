use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub email: String,
    pub name: Option<String>,
}

// The relations are written by hand under a `DeriveEntityModel` model.
#[derive(Copy, Clone, Debug, EnumIter)]
pub enum Relation {
    CreditTransaction,
    Profile,
}

impl RelationTrait for Relation {
    fn def(&self) -> RelationDef {
        match self {
            Self::CreditTransaction => Entity::has_many(super::credit_transaction::Entity).into(),
            Self::Profile => Entity::has_one(super::profile::Entity).into(),
        }
    }
}

impl Related<super::credit_transaction::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CreditTransaction.def()
    }
}

impl Related<super::profile::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Profile.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
