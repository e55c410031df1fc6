use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "kitchen_sink")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub tiny: i8,
    pub small: i16,
    pub big: i64,
    pub u_small: u16,
    pub u_int: u32,
    pub u_big: u64,
    pub flag: bool,
    pub single: f32,
    pub double: f64,
    pub name: String,
    pub note: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    #[sea_orm(column_type = "String(StringLen::N(8))")]
    pub code: String,
    pub bytes: Vec<u8>,
    #[sea_orm(column_type = "Blob")]
    pub blob: Vec<u8>,
    pub data: Json,
    #[sea_orm(column_type = "JsonBinary")]
    pub data_b: Json,
    pub naive: DateTime,
    pub utc: DateTimeUtc,
    pub fixed: DateTimeWithTimeZone,
    pub local: Option<DateTimeLocal>,
    pub day: Date,
    pub clock: Time,
    pub time_at: TimeDateTimeWithTimeZone,
    pub time_day: TimeDate,
    pub uid: Uuid,
    pub amount: Decimal,
    #[sea_orm(column_type = "Decimal(Some((16, 4)))")]
    pub price: Decimal,
    #[sea_orm(column_type = "Char(Some(3))")]
    pub currency: String,
    #[sea_orm(column_type = "Double", nullable)]
    pub score: f64,
    pub status: Status,
    pub level: Level,
    pub mood: Mood,
    #[sea_orm(unique)]
    pub slug: String,
    #[sea_orm(indexed)]
    pub category: i64,
    #[sea_orm(unique_key = "tenant_handle")]
    pub tenant: i64,
    #[sea_orm(unique_key = "tenant_handle")]
    pub handle: String,
    #[sea_orm(column_name = "type")]
    pub kind: String,
    pub r#ref: String,
}

impl ActiveModelBehavior for ActiveModel {}

/// Stored as `varchar(8)`.
#[derive(Clone, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(
    rs_type = "String",
    db_type = "String(StringLen::N(8))",
    rename_all = "snake_case"
)]
pub enum Status {
    Open,
    Closed,
}

/// Stored as an integer.
#[derive(Clone, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "i32", db_type = "Integer")]
pub enum Level {
    #[sea_orm(num_value = 1)]
    Low,
    #[sea_orm(num_value = 2)]
    High,
}

/// A native PostgreSQL enum type (`enum_text` on SQLite).
#[derive(Clone, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Enum", enum_name = "mood")]
pub enum Mood {
    #[sea_orm(string_value = "happy")]
    Happy,
    #[sea_orm(string_value = "sad")]
    Sad,
}
