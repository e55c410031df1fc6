//! `migration lint`, the exact engine: applies each migration of a `MigratorTrait` to a
//! scratch database (in-memory SQLite, or a temporary PostgreSQL database dropped
//! afterwards), captures the SQL it really sends (builder statements and raw
//! `execute_unprepared` SQL alike, through SeaORM's `debug-print` events on the
//! migration's own task), reads the schema just before each migration ran, and hands
//! both to the linter ([`validator_core::lint::capture::CaptureLint`]).
//!
//! Any SeaORM project gets it with one line: a migration binary over
//! [`crate::run_cli`] has a `lint` subcommand, or call [`lint_migrator`].

use std::any::Any;
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::time::Duration;

use futures_util::FutureExt;
use sea_orm::{DatabaseConnection, TransactionTrait};
use sea_orm_migration::{MigrationTrait, MigratorTrait, SchemaManager};
use tracing::instrument::WithSubscriber;

use crate::capture::{StatementCapture, redact_statement};
use crate::scratch::Scratch;
use crate::{MigrateCli, ProjectPaths, RunError, panics};
use validator_base::Backend;
use validator_base::path::display_path;
use validator_base::terminal::{self, ColorChoice};
use validator_connect::{ConnectError, DatabaseUrl};
use validator_core::FailOn;
use validator_core::config::{Backends, Config};
use validator_core::lint::capture::{CaptureLint, CapturedMigration, Failure};
use validator_core::render::{Format, Options, render};
use validator_core::report::Report;
use validator_core::sql::state::SchemaState;
use validator_db::introspect;

/// Which runner will apply the migrations: it decides what `use_transaction() = None`
/// means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TransactionDefault {
    /// `validator::migrate`: every migration in a transaction unless `Some(false)`.
    #[default]
    Always,
    /// sea-orm-migration's own: a transaction on PostgreSQL only.
    Stock,
}

/// How to lint.
#[derive(Clone, Debug)]
pub struct CaptureOptions {
    pub backends: Backends,
    /// The PostgreSQL server (an admin URL) to create the scratch database on.
    pub postgres: Option<DatabaseUrl>,
    /// Where the migration sources are, to name each migration's file.
    pub paths: ProjectPaths,
    pub transactions: TransactionDefault,
    pub connect_timeout: Duration,
}

