//! A migration runner for any SeaORM `MigratorTrait`, to use instead of
//! `sea_orm_migration::cli::run_cli`.
//!
//! ```no_run
//! # struct Migrator;
//! # #[sea_orm_migration::async_trait::async_trait]
//! # impl sea_orm_migration::MigratorTrait for Migrator {
//! #     fn migrations() -> Vec<Box<dyn sea_orm_migration::MigrationTrait>> { vec![] }
//! # }
//! fn main() -> std::process::ExitCode {
//!     validator_runner::run_cli::<Migrator>()
//! }
//! ```
//!
//! Unlike the stock CLI it never panics: a connection failure is one classified line
//! (cannot reach, authentication failed, database does not exist) and exit code 2, and a
//! migration that fails or panics is named, with the statement it failed on, and exit code 1.
//! Without a URL it uses a local SQLite file and says which. URLs are shown redacted
//! everywhere, logs included.
//!
//! On top of the stock runner it adds a cross-process [`lock`] on PostgreSQL and SQLite,
//! [`checksum`]s of applied migrations (`status` shows modified ones, `up` refuses to run
//! over them, `repair` accepts them), and a transaction around every migration on both
//! backends ([`runner`]).
//!
//! It links connection triage (`validator-connect`) and sea-orm-migration, nothing of the
//! static checker. Three development-time subcommands sit behind features: `verify`
//! (migrations against the entities; `validator-core` and `validator-db`), `lint` (the
//! captured SQL linted; the same two) and `generate` (the migration the entities need;
//! the same two). `dev` turns them all on; a deployed runner builds without them.

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

pub mod checksum;
pub mod cli;
pub mod error;
#[cfg(feature = "generate")]
pub mod generate;
#[cfg(feature = "lint")]
pub mod lint;
pub mod lock;
pub mod logging;
pub mod project;
pub mod runner;
pub mod sql;
#[cfg(feature = "verify")]
pub mod verify;

pub(crate) mod capture;
pub(crate) mod panics;
#[cfg(any(feature = "verify", feature = "generate"))]
mod schema_diff;
#[cfg(any(feature = "verify", feature = "lint", feature = "generate"))]
mod scratch;
mod tracking;

use std::{io::Write, path::Path, process::ExitCode};

use clap::Parser;
use sea_orm_migration::MigratorTrait;

pub use checksum::Rendered;
pub use cli::{MigrateCli, MigrateCommand};
pub use error::{Direction, ModifiedMigration, RunError};
pub use lock::{LockOptions, MigrationLock};
pub use project::ProjectPaths;
pub use runner::{MigrationState, MigrationStatus, Runner, StepDone, Verification};
use validator_base::exit::{EXIT_ERROR, EXIT_MODIFIED, EXIT_OK, EXIT_PENDING};

use validator_connect::DatabaseUrl;

/// The SQLite file used when no URL is given, relative to the working directory.
pub const DEFAULT_SQLITE_FILE: &str = "dev.sqlite3";

/// Parses the process arguments, runs the command, prints the outcome, returns the exit code.
pub fn run_cli<M: MigratorTrait>() -> ExitCode {
    // The parser's message can quote a line of the file, which may hold a password.
    if let Err(err) = dotenvy::dotenv()
        && !err.not_found()
    {
        eprintln!("warning: ignoring `.env`: it could not be parsed");
    }
    let cli = match MigrateCli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(EXIT_ERROR));
        }
    };
    panics::install_quiet_hook();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return ExitCode::from(EXIT_ERROR);
        }
    };
    let mut stdout = std::io::stdout();
    let mut stderr = std::io::stderr();
    match runtime.block_on(run::<M>(cli, &mut stdout, &mut stderr)) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            let _ = writeln!(stderr, "error: {err}");
            ExitCode::from(err.exit_code())
        }
    }
}

