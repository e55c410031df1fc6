//! Rule fixtures: every `fixtures/<rule>/flag/<case>/` must produce a finding of `<rule>`
//! (snapshot of the human output, no colour, width 80, and of the locations as data);
//! every `fixtures/<rule>/pass/<case>/` must produce none.

use std::path::Path;

use serde_json::json;
use validator::render::{Format, Options, render};
use validator::{Config, Report, check_paths};

/// Drift rules compare with a database: their fixtures run in
/// `tests/tests/drift_fixtures.rs` (workspace tests), not here.
fn is_drift(rule: &str) -> bool {
    validator::rules::find(rule).is_some_and(|r| r.group == validator::rules::Group::Drift)
}

/// `fixtures/<rule>/<kind>/<case>` gives `<rule>`.
fn rule_of(case: &Path) -> String {
    case.parent()
        .and_then(Path::parent)
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Migration rules have their own harness (`tests/lint.rs`).
fn is_entity_case(case: &Path) -> bool {
    validator::rules::find(&rule_of(case))
        .is_none_or(|r| r.group != validator::rules::Group::Migration)
}

/// Check a case with its own `validator.toml`, if any (never one from further up).
pub fn run(case: &Path) -> Report {
    let cfg_path = case.join("validator.toml");
    let cfg = if cfg_path.is_file() {
        let text = std::fs::read_to_string(&cfg_path).expect("read config");
        Config::parse(&cfg_path, &text).expect("valid config")
    } else {
        Config::default()
    };
    check_paths(&[case.to_path_buf()], &cfg, case).expect("fixture checks")
}

#[test]
fn flag_cases_report_their_rule() {
    insta::glob!("fixtures/*/flag/*", |case| {
        if !is_entity_case(case) {
            return;
        }
        let rule = rule_of(case);
        if is_drift(&rule) {
            return;
        }
        let report = run(case);
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        assert!(
            report.findings.iter().any(|f| f.rule == rule),
            "{} did not report `{rule}`: {:#?}",
            case.display(),
            report.findings
        );
        let human = render(
            &report,
            &Options {
                format: Format::Human,
                color: false,
                width: 80,
            },
        );
        let locations: Vec<_> = report
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
            .collect();
        insta::assert_snapshot!("human", human);
        insta::assert_json_snapshot!("locations", locations);
    });
}

#[test]
fn pass_cases_stay_quiet() {
    insta::glob!("fixtures/*/pass/*", |case| {
        if !is_entity_case(case) {
            return;
        }
        let rule = rule_of(case);
        if is_drift(&rule) {
            return;
        }
        let report = run(case);
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        let hits: Vec<_> = report.findings.iter().filter(|f| f.rule == rule).collect();
        assert!(
            hits.is_empty(),
            "{} reported `{rule}`: {hits:#?}",
            case.display()
        );
    });
}
