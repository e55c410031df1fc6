//! `validator-testkit`: services for tests, and `validator doctor`. A test gets a ready
//! connection, or a visible, recorded skip; `doctor` says which services are there and
//! why the others are not. The Redis and ClickHouse probes ([`probe`]) live here, and so
//! do their clients (redis-rs, ureq): nothing a deployed binary links needs them.
//!
//! Rust's test harness has no "skipped" outcome, so this crate makes skips visible by
//! other means: each one prints `SKIP [service] test: reason` past the output capture,
//! appends a line to the [ledger](ledger) under `target/`, and, with `CI` set, fails the
//! test instead.
//!
//! ```no_run
//! # async fn example() {
//! use validator_testkit as testkit;
//! use validator_testkit::or_skip;
//!
//! let db = or_skip!(testkit::postgres().await); // a fresh database, dropped afterwards
//! let redis = or_skip!(testkit::redis().await); // a connection and a key namespace
//! let any = testkit::any_database().await;      // PostgreSQL, or in-memory SQLite
//! # }
//! ```
//!
//! | what the check finds | outside CI | with `CI` set |
//! |---|---|---|
//! | available | ready connection, ledger `ran` | same |
//! | unreachable or timeout | [`Skip`], ledger `skipped` (backend-agnostic: SQLite, `fallback`) | test fails |
//! | auth failed, database missing, misconfigured | test fails | test fails |
//! | `VALIDATOR_OFFLINE=1` | [`Skip`] at once, no probe | test fails |
//!
//! Verdicts are shared across test processes for 30 s through the [cache](cache).
//! Configuration (all optional): `TEST_DATABASE_URL` (admin URL, default
//! `postgres://postgres@127.0.0.1:5432/postgres`), `TEST_REDIS_URL` (default
//! `redis://127.0.0.1:6379`), `TEST_CLICKHOUSE_URL` (default `http://127.0.0.1:8123`),
//! `VALIDATOR_TESTKIT_DIR` (where the cache and ledger live; default cargo's target
//! directory), `VALIDATOR_TESTKIT_TIMEOUT` (deadline of each check phase, default `3s`),
//! `CI`, `VALIDATOR_OFFLINE`.

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

pub mod cache;
pub mod doctor;
pub mod ledger;
mod postgres;
pub mod probe;
mod redis;

use std::{
    fmt,
    path::{Path, PathBuf},
    time::Duration,
};

pub use postgres::{PgDatabase, TestDatabase};
pub use redis::TestRedis;

use crate::probe::{CheckOptions, check};
use cache::{AvailabilityCache, CACHE_TTL};
use ledger::{Entry, LEDGER_FILE, Outcome};
use validator_connect::{ConnectError, Service, ServiceUrl};

/// The admin URL used when `TEST_DATABASE_URL` is not set.
pub use validator_connect::DEFAULT_POSTGRES_URL;
/// The Redis URL used when `TEST_REDIS_URL` is not set.
pub const DEFAULT_REDIS_URL: &str = "redis://127.0.0.1:6379";
/// The ClickHouse URL used when `TEST_CLICKHOUSE_URL` is not set.
pub const DEFAULT_CLICKHOUSE_URL: &str = "http://127.0.0.1:8123";
/// The deadline of each phase of a test's service check (TCP pre-check, protocol check).
pub const TEST_CHECK_TIMEOUT: Duration = Duration::from_secs(3);
/// The reason every service-backed test gives in offline mode.
pub const OFFLINE_REASON: &str =
    "VALIDATOR_OFFLINE is set: service-backed tests skip without probing";

/// A test that cannot have its service, and says why. It has already been printed and
/// recorded when you hold one; return from the test.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skip {
    pub service: Service,
    pub reason: String,
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SKIP [{}] {}", self.service, self.reason)
    }
}

/// Why a test cannot have its service: skip it, or fail it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotReady {
    /// The service is not there (or offline mode): skip, outside CI.
    Skip(Skip),
    /// Something to fix: credentials, a missing database, a bad URL, or any absence in CI.
    Fail { service: Service, reason: String },
}

impl fmt::Display for NotReady {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NotReady::Skip(skip) => skip.fmt(f),
            NotReady::Fail { service, reason } => write!(f, "FAIL [{service}] {reason}"),
        }
    }
}

