//! Migration rule fixtures: every `fixtures/<rule>/flag/<case>/` of a migration rule must
//! produce a finding of `<rule>` (snapshots of the human output, no colour, width 80, and
//! of the locations as data); every `pass/<case>/` must produce none. A case is `.sql`
//! files (linted in name order) or a migration crate (`src/lib.rs`, read with syn); its
//! own `validator.toml` sets the backend and rule levels. Cases marked `CAPTURE` need the
//! capture engine and run in `tests/tests/lint_capture.rs`.

use std::path::{Path, PathBuf};

use serde_json::json;
use validator::lint::{Backends, SqlOptions, lint_crate, lint_sql_files};
use validator::render::{Format, Options, render};
use validator::rules::{self, Group};
use validator::{Config, Report};

fn rule_of(case: &Path) -> String {
    case.parent()
        .and_then(Path::parent)
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn is_migration_rule(case: &Path) -> bool {
    rules::find(&rule_of(case)).is_some_and(|r| r.group == Group::Migration)
}

fn lint(case: &Path) -> Report {
    let cfg_path = case.join("validator.toml");
    let cfg = if cfg_path.is_file() {
        let text = std::fs::read_to_string(&cfg_path).expect("read config");
        Config::parse(&cfg_path, &text).expect("valid config")
    } else {
        Config::default()
    };
    let mut sql: Vec<PathBuf> = std::fs::read_dir(case)
        .expect("case")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    sql.sort();
    if sql.is_empty() {
        let backends = cfg.lint.backend.unwrap_or(Backends::Both);
        lint_crate(case, &cfg, backends, case).expect("crate lints")
    } else {
        let options = SqlOptions {
            backends: cfg.lint.backend.unwrap_or(Backends::Postgres),
            assume_in_transaction: cfg.lint.assume_in_transaction,
        };
        lint_sql_files(&sql, &cfg, options, case).expect("sql lints")
    }
}

fn static_case(case: &Path) -> bool {
    is_migration_rule(case) && !case.join("CAPTURE").exists()
}

#[test]
fn flag_cases_report_their_rule() {
    insta::glob!("fixtures/*/flag/*", |case| {
        if !static_case(case) {
            return;
        }
        let rule = rule_of(case);
        let report = lint(case);
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
        if !static_case(case) {
            return;
        }
        let rule = rule_of(case);
        let report = lint(case);
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        let hits: Vec<_> = report.findings.iter().filter(|f| f.rule == rule).collect();
        assert!(
            hits.is_empty(),
            "{} reported `{rule}`: {hits:#?}",
            case.display()
        );
    });
}

/// This workspace's own migrations lint clean on both backends.
#[test]
fn the_workspace_migrations_lint_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace");
    let report = lint_crate(
        &root.join("migration/src"),
        &Config::default(),
        Backends::Both,
        root,
    )
    .expect("lints");
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    assert_eq!(report.summary.migrations, 4);
}
