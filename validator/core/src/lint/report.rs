//! Finishes a lint report: the suppressions of every file linted, each with its own
//! comment marker, judged the lint way ([`Judging::LINT`]).

use std::path::PathBuf;

use crate::config::Config;
use crate::diagnostic::Finding;
use crate::report::{self, Judging, Report};
use crate::suppress::{self, Suppression};

/// Applies the suppressions found in `files` (`comment` is the line-comment marker of
/// files that are not Rust), severities and order; counts the summary.
pub(crate) fn finish(
    mut report: Report,
    findings: Vec<Finding>,
    config: &Config,
    files: &[PathBuf],
    comment: &str,
) -> Report {
    let mut suppressions: Vec<Suppression> = Vec::new();
    for path in files {
        if let Some(file) = report.sources.get(path) {
            let marker = if path.extension().is_some_and(|e| e == "rs") {
                "//"
            } else {
                comment
            };
            suppressions.extend(suppress::scan(file, marker));
        }
    }
    report::finish(&mut report, findings, &suppressions, config, Judging::LINT);
    report
}