/// Where the services are and how the test kit behaves. [`Settings::from_env`] reads the
/// environment; tests of the kit itself build one by hand.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Every skip is a failure (`CI` set to anything but empty, `0` or `false`).
    pub ci: bool,
    /// Skip every service-backed test at once (`VALIDATOR_OFFLINE`).
    pub offline: bool,
    /// Where the cache and the ledger live.
    pub state_dir: PathBuf,
    pub postgres_url: String,
    pub redis_url: String,
    pub clickhouse_url: String,
    pub check: CheckOptions,
    pub cache_ttl: Duration,
    /// Print `SKIP`/`FALLBACK` lines on stderr (on unless a test of the kit turns it off,
    /// so that a `SKIP` line in a CI log always means a real skip).
    pub announce: bool,
}

impl Settings {
    /// Settings from the environment, with the defaults documented on the module.
    pub fn from_env() -> Self {
        let var = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
        Self {
            ci: var("CI").is_some_and(|value| truthy(&value)),
            offline: var("VALIDATOR_OFFLINE").is_some_and(|value| truthy(&value)),
            state_dir: var("VALIDATOR_TESTKIT_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(target_dir),
            postgres_url: var("TEST_DATABASE_URL").unwrap_or_else(|| DEFAULT_POSTGRES_URL.into()),
            redis_url: var("TEST_REDIS_URL").unwrap_or_else(|| DEFAULT_REDIS_URL.into()),
            clickhouse_url: var("TEST_CLICKHOUSE_URL")
                .unwrap_or_else(|| DEFAULT_CLICKHOUSE_URL.into()),
            check: {
                let timeout = var("VALIDATOR_TESTKIT_TIMEOUT")
                    .and_then(|text| validator_base::duration::parse_duration(&text).ok())
                    .unwrap_or(TEST_CHECK_TIMEOUT);
                CheckOptions {
                    tcp_timeout: timeout,
                    timeout,
                }
            },
            cache_ttl: CACHE_TTL,
            announce: true,
        }
    }

    /// The ledger file.
    pub fn ledger_path(&self) -> PathBuf {
        self.state_dir.join(LEDGER_FILE)
    }
}

fn truthy(value: &str) -> bool {
    !matches!(
        value.to_ascii_lowercase().as_str(),
        "" | "0" | "false" | "no"
    )
}

/// Cargo's target directory for the running test binary: `CARGO_TARGET_DIR`, or the
/// ancestor of the executable that Cargo marks as one, or `./target`.
pub fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(dir);
    }
    std::env::current_exe()
        .ok()
        .and_then(|exe| target_dir_of(&exe))
        .unwrap_or_else(|| PathBuf::from("target"))
}

/// The target directory holding `exe`: the nearest ancestor with `.rustc_info.json`,
/// which Cargo writes on every build, or `CACHEDIR.TAG`, which it writes only when it
/// creates the directory itself (not when a setup script made `target/` first).
fn target_dir_of(exe: &Path) -> Option<PathBuf> {
    exe.ancestors()
        .find(|dir| dir.join(".rustc_info.json").is_file() || dir.join("CACHEDIR.TAG").is_file())
        .map(Path::to_path_buf)
}

/// The name of the running test: libtest names each test's thread after it, and nextest
/// passes it as the first argument.
pub fn current_test_name() -> String {
    match std::thread::current().name() {
        Some(name) if name != "main" => name.to_owned(),
        _ => std::env::args()
            .skip(1)
            .find(|arg| !arg.starts_with('-'))
            .unwrap_or_else(|| "unknown test".to_owned()),
    }
}

/// The test kit for one test: its settings and its name.
#[derive(Clone, Debug)]
pub struct TestKit {
    settings: Settings,
    test: String,
}

impl TestKit {
    /// The kit for the running test, configured from the environment.
    pub fn from_env() -> Self {
        Self::new(Settings::from_env(), current_test_name())
    }

