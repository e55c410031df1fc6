//! Every service's check gives the right verdict within its deadline, against the real
//! PostgreSQL, Redis and ClickHouse of this machine, a closed port, a loopback listener
//! that accepts and never answers, an HTTP server that is not ClickHouse, a wrong
//! password and a missing database.

use std::time::Duration;

use validator_connect::{FailureKind, Service, ServiceUrl};
use validator_testkit::{probe::CheckOptions, probe::CheckResult, probe::check};
use workspace_tests::{
    clickhouse::{self, AUTH_USER, AUTH_USER_PASSWORD},
    net::{HttpResponder, RedisServer, SilentListener, closed_port},
    pg::{self, AUTH_ROLE, AUTH_ROLE_PASSWORD},
};

const SECRET: &str = "s3cr3t-Pa55word";

/// Short deadlines: the never-answering cases must end by them, not by luck.
const OPTIONS: CheckOptions = CheckOptions {
    tcp_timeout: Duration::from_secs(2),
    timeout: Duration::from_millis(700),
};

/// Slack for a loaded 2-core machine on top of a deadline; a hang would exceed it by far.
const SLACK: Duration = Duration::from_secs(5);

async fn verdict(url: ServiceUrl) -> CheckResult {
    let result = check(&url, &OPTIONS).await;
    let shown = format!("{result:?}");
    assert!(!shown.contains(SECRET), "password leaked: {shown}");
    result
}

fn assert_kind(result: &CheckResult, expected: FailureKind) {
    match &result.outcome {
        Err(err) => assert_eq!(err.kind, expected, "{err}"),
        Ok(()) => panic!("{} was available, expected {expected}", result.url),
    }
}

fn assert_timed_out_by_the_deadline(result: &CheckResult) {
    assert_kind(result, FailureKind::Timeout);
    assert!(
        result.elapsed >= OPTIONS.timeout,
        "classified before the deadline: {:?}",
        result.elapsed
    );
    assert!(
        result.elapsed < OPTIONS.timeout + SLACK,
        "the deadline was not kept: {:?}",
        result.elapsed
    );
}

fn pg_url(raw: &str) -> ServiceUrl {
    ServiceUrl::database(raw).unwrap()
}

// ---- PostgreSQL ---------------------------------------------------------------------

#[tokio::test]
async fn postgres_on_this_machine_is_available() {
    let Some(admin) = pg::server().await else {
        return;
    };
    let result = verdict(ServiceUrl::from(admin)).await;
    assert_eq!(result.outcome, Ok(()));
    assert_eq!(result.service, Service::Postgres);
}

#[tokio::test]
async fn postgres_on_a_closed_port_is_unreachable() {
    let port = closed_port();
    let result = verdict(pg_url(&format!(
        "postgres://app:{SECRET}@127.0.0.1:{port}/app"
    )))
    .await;
    assert_kind(&result, FailureKind::Unreachable);
    assert!(format!("{result:?}").contains("connection refused"));
}

#[tokio::test]
async fn postgres_behind_a_silent_listener_times_out() {
    let listener = SilentListener::start();
    let port = listener.port();
    let result = verdict(pg_url(&format!(
        "postgres://app:{SECRET}@127.0.0.1:{port}/app"
    )))
    .await;
    assert_timed_out_by_the_deadline(&result);
    assert!(listener.accepted() >= 1);
}

#[tokio::test]
async fn postgres_with_a_wrong_password_is_auth_failed() {
    let Some(_admin) = pg::server().await else {
        return;
    };
    let right = pg_url(&format!(
        "postgres://{AUTH_ROLE}:{AUTH_ROLE_PASSWORD}@127.0.0.1:5432/postgres"
    ));
    if let Err(err) = verdict(right).await.outcome {
        let reason = format!("role `{AUTH_ROLE}` is not set up (run .ci/setup-postgres): {err}");
        return pg::skip(&workspace_tests::current_test_name(), "postgres", reason).unwrap_or(());
    }
    let wrong = pg_url(&format!(
        "postgres://{AUTH_ROLE}:{SECRET}@127.0.0.1:5432/postgres"
    ));
    let result = verdict(wrong).await;
    assert_kind(&result, FailureKind::AuthFailed);
    assert!(
        result.url.contains(&format!("{AUTH_ROLE}:***@")),
        "{result:?}"
    );
}

#[tokio::test]
async fn postgres_without_the_database_is_database_missing() {
    let Some(admin) = pg::server().await else {
        return;
    };
    let missing = admin
        .with_database(&format!("vt_missing_{}", std::process::id()))
        .unwrap();
    let result = verdict(ServiceUrl::from(missing)).await;
    assert_kind(&result, FailureKind::DatabaseMissing);
}

#[tokio::test]
async fn an_unknown_host_is_unreachable() {
    let result = verdict(pg_url(&format!(
        "postgres://app:{SECRET}@no-such-host.invalid/app"
    )))
    .await;
    assert_kind(&result, FailureKind::Unreachable);
    assert!(
        format!("{result:?}").contains("cannot resolve"),
        "{result:?}"
    );
}

