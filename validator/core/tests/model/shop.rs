use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "orders", schema_name = "shop")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(column_name = "customer", indexed)]
    pub customer_id: Option<i32>,
    #[sea_orm(column_type = "Text", unique_key = "ref")]
    pub reference: String,
    pub status: OrderStatus,
    #[sea_orm(ignore)]
    pub cached: String,
    #[sea_orm(belongs_to, from = "customer_id", to = "id", on_delete = "SetNull", skip_fk)]
    pub customer: BelongsTo<Option<super::customer::Entity>>,
}

impl ActiveModelBehavior for ActiveModel {}

#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Enum", enum_name = "order_status")]
pub enum OrderStatus {
    #[sea_orm(string_value = "open")]
    Open,
    #[sea_orm(string_value = "paid")]
    Paid,
}

pub struct CustomerToItself;

impl Linked for CustomerToItself {
    type FromEntity = super::customer::Entity;
    type ToEntity = super::customer::Entity;

    fn link(&self) -> Vec<RelationDef> {
        vec![
            Relation::Customer.def().rev(),
            Relation::Customer.def(),
        ]
    }
}
