//! The migration lock: a waiting runner names the holder and gives up after
//! `--lock-timeout` with exit code 2; and a lock dies with its holder, so killing a runner
//! mid-migration leaves no lock to clear by hand and nothing of its migration behind.

use std::{
    path::Path,
    time::{Duration, Instant},
};

use validator_base::exit::{EXIT_ERROR, EXIT_OK};
use validator_connect::DatabaseUrl;
use validator_runner::{LockOptions, MigrationLock, RunError};
use workspace_tests::{
    fixtures::{
        inspect::{strings, tables},
        process::{RunnerCommand, write_migrations},
        sql_dir::PAUSE_VAR,
    },
    postgres_or_skip,
    sqlite::SqliteDatabase,
};

const TABLE: &str = "seaql_migrations";

fn fixture_runner(dir: &Path) -> RunnerCommand {
    write_migrations(
        dir,
        &[(
            "m1_create_first",
            "CREATE TABLE first (id INTEGER PRIMARY KEY);\nINSERT INTO first VALUES (1);",
        )],
    );
    RunnerCommand::new(env!("CARGO_BIN_EXE_fixture-runner")).migrations(dir)
}

fn no_wait() -> LockOptions {
    LockOptions {
        timeout: Some(Duration::ZERO),
        ..LockOptions::default()
    }
}

async fn acquire(url: &DatabaseUrl, options: &LockOptions) -> Result<MigrationLock, RunError> {
    MigrationLock::acquire(url, TABLE, options, &mut |_| {}).await
}

