//! `migration generate <name>`: writes the migration the entities need.
//!
//! 1. The current schema is the one the existing migrations build: they are applied to a
//!    scratch database (in-memory SQLite; `--backend postgres` a database created on the
//!    `-u` server and dropped afterwards) and it is introspected.
//! 2. The entities are read statically, as `drift` reads them (`--entities`, else
//!    `[check] paths` of `validator.toml`, else the workspace's `entity/src`).
//! 3. The differences (drift's comparison) become a migration
//!    ([`validator_core::generate::plan`]), unless a decision is missing: destructive
//!    steps need `--allow-destructive`, rename candidates `--rename` or `--no-rename`, a
//!    new required column a default or `--default` (exit code 1, nothing written).
//! 4. Before anything is written, the migration's statements run on a scratch database of
//!    each backend (SQLite always, PostgreSQL when `-u` names a server): `up`, no
//!    difference from the entities left, `down`, the schema from before. Their SQL is
//!    linted against the schema they run on; an error-level finding stops the run.
//! 5. The file is written (`m<YYYYMMDD_HHMMSS>_<name>.rs`, plus
//!    `.._<name>_concurrently.rs` when PostgreSQL has steps to run outside a transaction)
//!    and registered in `lib.rs`.
//!
//! `--check` stops after step 3's comparison: exit 1 and every difference named when the
//! entities and the migrations disagree, 0 when they agree. `--dry-run` prints the files
//! and touches nothing; `--empty` writes a blank migration.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use sea_orm::TransactionTrait;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement as SqlStatement};
use sea_orm_migration::MigratorTrait;

use crate::error::RunError;
use crate::runner::Runner;
use crate::schema_diff::{differences as schema_changes, normalized};
use crate::scratch::Scratch;
use crate::{MigrateCli, ProjectPaths};
use validator_base::Backend;
use validator_base::exit::{EXIT_ERROR, EXIT_FAILED, EXIT_OK};
use validator_base::path::display_path;
use validator_connect::DatabaseUrl;
use validator_core::Report;
use validator_core::config::Config;
use validator_core::generate::{
    Backfill, ColumnRename, ExecutionMode, GenerateOptions, Plan, Planned, PlannedMigration,
    Statement, differences, empty_migration, plan, register_migration,
};
use validator_core::lint::capture::{CaptureLint, CapturedMigration};
use validator_core::render::{Format, Options, render};
use validator_core::schema::LiveSchema;
use validator_core::sql::state::SchemaState;
use validator_db::introspect::introspect;

/// `migration generate`: the runner's subcommand.
#[derive(clap::Args, Clone, Debug, PartialEq, Eq)]
pub struct GenerateCommand {
    /// The migration's name in snake case: `add_nickname` writes
    /// `m<YYYYMMDD_HHMMSS>_add_nickname.rs` (UTC)
    #[arg(value_name = "NAME", required_unless_present = "check")]
    pub name: Option<String>,
    /// Write nothing: exit 1 and name every difference when the entities and the
    /// migrations disagree, 0 when they agree (the CI gate)
    #[arg(long, conflicts_with_all = ["dry_run", "empty"])]
    pub check: bool,
    /// Print the migration instead of writing it; touch no file
    #[arg(long)]
    pub dry_run: bool,
    /// Write a blank migration to fill in by hand, as `sea-orm-cli migrate generate` does
    #[arg(long)]
    pub empty: bool,
    /// Write steps that lose data: dropping a table or a column, narrowing a type
    #[arg(long)]
    pub allow_destructive: bool,
    /// A column the entities renamed, `table.old=new` (repeatable)
    #[arg(long = "rename", value_name = "TABLE.OLD=NEW")]
    pub renames: Vec<ColumnRename>,
    /// Columns that disappear are dropped, even when a column of the same type appears
    #[arg(long, conflicts_with = "renames")]
    pub no_rename: bool,
    /// The SQL value existing rows get when a column without a default becomes NOT NULL,
    /// `table.column=SQL` (repeatable)
    #[arg(long = "default", value_name = "TABLE.COLUMN=SQL")]
    pub backfills: Vec<Backfill>,
    /// Where the migrations are replayed to read the current schema: in-memory SQLite,
    /// or a database created on the `-u` PostgreSQL server and dropped afterwards.
    /// PostgreSQL sees differences SQLite stores alike (`integer` and `bigint`, string
    /// lengths)
    #[arg(long, value_enum, default_value_t = ReplayBackend::Sqlite)]
    pub backend: ReplayBackend,
    /// Entity sources (files or directories, repeatable). Default: `[check] paths` of
    /// `validator.toml`, else `entity/src` of the workspace
    #[arg(long = "entities", value_name = "PATH")]
    pub entities: Vec<PathBuf>,
}

