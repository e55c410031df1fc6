//! The availability cache works across processes, as nextest runs tests: two child
//! processes (this test binary, running its ignored `child_asks_for_redis` test) ask for
//! the same never-answering Redis. The first waits out the deadline and caches the
//! timeout; the second skips at once from the cache, without a connection.

use std::{
    path::Path,
    process::{Command, Output},
    time::{Duration, Instant},
};

use validator_testkit::{TestKit, cache::CACHE_FILE, ledger, ledger::Outcome};
use workspace_tests::net::SilentListener;

/// The deadline the children use for each check phase.
const DEADLINE: &str = "400ms";

fn run_child(state: &Path, redis_url: &str) -> (Output, Duration) {
    let started = Instant::now();
    let output = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_asks_for_redis",
            "--ignored",
            "--nocapture",
        ])
        .env("VALIDATOR_TESTKIT_DIR", state)
        .env("VALIDATOR_TESTKIT_TIMEOUT", DEADLINE)
        .env("TEST_REDIS_URL", redis_url)
        .env_remove("CI")
        .env_remove("VALIDATOR_OFFLINE")
        .output()
        .unwrap();
    let elapsed = started.elapsed();
    assert!(
        output.status.success(),
        "child failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    (output, elapsed)
}

#[test]
fn a_verdict_is_shared_across_test_processes() {
    let listener = SilentListener::start();
    let state = tempfile::tempdir().unwrap();
    let url = format!("redis://127.0.0.1:{}", listener.port());

    let (_, first_took) = run_child(state.path(), &url);
    let probes = listener.accepted();
    assert!(probes >= 1, "the first process must probe");
    assert!(first_took >= Duration::from_millis(400), "{first_took:?}");
    let cache = std::fs::read_to_string(state.path().join(CACHE_FILE)).unwrap();
    assert!(
        cache.contains(&url) && cache.contains("\"timeout\""),
        "{cache}"
    );

    run_child(state.path(), &url);
    assert_eq!(
        listener.accepted(),
        probes,
        "the second process must use the cache, not probe"
    );

    let entries = ledger::read(&state.path().join(ledger::LEDGER_FILE)).unwrap();
    assert_eq!(entries.len(), 2, "{entries:?}");
    assert!(
        entries
            .iter()
            .all(|entry| entry.outcome == Outcome::Skipped)
    );
    assert!(
        entries
            .iter()
            .all(|entry| entry.test == "child_asks_for_redis"),
        "{entries:?}"
    );
    let reasons: Vec<_> = entries
        .iter()
        .map(|entry| entry.reason.clone().unwrap_or_default())
        .collect();
    assert!(!reasons[0].contains("(cached"), "{reasons:?}");
    assert!(reasons[1].contains("(cached"), "{reasons:?}");
}

/// Run only as a child of `a_verdict_is_shared_across_test_processes`, configured by it.
#[tokio::test]
#[ignore = "a child process of a_verdict_is_shared_across_test_processes"]
async fn child_asks_for_redis() {
    match TestKit::from_env().redis().await {
        Ok(_) => panic!("the silent listener cannot be a Redis server"),
        Err(skip) => println!("{skip}"),
    }
}