/// Runs one command. Progress and results go to `out`, notes (such as waiting for the
/// lock) to `notes`. Returns the exit code of a command that ran: [`EXIT_OK`], or for
/// `status --exit-code`, [`EXIT_PENDING`] or [`EXIT_MODIFIED`].
///
/// Every command that changes the database takes the migration lock first
/// ([`MigrationLock`]) and holds it until it is done; `status` reads without it.
pub async fn run<M: MigratorTrait>(
    cli: MigrateCli,
    out: &mut dyn Write,
    notes: &mut dyn Write,
) -> Result<u8, RunError> {
    #[cfg(feature = "lint")]
    if let MigrateCommand::Lint(args) = &cli.command {
        return lint::run_command::<M>(&cli, args, out).await;
    }
    #[cfg(feature = "generate")]
    if let MigrateCommand::Generate(args) = &cli.command {
        // Its own scratch database, and files rather than a database as its output.
        return generate::run_command::<M>(&cli, args, out, notes).await;
    }
    #[cfg(feature = "verify")]
    if cli.command == MigrateCommand::Verify {
        // Its own scratch database: the URL names a server, never the target.
        return verify::run_verify::<M>(&cli, out, notes).await;
    }
    let url = resolve_url(cli.database_url.as_deref(), notes)?;
    let secrets = if cli.verbose {
        let secrets = logging::init_verbose(false);
        for secret in url.secrets() {
            secrets.add(secret);
        }
        Some(secrets)
    } else {
        None
    };
    let schema = cli.database_schema.clone();
    let verbose = cli.verbose;
    let connecting = validator_connect::connect(&url, cli.connect_timeout, |options| {
        options.sqlx_logging(verbose);
        if let Some(schema) = schema {
            options.set_schema_search_path(schema);
        }
    });
    let table = M::migration_table_name().to_string();
    let lock_options = LockOptions {
        timeout: cli.lock_timeout,
        schema: cli.database_schema.clone(),
        connect_timeout: Some(cli.connect_timeout),
    };
    let mut on_wait = |line: &str| {
        let _ = writeln!(notes, "note: {line}");
    };
    let locking = async {
        if changes_schema(&cli.command) {
            MigrationLock::acquire(&url, &table, &lock_options, &mut on_wait)
                .await
                .map(Some)
        } else {
            Ok(None)
        }
    };
    // The lock has a connection of its own; open it while the pool opens.
    let (conn, lock) = match tokio::join!(connecting, locking) {
        (Ok(conn), Ok(lock)) => (conn, lock),
        (Ok(conn), Err(err)) => {
            let _ = conn.close().await;
            return Err(err);
        }
        (Err(err), lock) => {
            if let Ok(Some(lock)) = lock {
                lock.release().await;
            }
            return Err(err.into());
        }
    };
    let mut runner = Runner::<M>::new(&conn, &url);
    if let Some(lock) = &lock {
        runner = runner.with_lock(lock);
    }
    let result = execute(runner, &conn, &cli.command, &url, out, notes).await;
    if let Some(lock) = lock {
        lock.release().await;
    }
    drop(secrets);
    let _ = conn.close().await;
    result
}

fn changes_schema(command: &MigrateCommand) -> bool {
    match command {
        MigrateCommand::Status { .. } | MigrateCommand::Sql => false,
        #[cfg(feature = "verify")]
        MigrateCommand::Verify => false,
        #[cfg(feature = "lint")]
        MigrateCommand::Lint(_) => false,
        #[cfg(feature = "generate")]
        MigrateCommand::Generate(_) => false,
        _ => true,
    }
}

async fn execute<M: MigratorTrait>(
    runner: Runner<'_, M>,
    conn: &sea_orm::DatabaseConnection,
    command: &MigrateCommand,
    url: &DatabaseUrl,
    out: &mut dyn Write,
    notes: &mut dyn Write,
) -> Result<u8, RunError> {
    let mut report = |step: &StepDone| {
        let verb = match step.direction {
            Direction::Up => "applied",
            Direction::Down => "rolled back",
        };
        let _ = writeln!(out, "{verb:>11}  {}  ({} ms)", step.name, step.millis);
    };
    let summary = match command {
        MigrateCommand::Up {
            steps,
            allow_modified,
        } => {
            let runner = runner.allow_modified(*allow_modified);
            if *allow_modified {
                warn_modified(&runner, notes).await?;
            }
            let done = runner.up(*steps, &mut report).await?;
            summary(done, "applied", "no pending migrations")
        }
        MigrateCommand::Down { steps } => {
            let done = runner.down(Some(*steps), &mut report).await?;
            summary(done, "rolled back", "no applied migrations to roll back")
        }
        MigrateCommand::Fresh => {
            let done = runner.fresh(&mut report).await?;
            summary(done, "applied on an emptied database", "no migrations")
        }
        MigrateCommand::Refresh => {
            let done = runner.refresh(&mut report).await?;
            summary(done, "applied after rolling back", "no migrations")
        }
        MigrateCommand::Reset => {
            let done = runner.reset(&mut report).await?;
            summary(
                done,
                "rolled back; migration tables removed",
                "nothing to roll back",
            )
        }
        MigrateCommand::Repair => {
            let changed = runner.repair().await?;
            for row in &changed {
                let why = match &row.verification {
                    Verification::Changed { .. } => "was modified",
                    _ => "had no checksum",
                };
                let _ = writeln!(out, "   recorded  {}  ({why})", row.name);
            }
            summary(
                changed.len(),
                "re-recorded",
                "every applied migration already matches its checksum",
            )
        }
        MigrateCommand::Sql => {
            let pending = sql::pending_sql::<M>(conn, url).await?;
            return Ok(sql::print(&pending, out));
        }
        #[cfg(feature = "verify")]
        MigrateCommand::Verify => {
            return Err(RunError::Setup(
                "`verify` runs on a scratch database of its own".to_owned(),
            ));
        }
        #[cfg(feature = "lint")]
        MigrateCommand::Lint(_) => return Ok(EXIT_OK),
        #[cfg(feature = "generate")]
        MigrateCommand::Generate(_) => return Ok(EXIT_OK),
        MigrateCommand::Status { exit_code } => {
            let rows = runner.status().await?;
            print_status(out, url, runner.checksum_table(), &rows);
            return Ok(if *exit_code {
                status_exit_code(&rows)
            } else {
                EXIT_OK
            });
        }
    };
    let _ = writeln!(out, "{summary}");
    Ok(EXIT_OK)
}