/// Where the migrations are replayed.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplayBackend {
    Sqlite,
    Postgres,
}

impl ReplayBackend {
    fn backend(self) -> Backend {
        match self {
            ReplayBackend::Sqlite => Backend::Sqlite,
            ReplayBackend::Postgres => Backend::Postgres,
        }
    }
}

/// Runs `migration generate`. Results go to `out`, notes to `notes`; the exit code comes
/// from the one table: 0 written (or nothing to write, or `--check` clean), 1 a decision
/// is missing, the migration failed its check or lint, or `--check` found differences,
/// 2 input or infrastructure errors.
pub async fn run_command<M: MigratorTrait>(
    cli: &MigrateCli,
    args: &GenerateCommand,
    out: &mut dyn Write,
    notes: &mut dyn Write,
) -> Result<u8, RunError> {
    let setup = RunError::Setup;
    let cwd = std::env::current_dir()
        .map_err(|e| setup(format!("cannot read the working directory: {e}")))?;
    let config =
        Config::discover(&cwd).map_err(|e| setup(format!("cannot read validator.toml: {e}")))?;
    let paths = ProjectPaths::discover(&cwd, cli.migration_dir.clone(), cli.entity_dir.clone());
    let name = match &args.name {
        Some(name) => Some(migration_name(name)?),
        None => None,
    };
    let server = match cli.database_url.as_deref().map(str::trim) {
        Some(raw) if !raw.is_empty() => Some(DatabaseUrl::parse(raw)?),
        _ => None,
    };
    let postgres = server.filter(|u| u.backend() == Backend::Postgres);
    if args.backend == ReplayBackend::Postgres && postgres.is_none() {
        return Err(setup(
            "`--backend postgres` replays the migrations on a database it creates on a PostgreSQL server: pass the server with `-u postgres://..`".to_owned(),
        ));
    }
    let context = Context {
        cwd: &cwd,
        config: &config,
        paths: &paths,
        postgres: postgres.as_ref(),
        timeout: cli.connect_timeout,
    };
    if args.empty {
        let name = name.ok_or_else(|| setup("`--empty` needs a name".to_owned()))?;
        let command = format!("migration generate {name} --empty");
        let migration_src = migration_src(&context)?;
        let file = stamped_names(&migration_src, &name, &[None], chrono::Utc::now())
            .into_iter()
            .next()
            .unwrap_or_default();
        let files = vec![(file, empty_migration(&command))];
        return write_files(&context, &files, args.dry_run, out);
    }
    let entities = read_entities(&context, &args.entities)?;
    let replay = args.backend.backend();
    let scratch = Scratch::open(replay, context.postgres, "generate", context.timeout).await?;
    let outcome = async {
        let current = migrated::<M>(&scratch).await?;
        if args.check {
            return Ok(check(&context, &entities, &current, replay, out));
        }
        let options = GenerateOptions {
            renames: args.renames.clone(),
            no_rename: args.no_rename,
            allow_destructive: args.allow_destructive,
            backfills: args.backfills.clone(),
        };
        let ignored = tracking_tables::<M>();
        match plan(&entities.model, &current, context.config, &ignored, &options) {
            Planned::UpToDate => {
                let _ = writeln!(
                    out,
                    "nothing to generate: the migrations already build the schema the entities describe"
                );
                Ok(EXIT_OK)
            }
            Planned::Refused(refusals) => {
                let code = if refusals.iter().any(|r| r.is_input_error()) {
                    EXIT_ERROR
                } else {
                    EXIT_FAILED
                };
                let _ = writeln!(notes, "error: no migration written:");
                for refusal in &refusals {
                    let _ = writeln!(notes, "  - {refusal}");
                    let _ = writeln!(notes, "    help: {}", refusal.help());
                }
                Ok(code)
            }
            Planned::Plan(plan) => {
                let name = name.ok_or_else(|| setup("a migration needs a name".to_owned()))?;
                write_plan::<M>(&context, &entities, &scratch, &plan, &name, args, out, notes).await
            }
        }
    }
    .await;
    if let Some(warning) = scratch.close().await {
        let _ = writeln!(notes, "warning: {warning}");
    }
    outcome
}

