//! `migration verify`: passes for this workspace's migrations and for a complete fixture
//! migrator, on in-memory SQLite and on a scratch PostgreSQL database; fails, naming the
//! migration, for an incomplete `down`, a failing `down`, and drift from the entities.
//! The scratch PostgreSQL database is dropped, and the database the URL names is never
//! touched.

use std::path::{Path, PathBuf};

use clap::Parser;
use sea_orm_migration::MigratorTrait;
use validator_base::exit::{EXIT_ERROR, EXIT_FAILED, EXIT_OK};
use validator_db::introspect::introspect;
use validator_runner::{MigrateCli, RunError, run};
use workspace_tests::{
    fixtures::verify::{Complete, FailingDown, IncompleteColumnDown, IncompleteDown},
    pg::{self, PgDatabase},
};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fixture_entities(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/verify")
        .join(dir)
}

/// What a verify run printed and returned.
struct Outcome {
    result: Result<u8, RunError>,
    out: String,
    notes: String,
}

impl Outcome {
    fn transcript(&self) -> String {
        format!(
            "result: {:?}\n--- out\n{}\n--- notes\n{}",
            self.result, self.out, self.notes
        )
    }
}

async fn verify<M: MigratorTrait>(server: Option<&str>, entities: &Path) -> Outcome {
    let mut args = vec!["migration".to_owned()];
    if let Some(url) = server {
        args.extend(["-u".to_owned(), url.to_owned()]);
    }
    args.extend([
        "--entity-dir".to_owned(),
        entities.display().to_string(),
        "verify".to_owned(),
    ]);
    let cli = MigrateCli::try_parse_from(&args).expect("arguments");
    let (mut out, mut notes) = (Vec::new(), Vec::new());
    let result = run::<M>(cli, &mut out, &mut notes).await;
    Outcome {
        result,
        out: String::from_utf8_lossy(&out).into_owned(),
        notes: String::from_utf8_lossy(&notes).into_owned(),
    }
}

/// The database the URL names holds no table after verify ran "on" it, and the scratch
/// database verify announced no longer exists.
async fn assert_untouched(target: &PgDatabase, outcome: &Outcome) {
    use sea_orm::{ConnectionTrait, Statement};

    let conn = target.connect().await.unwrap();
    let schema = introspect(&conn).await.unwrap();
    assert!(schema.tables.is_empty(), "{:?}", schema.table_names());
    let scratch = outcome
        .out
        .split('`')
        .nth(1)
        .filter(|name| name.starts_with("migration_verify_"))
        .unwrap_or_else(|| panic!("no scratch database named: {}", outcome.transcript()));
    let sql = format!("SELECT datname AS name FROM pg_database WHERE datname = '{scratch}'");
    let left = conn
        .query_all_raw(Statement::from_string(conn.get_database_backend(), sql))
        .await
        .unwrap();
    assert!(
        left.is_empty(),
        "scratch database {scratch} was not dropped"
    );
    conn.close().await.unwrap();
}

fn assert_passed(outcome: &Outcome) {
    assert_eq!(
        outcome.result.as_ref().ok(),
        Some(&EXIT_OK),
        "{}",
        outcome.transcript()
    );
    assert!(
        outcome.out.contains("verify passed"),
        "{}",
        outcome.transcript()
    );
    assert!(
        outcome.out.contains("no drift between the migrated schema"),
        "{}",
        outcome.transcript()
    );
}

fn assert_failed_naming(outcome: &Outcome, migration: &str, detail: &str) {
    assert_eq!(
        outcome.result.as_ref().ok(),
        Some(&EXIT_FAILED),
        "{}",
        outcome.transcript()
    );
    let named = outcome.notes.lines().any(|l| {
        l.starts_with("error:") && l.contains(&format!("`{migration}`")) && l.contains(detail)
    });
    assert!(named, "{}", outcome.transcript());
    assert!(
        outcome.out.contains("verify failed"),
        "{}",
        outcome.transcript()
    );
}

