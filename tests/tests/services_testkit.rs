//! The test kit's decisions: skip on absence, fail on misconfiguration, fail everything
//! with `CI` set, fall back to in-memory SQLite for backend-agnostic tests, skip at once
//! offline, and record all of it in the ledger. Each test has its own state directory, so
//! the shared ledger and cache under `target/` are left alone.

use std::time::{Duration, Instant};

use redis::AsyncCommands;
use sea_orm::{ConnectionTrait, Statement};
use tempfile::TempDir;
use validator_connect::{Backend, Service};
use validator_testkit::{
    NotReady, OFFLINE_REASON, Settings, Skip, TestKit, ledger, ledger::Entry, ledger::Outcome,
    probe::CheckOptions,
};
use workspace_tests::{
    clickhouse,
    net::{SilentListener, closed_port},
    pg,
};

struct Kit {
    state: TempDir,
    settings: Settings,
}

impl Kit {
    /// Settings from the environment, with a private state directory and short deadlines.
    fn new() -> Self {
        let state = tempfile::tempdir().unwrap();
        let mut settings = Settings::from_env();
        settings.state_dir = state.path().to_owned();
        settings.ci = false;
        settings.offline = false;
        // These skips are the subject of the tests, not real ones: keep them out of the log.
        settings.announce = false;
        settings.check = CheckOptions {
            tcp_timeout: Duration::from_secs(2),
            timeout: Duration::from_millis(500),
        };
        Self { state, settings }
    }

    fn kit(&self, test: &str) -> TestKit {
        TestKit::new(self.settings.clone(), test)
    }

    fn ledger(&self) -> Vec<Entry> {
        ledger::read(&self.state.path().join(ledger::LEDGER_FILE)).unwrap_or_default()
    }
}

fn closed_postgres() -> String {
    format!("postgres://postgres@127.0.0.1:{}/postgres", closed_port())
}

fn expect_skip<T>(result: Result<T, NotReady>) -> Skip {
    match result {
        Err(NotReady::Skip(skip)) => skip,
        Err(other) => panic!("expected a skip, got {other}"),
        Ok(_) => panic!("expected a skip, got the service"),
    }
}

fn expect_fail<T>(result: Result<T, NotReady>) -> String {
    match result {
        Err(NotReady::Fail { reason, .. }) => reason,
        Err(other) => panic!("expected a failure, got {other}"),
        Ok(_) => panic!("expected a failure, got the service"),
    }
}

#[tokio::test]
async fn an_unreachable_service_is_a_recorded_skip() {
    let mut kit = Kit::new();
    kit.settings.postgres_url = closed_postgres();
    let skip = expect_skip(kit.kit("absent_pg").try_postgres().await);
    assert_eq!(skip.service, Service::Postgres);
    assert!(skip.reason.contains("connection refused"), "{skip:?}");
    let entries = kit.ledger();
    assert_eq!(entries.len(), 1);
    assert_eq!(
        (entries[0].test.as_str(), entries[0].outcome),
        ("absent_pg", Outcome::Skipped)
    );
    assert_eq!(entries[0].reason.as_deref(), Some(skip.reason.as_str()));
}

#[tokio::test]
async fn with_ci_set_every_skip_is_a_failure() {
    let mut kit = Kit::new();
    kit.settings.ci = true;
    kit.settings.postgres_url = closed_postgres();
    kit.settings.redis_url = format!("redis://127.0.0.1:{}", closed_port());
    let reason = expect_fail(kit.kit("ci_pg").try_postgres().await);
    assert!(reason.contains("required with CI set"), "{reason}");
    expect_fail(kit.kit("ci_redis").try_redis().await);
    kit.settings.offline = true;
    expect_fail(kit.kit("ci_offline").try_postgres().await);
    let outcomes: Vec<_> = kit.ledger().iter().map(|entry| entry.outcome).collect();
    assert_eq!(outcomes, [Outcome::Failed; 3]);
}

#[tokio::test]
async fn a_wrong_password_or_a_missing_database_always_fails() {
    let Some(admin) = pg::server().await else {
        return;
    };
    let mut kit = Kit::new();
    // PostgreSQL answers an unknown role like a wrong password (28P01/28000): auth failed.
    let mut role = url::Url::parse(admin.expose()).unwrap();
    role.set_username("vt_no_such_role").unwrap();
    role.set_password(Some("s3cret")).unwrap();
    kit.settings.postgres_url = role.to_string();
    let reason = expect_fail(kit.kit("wrong_role").try_postgres().await);
    assert!(reason.contains("never a skip"), "{reason}");
    assert!(!reason.contains("s3cret"), "{reason}");

    let missing = admin.with_database("vt_no_such_database").unwrap();
    kit.settings.postgres_url = missing.expose().to_owned();
    expect_fail(kit.kit("missing_db").try_postgres().await);
    // Not even a backend-agnostic test falls back from a misconfiguration.
    expect_fail(kit.kit("missing_db_any").try_any_database().await);
}

