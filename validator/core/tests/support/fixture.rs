//! What the rule-fixture harnesses (`tests/rules.rs`, `tests/lint.rs`) share: a case's rule
//! and config, and the two views of a report that their snapshots hold.

#![allow(dead_code)]

use std::path::Path;

use serde_json::{Value, json};
use validator_core::render::{Format, Options, render};
use validator_core::rules::{self, Group};
use validator_core::{Config, Report};

/// `fixtures/<rule>/<kind>/<case>` gives `<rule>`.
pub fn rule_of(case: &Path) -> String {
    case.parent()
        .and_then(Path::parent)
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The group of the case's rule; `None` for a directory named after no rule.
pub fn group_of(case: &Path) -> Option<Group> {
    rules::find(&rule_of(case)).map(|r| r.group)
}

/// The case's own `validator.toml`, if any (never one from further up).
pub fn config(case: &Path) -> Config {
    let path = case.join("validator.toml");
    if !path.is_file() {
        return Config::default();
    }
    let text = std::fs::read_to_string(&path).expect("read config");
    Config::parse(&path, &text).expect("valid config")
}

/// The human output as a terminal 80 columns wide shows it, without colour.
pub fn human(report: &Report) -> String {
    render(
        report,
        &Options {
            format: Format::Human,
            color: false,
            width: 80,
        },
    )
}

/// Each finding's rule and primary location, as data.
pub fn locations(report: &Report) -> Vec<Value> {
    report
        .findings
        .iter()
        .map(|f| {
            json!({
                "rule": f.rule,
                "file": f.primary.file.as_ref().map(|p| p.to_string_lossy().replace('\\', "/")),
                "line": f.primary.span.map(|s| s.start.line),
                "column": f.primary.span.map(|s| s.start.column),
                "label": f.primary.message,
            })
        })
        .collect()
}

/// A flag case: every input read, and its rule among the findings.
pub fn assert_flagged(case: &Path, report: &Report) {
    let rule = rule_of(case);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert!(
        report.findings.iter().any(|f| f.rule == rule),
        "{} did not report `{rule}`: {:#?}",
        case.display(),
        report.findings
    );
}

/// A pass case: every input read, and nothing of its rule.
pub fn assert_quiet(case: &Path, report: &Report) {
    let rule = rule_of(case);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let hits: Vec<_> = report.findings.iter().filter(|f| f.rule == rule).collect();
    assert!(
        hits.is_empty(),
        "{} reported `{rule}`: {hits:#?}",
        case.display()
    );
}