    pub fn new(settings: Settings, test: impl Into<String>) -> Self {
        Self {
            settings,
            test: test.into(),
        }
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The test's name, as written to the ledger.
    pub fn test(&self) -> &str {
        &self.test
    }

    /// The availability cache these settings use.
    pub fn cache(&self) -> AvailabilityCache {
        AvailabilityCache::new(&self.settings.state_dir, self.settings.cache_ttl)
    }

    /// Whether the service at `url` is available: the cached verdict when fresh, or a check.
    /// `Ok(())` means "go ahead and connect"; an absence is a skip (recorded), anything
    /// else a failure (recorded).
    pub async fn availability(&self, url: &ServiceUrl) -> Result<(), NotReady> {
        self.check_service(url)
            .await
            .map_err(|absent| self.decide(url.service(), absent))
    }

    /// The verdict on `url` without recording anything: offline mode, the cache, or a check.
    pub(crate) async fn check_service(&self, url: &ServiceUrl) -> Result<(), Absent> {
        if self.settings.offline {
            return Err(Absent::Offline);
        }
        if let Some(hit) = self.cache().lookup(url.redacted()) {
            return hit.verdict.map_err(|err| Absent::Cached(err, hit.age));
        }
        let result = check(url, &self.settings.check).await;
        self.remember(url, &result.outcome);
        result.outcome.map_err(Absent::Checked)
    }

    /// Skips (offline, or a connection-class failure) or fails, and records which.
    pub(crate) fn decide(&self, service: Service, absent: Absent) -> NotReady {
        match absent {
            Absent::Checked(err) => self.not_ready(service, err),
            offline_or_cached => self.skip(service, offline_or_cached.reason()),
        }
    }

    /// Stores a verdict in the cache; a cache that cannot be written is only mentioned.
    pub(crate) fn remember(&self, url: &ServiceUrl, verdict: &Result<(), ConnectError>) {
        if let Err(err) = self.cache().store(url.service(), url.redacted(), verdict) {
            announce(&format!(
                "warning: cannot write the service cache in {}: {err}",
                self.settings.state_dir.display()
            ));
        }
    }

    /// A skip for connection-class failures, a failure for everything else.
    pub fn not_ready(&self, service: Service, err: ConnectError) -> NotReady {
        if err.kind.is_connection_class() {
            self.skip(service, err.to_string())
        } else {
            self.fail(
                service,
                format!("{service} is misconfigured for tests (this is never a skip): {err}"),
            )
        }
    }

    /// Marks the test skipped for `reason`: printed past the output capture and recorded
    /// in the ledger. With `CI` set, it is a failure instead.
    pub fn skip(&self, service: Service, reason: impl Into<String>) -> NotReady {
        let reason = reason.into();
        if self.settings.ci {
            return self.fail(
                service,
                format!("{service} is required with CI set, but unavailable: {reason}"),
            );
        }
        self.say(&format!(
            "SKIP [{service}] {}: {reason} (with CI set, this fails)",
            self.test
        ));
        self.record(service, Outcome::Skipped, Some(reason.clone()), None);
        NotReady::Skip(Skip { service, reason })
    }

    /// Marks the test failed because of `service`, recorded in the ledger.
    pub fn fail(&self, service: Service, reason: impl Into<String>) -> NotReady {
        let reason = reason.into();
        self.record(service, Outcome::Failed, Some(reason.clone()), None);
        NotReady::Fail { service, reason }
    }

    /// Prints `line` on stderr, unless the settings say not to.
    pub(crate) fn say(&self, line: &str) {
        if self.settings.announce {
            announce(line);
        }
    }

    /// Records that the test got its service.
    pub fn ran(&self, service: Service) {
        self.record(service, Outcome::Ran, None, None);
    }

    pub(crate) fn record(
        &self,
        service: Service,
        outcome: Outcome,
        reason: Option<String>,
        ran_on: Option<&str>,
    ) {
        let mut entry = Entry::new(&self.test, service.name(), outcome, reason);
        entry.ran_on = ran_on.map(str::to_owned);
        let path = self.settings.ledger_path();
        if let Err(err) = ledger::append(&path, &entry) {
            announce(&format!("warning: cannot write {}: {err}", path.display()));
        }
    }

    /// The configured URL of `service`, or a failure naming the variable to fix.
    pub(crate) fn configured_url(&self, service: Service) -> Result<ServiceUrl, NotReady> {
        let (raw, variable, parse): (_, _, fn(&str) -> _) = match service {
            Service::Postgres | Service::Sqlite => (
                &self.settings.postgres_url,
                "TEST_DATABASE_URL",
                ServiceUrl::database,
            ),
            Service::Redis => (
                &self.settings.redis_url,
                "TEST_REDIS_URL",
                ServiceUrl::redis,
            ),
            Service::ClickHouse => (
                &self.settings.clickhouse_url,
                "TEST_CLICKHOUSE_URL",
                ServiceUrl::clickhouse,
            ),
        };
        parse(raw).map_err(|err| self.fail(service, format!("{variable} is not usable: {err}")))
    }

    /// A verified ClickHouse URL for this test.
    pub async fn try_clickhouse(&self) -> Result<ServiceUrl, NotReady> {
        let url = self.configured_url(Service::ClickHouse)?;
        self.availability(&url).await?;
        self.ran(Service::ClickHouse);
        Ok(url)
    }

    /// [`TestKit::try_clickhouse`], failing the test on anything but a skip.
    pub async fn clickhouse(&self) -> Result<ServiceUrl, Skip> {
        or_fail(self.try_clickhouse().await)
    }
}

/// Why a service is not there to use, before it is turned into a skip or a failure.
#[derive(Clone, Debug)]
pub(crate) enum Absent {
    Offline,
    /// A connection-class verdict from the cache, and its age.
    Cached(ConnectError, Duration),
    /// A check or connection that just failed.
    Checked(ConnectError),
}

impl Absent {
    /// True when the service is simply not there (or offline mode): skip, or fall back.
    pub(crate) fn is_absence(&self) -> bool {
        match self {
            Absent::Offline | Absent::Cached(..) => true,
            Absent::Checked(err) => err.kind.is_connection_class(),
        }
    }