/// While this test holds the lock, the runner waits, names the holder, and gives up.
async fn waiting_runner_names_the_holder(url: &DatabaseUrl, holder: &str) {
    let lock = acquire(url, &no_wait()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let runner = fixture_runner(dir.path());
    let raw = url.expose().to_owned();
    let started = Instant::now();
    let outcome = {
        let runner = runner.clone();
        let raw = raw.clone();
        tokio::task::spawn_blocking(move || runner.run(&raw, &["--lock-timeout", "0.5", "up"]))
            .await
            .unwrap()
    };
    assert_eq!(
        outcome.code,
        Some(i32::from(EXIT_ERROR)),
        "{}",
        outcome.transcript()
    );
    assert!(started.elapsed() >= Duration::from_millis(500));
    assert!(
        outcome
            .stderr
            .contains("note: waiting for the migration lock on"),
        "{}",
        outcome.stderr
    );
    assert!(
        outcome.stderr.contains("error: gave up after 0.5 s"),
        "{}",
        outcome.stderr
    );
    assert!(
        outcome.stderr.contains(holder),
        "expected {holder:?}: {}",
        outcome.stderr
    );
    // `status` only reads: it does not wait for the lock.
    let status = runner.run(&raw, &["--lock-timeout", "0", "status"]);
    assert_eq!(status.code, Some(0), "{}", status.transcript());

    lock.release().await;
    let outcome = runner.run(&raw, &["--lock-timeout", "5", "up"]);
    assert_eq!(
        outcome.code,
        Some(i32::from(EXIT_OK)),
        "{}",
        outcome.transcript()
    );
    assert_eq!(outcome.applied(), ["m1_create_first"]);
}

#[tokio::test]
async fn a_waiting_runner_names_the_postgres_backend_holding_the_lock() {
    let database = postgres_or_skip!();
    let url = database.database_url();
    let db = database.connect().await.unwrap();
    waiting_runner_pid_matches(url, &db, "held by backend pid ").await;
    // The holder's session is named after its process.
    let holder = format!("(application `seaorm-migrate pid {}`)", std::process::id());
    waiting_runner_names_the_holder(url, &holder).await;
}

/// The pid in the message is the backend pid `pg_locks` shows for the holder.
async fn waiting_runner_pid_matches(
    url: &DatabaseUrl,
    db: &sea_orm::DatabaseConnection,
    prefix: &str,
) {
    let lock = acquire(url, &no_wait()).await.unwrap();
    let pid = strings(
        db,
        "SELECT pid::text FROM pg_locks WHERE locktype = 'advisory' AND granted \
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
    )
    .await
    .pop()
    .unwrap();
    let err = match acquire(url, &no_wait()).await {
        Err(err) => err,
        Ok(_) => panic!("a second lock must not be granted"),
    };
    assert_eq!(err.exit_code(), EXIT_ERROR);
    assert!(
        err.to_string().contains(&format!("{prefix}{pid} ")),
        "{err}"
    );
    lock.release().await;
    drop(acquire(url, &no_wait()).await.unwrap());
}

#[tokio::test]
async fn a_waiting_runner_names_the_sqlite_process_holding_the_lock() {
    let file = SqliteDatabase::new().unwrap();
    let url = DatabaseUrl::parse(&file.url()).unwrap();
    let holder = format!("held by process {} (lock file ", std::process::id());
    waiting_runner_names_the_holder(&url, &holder).await;
}

/// A runner killed in the middle of a migration (inside its transaction, holding the
/// lock): the next runner gets the lock at once, and the half-done migration is gone.
async fn a_killed_holder_releases_the_lock(
    url: &DatabaseUrl,
    postgres: Option<&sea_orm::DatabaseConnection>,
) {
    let dir = tempfile::tempdir().unwrap();
    let runner = fixture_runner(dir.path());
    let mut child = runner
        .clone()
        .env(PAUSE_VAR, "60000")
        .spawn(url.expose(), &["up"]);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        match acquire(url, &no_wait()).await {
            Err(RunError::LockTimeout { .. }) => break,
            Ok(lock) => lock.release().await,
            Err(other) => panic!("{other}"),
        }
        assert!(Instant::now() < deadline, "the runner never took the lock");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Let it get into its migration's transaction (on PostgreSQL: see it there).
    tokio::time::sleep(Duration::from_millis(500)).await;
    if let Some(db) = postgres {
        loop {
            let waiting = strings(
                db,
                "SELECT state FROM pg_stat_activity \
                 WHERE datname = current_database() AND state = 'idle in transaction'",
            )
            .await;
            if !waiting.is_empty() {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "the runner never began its migration"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();

    let started = Instant::now();
    let options = LockOptions {
        timeout: Some(Duration::from_secs(10)),
        ..LockOptions::default()
    };
    let lock = acquire(url, &options).await.unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "took {:?}",
        started.elapsed()
    );
    lock.release().await;

    let status = runner.run(url.expose(), &["status", "--exit-code"]);
    assert_eq!(status.code, Some(3), "{}", status.transcript());
    assert!(
        status.stdout.contains("0 applied, 1 pending"),
        "{}",
        status.stdout
    );
    let up = runner.run(url.expose(), &["--lock-timeout", "5", "up"]);
    assert_eq!(up.code, Some(0), "{}", up.transcript());
}

#[tokio::test]
async fn a_killed_runner_leaves_no_postgres_lock_and_no_half_migration() {
    let database = postgres_or_skip!();
    let db = database.connect().await.unwrap();
    a_killed_holder_releases_the_lock(database.database_url(), Some(&db)).await;
    assert_eq!(
        strings(&db, "SELECT CAST(id AS TEXT) FROM first").await,
        ["1"]
    );
}

#[tokio::test]
async fn a_killed_runner_leaves_no_sqlite_lock_and_no_half_migration() {
    let file = SqliteDatabase::new().unwrap();
    let url = DatabaseUrl::parse(&file.url()).unwrap();
    a_killed_holder_releases_the_lock(&url, None).await;
    let db = file.connect().await.unwrap();
    assert!(tables(&db).await.contains(&"first".to_owned()));
    assert_eq!(
        strings(&db, "SELECT CAST(id AS TEXT) FROM first").await,
        ["1"]
    );
}

/// If the lock's session dies under a running runner (an operator's
/// `pg_terminate_backend`, a network cut), the runner notices before committing the next
/// migration, rolls it back, and stops: no migration is committed without the lock.
#[tokio::test]
async fn a_runner_that_lost_its_postgres_lock_commits_nothing_more() {
    use sea_orm::ConnectionTrait;
    use validator_runner::Runner;
    use workspace_tests::fixtures::checksums::Original;

    let database = postgres_or_skip!();
    let url = database.database_url();
    let db = database.connect().await.unwrap();
    let lock = acquire(url, &no_wait()).await.unwrap();
    let pid = strings(
        &db,
        "SELECT pid::text FROM pg_locks WHERE locktype = 'advisory' AND granted \
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
    )
    .await
    .pop()
    .unwrap();
    db.execute_unprepared(&format!("SELECT pg_terminate_backend({pid})"))
        .await
        .unwrap();
    let runner = Runner::<Original>::new(&db, url).with_lock(&lock);
    let err = runner.up(None, &mut |_| {}).await.unwrap_err();
    assert!(matches!(err, RunError::LockLost(_)), "{err}");
    assert_eq!(err.exit_code(), EXIT_ERROR);
    assert_eq!(
        tables(&db).await,
        ["seaql_migrations", "seaql_migrations_checksums"]
    );
    assert!(
        strings(&db, "SELECT version FROM seaql_migrations")
            .await
            .is_empty()
    );
}
