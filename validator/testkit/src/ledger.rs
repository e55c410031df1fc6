//! The skip ledger: one JSON line per service-backed test outcome, in
//! `<target>/test-ledger.jsonl`.
//!
//! ```json
//! {"test":"seed_scenario_on_postgres","service":"postgres","outcome":"skipped","reason":"cannot reach ...","time":"2026-11-26T23:40:01Z"}
//! ```
//!
//! `outcome` is `ran`, `skipped`, `fallback` (ran on in-memory SQLite instead; `ran_on`
//! says so) or `failed` (a service the test needs is misconfigured, or missing in CI).
//! Lines are appended under an exclusive file lock, so parallel test processes never
//! interleave. `validator doctor --skips` reads it.

use std::{
    fs::{File, OpenOptions},
    io::{BufRead, BufReader, Write},
    path::{Path, PathBuf},
};

use serde::{Deserialize, Serialize};

/// File name of the ledger inside the state directory (cargo's target directory).
pub const LEDGER_FILE: &str = "test-ledger.jsonl";

/// What happened to one service-backed test.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// The service was there and the test got it.
    Ran,
    /// The service was not there; the test returned without running.
    Skipped,
    /// The service was not there; the backend-agnostic test ran on in-memory SQLite.
    Fallback,
    /// The test failed because of the service: misconfigured, or absent with `CI` set.
    Failed,
}

impl Outcome {
    /// The lower-case name written to the ledger.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Ran => "ran",
            Outcome::Skipped => "skipped",
            Outcome::Fallback => "fallback",
            Outcome::Failed => "failed",
        }
    }
}

/// One line of the ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub test: String,
    pub service: String,
    pub outcome: Outcome,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// For a fallback: what the test ran on instead (`sqlite-memory`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ran_on: Option<String>,
    /// RFC 3339, UTC.
    pub time: String,
}

impl Entry {
    /// An entry stamped with the current time.
    pub fn new(test: &str, service: &str, outcome: Outcome, reason: Option<String>) -> Self {
        Self {
            test: test.to_owned(),
            service: service.to_owned(),
            outcome,
            reason,
            ran_on: None,
            time: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        }
    }
}

/// Why the ledger could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error("cannot read the skip ledger {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}:{line}: not a ledger entry: {cause}", path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        cause: String,
    },
}

/// Appends `entry` to the ledger at `path` as one line, under an exclusive lock.
pub fn append(path: &Path, entry: &Entry) -> std::io::Result<()> {
    let mut line = serde_json::to_string(entry).map_err(std::io::Error::other)?;
    line.push('\n');
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut file = OpenOptions::new().create(true).append(true).open(path)?;
    file.lock()?;
    let written = file.write_all(line.as_bytes());
    let _ = file.unlock();
    written
}

/// Reads every entry of the ledger at `path`, naming the line of any malformed entry.
pub fn read(path: &Path) -> Result<Vec<Entry>, LedgerError> {
    let io = |source| LedgerError::Io {
        path: path.to_owned(),
        source,
    };
    let file = File::open(path).map_err(io)?;
    let mut entries = Vec::new();
    for (index, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(io)?;
        if line.trim().is_empty() {
            continue;
        }
        let entry = serde_json::from_str(&line).map_err(|err| LedgerError::Parse {
            path: path.to_owned(),
            line: index + 1,
            cause: err.to_string(),
        })?;
        entries.push(entry);
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_and_reads_back_entries() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested").join(LEDGER_FILE);
        let mut fallback = Entry::new("t2", "postgres", Outcome::Fallback, Some("down".into()));
        fallback.ran_on = Some("sqlite-memory".into());
        append(
            &path,
            &Entry::new("t1", "redis", Outcome::Skipped, Some("x".into())),
        )
        .unwrap();
        append(&path, &fallback).unwrap();
        let entries = read(&path).unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].outcome, Outcome::Skipped);
        assert_eq!(entries[1], fallback);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(r#""outcome":"fallback""#), "{text}");
    }

    #[test]
    fn a_malformed_line_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(LEDGER_FILE);
        std::fs::write(&path, "\n{\"test\":1}\n").unwrap();
        let err = read(&path).unwrap_err();
        assert!(matches!(err, LedgerError::Parse { line: 2, .. }), "{err}");
        assert!(err.to_string().contains(":2:"), "{err}");
    }
}
