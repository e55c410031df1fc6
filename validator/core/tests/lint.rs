//! Migration rule fixtures: every `fixtures/<rule>/flag/<case>/` of a migration rule must
//! produce a finding of `<rule>` (snapshots of the human output, no colour, width 80, and
//! of the locations as data); every `pass/<case>/` must produce none. A case is `.sql`
//! files, a SQL migration directory (`migrations/`, in a sqlx, diesel or refinery layout)
//! or a migration crate (`src/lib.rs`, read with syn); its
//! own `validator.toml` sets the backend and rule levels. Cases marked `CAPTURE` need the
//! capture engine and run in `tests/tests/lint_capture.rs`.

#[path = "support/fixture.rs"]
mod fixture;

use std::path::Path;

use fixture::{assert_flagged, assert_quiet, config, group_of, human, locations};
use validator_core::lint::{Backends, SqlOptions, TransactionMode, lint_crate, lint_sql_files};
use validator_core::rules::Group;
use validator_core::{Config, Report};

fn lint(case: &Path) -> Report {
    let cfg = config(case);
    // A SQL case is its `.sql` files, or a migration directory laid out as a runner
    // expects it (`migrations/`: sqlx, diesel, refinery).
    let dir = if case.join("migrations").is_dir() {
        Some(case.join("migrations"))
    } else {
        let has_sql = std::fs::read_dir(case)
            .expect("case")
            .filter_map(Result::ok)
            .any(|e| e.path().extension().is_some_and(|e| e == "sql"));
        has_sql.then(|| case.to_path_buf())
    };
    match dir {
        None => lint_crate(case, &cfg, None, case).expect("crate lints"),
        Some(dir) => {
            let transaction = cfg
                .lint
                .transaction
                .unwrap_or(if cfg.lint.assume_in_transaction {
                    TransactionMode::Always
                } else {
                    TransactionMode::Auto
                });
            let options = SqlOptions {
                backends: cfg.lint.backend.unwrap_or(Backends::Postgres),
                transaction,
                include_down: cfg.lint.include_down,
            };
            lint_sql_files(&[dir], &cfg, options, case).expect("sql lints")
        }
    }
}

fn static_case(case: &Path) -> bool {
    group_of(case) == Some(Group::Migration) && !case.join("CAPTURE").exists()
}

#[test]
fn flag_cases_report_their_rule() {
    insta::glob!("fixtures/*/flag/*", |case| {
        if !static_case(case) {
            return;
        }
        let report = lint(case);
        assert_flagged(case, &report);
        insta::assert_snapshot!("human", human(&report));
        insta::assert_json_snapshot!("locations", locations(&report));
    });
}

#[test]
fn pass_cases_stay_quiet() {
    insta::glob!("fixtures/*/pass/*", |case| {
        if !static_case(case) {
            return;
        }
        assert_quiet(case, &lint(case));
    });
}

/// This workspace's own migrations lint clean on both backends.
#[test]
fn the_workspace_migrations_lint_clean() {
    let root = &validator_base::path::workspace_root(Path::new(env!("CARGO_MANIFEST_DIR")))
        .expect("workspace");
    let report =
        lint_crate(&root.join("migration/src"), &Config::default(), None, root).expect("lints");
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    assert_eq!(report.summary.migrations, 4);
}
