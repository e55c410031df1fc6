//! Rule fixtures: every `fixtures/<rule>/flag/<case>/` must produce a finding of `<rule>`
//! (snapshot of the human output, no colour, width 80, and of the locations as data);
//! every `fixtures/<rule>/pass/<case>/` must produce none.

#[path = "support/fixture.rs"]
mod fixture;

use std::path::Path;

use fixture::{config, group_of, human, locations, rule_of};
use validator::rules::Group;
use validator::{Report, check_paths};

/// Drift rules compare with a database (their fixtures run in the workspace tests'
/// `drift_fixtures.rs`); migration rules have their own harness (`tests/lint.rs`).
fn is_entity_case(case: &Path) -> bool {
    !matches!(group_of(case), Some(Group::Drift | Group::Migration))
}

fn run(case: &Path) -> Report {
    check_paths(&[case.to_path_buf()], &config(case), case).expect("fixture checks")
}

#[test]
fn flag_cases_report_their_rule() {
    insta::glob!("fixtures/*/flag/*", |case| {
        if !is_entity_case(case) {
            return;
        }
        let rule = rule_of(case);
        let report = run(case);
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        assert!(
            report.findings.iter().any(|f| f.rule == rule),
            "{} did not report `{rule}`: {:#?}",
            case.display(),
            report.findings
        );
        insta::assert_snapshot!("human", human(&report));
        insta::assert_json_snapshot!("locations", locations(&report));
    });
}

#[test]
fn pass_cases_stay_quiet() {
    insta::glob!("fixtures/*/pass/*", |case| {
        if !is_entity_case(case) {
            return;
        }
        let rule = rule_of(case);
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
