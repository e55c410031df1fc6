//! A named, encrypted value that belongs to one user (an API token, say).

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "secrets")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// With `name`, unique per user. The unique index leads with `user_id`, so it also
    /// serves as the index for the foreign key.
    #[sea_orm(unique_key = "user_id_name")]
    pub user_id: i64,
    #[sea_orm(unique_key = "user_id_name")]
    pub name: String,
    /// Ciphertext only: encryption and keys live outside the database.
    #[sea_orm(column_type = "Blob")]
    pub encrypted_value: Vec<u8>,
    #[sea_orm(default_expr = "Expr::current_timestamp()")]
    pub created_at: DateTimeUtc,
    #[sea_orm(belongs_to, from = "user_id", to = "id", on_delete = "Cascade")]
    pub user: BelongsTo<super::user::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
