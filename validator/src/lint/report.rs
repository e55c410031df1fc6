//! Turns raw findings into a report: suppressions (with their reasons checked),
//! configured severities, stable order.

use crate::check::Report;
use crate::config::Config;
use crate::diagnostic::{Finding, Severity};
use crate::rules::{self, migration::suppression_without_reason};
use crate::suppress::{self, Suppression};

/// Applies suppressions found in the report's sources (`comment` is the line-comment
/// marker of files that are not Rust), severities and order; counts the summary.
pub fn finish(
    mut report: Report,
    findings: Vec<Finding>,
    config: &Config,
    files: &[std::path::PathBuf],
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
    let mut used = vec![false; suppressions.len()];
    let mut kept = Vec::with_capacity(findings.len());
    for f in findings {
        match suppress::covering(&f, &suppressions, |rule, name| {
            rules::find(rule).is_some_and(|r| r.is_named(name))
        }) {
            Some(i) => {
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
                report.summary.suppressed += 1;
            }
            None => kept.push(f),
        }
    }
    for (s, used) in suppressions.iter().zip(used) {
        if s.reason.is_none() {
            kept.push(suppression_without_reason::finding(s));
        }
        if used {
            continue;
        }
        for name in &s.rules {
            match rules::find(name) {
                Some(rule) if config.severity(rule) == Severity::Allow => {}
                Some(_) => kept.push(rules::meta::unused_suppression::finding(s, name, false)),
                None => kept.push(rules::meta::unused_suppression::finding(s, name, true)),
            }
        }
    }
    for f in &mut kept {
        if let Some(rule) = rules::find(f.rule) {
            f.severity = config.severity(rule);
        }
    }
    kept.retain(|f| f.severity != Severity::Allow);
    kept.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    kept.dedup_by(|a, b| a.rule == b.rule && a.primary == b.primary && a.message == b.message);
    report.summary.files = report.sources.len();
    report.summary.problems = report.problems.len();
    report.summary.count(&kept);
    report.findings = kept;
    report
}