#[tokio::test]
async fn offline_mode_skips_at_once_without_probing() {
    let listener = SilentListener::start();
    let mut kit = Kit::new();
    kit.settings.offline = true;
    kit.settings.postgres_url = format!("postgres://u@127.0.0.1:{}/db", listener.port());
    kit.settings.redis_url = format!("redis://127.0.0.1:{}", listener.port());
    kit.settings.clickhouse_url = format!("http://127.0.0.1:{}", listener.port());
    let started = Instant::now();
    let kit_for = |test| kit.kit(test);
    let skips = [
        expect_skip(kit_for("p").try_postgres().await),
        expect_skip(kit_for("s").try_postgres_server().await),
        expect_skip(kit_for("r").try_redis().await),
        expect_skip(kit_for("c").try_clickhouse().await),
    ];
    assert!(started.elapsed() < kit.settings.check.timeout, "it probed");
    assert_eq!(listener.accepted(), 0, "offline mode must not probe");
    for skip in &skips {
        assert_eq!(skip.reason, OFFLINE_REASON);
    }
    assert_eq!(kit.ledger().len(), 4);
}

#[tokio::test]
async fn a_backend_agnostic_test_falls_back_to_in_memory_sqlite_and_says_so() {
    let mut kit = Kit::new();
    kit.settings.postgres_url = closed_postgres();
    let database = kit
        .kit("agnostic")
        .try_any_database()
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    assert!(database.is_fallback());
    assert_eq!(database.backend(), Backend::Sqlite);
    // One database across statements: the in-memory connection is kept.
    let db = database.connection();
    db.execute_unprepared("CREATE TABLE t (x INTEGER)")
        .await
        .unwrap();
    db.execute_unprepared("INSERT INTO t VALUES (42)")
        .await
        .unwrap();
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT x FROM t",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.try_get::<i32>("", "x").unwrap(), 42);

    let entries = kit.ledger();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].outcome, Outcome::Fallback);
    assert_eq!(entries[0].ran_on.as_deref(), Some("sqlite-memory"));
    assert!(
        entries[0]
            .reason
            .as_deref()
            .unwrap_or_default()
            .contains("connection refused")
    );

    kit.settings.ci = true;
    let reason = expect_fail(kit.kit("agnostic_ci").try_any_database().await);
    assert!(reason.contains("fall back"), "{reason}");
}

#[tokio::test]
async fn a_backend_agnostic_test_gets_postgres_when_it_is_there() {
    let Some(_admin) = pg::server().await else {
        return;
    };
    let kit = Kit::new();
    let database = kit
        .kit("agnostic_pg")
        .try_any_database()
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(database.backend(), Backend::Postgres);
    database
        .connection()
        .execute_unprepared("CREATE TABLE t (x INTEGER)")
        .await
        .unwrap();
    assert_eq!(kit.ledger()[0].outcome, Outcome::Ran);
}

#[tokio::test]
async fn a_redis_test_gets_a_namespace_that_is_cleaned_up() {
    let kit = Kit::new();
    let redis = match kit.kit("redis_ns").try_redis().await {
        Ok(redis) => redis,
        Err(NotReady::Skip(skip)) => {
            // Outside CI the machine may have no Redis: record it in the real ledger too.
            return pg::skip(&workspace_tests::current_test_name(), "redis", skip.reason)
                .unwrap_or(());
        }
        Err(fail) => panic!("{fail}"),
    };
    let key = redis.key("greeting");
    assert!(key.starts_with("vt:"), "{key}");
    let mut connection = redis.connection();
    let () = connection.set(&key, "hello").await.unwrap();
    let value: String = connection.get(&key).await.unwrap();
    assert_eq!(value, "hello");
    drop(redis);
    let left: Option<String> = connection.get(&key).await.unwrap();
    assert_eq!(left, None, "the namespace is deleted with the TestRedis");
}

#[tokio::test]
async fn clickhouse_is_skipped_when_absent_and_handed_over_when_it_answers() {
    let mut kit = Kit::new();
    kit.settings.clickhouse_url = format!("http://127.0.0.1:{}", closed_port());
    expect_skip(kit.kit("ch_absent").try_clickhouse().await);

    // The real server: its URL as this run configures it, checked (or this test skips).
    let Some(server) = clickhouse::server().await else {
        return;
    };
    kit.settings.clickhouse_url = server.expose().to_owned();
    let url = kit
        .kit("ch_there")
        .try_clickhouse()
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(url.service(), Service::ClickHouse);
    let outcomes: Vec<_> = kit.ledger().iter().map(|entry| entry.outcome).collect();
    assert_eq!(outcomes, [Outcome::Skipped, Outcome::Ran]);
}

#[tokio::test]
async fn a_cached_timeout_is_not_waited_out_again() {
    let listener = SilentListener::start();
    let mut kit = Kit::new();
    kit.settings.redis_url = format!("redis://127.0.0.1:{}", listener.port());
    let first = expect_skip(kit.kit("first").try_redis().await);
    assert!(first.reason.contains("no Redis answer"), "{first:?}");
    let probes = listener.accepted();
    assert!(probes >= 1);

    let started = Instant::now();
    let second = expect_skip(kit.kit("second").try_redis().await);
    assert!(second.reason.contains("(cached"), "{second:?}");
    assert!(started.elapsed() < kit.settings.check.timeout);
    assert_eq!(
        listener.accepted(),
        probes,
        "a cached verdict must not probe"
    );
}
