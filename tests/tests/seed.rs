//! The seed scenario end to end: a user with what it owns, loaded through the relations
//! from both sides, then deleted, taking what it owns with it.

use entity::{
    credit_transaction,
    prelude::*,
    secret,
    subscription::{self, SubscriptionPlan, SubscriptionStatus},
    user,
};
use migration::Migrator;
use sea_orm::{
    ActiveModelTrait, DatabaseConnection, EntityTrait, LoaderTrait, ModelTrait, PaginatorTrait, Set,
};
use sea_orm_migration::MigratorTrait;
use workspace_tests::{postgres_or_skip, sqlite::SqliteDatabase};

async fn seed(db: &DatabaseConnection) -> user::Model {
    let ada = user::ActiveModel {
        email: Set("ada@example.com".into()),
        display_name: Set("Ada".into()),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert user");
    for (amount, kind, description) in [
        (5_000, CreditTransactionKind::Purchase, "starter pack"),
        (-1_250, CreditTransactionKind::Usage, "api calls"),
    ] {
        credit_transaction::ActiveModel {
            user_id: Set(ada.id),
            amount: Set(amount),
            kind: Set(kind),
            description: Set(description.into()),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("insert credit transaction");
    }
    subscription::ActiveModel {
        user_id: Set(ada.id),
        plan: Set(SubscriptionPlan::Pro),
        status: Set(SubscriptionStatus::Active),
        current_period_end: Set(chrono::Utc::now() + chrono::Duration::days(30)),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert subscription");
    for name in ["github-token", "openai-key"] {
        secret::ActiveModel {
            user_id: Set(ada.id),
            name: Set(name.into()),
            encrypted_value: Set(vec![0xde, 0xad, 0xbe, 0xef]),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("insert secret");
    }
    ada
}

async fn seed_scenario(db: &DatabaseConnection) {
    Migrator::up(db, None).await.expect("migrate up");
    let ada = seed(db).await;

    // From the user's side.
    let transactions = ada.find_related(CreditTransaction).all(db).await.unwrap();
    assert_eq!(transactions.len(), 2);
    assert_eq!(transactions.iter().map(|t| t.amount).sum::<i64>(), 3_750);
    assert_eq!(
        ada.find_related(Subscription).all(db).await.unwrap().len(),
        1
    );
    let secrets = ada.find_related(Secret).all(db).await.unwrap();
    let mut names: Vec<_> = secrets.iter().map(|s| s.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["github-token", "openai-key"]);

    // The same through the batch loader.
    let users = User::find().all(db).await.unwrap();
    let loaded = users.load_many(CreditTransaction, db).await.unwrap();
    assert_eq!(loaded.len(), 1);
    assert_eq!(loaded[0].len(), 2);

    // From the children's side.
    for transaction in &transactions {
        let owner = transaction.find_related(User).one(db).await.unwrap();
        assert_eq!(owner.as_ref().map(|u| u.id), Some(ada.id));
    }
    let subscription = Subscription::find().one(db).await.unwrap().unwrap();
    assert_eq!(subscription.plan, SubscriptionPlan::Pro);
    let owner = subscription
        .find_related(User)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(owner.email, "ada@example.com");
    let owners = secrets.load_one(User, db).await.unwrap();
    assert!(
        owners
            .iter()
            .all(|o| o.as_ref().map(|u| u.id) == Some(ada.id))
    );

    // A second secret of the same name for the same user is refused.
    let duplicate = secret::ActiveModel {
        user_id: Set(ada.id),
        name: Set("github-token".into()),
        encrypted_value: Set(vec![1]),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await;
    assert!(duplicate.is_err(), "unique (user_id, name) must hold");

    // Deleting the user deletes what it owns.
    ada.delete(db).await.expect("delete user");
    assert_eq!(CreditTransaction::find().count(db).await.unwrap(), 0);
    assert_eq!(Subscription::find().count(db).await.unwrap(), 0);
    assert_eq!(Secret::find().count(db).await.unwrap(), 0);
}

#[tokio::test]
async fn seed_scenario_on_sqlite() {
    let file = SqliteDatabase::new().unwrap();
    let db = file.connect().await.unwrap();
    seed_scenario(&db).await;
}

#[tokio::test]
async fn seed_scenario_on_postgres() {
    let database = postgres_or_skip!();
    let db = database.connect().await.unwrap();
    seed_scenario(&db).await;
    db.close().await.unwrap();
}