/// What every step needs.
struct Context<'a> {
    cwd: &'a Path,
    config: &'a Config,
    paths: &'a ProjectPaths,
    postgres: Option<&'a DatabaseUrl>,
    timeout: Duration,
}

/// A migration name in snake case (letters, digits, `_`).
fn migration_name(name: &str) -> Result<String, RunError> {
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && name.chars().next().is_some_and(|c| c.is_ascii_lowercase());
    if ok {
        Ok(name.to_owned())
    } else {
        Err(RunError::Setup(format!(
            "`{name}` is not a migration name: use snake case, starting with a letter (`add_nickname`)"
        )))
    }
}

fn tracking_tables<M: MigratorTrait>() -> Vec<String> {
    let table = M::migration_table_name().to_string();
    vec![format!("{table}_checksums"), table]
}

/// The entities, read as `check` reads them.
fn read_entities(context: &Context<'_>, given: &[PathBuf]) -> Result<Report, RunError> {
    let paths: Vec<PathBuf> = if !given.is_empty() {
        given.iter().map(|p| context.cwd.join(p)).collect()
    } else if !context.config.check.paths.is_empty() {
        context.config.check.paths.clone()
    } else {
        match &context.paths.entity_src {
            Some(dir) => vec![dir.clone()],
            None => {
                return Err(RunError::Setup(
                    "found no entity sources: pass `--entities PATH`, set `[check] paths` in validator.toml, or run inside a workspace with `entity/src`".to_owned(),
                ));
            }
        }
    };
    let report = validator_core::check_paths(&paths, context.config, context.cwd)
        .map_err(|e| RunError::Setup(format!("cannot read the entities: {e}")))?;
    if let Some(problem) = report.problems.first() {
        return Err(RunError::Setup(format!(
            "cannot read the entities: {problem}"
        )));
    }
    Ok(report)
}

/// Applies every migration to the scratch database and reads the schema they build.
async fn migrated<M: MigratorTrait>(scratch: &Scratch) -> Result<LiveSchema, RunError> {
    let runner = Runner::<M>::new(&scratch.conn, &scratch.url);
    runner.up(None, &mut |_| {}).await?;
    read(scratch, &tracking_tables::<M>(), "after the migrations").await
}

async fn read(scratch: &Scratch, ignored: &[String], when: &str) -> Result<LiveSchema, RunError> {
    read_conn(&scratch.conn, &scratch.url, ignored, when).await
}

async fn read_conn(
    conn: &DatabaseConnection,
    url: &DatabaseUrl,
    ignored: &[String],
    when: &str,
) -> Result<LiveSchema, RunError> {
    introspect(conn)
        .await
        .map(|schema| normalized(&schema, ignored))
        .map_err(|err| RunError::Database {
            context: format!("cannot read the scratch database's schema {when}"),
            cause: url.scrub(&err.to_string()),
        })
}