    pub(crate) fn reason(&self) -> String {
        match self {
            Absent::Offline => OFFLINE_REASON.to_owned(),
            Absent::Cached(err, age) => format!("{err} (cached {} s ago)", age.as_secs()),
            Absent::Checked(err) => err.to_string(),
        }
    }
}

/// Prints a line to the real stderr, past libtest's output capture, so it is seen.
pub fn announce(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// Turns a [`NotReady::Fail`] into a test failure (a panic with its reason).
///
/// # Panics
/// On [`NotReady::Fail`]: that is how a test fails.
#[allow(
    clippy::panic,
    reason = "failing the calling test is this function's job"
)]
pub fn or_fail<T>(result: Result<T, NotReady>) -> Result<T, Skip> {
    match result {
        Ok(value) => Ok(value),
        Err(NotReady::Skip(skip)) => Err(skip),
        Err(fail @ NotReady::Fail { .. }) => panic!("{fail}"),
    }
}

/// A fresh PostgreSQL database for the running test (see [`TestKit::postgres`]).
pub async fn postgres() -> Result<PgDatabase, Skip> {
    TestKit::from_env().postgres().await
}

/// The PostgreSQL admin URL, checked, for a test that needs the server but no database.
pub async fn postgres_server() -> Result<validator_connect::DatabaseUrl, Skip> {
    TestKit::from_env().postgres_server().await
}

/// PostgreSQL when it is there, in-memory SQLite when it is not (see
/// [`TestKit::any_database`]).
pub async fn any_database() -> TestDatabase {
    TestKit::from_env().any_database().await
}

/// A Redis connection with a key namespace of the test's own (see [`TestKit::redis`]).
pub async fn redis() -> Result<TestRedis, Skip> {
    TestKit::from_env().redis().await
}

/// A verified ClickHouse URL (see [`TestKit::clickhouse`]).
pub async fn clickhouse() -> Result<ServiceUrl, Skip> {
    TestKit::from_env().clickhouse().await
}

/// Unwraps a test kit result, or returns from the test when it was skipped.
///
/// ```no_run
/// # async fn example() {
/// let database = validator_testkit::or_skip!(validator_testkit::postgres().await);
/// # }
/// ```
#[macro_export]
macro_rules! or_skip {
    ($result:expr) => {
        match $result {
            ::std::result::Result::Ok(value) => value,
            ::std::result::Result::Err(_skip) => return,
        }
    };
}

#[cfg(test)]
mod target_dir_tests {
    use super::target_dir_of;

    #[test]
    fn a_target_made_before_cargo_ran_is_still_found() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("target");
        let deps = target.join("debug").join("deps");
        std::fs::create_dir_all(&deps).unwrap();
        let exe = deps.join("some_test-0123");
        // A setup script created `target/` first: Cargo wrote no CACHEDIR.TAG.
        std::fs::write(target.join(".rustc_info.json"), "{}").unwrap();
        assert_eq!(target_dir_of(&exe), Some(target.clone()));

        std::fs::remove_file(target.join(".rustc_info.json")).unwrap();
        std::fs::write(target.join("CACHEDIR.TAG"), "").unwrap();
        assert_eq!(target_dir_of(&exe), Some(target));
    }
}
