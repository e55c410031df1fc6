//! The migration lock: one runner at a time changes a database's schema.
//!
//! - PostgreSQL: a session advisory lock (`pg_try_advisory_lock(k1, k2)`) held by a
//!   connection of its own for the whole command. The server drops it when that session
//!   ends, so a runner that dies (crash, `kill -9`, lost network) cannot leave it behind.
//!   A waiting runner names the holder: its backend pid from `pg_locks`, and its
//!   `application_name`, which says which process on which machine holds it.
//! - SQLite: an exclusive `flock`-style lock (std's `File::try_lock`: `flock(2)` on Unix,
//!   `LockFileEx` on Windows) on a file beside the database, `<database>-migrate.lock`. The
//!   kernel releases it when the holder's file descriptor closes, which includes the
//!   process dying. The file itself stays; its content (the holder's pid) is only a hint.
//!   SQLite's own locks are not used for this: they last one transaction, and each
//!   migration commits on its own.
//! - In-memory SQLite: nothing to share, no lock.

use std::{
    fs::{File, OpenOptions, TryLockError},
    io::{Read, Seek, SeekFrom, Write},
    path::{Path, PathBuf},
    str::FromStr,
    time::{Duration, Instant},
};

use sha2::{Digest, Sha256};
use sqlx::{Connection, PgConnection, postgres::PgConnectOptions};
use tokio::sync::Mutex;

use crate::error::RunError;
use validator_connect::{
    Backend, ConnectError, DEFAULT_CONNECT_TIMEOUT, DatabaseUrl, FailureKind,
    connect::classify_sqlx,
};

/// First half of the advisory lock key: "SeaM" in ASCII, so it is recognisable in
/// `pg_locks.classid`. Kept below `i32::MAX` so the key reads the same as an `oid`.
pub const ADVISORY_LOCK_CLASS: i32 = 0x5365_614D;

/// Suffix of the SQLite lock file, next to the database file.
pub const SQLITE_LOCK_SUFFIX: &str = "-migrate.lock";

/// Longest pause between two attempts while waiting.
const MAX_POLL: Duration = Duration::from_millis(200);

/// How to take the lock.
#[derive(Clone, Debug, Default)]
pub struct LockOptions {
    /// Give up after this long; `None` waits for as long as the holder runs.
    pub timeout: Option<Duration>,
    /// The PostgreSQL schema being migrated (`-s`); `None` is the connection's
    /// `current_schema()`. Runners of different schemas do not wait for each other.
    pub schema: Option<String>,
    /// How long opening the lock's own PostgreSQL connection may take; `None` is
    /// [`DEFAULT_CONNECT_TIMEOUT`].
    pub connect_timeout: Option<Duration>,
}

/// A held migration lock. Release it with [`MigrationLock::release`]; dropping it, or the
/// process ending, releases it too.
pub struct MigrationLock {
    held: Held,
}

enum Held {
    Postgres {
        conn: Mutex<PgConnection>,
        key: (i32, i32),
    },
    SqliteFile {
        // Held for its lock; closing it unlocks.
        _file: File,
    },
    Unshared,
}

impl MigrationLock {
    /// Takes the lock for the migration table `table` of the database at `url`, waiting
    /// up to `options.timeout`. While it waits it calls `on_wait` with a line that names
    /// the holder, again whenever the holder changes.
    pub async fn acquire(
        url: &DatabaseUrl,
        table: &str,
        options: &LockOptions,
        on_wait: &mut dyn FnMut(&str),
    ) -> Result<Self, RunError> {
        match url.backend() {
            Backend::Postgres => acquire_advisory(url, table, options, on_wait).await,
            Backend::Sqlite => match sqlite_lock_path(url) {
                Some(path) => acquire_file(url, &path, options, on_wait).await,
                None => Ok(Self {
                    held: Held::Unshared,
                }),
            },
        }
    }

    /// Fails if the lock may have been lost (its PostgreSQL session is gone), so a runner
    /// never applies a migration without it.
    pub async fn verify(&self) -> Result<(), RunError> {
        if let Held::Postgres { conn, .. } = &self.held {
            conn.lock().await.ping().await.map_err(|err| {
                RunError::LockLost(format!(
                    "the connection holding the migration lock closed ({err}); \
                     another runner may be migrating now"
                ))
            })?;
        }
        Ok(())
    }