/// `--check`: every difference, and exit 1 when there is one.
fn check(
    context: &Context<'_>,
    entities: &Report,
    current: &LiveSchema,
    replay: Backend,
    out: &mut dyn Write,
) -> u8 {
    let lines = differences(&entities.model, current, context.config, &[]);
    if lines.is_empty() {
        let _ = writeln!(
            out,
            "generate --check: the migrations build the schema the {} entities describe (compared on {})",
            entities.model.entities.len(),
            replay.as_str()
        );
        return EXIT_OK;
    }
    let _ = writeln!(
        out,
        "generate --check: the entities and the migrations disagree ({} difference{}, compared on {}):",
        lines.len(),
        if lines.len() == 1 { "" } else { "s" },
        replay.as_str()
    );
    for line in &lines {
        let place = match (&line.file, line.pos) {
            (Some(file), Some(pos)) => format!(
                "{}:{}:{}: ",
                display_path(file, context.cwd).display(),
                pos.line,
                pos.column
            ),
            _ => String::new(),
        };
        let _ = writeln!(out, "  {place}{}", line.text);
    }
    let _ = writeln!(
        out,
        "write the migration with `cargo run -p migration -- generate <name>`, review it, and commit it"
    );
    EXIT_FAILED
}

/// The migration crate's `src/`.
fn migration_src(context: &Context<'_>) -> Result<PathBuf, RunError> {
    context.paths.migration_src.clone().ok_or_else(|| {
        RunError::Setup(
            "found no migration crate: pass `--migration-dir DIR` (default: `migration/src` of the workspace)"
                .to_owned(),
        )
    })
}

