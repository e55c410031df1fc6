//! How much a finding matters, for a rule's default and for a configured level, and the
//! level from which findings fail a run.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How much a finding matters. `Allow` turns a rule off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Off: the rule does not report.
    Allow,
    /// Reported; fails the run only with `--fail-on info`.
    Info,
    /// Reported; fails the run only with `--fail-on warning` (or `info`).
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

/// The lowest severity that fails a run: `--fail-on` on `check`, `lint` and `drift`, and
/// `fail_on` in `validator.toml`'s `[check]` (`check`, `drift`) and `[lint]` sections.
/// `error` (the default): error-level findings fail the run; `warning`: warnings too, as
/// squawk does; `info`: every finding.
// The variants carry no `///` docs: clap would print them in `--help` as a table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum FailOn {
    #[default]
    Error,
    Warning,
    Info,
}

impl FailOn {
    /// Whether a finding at `severity` fails the run.
    pub fn fails(self, severity: Severity) -> bool {
        let threshold = match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        };
        severity != Severity::Allow && severity >= threshold
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_level_fails_on_itself_and_above() {
        assert!(FailOn::Error.fails(Severity::Error));
        assert!(!FailOn::Error.fails(Severity::Warning));
        assert!(FailOn::Warning.fails(Severity::Warning));
        assert!(!FailOn::Warning.fails(Severity::Info));
        assert!(FailOn::Info.fails(Severity::Info));
        assert!(!FailOn::Info.fails(Severity::Allow));
    }
}