    /// Releases the lock now.
    pub async fn release(self) {
        if let Held::Postgres { conn, key } = self.held {
            let mut conn = conn.into_inner();
            // Closing the session releases the lock as well; the unlock only makes it
            // immediate even if the close is slow.
            let _ = sqlx::query("SELECT pg_advisory_unlock($1, $2)")
                .bind(key.0)
                .bind(key.1)
                .execute(&mut conn)
                .await;
            let _ = conn.close().await;
        }
    }
}

/// The lock file of a SQLite database URL, or `None` for an in-memory database.
pub fn sqlite_lock_path(url: &DatabaseUrl) -> Option<PathBuf> {
    let raw = url.expose();
    let path = url.database_name()?;
    let in_memory = path == ":memory:" || raw.contains("mode=memory");
    if in_memory {
        return None;
    }
    Some(PathBuf::from(format!("{path}{SQLITE_LOCK_SUFFIX}")))
}

/// Polls `try_lock` until it succeeds or `timeout` passes, reporting the holder.
struct Wait<'a> {
    started: Instant,
    timeout: Option<Duration>,
    pause: Duration,
    last_holder: Option<String>,
    what: String,
    on_wait: &'a mut dyn FnMut(&str),
}

impl<'a> Wait<'a> {
    fn new(url: &DatabaseUrl, timeout: Option<Duration>, on_wait: &'a mut dyn FnMut(&str)) -> Self {
        Self {
            started: Instant::now(),
            timeout,
            pause: Duration::from_millis(10),
            last_holder: None,
            what: url.to_string(),
            on_wait,
        }
    }

    /// Called after a failed attempt: reports a new holder, then sleeps, or gives up.
    async fn after_miss(&mut self, holder: String) -> Result<(), RunError> {
        if self.last_holder.as_deref() != Some(holder.as_str()) {
            (self.on_wait)(&format!(
                "waiting for the migration lock on {}: held by {holder}",
                self.what
            ));
            self.last_holder = Some(holder.clone());
        }
        let waited = self.started.elapsed();
        let mut pause = self.pause;
        if let Some(timeout) = self.timeout {
            if waited >= timeout {
                return Err(RunError::LockTimeout {
                    target: self.what.clone(),
                    holder,
                    waited_ms: waited.as_millis(),
                });
            }
            pause = pause.min(timeout - waited);
        }
        tokio::time::sleep(pause).await;
        self.pause = (self.pause * 2).min(MAX_POLL);
        Ok(())
    }

    fn report_acquired(&mut self) {
        if self.last_holder.is_some() {
            (self.on_wait)(&format!(
                "acquired the migration lock after {:.1} s",
                self.started.elapsed().as_secs_f64()
            ));
        }
    }
}

async fn acquire_advisory(
    url: &DatabaseUrl,
    table: &str,
    options: &LockOptions,
    on_wait: &mut dyn FnMut(&str),
) -> Result<MigrationLock, RunError> {
    let connect_options = PgConnectOptions::from_str(url.expose())
        .map_err(|err| classify_sqlx(url, &err))?
        .application_name(&holder_name());
    let connect_timeout = options.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
    let mut conn = tokio::time::timeout(
        connect_timeout,
        PgConnection::connect_with(&connect_options),
    )
    .await
    .map_err(|_| ConnectError {
        kind: FailureKind::Timeout,
        url: url.to_string(),
        detail: format!(
            "no answer within {} ms (opening the migration lock's connection)",
            connect_timeout.as_millis()
        ),
    })?
    .map_err(|err| classify_sqlx(url, &err))?;
    // The lock's session sits idle while migrations run on the pool; a server-side
    // `idle_session_timeout` (PostgreSQL 14+) must not end it mid-migration. Older servers
    // do not know the setting, which is fine.
    let _ = sqlx::query("SET idle_session_timeout = 0")
        .execute(&mut conn)
        .await;
    let failed = |err: sqlx::Error| RunError::Database {
        context: "cannot take the migration lock".to_owned(),
        cause: url.scrub(&err.to_string()),
    };
    let schema = match &options.schema {
        Some(schema) => schema.clone(),
        None => sqlx::query_scalar::<_, Option<String>>("SELECT current_schema()::text")
            .fetch_one(&mut conn)
            .await
            .map_err(failed)?
            .unwrap_or_default(),
    };
    let key = (ADVISORY_LOCK_CLASS, advisory_key(&schema, table));
    let mut wait = Wait::new(url, options.timeout, on_wait);
    loop {
        let locked: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1, $2)")
            .bind(key.0)
            .bind(key.1)
            .fetch_one(&mut conn)
            .await
            .map_err(failed)?;
        if locked {
            wait.report_acquired();
            return Ok(MigrationLock {
                held: Held::Postgres {
                    conn: Mutex::new(conn),
                    key,
                },
            });
        }
        let holder = advisory_holder(&mut conn, key).await.map_err(failed)?;
        wait.after_miss(holder).await?;
    }
}