// ---- SQLite -------------------------------------------------------------------------

#[tokio::test]
async fn sqlite_is_opened_or_created_as_the_url_says() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("new.sqlite3");
    let created = verdict(pg_url(&format!("sqlite://{}?mode=rwc", file.display()))).await;
    assert_eq!(created.outcome, Ok(()));
    assert!(file.is_file(), "mode=rwc creates the file");
    let opened = verdict(pg_url(&format!("sqlite://{}", file.display()))).await;
    assert_eq!(opened.outcome, Ok(()));
    let missing = dir.path().join("no-such-dir").join("x.sqlite3");
    let result = verdict(pg_url(&format!("sqlite://{}", missing.display()))).await;
    assert_kind(&result, FailureKind::DatabaseMissing);
}

// ---- Redis --------------------------------------------------------------------------

fn redis_url(raw: &str) -> ServiceUrl {
    ServiceUrl::redis(raw).unwrap()
}

#[tokio::test]
async fn redis_on_this_machine_is_available() {
    let kit = validator_testkit::TestKit::from_env();
    let Ok(redis) = kit.redis().await else {
        return;
    };
    let result = verdict(redis.url().clone()).await;
    assert_eq!(result.outcome, Ok(()));
    assert_eq!(result.service, Service::Redis);
}

#[tokio::test]
async fn redis_on_a_closed_port_is_unreachable() {
    let port = closed_port();
    let result = verdict(redis_url(&format!("redis://:{SECRET}@127.0.0.1:{port}"))).await;
    assert_kind(&result, FailureKind::Unreachable);
}

#[tokio::test]
async fn redis_behind_a_silent_listener_times_out() {
    let listener = SilentListener::start();
    let port = listener.port();
    let result = verdict(redis_url(&format!("redis://127.0.0.1:{port}"))).await;
    assert_timed_out_by_the_deadline(&result);
}

#[tokio::test]
async fn redis_with_a_wrong_or_no_password_is_auth_failed() {
    let server = match RedisServer::start_with_password("right-password") {
        Ok(server) => server,
        Err(reason) => {
            return pg::skip(&workspace_tests::current_test_name(), "redis", reason).unwrap_or(());
        }
    };
    let port = server.port();
    let right = verdict(redis_url(&format!(
        "redis://:right-password@127.0.0.1:{port}"
    )))
    .await;
    assert_eq!(right.outcome, Ok(()));
    let wrong = verdict(redis_url(&format!("redis://:{SECRET}@127.0.0.1:{port}"))).await;
    assert_kind(&wrong, FailureKind::AuthFailed);
    let none = verdict(redis_url(&format!("redis://127.0.0.1:{port}"))).await;
    assert_kind(&none, FailureKind::AuthFailed);
}

#[tokio::test]
async fn redis_without_the_database_is_database_missing() {
    let kit = validator_testkit::TestKit::from_env();
    let Ok(redis) = kit.redis().await else {
        return;
    };
    let Some((host, port)) = redis.url().tcp_endpoint() else {
        panic!("redis URL without a TCP endpoint: {}", redis.url());
    };
    // A server has 16 databases unless configured otherwise.
    let result = verdict(redis_url(&format!("redis://{host}:{port}/9999"))).await;
    assert_kind(&result, FailureKind::DatabaseMissing);
}

#[tokio::test]
async fn rediss_is_reported_as_misconfigured() {
    let result = verdict(redis_url(&format!("rediss://:{SECRET}@127.0.0.1:6379"))).await;
    assert_kind(&result, FailureKind::Misconfigured);
}

// ---- ClickHouse ---------------------------------------------------------------------

fn clickhouse_url(raw: &str) -> ServiceUrl {
    ServiceUrl::clickhouse(raw).unwrap()
}

#[tokio::test]
async fn clickhouse_on_a_closed_port_is_unreachable() {
    let port = closed_port();
    let result = verdict(clickhouse_url(&format!(
        "http://default:{SECRET}@127.0.0.1:{port}"
    )))
    .await;
    assert_kind(&result, FailureKind::Unreachable);
}

#[tokio::test]
async fn clickhouse_answering_ping_is_available() {
    let Some(server) = clickhouse::server().await else {
        return;
    };
    let result = verdict(server).await;
    assert_eq!(result.outcome, Ok(()));
}

/// Credentials and a database in the URL are checked with a query (`SELECT 1`): the right
/// password passes, and a database the server does not have is `database-missing`.
#[tokio::test]
async fn clickhouse_credentials_and_database_are_checked_with_a_query() {
    let Some(server) = clickhouse::server().await else {
        return;
    };
    let url = clickhouse::url_as(&server, AUTH_USER, AUTH_USER_PASSWORD, Some("default"));
    assert_eq!(verdict(clickhouse_url(&url)).await.outcome, Ok(()));
    let url = clickhouse::url_as(&server, AUTH_USER, AUTH_USER_PASSWORD, None);
    assert_eq!(verdict(clickhouse_url(&url)).await.outcome, Ok(()));
}

