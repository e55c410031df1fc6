//! A record of which service-backed tests ran and which were skipped, and why.
//!
//! Each outcome is one JSON line in `target/test-ledger.jsonl`, so a CI script can count
//! how many PostgreSQL tests really ran, and a skip cannot pass unnoticed.

use std::{
    fs::OpenOptions,
    io::Write,
    path::{Path, PathBuf},
};

use serde::{Deserialize, Serialize};

/// File name of the ledger inside cargo's target directory.
pub const LEDGER_FILE: &str = "test-ledger.jsonl";

/// What happened to one service-backed test.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    Ran,
    Skipped,
}

/// One line of the ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub test: String,
    pub service: String,
    pub outcome: Outcome,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// RFC 3339, UTC.
    pub time: String,
}

impl Entry {
    pub fn new(test: &str, service: &str, outcome: Outcome, reason: Option<String>) -> Self {
        Self {
            test: test.to_owned(),
            service: service.to_owned(),
            outcome,
            reason,
            time: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        }
    }
}

/// Cargo's target directory for this test binary: the ancestor holding `CACHEDIR.TAG`.
pub fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(dir);
    }
    std::env::current_exe()
        .ok()
        .and_then(|exe| {
            exe.ancestors()
                .find(|dir| dir.join("CACHEDIR.TAG").is_file())
                .map(Path::to_path_buf)
        })
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"))
}

/// The ledger file.
pub fn ledger_path() -> PathBuf {
    target_dir().join(LEDGER_FILE)
}

/// Appends `entry` as one line. A ledger that cannot be written is reported, not fatal.
pub fn record(entry: &Entry) {
    let path = ledger_path();
    let line = match serde_json::to_string(entry) {
        Ok(line) => line + "\n",
        Err(err) => {
            eprintln!("warning: cannot encode a ledger entry: {err}");
            return;
        }
    };
    let written = OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut file| file.write_all(line.as_bytes()));
    if let Err(err) = written {
        eprintln!("warning: cannot write {}: {err}", path.display());
    }
}

/// Prints a line to the real stderr, past libtest's output capture, so skips are seen.
pub fn announce(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}
