//! The availability cache, shared by every test process for 30 s.
//!
//! nextest runs each test in its own process, so a verdict kept in memory would be probed
//! again by every test: with a server that never answers, each would wait out the deadline.
//! The cache is one JSON file, `<target>/service-availability.json`:
//!
//! ```json
//! {"version":1,"entries":{"postgres://postgres@127.0.0.1:5432/postgres":
//!   {"service":"postgres","verdict":"unreachable","detail":"connection refused (127.0.0.1:5432)","checked_at":1795732801}}}
//! ```
//!
//! Keys are redacted URLs, so no password reaches the disk. Only verdicts that do not depend
//! on the password are kept: `available` (a test connects for real afterwards anyway, and a
//! failure then is classified afresh) and the connection-class `unreachable` and `timeout`.
//! Writers take an exclusive lock on `service-availability.lock`, write a temporary file
//! and rename it over the cache, so readers never see half a file and concurrent writers
//! never lose each other's entries.

use std::{
    collections::BTreeMap,
    fs::{File, OpenOptions},
    path::{Path, PathBuf},
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use serde::{Deserialize, Serialize};

use validator_connect::{ConnectError, FailureKind, Service};

/// File name of the cache inside the state directory.
pub const CACHE_FILE: &str = "service-availability.json";
/// File name of the lock that serialises writers.
pub const LOCK_FILE: &str = "service-availability.lock";
/// How long a verdict is trusted.
pub const CACHE_TTL: Duration = Duration::from_secs(30);

const VERSION: u32 = 1;

/// A cached verdict: the service was available, or not reachable for a connection-class
/// reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cached {
    /// `Ok(())` for available; otherwise an unreachable or timeout failure.
    pub verdict: Result<(), ConnectError>,
    /// How long ago the verdict was reached.
    pub age: Duration,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct StoredEntry {
    service: String,
    /// `available`, `unreachable` or `timeout`.
    verdict: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
    /// Seconds since the Unix epoch.
    checked_at: u64,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct StoredCache {
    version: u32,
    entries: BTreeMap<String, StoredEntry>,
}

/// The availability cache in one directory.
#[derive(Clone, Debug)]
pub struct AvailabilityCache {
    dir: PathBuf,
    ttl: Duration,
}

impl AvailabilityCache {
    /// The cache in `dir` (cargo's target directory), trusting verdicts for `ttl`.
    pub fn new(dir: impl Into<PathBuf>, ttl: Duration) -> Self {
        Self {
            dir: dir.into(),
            ttl,
        }
    }

    /// The cache file's path.
    pub fn path(&self) -> PathBuf {
        self.dir.join(CACHE_FILE)
    }

    /// The fresh verdict for the redacted URL `url`, if any.
    pub fn lookup(&self, url: &str) -> Option<Cached> {
        self.lookup_at(url, SystemTime::now())
    }

    fn lookup_at(&self, url: &str, now: SystemTime) -> Option<Cached> {
        let entry = read(&self.path()).entries.remove(url)?;
        let age = unix_seconds(now).checked_sub(entry.checked_at)?;
        if age >= self.ttl.as_secs() {
            return None;
        }
        let verdict = match entry.verdict.as_str() {
            "available" => Ok(()),
            other => {
                let kind = FailureKind::from_id(other).filter(|kind| kind.is_connection_class())?;
                Err(ConnectError {
                    kind,
                    url: url.to_owned(),
                    detail: entry.detail.unwrap_or_default(),
                })
            }
        };
        Some(Cached {
            verdict,
            age: Duration::from_secs(age),
        })
    }

    /// Remembers the verdict of a check of `service` at the redacted URL `url`. Verdicts
    /// that depend on credentials (auth failed, database missing, misconfigured) are not
    /// kept. A cache that cannot be written only costs a probe, so the error is returned
    /// for the caller to mention, never to fail on.
    pub fn store(
        &self,
        service: Service,
        url: &str,
        verdict: &Result<(), ConnectError>,
    ) -> std::io::Result<()> {
        self.store_at(service, url, verdict, SystemTime::now())
    }

    fn store_at(
        &self,
        service: Service,
        url: &str,
        verdict: &Result<(), ConnectError>,
        now: SystemTime,
    ) -> std::io::Result<()> {
        let (name, detail) = match verdict {
            Ok(()) => ("available", None),
            Err(err) if err.kind.is_connection_class() => (err.kind.id(), Some(err.detail.clone())),
            Err(_) => return Ok(()),
        };
        std::fs::create_dir_all(&self.dir)?;
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(self.dir.join(LOCK_FILE))?;
        lock.lock()?;
        let mut cache = read(&self.path());
        cache.version = VERSION;
        let now_seconds = unix_seconds(now);
        let ttl = self.ttl.as_secs();
        cache
            .entries
            .retain(|_, entry| now_seconds.saturating_sub(entry.checked_at) < ttl);
        cache.entries.insert(
            url.to_owned(),
            StoredEntry {
                service: service.name().to_owned(),
                verdict: name.to_owned(),
                detail,
                checked_at: now_seconds,
            },
        );
        let written = write_atomically(&self.path(), &cache);
        let _ = lock.unlock();
        written
    }
}

/// The cache file's contents; a missing, unreadable or foreign file counts as empty.
fn read(path: &Path) -> StoredCache {
    let Ok(file) = File::open(path) else {
        return StoredCache::default();
    };
    match serde_json::from_reader::<_, StoredCache>(std::io::BufReader::new(file)) {
        Ok(cache) if cache.version == VERSION => cache,
        _ => StoredCache::default(),
    }
}

fn write_atomically(path: &Path, cache: &StoredCache) -> std::io::Result<()> {
    let text = serde_json::to_vec_pretty(cache).map_err(std::io::Error::other)?;
    validator_base::fs::write_atomically(path, &text)
}

fn unix_seconds(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH)
        .map(|since| since.as_secs())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "postgres://app:***@db:5432/app";

    fn refused() -> Result<(), ConnectError> {
        Err(ConnectError {
            kind: FailureKind::Unreachable,
            url: URL.to_owned(),
            detail: "connection refused (db:5432)".to_owned(),
        })
    }

    #[test]
    fn a_verdict_is_trusted_for_the_ttl_and_no_longer() {
        let dir = tempfile::tempdir().unwrap();
        let cache = AvailabilityCache::new(dir.path(), CACHE_TTL);
        let then = SystemTime::now() - Duration::from_secs(100);
        cache
            .store_at(Service::Postgres, URL, &refused(), then)
            .unwrap();
        let fresh = cache
            .lookup_at(URL, then + Duration::from_secs(29))
            .unwrap();
        assert_eq!(fresh.verdict, refused());
        assert_eq!(fresh.age, Duration::from_secs(29));
        assert_eq!(cache.lookup_at(URL, then + Duration::from_secs(30)), None);
        assert_eq!(cache.lookup_at("redis://other", then), None);
    }

    #[test]
    fn credential_verdicts_are_not_kept() {
        let dir = tempfile::tempdir().unwrap();
        let cache = AvailabilityCache::new(dir.path(), CACHE_TTL);
        let auth = Err(ConnectError {
            kind: FailureKind::AuthFailed,
            url: URL.to_owned(),
            detail: "password authentication failed".to_owned(),
        });
        cache.store(Service::Postgres, URL, &auth).unwrap();
        assert_eq!(cache.lookup(URL), None);
        cache.store(Service::Postgres, URL, &Ok(())).unwrap();
        assert_eq!(cache.lookup(URL).map(|hit| hit.verdict), Some(Ok(())));
    }

    #[test]
    fn a_corrupt_file_counts_as_empty_and_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let cache = AvailabilityCache::new(dir.path(), CACHE_TTL);
        std::fs::write(cache.path(), "{not json").unwrap();
        assert_eq!(cache.lookup(URL), None);
        cache.store(Service::Postgres, URL, &refused()).unwrap();
        assert!(cache.lookup(URL).is_some());
        let text = std::fs::read_to_string(cache.path()).unwrap();
        assert!(!text.contains("app:pw"), "{text}");
    }

    #[test]
    fn concurrent_writers_keep_every_entry() {
        let dir = tempfile::tempdir().unwrap();
        let writers: Vec<_> = (0..8)
            .map(|n| {
                let cache = AvailabilityCache::new(dir.path(), CACHE_TTL);
                std::thread::spawn(move || {
                    let url = format!("redis://host-{n}:6379");
                    cache.store(Service::Redis, &url, &Ok(())).unwrap();
                })
            })
            .collect();
        for writer in writers {
            writer.join().unwrap();
        }
        let cache = AvailabilityCache::new(dir.path(), CACHE_TTL);
        for n in 0..8 {
            assert!(
                cache.lookup(&format!("redis://host-{n}:6379")).is_some(),
                "{n}"
            );
        }
    }
}
