//! The static reader of migration crates, beyond one rule's fixture: which backends a crate
//! is linted for and why (`--backend`, `[lint] backend`, the crate's `Cargo.toml`
//! features), the count of branches skipped for backends not linted, and placeholders that
//! quote the user's code where a value is computed at run time.

#[path = "support/fixture.rs"]
mod fixture;

use std::path::{Path, PathBuf};

use fixture::{config, human};
use validator_core::lint::{Backends, lint_crate, merge};
use validator_core::render::{Format, Options, render};
use validator_core::{Config, Report};

fn case(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

fn lint(dir: &Path, backend: Option<Backends>) -> Report {
    lint_crate(dir, &config(dir), backend, dir).expect("crate lints")
}

fn json(report: &Report) -> serde_json::Value {
    let text = render(
        report,
        &Options {
            format: Format::Json,
            color: false,
            width: 80,
        },
    );
    serde_json::from_str(&text).expect("json")
}

/// A migration crate in a temporary directory: `Cargo.toml` and `src/` files.
fn temp_crate(cargo: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("Cargo.toml"), cargo).expect("write");
    for (rel, text) in files {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    dir
}

const LIB: &str = "pub use sea_orm_migration::prelude::*;\nmod m20250101_000001_change;\npub struct Migrator;\n#[async_trait::async_trait]\nimpl MigratorTrait for Migrator {\n    fn migrations() -> Vec<Box<dyn MigrationTrait>> {\n        vec![Box::new(m20250101_000001_change::Migration)]\n    }\n}\n";

fn migration(body: &str) -> String {
    format!(
        "use sea_orm_migration::prelude::*;\n#[derive(DeriveMigrationName)]\npub struct Migration;\n#[async_trait::async_trait]\nimpl MigrationTrait for Migration {{\n    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {{\n{body}\n    }}\n    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {{\n        let _ = manager;\n        Err(DbErr::Migration(\"irreversible\".to_owned()))\n    }}\n}}\n#[derive(DeriveIden)]\nenum Users {{\n    Table,\n    Tier,\n    Name,\n}}\n"
    )
}

#[test]
fn the_backends_come_from_the_crate_features_and_the_output_says_why() {
    let report = lint(
        &case("sqlite-add-column-restriction/pass/postgres-only-crate"),
        None,
    );
    // A PostgreSQL-only crate: no SQLite rule at all.
    assert!(
        !report
            .findings
            .iter()
            .any(|f| f.rule.starts_with("sqlite-")),
        "{:#?}",
        report.findings
    );
    assert_eq!(report.backends.len(), 1);
    assert_eq!(report.backends[0].backends, ["postgres"]);
    assert_eq!(
        report.backends[0].reason,
        "Cargo.toml: sea-orm-migration features sqlx-postgres"
    );
    let out = human(&report);
    assert_eq!(
        out.matches("linted for postgres (Cargo.toml: sea-orm-migration features sqlx-postgres)")
            .count(),
        1,
        "{out}"
    );
    assert_eq!(
        json(&report)["backends"][0]["backends"],
        serde_json::json!(["postgres"])
    );

    let inherited = lint(
        &case("sqlite-add-column-restriction/pass/postgres-only-workspace-inherited"),
        None,
    );
    assert_eq!(inherited.backends[0].backends, ["postgres"]);
    assert!(
        inherited.backends[0]
            .reason
            .contains("sqlx-postgres from the workspace's Cargo.toml"),
        "{:?}",
        inherited.backends
    );

    // `--backend` wins over the crate's features; `[lint] backend` over them too.
    let forced = lint(
        &case("sqlite-add-column-restriction/pass/postgres-only-crate"),
        Some(Backends::Sqlite),
    );
    assert_eq!(forced.backends[0].backends, ["sqlite"]);
    assert_eq!(forced.backends[0].reason, "--backend");
    assert!(
        forced
            .findings
            .iter()
            .any(|f| f.rule == "sqlite-add-column-restriction")
    );
    let configured = lint(&case("set-not-null-scan/flag/builder-modify-column"), None);
    assert_eq!(
        configured.backends[0].reason,
        "validator.toml: [lint] backend"
    );

    // Several crates in one run: one line each.
    let both = merge(vec![report, inherited]);
    assert_eq!(human(&both).matches("linted for postgres").count(), 2);
}

#[test]
fn a_mysql_only_crate_gets_no_postgres_or_sqlite_rule() {
    let dir = temp_crate(
        "[package]\nname = \"migration\"\nversion = \"0.1.0\"\n\n[dependencies]\nsea-orm-migration = { version = \"2\", features = [\"sqlx-mysql\", \"runtime-tokio-rustls\"] }\n",
        &[
            ("src/lib.rs", LIB),
            (
                "src/m20250101_000001_change.rs",
                &migration(
                    "manager.get_connection().execute_unprepared(\"ALTER TABLE `users` MODIFY `name` VARCHAR(9) NOT NULL\").await?;\nOk(())",
                ),
            ),
        ],
    );
    let report = lint(dir.path(), None);
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    assert!(report.backends[0].backends.is_empty());
    assert!(
        report.backends[0]
            .reason
            .contains("MySQL is not linted, so no PostgreSQL or SQLite rule runs"),
        "{:?}",
        report.backends
    );
    assert!(human(&report).contains("linted for none ("));
}

#[test]
fn branches_for_backends_not_linted_are_counted() {
    let report = lint(&case("sql-syntax-error/pass/mysql-match-arm"), None);
    // The MySQL arm is not parsed at all: nothing is reported.
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    assert_eq!(report.summary.skipped_branches, 1);
    assert_eq!(json(&report)["summary"]["skipped_branches"], 1);
    assert!(
        human(&report).contains("1 branch for a backend not linted skipped"),
        "{}",
        human(&report)
    );
    // A PostgreSQL-only crate skips the SQLite arm too.
    let pg = lint(
        &case("sql-syntax-error/pass/pragma-in-sqlite-arm"),
        Some(Backends::Postgres),
    );
    assert_eq!(pg.summary.skipped_branches, 1);
    let both = lint(&case("sql-syntax-error/pass/pragma-in-sqlite-arm"), None);
    assert_eq!(both.summary.skipped_branches, 0);
}

#[test]
fn a_default_computed_at_run_time_is_quoted_never_invented() {
    let dir = temp_crate(
        "[package]\nname = \"migration\"\nversion = \"0.1.0\"\n\n[dependencies]\nsea-orm-migration = { version = \"2\", features = [\"sqlx-sqlite\"] }\n",
        &[
            ("src/lib.rs", LIB),
            (
                "src/m20250101_000001_change.rs",
                &migration(
                    "manager.alter_table(Table::alter().table(Users::Table).add_column(ColumnDef::new(Users::Tier).string().unique_key().default(Tier::Free.to_string())).to_owned()).await",
                ),
            ),
        ],
    );
    let report = lint(dir.path(), None);
    let f = report
        .findings
        .iter()
        .find(|f| f.rule == "sqlite-add-column-restriction")
        .expect("the UNIQUE column is still flagged");
    assert!(
        f.primary
            .message
            .contains("DEFAULT $rust$Tier::Free.to_string()$rust$::unknown"),
        "{}",
        f.primary.message
    );
    assert!(!f.message.contains("non-constant"), "{}", f.message);
    assert!(!f.primary.message.contains("gen_random_uuid"));
}

#[test]
fn the_workspace_migrations_are_linted_for_their_features() {
    let root = validator_base::path::workspace_root(Path::new(env!("CARGO_MANIFEST_DIR")))
        .expect("workspace");
    let report =
        lint_crate(&root.join("migration/src"), &Config::default(), None, &root).expect("lints");
    assert_eq!(report.backends[0].backends, ["postgres", "sqlite"]);
    assert!(
        report.backends[0].reason.starts_with(
            "migration/Cargo.toml: sea-orm-migration features sqlx-postgres, sqlx-sqlite"
        ),
        "{:?}",
        report.backends
    );
}

#[test]
fn a_statement_both_backends_send_is_reported_once() {
    // PostgreSQL sends one more statement first, so the drop is statement 2 there and
    // statement 1 on SQLite: still one finding.
    let dir = temp_crate(
        "[package]\nname = \"migration\"\nversion = \"0.1.0\"\n",
        &[
            ("src/lib.rs", LIB),
            (
                "src/m20250101_000001_change.rs",
                &migration(
                    "if manager.get_database_backend() == DbBackend::Postgres {\n    manager.get_connection().execute_unprepared(\"SET lock_timeout = '1s'\").await?;\n}\nmanager.alter_table(Table::alter().table(Users::Table).drop_column(Users::Name).to_owned()).await",
                ),
            ),
        ],
    );
    let report = lint(dir.path(), None);
    assert_eq!(report.backends[0].backends, ["postgres", "sqlite"]);
    let drops: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == "drop-column")
        .collect();
    assert_eq!(drops.len(), 1, "{drops:#?}");
}