/// The `application_name` of the lock's session: which process, so a waiting runner (or
/// an operator reading `pg_stat_activity`) can tell who holds it.
fn holder_name() -> String {
    format!("seaorm-migrate pid {}", std::process::id())
}

/// Second half of the key: the schema and migration table, hashed, so runners of
/// different schemas (or migration tables) in one database do not block each other.
pub fn advisory_key(schema: &str, table: &str) -> i32 {
    let digest = Sha256::digest(format!("{schema}.{table}").as_bytes());
    let mut bytes = [0u8; 4];
    for (slot, byte) in bytes.iter_mut().zip(digest.iter()) {
        *slot = *byte;
    }
    // Non-negative, so `pg_locks.objid` (an oid) shows the same number.
    (u32::from_be_bytes(bytes) & 0x7FFF_FFFF) as i32
}

async fn advisory_holder(conn: &mut PgConnection, key: (i32, i32)) -> Result<String, sqlx::Error> {
    let row: Option<(i32, Option<String>)> = sqlx::query_as(
        "SELECT l.pid, a.application_name FROM pg_locks l \
         LEFT JOIN pg_stat_activity a ON a.pid = l.pid \
         WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 \
           AND l.classid::text = $1 AND l.objid::text = $2 \
           AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) \
         LIMIT 1",
    )
    .bind(key.0.to_string())
    .bind(key.1.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(match row {
        Some((pid, Some(app))) if !app.is_empty() => {
            format!("backend pid {pid} (application `{app}`)")
        }
        Some((pid, _)) => format!("backend pid {pid}"),
        // Released between the attempt and this look-up.
        None => "a runner that just released it".to_owned(),
    })
}

async fn acquire_file(
    url: &DatabaseUrl,
    path: &Path,
    options: &LockOptions,
    on_wait: &mut dyn FnMut(&str),
) -> Result<MigrationLock, RunError> {
    let io_failed = |err: std::io::Error| {
        RunError::Setup(format!(
            "cannot use the migration lock file {}: {err}",
            path.display()
        ))
    };
    let mut file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(path)
        .map_err(io_failed)?;
    let mut wait = Wait::new(url, options.timeout, on_wait);
    loop {
        match file.try_lock() {
            Ok(()) => {
                wait.report_acquired();
                // A hint for waiting runners; the lock itself is the kernel's.
                let note = format!("pid {}\n", std::process::id());
                file.set_len(0)
                    .and_then(|()| file.seek(SeekFrom::Start(0)))
                    .and_then(|_| file.write_all(note.as_bytes()))
                    .map_err(io_failed)?;
                return Ok(MigrationLock {
                    held: Held::SqliteFile { _file: file },
                });
            }
            Err(TryLockError::WouldBlock) => {
                let holder = file_holder(path);
                wait.after_miss(holder).await?;
            }
            Err(TryLockError::Error(err)) => return Err(io_failed(err)),
        }
    }
}

fn file_holder(path: &Path) -> String {
    let mut text = String::new();
    let read = File::open(path).and_then(|mut file| file.read_to_string(&mut text));
    match read {
        Ok(_) if text.trim().starts_with("pid ") => {
            format!(
                "process {} (lock file {})",
                text.trim().trim_start_matches("pid "),
                path.display()
            )
        }
        _ => format!("another process (lock file {})", path.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advisory_keys_are_stable_and_non_negative() {
        let key = advisory_key("public", "seaql_migrations");
        assert_eq!(key, advisory_key("public", "seaql_migrations"));
        assert!(key >= 0);
        assert_ne!(key, advisory_key("tenant_a", "seaql_migrations"));
    }

    #[test]
    fn sqlite_lock_file_sits_beside_the_database() {
        let url = DatabaseUrl::parse("sqlite:///tmp/app.db?mode=rwc").unwrap();
        assert_eq!(
            sqlite_lock_path(&url),
            Some(PathBuf::from("/tmp/app.db-migrate.lock"))
        );
        let memory = DatabaseUrl::parse("sqlite::memory:").unwrap();
        assert_eq!(sqlite_lock_path(&memory), None);
    }
}
