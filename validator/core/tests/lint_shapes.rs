//! Shapes found in real migration crates and SQL directories (the migrations corpus,
//! `validator/corpus/migrations.toml`), reproduced in fixtures of our own. `tests/lint.rs`
//! checks each case for its own rule; this file checks the whole report, as the corpus
//! does: every error a case gets is listed here, so a shape that once produced a false
//! error of another rule cannot quietly produce it again.

#[path = "support/fixture.rs"]
mod fixture;

use std::path::{Path, PathBuf};

use fixture::config;
use validator_core::Report;
use validator_core::lint::{Backends, SqlOptions, lint_crate, lint_sql_files};

/// One shape: the fixture case, the corpus project it comes from, and the error-level
/// rules its report must hold (sorted; empty: no error at all).
struct Shape {
    case: &'static str,
    seen_in: &'static str,
    errors: &'static [&'static str],
}

const SHAPES: &[Shape] = &[
    Shape {
        case: "sql-syntax-error/pass/mysql-guard-on-connection-backend",
        seen_in: "warpgate m00001_create_ticket",
        errors: &[],
    },
    Shape {
        case: "sql-syntax-error/pass/nested-backend-match",
        seen_in: "warpgate m00035_ticket_user_target_id",
        errors: &[],
    },
    Shape {
        case: "sql-syntax-error/pass/mysql-only-after-early-error",
        seen_in: "ryframe m20260820_000000_tenant_baseline",
        errors: &[],
    },
    Shape {
        case: "sqlite-unsupported-statement/pass/qualified-backend-arms",
        seen_in: "openobserve m20260317_000001_add_anomaly_detection_config_columns",
        errors: &[],
    },
    Shape {
        case: "volatile-default/pass/defaults-computed-in-rust",
        seen_in: "warpgate m00017_descriptions, m00071; openobserve m20251218_000001, m20260720_000001",
        errors: &[],
    },
    Shape {
        case: "sqlite-add-column-restriction/pass/defaults-computed-in-rust",
        seen_in: "warpgate m00017_descriptions, m00071; openobserve m20251218_000001, m20260720_000001",
        errors: &[],
    },
    Shape {
        case: "missing-lock-timeout/pass/sqlite-only-crate-dependency-table",
        seen_in: "music-player m20221117_211308; cgarena m20231207_020219",
        errors: &[
            "required-column-on-existing-table",
            "sqlite-add-column-restriction",
        ],
    },
    Shape {
        case: "sqlite-add-column-restriction/flag/sqlite-only-crate-dependency-table",
        seen_in: "music-player m20221117_211308; cgarena m20231207_020219",
        errors: &[
            "required-column-on-existing-table",
            "sqlite-add-column-restriction",
        ],
    },
    Shape {
        case: "sql-syntax-error/pass/mysql-only-crate",
        seen_in: "ryframe (a MySQL-only workspace)",
        errors: &[],
    },
    Shape {
        case: "unregistered-migration/pass/delegating-migrator",
        seen_in: "asterdrive lib.rs (`Migrator` delegates to `CurrentMigrator`)",
        errors: &[],
    },
];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
}

/// Lints a case as `tests/lint.rs` does: its `.sql` files in name order, else the crate.
fn lint(case: &Path) -> Report {
    let cfg = config(case);
    let mut sql: Vec<PathBuf> = std::fs::read_dir(case)
        .expect("case")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    sql.sort();
    if sql.is_empty() {
        lint_crate(case, &cfg, None, case).expect("crate lints")
    } else {
        let options = SqlOptions {
            backends: cfg.lint.backend.unwrap_or(Backends::Postgres),
            assume_in_transaction: cfg.lint.assume_in_transaction,
        };
        lint_sql_files(&sql, &cfg, options, case).expect("sql lints")
    }
}

#[test]
fn corpus_shapes_get_only_their_true_errors() {
    let mut wrong = Vec::new();
    for shape in SHAPES {
        let case = fixtures().join(shape.case);
        assert!(case.is_dir(), "missing fixture {}", case.display());
        let report = lint(&case);
        assert!(
            report.problems.is_empty(),
            "{}: {:?}",
            shape.case,
            report.problems
        );
        let mut errors: Vec<&str> = report
            .findings
            .iter()
            .filter(|f| f.severity == validator_core::Severity::Error)
            .map(|f| f.rule)
            .collect();
        errors.sort_unstable();
        if errors != shape.errors {
            wrong.push(format!(
                "{} (seen in {}): errors {errors:?}, want {:?}",
                shape.case, shape.seen_in, shape.errors
            ));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}