/// A wrong password: the real server answers HTTP 401 with `Code: 193` (WRONG_PASSWORD);
/// that is `auth-failed`, as for PostgreSQL, and the password is never shown.
#[tokio::test]
async fn clickhouse_rejecting_the_password_is_auth_failed() {
    let Some(server) = clickhouse::server().await else {
        return;
    };
    let url = clickhouse::url_as(&server, AUTH_USER, SECRET, None);
    let result = verdict(clickhouse_url(&url)).await;
    assert_kind(&result, FailureKind::AuthFailed);
    let Err(err) = &result.outcome else {
        unreachable!("assert_kind checked it failed");
    };
    assert!(err.detail.contains("401"), "{err}");
    assert!(
        err.to_string().starts_with("authentication failed for"),
        "{err}"
    );
    // A user the server does not know, and a missing password, are the same class.
    let url = clickhouse::url_as(&server, "nobody", SECRET, None);
    assert_kind(
        &verdict(clickhouse_url(&url)).await,
        FailureKind::AuthFailed,
    );
}

#[tokio::test]
async fn clickhouse_without_the_database_is_database_missing() {
    let Some(server) = clickhouse::server().await else {
        return;
    };
    let url = clickhouse::url_as(&server, AUTH_USER, AUTH_USER_PASSWORD, Some("nope"));
    let result = verdict(clickhouse_url(&url)).await;
    assert_kind(&result, FailureKind::DatabaseMissing);
}

/// What the probe sends, seen by a loopback responder that answers as ClickHouse does:
/// `GET /ping` alone without credentials; with them, a `SELECT 1` carrying the user and
/// password as headers and the database as the `database` URL parameter (the one form
/// every ClickHouse version reads).
#[tokio::test]
async fn the_clickhouse_probe_sends_ping_then_a_query_with_the_credentials() {
    let responder = HttpResponder::start(|request| {
        if request.line.starts_with("GET /ping ") {
            (200, "Ok.\n".to_owned())
        } else {
            (200, "1\n".to_owned())
        }
    });
    let port = responder.port();
    let result = verdict(clickhouse_url(&format!("http://127.0.0.1:{port}"))).await;
    assert_eq!(result.outcome, Ok(()));
    let seen = responder.seen();
    assert_eq!(seen.len(), 1, "only /ping without credentials: {seen:?}");
    assert!(seen[0].line.starts_with("GET /ping HTTP/1.1"), "{seen:?}");

    let url = format!("clickhouse://app:{SECRET}@127.0.0.1:{port}/metrics");
    assert_eq!(verdict(clickhouse_url(&url)).await.outcome, Ok(()));
    let seen = responder.seen();
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert!(
        seen[2]
            .line
            .starts_with("GET /?database=metrics&query=SELECT%201 "),
        "{seen:?}"
    );
    assert_eq!(seen[2].header("x-clickhouse-user"), Some("app"));
    assert_eq!(seen[2].header("x-clickhouse-key"), Some(SECRET));
}

#[tokio::test]
async fn another_http_server_is_misconfigured() {
    let responder = HttpResponder::start(|_| (404, "<html>nginx</html>".to_owned()));
    let port = responder.port();
    let result = verdict(clickhouse_url(&format!("http://127.0.0.1:{port}"))).await;
    assert_kind(&result, FailureKind::Misconfigured);
}

#[tokio::test]
async fn clickhouse_behind_a_silent_listener_times_out() {
    let listener = SilentListener::start();
    let port = listener.port();
    let result = verdict(clickhouse_url(&format!("http://127.0.0.1:{port}"))).await;
    assert_timed_out_by_the_deadline(&result);
}

#[tokio::test]
async fn a_port_that_drops_connection_attempts_times_out_in_the_tcp_pre_check() {
    // A listener that never accepts, with a one-slot queue: once the queue is full the
    // kernel drops further SYNs, as a firewall that drops packets would.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(1).unwrap();
    let address = listener.local_addr().unwrap();
    let mut queued = Vec::new();
    for _ in 0..8 {
        match tokio::time::timeout(
            Duration::from_millis(200),
            tokio::net::TcpStream::connect(address),
        )
        .await
        {
            Ok(Ok(stream)) => queued.push(stream),
            _ => break,
        }
    }
    let options = CheckOptions {
        tcp_timeout: Duration::from_millis(500),
        timeout: Duration::from_secs(30),
    };
    let url = redis_url(&format!("redis://127.0.0.1:{}", address.port()));
    let result = check(&url, &options).await;
    assert_kind(&result, FailureKind::Timeout);
    assert!(
        format!("{result:?}").contains("no TCP connection"),
        "{result:?}"
    );
    assert!(
        result.elapsed >= options.tcp_timeout,
        "{:?}",
        result.elapsed
    );
    assert!(
        result.elapsed < options.tcp_timeout + SLACK,
        "{:?}",
        result.elapsed
    );
    drop(listener);
}