/// `status --exit-code`: modified or missing beats pending.
pub fn status_exit_code(rows: &[MigrationStatus]) -> u8 {
    let has = |state| rows.iter().any(|row| row.state == state);
    if has(MigrationState::Modified) || has(MigrationState::Missing) {
        EXIT_MODIFIED
    } else if has(MigrationState::Pending) {
        EXIT_PENDING
    } else {
        EXIT_OK
    }
}

async fn warn_modified<M: MigratorTrait>(
    runner: &Runner<'_, M>,
    notes: &mut dyn Write,
) -> Result<(), RunError> {
    for row in runner.status().await? {
        if let Verification::Changed { difference } = &row.verification {
            let _ = writeln!(
                notes,
                "warning: running although `{}` was modified after it was applied \
                 ({difference}); `repair` records its new checksum",
                row.name
            );
        }
    }
    Ok(())
}

fn summary(done: usize, what: &str, nothing: &str) -> String {
    match done {
        0 => nothing.to_owned(),
        1 => format!("1 migration {what}"),
        n => format!("{n} migrations {what}"),
    }
}

fn print_status(out: &mut dyn Write, url: &DatabaseUrl, checksums: &str, rows: &[MigrationStatus]) {
    let _ = writeln!(out, "migrations on {url}");
    let width = rows.iter().map(|row| row.name.len()).max().unwrap_or(0);
    for row in rows {
        let when = row
            .applied_at
            .and_then(|at| chrono::DateTime::from_timestamp(at, 0))
            .map(|at| format!("  applied {}", at.format("%Y-%m-%d %H:%M:%S UTC")))
            .unwrap_or_default();
        let line = format!("  {:<8} {:<width$}{when}", row.state.label(), row.name);
        let _ = writeln!(out, "{}", line.trim_end());
        let detail = match &row.verification {
            Verification::Changed { difference } => Some(format!("changed: {difference}")),
            Verification::Unverifiable { reason } => {
                Some(format!("checksum unverifiable: {reason}"))
            }
            Verification::NotRecorded => Some(format!(
                "no checksum recorded in `{checksums}` yet (`up` or `repair` records it)"
            )),
            Verification::Matches | Verification::NotApplicable => None,
        };
        if let Some(detail) = detail {
            let _ = writeln!(out, "           {detail}");
        }
    }
    let count = |state| rows.iter().filter(|row| row.state == state).count();
    let _ = write!(
        out,
        "{} applied, {} pending",
        count(MigrationState::Applied),
        count(MigrationState::Pending)
    );
    let modified = count(MigrationState::Modified);
    if modified > 0 {
        let _ = write!(out, ", {modified} modified (changed since applied)");
    }
    let missing = count(MigrationState::Missing);
    if missing > 0 {
        let _ = write!(
            out,
            ", {missing} missing (recorded but not in this migrator)"
        );
    }
    let _ = writeln!(out);
}

/// The URL to use: the one given, or a SQLite file in the working directory.
fn resolve_url(given: Option<&str>, notes: &mut dyn Write) -> Result<DatabaseUrl, RunError> {
    if let Some(raw) = given.filter(|raw| !raw.trim().is_empty()) {
        return Ok(DatabaseUrl::parse(raw.trim())?);
    }
    let cwd = std::env::current_dir()
        .map_err(|err| RunError::Setup(format!("cannot read the working directory: {err}")))?;
    let file = cwd.join(DEFAULT_SQLITE_FILE);
    let _ = writeln!(
        notes,
        "note: no database URL given (-u/--database-url or DATABASE_URL); using SQLite file {}",
        file.display()
    );
    Ok(DatabaseUrl::parse(&sqlite_url(&file))?)
}

/// A `sqlite://` URL that creates `file` if it does not exist.
pub fn sqlite_url(file: &Path) -> String {
    format!("sqlite://{}?mode=rwc", file.display())
}