#[tokio::test]
async fn this_workspace_verifies_on_sqlite() {
    let outcome = verify::<migration::Migrator>(None, &root().join("entity/src")).await;
    assert_passed(&outcome);
    assert!(
        outcome.out.contains("in-memory SQLite"),
        "{}",
        outcome.transcript()
    );
    // Four up, four down, four up again.
    assert_eq!(
        outcome.out.matches("applied  m2026").count(),
        8,
        "{}",
        outcome.out
    );
    assert_eq!(
        outcome.out.matches("rolled back  m2026").count(),
        4,
        "{}",
        outcome.out
    );
}

#[tokio::test]
async fn this_workspace_verifies_on_postgres() {
    let Some(target) = pg::database().await else {
        return;
    };
    let outcome =
        verify::<migration::Migrator>(Some(target.url()), &root().join("entity/src")).await;
    assert_passed(&outcome);
    assert!(
        outcome.out.contains("scratch PostgreSQL database"),
        "{}",
        outcome.transcript()
    );
    assert_untouched(&target, &outcome).await;
}

#[tokio::test]
async fn a_complete_fixture_migrator_verifies_on_both_backends() {
    let entities = fixture_entities("entities");
    assert_passed(&verify::<Complete>(None, &entities).await);
    if let Some(target) = pg::database().await {
        let outcome = verify::<Complete>(Some(target.url()), &entities).await;
        assert_passed(&outcome);
        assert_untouched(&target, &outcome).await;
    }
}

#[tokio::test]
async fn an_incomplete_down_fails_naming_its_migration() {
    let entities = fixture_entities("entities");
    let outcome = verify::<IncompleteDown>(None, &entities).await;
    assert_failed_naming(&outcome, "m2_create_notes_and_tags", "table `tags` remains");
    let Some(target) = pg::database().await else {
        return;
    };
    let outcome = verify::<IncompleteDown>(Some(target.url()), &entities).await;
    assert_failed_naming(&outcome, "m2_create_notes_and_tags", "table `tags` remains");
    assert_untouched(&target, &outcome).await;
}

#[tokio::test]
async fn a_down_that_keeps_a_column_fails_naming_its_migration() {
    let entities = fixture_entities("entities");
    let outcome = verify::<IncompleteColumnDown>(None, &entities).await;
    assert_failed_naming(
        &outcome,
        "m3_add_users_nickname",
        "column `users.nickname` remains",
    );
    let Some(target) = pg::database().await else {
        return;
    };
    let outcome = verify::<IncompleteColumnDown>(Some(target.url()), &entities).await;
    assert_failed_naming(
        &outcome,
        "m3_add_users_nickname",
        "column `users.nickname` remains",
    );
}

#[tokio::test]
async fn a_failing_down_is_named() {
    let entities = fixture_entities("entities");
    for server in [None, pg::database().await] {
        let outcome = verify::<FailingDown>(server.as_ref().map(|db| db.url()), &entities).await;
        match &outcome.result {
            Err(err @ RunError::Migration { name, .. }) => {
                assert_eq!(name, "m2_create_things");
                assert_eq!(err.exit_code(), EXIT_FAILED);
                assert!(err.to_string().contains("(down)"), "{err}");
            }
            _ => panic!("{}", outcome.transcript()),
        }
    }
}

#[tokio::test]
async fn drift_fails_naming_the_migration_that_last_changed_the_table() {
    let entities = fixture_entities("entities_drifted");
    let outcome = verify::<Complete>(None, &entities).await;
    assert_failed_naming(&outcome, "m3_add_users_nickname", "table `users`");
    assert!(
        outcome.out.contains("missing-column"),
        "{}",
        outcome.transcript()
    );
    assert!(
        outcome.out.contains("users.display_name"),
        "{}",
        outcome.transcript()
    );
    // The round trip still ran.
    assert!(
        outcome.out.contains("each down restored"),
        "{}",
        outcome.transcript()
    );
}

#[tokio::test]
async fn missing_entities_are_an_infrastructure_error() {
    let outcome = verify::<Complete>(None, Path::new("/no/such/entities")).await;
    match &outcome.result {
        Err(err @ RunError::Setup(message)) => {
            assert_eq!(err.exit_code(), EXIT_ERROR);
            assert!(message.contains("/no/such/entities"), "{message}");
        }
        _ => panic!("{}", outcome.transcript()),
    }
}
