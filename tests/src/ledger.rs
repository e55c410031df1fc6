//! The skip ledger, as `validator_testkit::ledger` defines it: one JSON line per
//! service-backed test outcome in `target/test-ledger.jsonl`.

use std::path::PathBuf;

pub use validator_testkit::{
    announce,
    ledger::{Entry, LEDGER_FILE, Outcome},
    target_dir,
};

/// The ledger file the test kit writes to.
pub fn ledger_path() -> PathBuf {
    validator_testkit::Settings::from_env().ledger_path()
}

/// Appends `entry`. A ledger that cannot be written is reported, not fatal.
pub fn record(entry: &Entry) {
    let path = ledger_path();
    if let Err(err) = validator_testkit::ledger::append(&path, entry) {
        announce(&format!("warning: cannot write {}: {err}", path.display()));
    }
}
