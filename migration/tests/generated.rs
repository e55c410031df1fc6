//! The migrations `generate` wrote for the entity edits of
//! `tests/tests/generate.rs`, in the order the edits ran. That test keeps this file and
//! `generated/` current; here they compile with the workspace (so `cargo clippy
//! --all-targets -- -D warnings` and `cargo fmt --check` hold them to its bar) and run on
//! SQLite after this workspace's own migrations, up and down.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectOptions, Database};

#[path = "generated/e01_create_sessions.rs"]
mod e01_create_sessions;
#[path = "generated/e02_add_users_nickname.rs"]
mod e02_add_users_nickname;
#[path = "generated/e03_add_users_credits.rs"]
mod e03_add_users_credits;
#[path = "generated/e04_unique_session_tokens.rs"]
mod e04_unique_session_tokens;
#[path = "generated/e04_unique_session_tokens_concurrently.rs"]
mod e04_unique_session_tokens_concurrently;
#[path = "generated/e05_index_subscription_status.rs"]
mod e05_index_subscription_status;
#[path = "generated/e05_index_subscription_status_concurrently.rs"]
mod e05_index_subscription_status_concurrently;
#[path = "generated/e06_restrict_credit_transaction_deletes.rs"]
mod e06_restrict_credit_transaction_deletes;
#[path = "generated/e06_restrict_credit_transaction_deletes_concurrently.rs"]
mod e06_restrict_credit_transaction_deletes_concurrently;
#[path = "generated/e07_widen_users_credits.rs"]
mod e07_widen_users_credits;
#[path = "generated/e08_drop_users_nickname.rs"]
mod e08_drop_users_nickname;
#[path = "generated/e09_rename_session_token.rs"]
mod e09_rename_session_token;
#[path = "generated/e10_optional_display_name.rs"]
mod e10_optional_display_name;
#[path = "generated/e11_add_users_locale.rs"]
mod e11_add_users_locale;

/// This workspace's migrations, then the generated ones.
struct Generated;

#[async_trait::async_trait]
impl MigratorTrait for Generated {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        let mut all = migration::Migrator::migrations();
        all.push(Box::new(e01_create_sessions::Migration));
        all.push(Box::new(e02_add_users_nickname::Migration));
        all.push(Box::new(e03_add_users_credits::Migration));
        all.push(Box::new(e04_unique_session_tokens::Migration));
        all.push(Box::new(e04_unique_session_tokens_concurrently::Migration));
        all.push(Box::new(e05_index_subscription_status::Migration));
        all.push(Box::new(
            e05_index_subscription_status_concurrently::Migration,
        ));
        all.push(Box::new(e06_restrict_credit_transaction_deletes::Migration));
        all.push(Box::new(
            e06_restrict_credit_transaction_deletes_concurrently::Migration,
        ));
        all.push(Box::new(e07_widen_users_credits::Migration));
        all.push(Box::new(e08_drop_users_nickname::Migration));
        all.push(Box::new(e09_rename_session_token::Migration));
        all.push(Box::new(e10_optional_display_name::Migration));
        all.push(Box::new(e11_add_users_locale::Migration));
        all
    }
}

#[tokio::test]
async fn the_generated_migrations_apply_and_roll_back_on_sqlite() {
    let mut options = ConnectOptions::new("sqlite::memory:");
    options.max_connections(1).sqlx_logging(false);
    let db = Database::connect(options).await.expect("sqlite");
    Generated::up(&db, None).await.expect("up");
    Generated::down(&db, None).await.expect("down");
    let applied = Generated::get_applied_migrations(&db)
        .await
        .expect("status");
    assert!(applied.is_empty(), "still applied: {}", applied.len());
}