/// The files' names (`m<YYYYMMDD_HHMMSS>_<name><suffix>`): after every existing
/// migration, one second apart, UTC.
fn stamped_names(
    migration_src: &Path,
    name: &str,
    suffixes: &[Option<&str>],
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<String> {
    let latest = existing_stamps(migration_src).into_iter().max();
    let mut stamp = now.naive_utc();
    if let Some(latest) = latest
        && latest >= stamp
    {
        stamp = latest + chrono::Duration::seconds(1);
    }
    suffixes
        .iter()
        .enumerate()
        .map(|(i, suffix)| {
            let at = stamp + chrono::Duration::seconds(i64::try_from(i).unwrap_or(0));
            let suffix = suffix.map(|s| format!("_{s}")).unwrap_or_default();
            format!("m{}_{name}{suffix}", at.format("%Y%m%d_%H%M%S"))
        })
        .collect()
}

/// The `mYYYYMMDD_HHMMSS` of every migration file in `dir`.
fn existing_stamps(dir: &Path) -> Vec<chrono::NaiveDateTime> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let stamp = name.strip_prefix('m')?.get(..15)?.to_owned();
            chrono::NaiveDateTime::parse_from_str(&stamp, "%Y%m%d_%H%M%S").ok()
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
async fn write_plan<M: MigratorTrait>(
    context: &Context<'_>,
    entities: &Report,
    replay: &Scratch,
    plan: &Plan,
    name: &str,
    args: &GenerateCommand,
    out: &mut dyn Write,
    notes: &mut dyn Write,
) -> Result<u8, RunError> {
    let migration_src = migration_src(context)?;
    let suffixes: Vec<Option<&str>> = plan.migrations.iter().map(|m| m.suffix).collect();
    let names = stamped_names(&migration_src, name, &suffixes, chrono::Utc::now());
    let command = format!("migration generate {name}");
    let files: Vec<(String, String)> = names
        .iter()
        .zip(&plan.migrations)
        .map(|(file, m)| {
            let source = m.source(&command, &plan.changes);
            let formatted = formatted(&source);
            if formatted != source {
                let _ = writeln!(
                    notes,
                    "note: rustfmt laid out `{file}` differently from generate's template (a rustfmt.toml of this project, or a bug in the template)"
                );
            }
            (file.clone(), formatted)
        })
        .collect();
    let _ = writeln!(out, "the entities changed since the last migration:");
    for change in &plan.changes {
        let _ = writeln!(out, "  - {change}");
    }

    // Check the statements on each backend before writing anything.
    let mut failures: Vec<String> = Vec::new();
    let mut linter = CaptureLint::new(context.config);
    let shown: Vec<PathBuf> = names
        .iter()
        .map(|n| display_path(&migration_src.join(format!("{n}.rs")), context.cwd))
        .collect();
    let mut backends = vec![Backend::Sqlite];
    if context.postgres.is_some() {
        backends.push(Backend::Postgres);
    }
    for backend in backends {
        // The replay database is one of them; the other backend gets a scratch database
        // of its own, migrated the same way.
        let other = if backend == replay.url.backend() {
            None
        } else {
            let scratch =
                Scratch::open(backend, context.postgres, "generate", context.timeout).await?;
            let migrated = migrated::<M>(&scratch).await.map(|_| ());
            Some((scratch, migrated))
        };
        let trial = match &other {
            Some((_, Err(e))) => Err(e.to_string()),
            Some((scratch, Ok(()))) => {
                try_plan::<M>(
                    scratch,
                    entities,
                    context,
                    plan,
                    &names,
                    &files,
                    &shown,
                    &mut linter,
                )
                .await
            }
            None => {
                try_plan::<M>(
                    replay,
                    entities,
                    context,
                    plan,
                    &names,
                    &files,
                    &shown,
                    &mut linter,
                )
                .await
            }
        };
        if let Some((scratch, _)) = other
            && let Some(warning) = scratch.close().await
        {
            let _ = writeln!(notes, "warning: {warning}");
        }
        match trial {
            Ok(lines) => {
                let _ = writeln!(out, "{:>9}  {}", backend.as_str(), lines);
            }
            Err(why) => {
                let _ = writeln!(out, "{:>9}  FAILED: {why}", backend.as_str());
                failures.push(format!("on {}: {why}", backend.as_str()));
            }
        }
    }
    let report = linter.finish(files.len(), 1);
    let lint_errors = report.has_errors();
    let summary = &report.summary;
    if summary.errors + summary.warnings > 0 {
        let text = render(
            &report,
            &Options {
                format: Format::Human,
                color: false,
                width: 100,
            },
        );
        let _ = write!(out, "{text}");
    } else {
        let infos = if summary.infos > 0 {
            format!(
                " ({} info finding{}: `cargo run -p migration -- lint` shows {})",
                summary.infos,
                if summary.infos == 1 { "" } else { "s" },
                if summary.infos == 1 { "it" } else { "them" }
            )
        } else {
            String::new()
        };
        let _ = writeln!(out, "{:>9}  no error or warning{infos}", "lint");
    }
    if lint_errors {
        failures.push("the migration linter reports errors in it (above)".to_owned());
    }
    if !failures.is_empty() {
        for failure in &failures {
            let _ = writeln!(notes, "error: {failure}");
        }
        let _ = writeln!(
            notes,
            "error: no migration written; this is a bug in `generate` or a change it cannot make: write the migration by hand (`--empty`)"
        );
        return Ok(EXIT_FAILED);
    }
    write_files(context, &files, args.dry_run, out)
}

/// Runs the plan's `up` on `scratch` (already migrated), checks that nothing differs from
/// the entities, runs `down`, and checks the schema is back; lints what `up` ran.
#[allow(clippy::too_many_arguments)]
async fn try_plan<M: MigratorTrait>(
    scratch: &Scratch,
    entities: &Report,
    context: &Context<'_>,
    plan: &Plan,
    names: &[String],
    files: &[(String, String)],
    shown: &[PathBuf],
    linter: &mut CaptureLint<'_>,
) -> Result<String, String> {
    let backend = scratch.url.backend();
    let ignored = tracking_tables::<M>();
    let reading = |e: RunError| e.to_string();
    let before = read(scratch, &ignored, "before the new migration")
        .await
        .map_err(reading)?;
    let mut state = before.clone();
    for ((migration, name), ((_, source), file)) in plan
        .migrations
        .iter()
        .zip(names)
        .zip(files.iter().zip(shown))
    {
        let statements = migration.statements(backend, true);
        let sql: Vec<String> = statements
            .iter()
            .filter_map(|s| match s {
                Statement::Execute(sql) => Some(sql.clone()),
                Statement::ForeignKeyCheck => None,
            })
            .collect();
        let outcome = execute(&scratch.conn, migration, backend, &statements).await;
        linter.lint(
            backend,
            &SchemaState::from(&state),
            CapturedMigration {
                name,
                file: Some(file.clone()),
                source: Some(source.clone()),
                statements: &sql,
                // As the runner sees it (`use_transaction()`), whatever the migration opens itself.
                in_transaction: migration.in_runner_transaction(),
                failure: None,
            },
        );
        outcome.map_err(|e| format!("`up` of `{name}` fails: {}", scratch.url.scrub(&e)))?;
        state = read(scratch, &ignored, "after the new migration")
            .await
            .map_err(reading)?;
    }
    let left = differences(&entities.model, &state, context.config, &[]);
    if !left.is_empty() {
        let texts: Vec<String> = left.iter().map(|l| l.text.clone()).collect();
        return Err(format!(
            "after `up` the schema still differs from the entities: {}",
            texts.join("; ")
        ));
    }
    for (migration, name) in plan.migrations.iter().zip(names).rev() {
        let statements = migration.statements(backend, false);
        execute(&scratch.conn, migration, backend, &statements)
            .await
            .map_err(|e| format!("`down` of `{name}` fails: {}", scratch.url.scrub(&e)))?;
    }
    let after = read(scratch, &ignored, "after the new migration's down")
        .await
        .map_err(reading)?;
    let changed = schema_changes(&before, &after);
    if !changed.is_empty() {
        return Err(format!(
            "`down` does not restore the schema from before `up`: {}",
            changed.join("; ")
        ));
    }
    Ok("up, no difference from the entities, down back to the schema before".to_owned())
}

/// Runs statements as the migration's code does.
async fn execute(
    conn: &DatabaseConnection,
    migration: &PlannedMigration,
    backend: Backend,
    statements: &[Statement],
) -> Result<(), String> {
    let db_backend = match backend {
        Backend::Postgres => DbBackend::Postgres,
        Backend::Sqlite => DbBackend::Sqlite,
    };
    let run = |sql: String| SqlStatement::from_string(db_backend, sql);
    match migration.mode(backend) {
        ExecutionMode::NoTransaction => {
            for s in statements {
                if let Statement::Execute(sql) = s {
                    conn.execute_raw(run(sql.clone()))
                        .await
                        .map_err(|e| e.to_string())?;
                }
            }
            Ok(())
        }
        ExecutionMode::RunnerTransaction | ExecutionMode::OwnTransactionForeignKeysOff => {
            let own = migration.mode(backend) == ExecutionMode::OwnTransactionForeignKeysOff
                && backend == Backend::Sqlite;
            if own {
                conn.execute_unprepared("PRAGMA foreign_keys = OFF")
                    .await
                    .map_err(|e| e.to_string())?;
            }
            let txn = conn.begin().await.map_err(|e| e.to_string())?;
            let mut outcome = Ok(());
            for s in statements {
                let step = match s {
                    Statement::Execute(sql) => txn.execute_raw(run(sql.clone())).await.map(|_| ()),
                    Statement::ForeignKeyCheck => txn
                        .query_all_raw(run("PRAGMA foreign_key_check".to_owned()))
                        .await
                        .and_then(|rows| {
                            if rows.is_empty() {
                                Ok(())
                            } else {
                                Err(sea_orm::DbErr::Migration(format!(
                                    "{} rows would break a foreign key",
                                    rows.len()
                                )))
                            }
                        }),
                };
                if let Err(e) = step {
                    outcome = Err(e.to_string());
                    break;
                }
            }
            let finished = match outcome {
                Ok(()) => txn.commit().await.map_err(|e| e.to_string()),
                Err(e) => {
                    let _ = txn.rollback().await;
                    Err(e)
                }
            };
            if own {
                conn.execute_unprepared("PRAGMA foreign_keys = ON")
                    .await
                    .map_err(|e| e.to_string())?;
            }
            finished
        }
    }
}

/// The source through rustfmt when it is installed (the template is laid out as rustfmt
/// lays it out; this only matters for a rustfmt configured otherwise).
fn formatted(source: &str) -> String {
    use std::process::{Command, Stdio};
    let child = Command::new("rustfmt")
        .args(["--edition", "2024", "--emit", "stdout", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn();
    let Ok(mut child) = child else {
        return source.to_owned();
    };
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(source.as_bytes());
    }
    match child.wait_with_output() {
        Ok(output) if output.status.success() && !output.stdout.is_empty() => {
            String::from_utf8(output.stdout).unwrap_or_else(|_| source.to_owned())
        }
        _ => source.to_owned(),
    }
}

/// Writes the migrations and registers them in `lib.rs` (or, for a dry run, prints them).
fn write_files(
    context: &Context<'_>,
    files: &[(String, String)],
    dry_run: bool,
    out: &mut dyn Write,
) -> Result<u8, RunError> {
    let migration_src = migration_src(context)?;
    let lib_rs = migration_src.join("lib.rs");
    let shown_lib = display_path(&lib_rs, context.cwd);
    let text = std::fs::read_to_string(&lib_rs)
        .map_err(|e| RunError::Setup(format!("cannot read {}: {e}", shown_lib.display())))?;
    let mut registered = text.clone();
    for (name, _) in files {
        registered = register_migration(&registered, name).map_err(|e| {
            RunError::Setup(format!(
                "cannot register `{name}` in {}: {e}; nothing was written",
                shown_lib.display()
            ))
        })?;
    }
    if dry_run {
        for (name, source) in files {
            let path = display_path(&migration_src.join(format!("{name}.rs")), context.cwd);
            let _ = writeln!(out, "// ---- {} (dry run: not written)", path.display());
            let _ = write!(out, "{source}");
        }
        let _ = writeln!(
            out,
            "// ---- {} would register {} (dry run: not written)",
            shown_lib.display(),
            files
                .iter()
                .map(|(n, _)| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        return Ok(EXIT_OK);
    }
    for (name, _) in files {
        let path = migration_src.join(format!("{name}.rs"));
        if path.exists() {
            return Err(RunError::Setup(format!(
                "{} exists already; nothing was written",
                display_path(&path, context.cwd).display()
            )));
        }
    }
    for (name, source) in files {
        let path = migration_src.join(format!("{name}.rs"));
        write_atomically(&path, source)?;
        let _ = writeln!(
            out,
            "    wrote  {}",
            display_path(&path, context.cwd).display()
        );
    }
    write_atomically(&lib_rs, &registered)?;
    let _ = writeln!(
        out,
        "  updated  {} (registered in `migrations()`)",
        shown_lib.display()
    );
    let _ = writeln!(
        out,
        "review the migration, then apply it with `cargo run -p migration -- up` and commit it"
    );
    Ok(EXIT_OK)
}

/// Writes `text` to a temporary file beside `path`, then renames it over `path`.
fn write_atomically(path: &Path, text: &str) -> Result<(), RunError> {
    validator_base::fs::write_atomically(path, text.as_bytes())
        .map_err(|e| RunError::Setup(format!("cannot write {}: {e}", path.display())))
}
