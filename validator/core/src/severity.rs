//! How much a finding matters, for a rule's default and for a configured level.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How much a finding matters. `Allow` turns a rule off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Off: the rule does not report.
    Allow,
    /// Reported, never fails the run.
    Info,
    /// Reported, fails the run only when the caller asks for it.
    Warning,
    /// Fails the run (exit 1).
    Error,
}

impl Severity {
    /// The lower-case name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Allow => "allow",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
