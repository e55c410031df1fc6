//! Rule fixtures: every `fixtures/<rule>/flag/<case>/` must produce a finding of `<rule>`
//! (snapshot of the human output, no colour, width 80, and of the locations as data);
//! every `fixtures/<rule>/pass/<case>/` must produce none.

#[path = "support/fixture.rs"]
mod fixture;

use std::path::Path;

use fixture::{assert_flagged, assert_quiet, config, group_of, human, locations};
use validator_core::rules::Group;
use validator_core::{Report, check_paths};

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
        let report = run(case);
        assert_flagged(case, &report);
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
        assert_quiet(case, &run(case));
    });
}