/// Why linting could not run (exit code 2); the messages hold no password.
#[derive(Debug, thiserror::Error)]
pub enum LintError {
    #[error("cannot lint on PostgreSQL: {0}")]
    Postgres(String),
    #[error("cannot lint on SQLite: {0}")]
    Sqlite(String),
    #[error(transparent)]
    Config(#[from] validator_core::error::Error),
}

impl From<ConnectError> for LintError {
    fn from(e: ConnectError) -> Self {
        LintError::Postgres(format!("{} ({}): {}", e.kind.id(), e.url, e.detail))
    }
}

/// Lints every migration of `M` on each backend of `options`.
pub async fn lint_migrator<M: MigratorTrait>(
    options: &CaptureOptions,
    config: &Config,
    cwd: &Path,
) -> Result<Report, LintError> {
    let mut linter = CaptureLint::new(config);
    for &backend in options.backends.list() {
        let scratch = Scratch::open(
            backend,
            options.postgres.as_ref(),
            "lint",
            options.connect_timeout,
        )
        .await
        .map_err(|e| infrastructure(backend, e.to_string()))?;
        let outcome = lint_on::<M>(&scratch.conn, backend, options, cwd, &mut linter).await;
        let _ = scratch.close().await;
        outcome?;
    }
    Ok(linter.finish(M::migrations().len(), options.backends.list().len()))
}

async fn lint_on<M: MigratorTrait>(
    db: &DatabaseConnection,
    backend: Backend,
    options: &CaptureOptions,
    cwd: &Path,
    linter: &mut CaptureLint<'_>,
) -> Result<(), LintError> {
    let capture = StatementCapture::new();
    for migration in M::migrations() {
        let name = migration.name().to_owned();
        let file = options.paths.migration_file(&name);
        let before = introspect::introspect(db)
            .await
            .map_err(|e| infrastructure(backend, e.to_string()))?;
        let in_transaction = match migration.use_transaction() {
            Some(b) => b,
            None => {
                options.transactions == TransactionDefault::Always || backend == Backend::Postgres
            }
        };
        capture.clear();
        let outcome = apply(db, migration.as_ref(), in_transaction, &capture).await;
        let captured = capture.statements();
        let failed = outcome.is_err();
        linter.lint(
            backend,
            &SchemaState::from(&before),
            CapturedMigration {
                name: &name,
                file: file.as_ref().map(|f| display_path(f, cwd)),
                source: file.as_ref().and_then(|f| std::fs::read_to_string(f).ok()),
                statements: &captured,
                in_transaction,
                failure: outcome.err().map(|cause| Failure {
                    cause,
                    last_statement: captured.last().map(|s| redact_statement(s)),
                }),
            },
        );
        if failed {
            break;
        }
    }
    Ok(())
}

fn infrastructure(backend: Backend, cause: String) -> LintError {
    match backend {
        Backend::Postgres => LintError::Postgres(cause),
        Backend::Sqlite => LintError::Sqlite(cause),
    }
}

/// Runs `up` as the runner would: in a transaction or not. Returns the failure.
async fn apply(
    db: &DatabaseConnection,
    migration: &dyn MigrationTrait,
    in_transaction: bool,
    capture: &StatementCapture,
) -> Result<(), String> {
    let describe =
        |payload: Box<dyn Any + Send>| format!("it panics: {}", panics::describe(payload));
    if in_transaction {
        let txn = db.begin().await.map_err(|e| e.to_string())?;
        let outcome = AssertUnwindSafe(
            async {
                let manager = SchemaManager::new(&txn);
                migration.up(&manager).await
            }
            .with_subscriber(capture.dispatch()),
        )
        .catch_unwind()
        .await;
        match outcome {
            Ok(Ok(())) => txn.commit().await.map_err(|e| e.to_string()),
            Ok(Err(e)) => {
                let _ = txn.rollback().await;
                Err(e.to_string())
            }
            Err(payload) => {
                let _ = txn.rollback().await;
                Err(describe(payload))
            }
        }
    } else {
        let outcome = AssertUnwindSafe(
            async {
                let manager = SchemaManager::new(db);
                migration.up(&manager).await
            }
            .with_subscriber(capture.dispatch()),
        )
        .catch_unwind()
        .await;
        match outcome {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(e.to_string()),
            Err(payload) => Err(describe(payload)),
        }
    }
}

/// `migration lint`: the runner's subcommand.
#[derive(clap::Args, Clone, Debug, PartialEq, Eq)]
pub struct LintCommand {
    /// Backends to lint on. Default: postgres when `-u` is a PostgreSQL URL, else sqlite
    /// (in memory). PostgreSQL uses a temporary database on the `-u` server (default
    /// `postgres://postgres@127.0.0.1:5432/postgres`), dropped afterwards
    #[arg(long, value_enum)]
    pub backend: Option<Backends>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Lint as sea-orm-migration's own runner applies migrations (`use_transaction()`
    /// `None` means a transaction on PostgreSQL only), not as this runner does (always)
    #[arg(long)]
    pub stock_runner: bool,
    /// Exit 1 when a finding is at this level or above. Default: `[lint] fail_on` of
    /// `validator.toml`, else `error`
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_on: Option<FailOn>,
}

/// Runs `migration lint`. Its exit code comes from the one table
/// ([`validator_base::exit`]): 0 clean, 1 findings at or above `--fail-on` (default
/// `error`), 2 an infrastructure, configuration or input problem.
pub async fn run_command<M: MigratorTrait>(
    cli: &MigrateCli,
    args: &LintCommand,
    out: &mut dyn std::io::Write,
) -> Result<u8, RunError> {
    use std::io::IsTerminal;
    let setup = |e: String| RunError::Setup(e);
    let cwd = std::env::current_dir()
        .map_err(|e| setup(format!("cannot read the working directory: {e}")))?;
    let config = Config::discover(&cwd).map_err(|e| setup(config_message(&e)))?;
    let given = cli
        .database_url
        .as_deref()
        .filter(|u| !u.trim().is_empty())
        .map(|u| DatabaseUrl::parse(u.trim()))
        .transpose()?;
    let is_pg = given
        .as_ref()
        .is_some_and(|u| u.backend() == validator_connect::Backend::Postgres);
    let backends = args.backend.or(config.lint.backend).unwrap_or(if is_pg {
        Backends::Postgres
    } else {
        Backends::Sqlite
    });
    let options = CaptureOptions {
        backends,
        postgres: given.filter(|u| u.backend() == validator_connect::Backend::Postgres),
        paths: ProjectPaths::discover(&cwd, cli.migration_dir.clone(), cli.entity_dir.clone()),
        transactions: if args.stock_runner {
            TransactionDefault::Stock
        } else {
            TransactionDefault::Always
        },
        connect_timeout: cli.connect_timeout,
    };
    let report = lint_migrator::<M>(&options, &config, &cwd)
        .await
        .map_err(|e| match e {
            LintError::Config(e) => setup(config_message(&e)),
            other => setup(other.to_string()),
        })?;
    let color = ColorChoice::Auto.enabled(std::io::stdout().is_terminal());
    let width = terminal::width();
    let text = render(
        &report,
        &Options {
            format: args.format,
            color,
            width,
        },
    );
    let _ = out.write_all(text.as_bytes());
    let fail_on = args.fail_on.or(config.lint.fail_on).unwrap_or_default();
    Ok(report.exit_code(fail_on))
}

fn config_message(e: &validator_core::error::Error) -> String {
    match e.pos() {
        Some(p) => format!("{e} (line {}, column {})", p.line, p.column),
        None => e.to_string(),
    }
}
