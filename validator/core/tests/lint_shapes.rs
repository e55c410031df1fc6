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
use validator_core::lint::{Backends, SqlOptions, TransactionMode, lint_crate, lint_sql_files};

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
        errors: &["sqlite-add-column-restriction"],
    },
    Shape {
        case: "sqlite-add-column-restriction/flag/sqlite-only-crate-dependency-table",
        seen_in: "music-player m20221117_211308; cgarena m20231207_020219",
        errors: &["sqlite-add-column-restriction"],
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
    Shape {
        case: "unregistered-migration/pass/migration-in-directory-module",
        seen_in: "ryframe m20260820_000000_control_baseline/mod.rs",
        errors: &[],
    },
    Shape {
        case: "unregistered-migration/pass/file-outside-module-tree",
        seen_in: "openobserve m20241227_000500_delete_meta_users_table",
        errors: &[],
    },
    Shape {
        case: "duplicate-column-assignment/pass/columns-from-helper-crate",
        seen_in: "asterdrive m20260515_000001_add_passkeys and 6 more",
        errors: &[],
    },
    Shape {
        case: "sql-syntax-error/pass/foreign-key-from-a-helper-fn",
        seen_in: "warpgate m00078_assignment_composite_pks",
        errors: &[],
    },
    Shape {
        case: "sql-syntax-error/pass/row-loop-in-helper-fn",
        seen_in: "warpgate m00075_hash_ticket_and_api_token_secrets, m00079",
        errors: &[],
    },
    Shape {
        case: "duplicate-column-assignment/pass/helper-crate-column-in-helper-fn",
        seen_in: "asterdrive m20260608_000001_add_tags and 10 more",
        errors: &[],
    },
    Shape {
        case: "sql-syntax-error/pass/columns-added-in-a-loop",
        seen_in: "asterdrive m20260518_000001_add_file_type_filters",
        errors: &[],
    },
    Shape {
        case: "drop-table/pass/rebuild-through-temporary-copy",
        seen_in: "openobserve m20260318_000003_alter_alert_incidents_schema (SQLite arm)",
        errors: &[],
    },
    Shape {
        case: "drop-table/pass/rebuild-copy-with-join",
        seen_in: "warpgate m00035_ticket_user_target_id (SQLite arm)",
        errors: &[],
    },
    Shape {
        case: "drop-column/pass/column-rebuilt-under-its-name",
        seen_in: "tabby 0018_user-password-nullable.up.sql",
        errors: &[],
    },
    Shape {
        case: "drop-table/pass/rebuild-copy-built-with-query-insert",
        seen_in: "asterdrive m20260518_000002, m20260723_000001, m20260805_000001",
        errors: &[],
    },
    Shape {
        case: "drop-table/pass/rebuild-copy-through-statement-from-string",
        seen_in: "openobserve m20260318_000003_alter_alert_incidents_schema",
        errors: &[],
    },
    Shape {
        case: "drop-table/pass/rebuild-name-in-fn-local-const",
        seen_in: "asterdrive m20260815_000001_virtual_empty_file_blobs",
        errors: &[],
    },
    Shape {
        case: "drop-table/pass/rebuild-aside-created-by-another-crate",
        seen_in: "asterdrive m20260712_000001, m20260712_000003, m20260712_000004",
        errors: &[],
    },
];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
}

/// Lints a case as `tests/lint.rs` does: its `.sql` files or its `migrations/` directory,
/// else the crate (backends inferred as `validator lint` infers them).
fn lint(case: &Path) -> Report {
    let cfg = config(case);
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
            let options = SqlOptions {
                backends: cfg.lint.backend.unwrap_or(Backends::Postgres),
                transaction: cfg.lint.transaction.unwrap_or(TransactionMode::Auto),
                include_down: cfg.lint.include_down,
            };
            lint_sql_files(&[dir], &cfg, options, case).expect("sql lints")
        }
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
