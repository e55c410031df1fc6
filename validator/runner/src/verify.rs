//! `migration verify`: the CI gate for migrations.
//!
//! On a scratch database (in-memory SQLite by default; with a PostgreSQL URL, a fresh
//! database created on that server and dropped afterwards, never the database the URL
//! names) it:
//!
//! 1. applies every migration, one at a time, reading the schema before each;
//! 2. compares the migrated schema with the entities (`validator drift`), and for each
//!    table with a difference names the migration that last changed it;
//! 3. rolls every migration back, newest first, and checks after each `down` that the
//!    schema is exactly what it was before that migration's `up`;
//! 4. checks that nothing but the (empty) migration tables is left;
//! 5. applies every migration again, and checks it gives the same schema as the first time.
//!
//! A failing migration, an incomplete `down` and drift each name the migration. The exit
//! code is 0 when everything holds, 1 when something does not, 2 when the scratch
//! database or the entities cannot be had.

use std::{io::Write, path::Path, time::Duration};

use sea_orm_migration::MigratorTrait;

use crate::{
    ProjectPaths,
    error::RunError,
    runner::{MigrationState, Runner, StepDone},
    schema_diff::{differences, normalized},
    scratch::Scratch,
};
use validator_base::exit::{EXIT_FAILED, EXIT_OK};

use validator_connect::{Backend, DatabaseUrl};
use validator_core::{
    config::Config,
    drift::{self, DriftOptions},
    render::{self, Format, Options},
    schema::LiveSchema,
};
use validator_db::introspect::introspect;

/// What `verify` needs besides the migrator.
pub struct VerifyOptions<'a> {
    /// A PostgreSQL server to create the scratch database on; `None` (or a SQLite URL)
    /// verifies on in-memory SQLite.
    pub server: Option<&'a DatabaseUrl>,
    /// Where the entities are (`entity_src`).
    pub paths: &'a ProjectPaths,
    /// Severities for the drift rules (`validator.toml`).
    pub config: &'a Config,
    /// Paths in drift findings are shown relative to this directory.
    pub cwd: &'a Path,
    pub connect_timeout: Duration,
}

/// Runs the whole verification. Progress goes to `out`, failures and notes to `notes`.
pub async fn verify<M: MigratorTrait>(
    options: &VerifyOptions<'_>,
    out: &mut dyn Write,
    notes: &mut dyn Write,
) -> Result<u8, RunError> {
    let entity_src = options.paths.entity_src.clone().ok_or_else(|| {
        RunError::Setup(
            "verify compares the migrated schema with the entities, but found no entity \
             sources: pass `--entity-dir DIR` (default: `entity/src` of the Cargo workspace)"
                .to_owned(),
        )
    })?;
    let source = validator_core::check_paths(
        std::slice::from_ref(&entity_src),
        options.config,
        options.cwd,
    )
    .map_err(|err| RunError::Setup(format!("cannot read the entities: {err}")))?;
    if let Some(problem) = source.problems.first() {
        return Err(RunError::Setup(format!(
            "cannot read the entities: {problem}"
        )));
    }
    let scratch = match options
        .server
        .filter(|url| url.backend() == Backend::Postgres)
    {
        Some(server) => Scratch::postgres(server, "verify", options.connect_timeout).await?,
        None => Scratch::sqlite(options.connect_timeout).await?,
    };
    let _ = writeln!(out, "verify: on {}", scratch.description);
    let outcome = run_checks::<M>(&scratch, source, options, out, notes).await;
    if let Some(warning) = scratch.close().await {
        let _ = writeln!(notes, "warning: {warning}");
    }
    outcome
}

async fn run_checks<M: MigratorTrait>(
    scratch: &Scratch,
    source: validator_core::Report,
    options: &VerifyOptions<'_>,
    out: &mut dyn Write,
    notes: &mut dyn Write,
) -> Result<u8, RunError> {
    let conn = &scratch.conn;
    let runner = Runner::<M>::new(conn, &scratch.url);
    let ignored = vec![
        M::migration_table_name().to_string(),
        runner.checksum_table().to_owned(),
    ];
    let ignored_tables = &ignored;
    let read = |label: &'static str| async move {
        introspect(conn)
            .await
            .map(|schema| normalized(&schema, ignored_tables))
            .map_err(|err| RunError::Database {
                context: format!("cannot read the scratch database's schema {label}"),
                cause: scratch.url.scrub(&err.to_string()),
            })
    };
    let names: Vec<String> = M::migrations()
        .iter()
        .map(|m| m.name().to_owned())
        .collect();
    let mut failures: Vec<String> = Vec::new();

    // 1. Every migration up, one at a time.
    let mut before_up: Vec<LiveSchema> = Vec::with_capacity(names.len());
    for _ in &names {
        before_up.push(read("before a migration").await?);
        runner
            .up(Some(1), &mut |step| progress(out, step, ""))
            .await?;
    }
    let migrated = read("after every migration").await?;

    // 2. Drift against the entities.
    let drift_options = DriftOptions {
        ignore_tables: ignored.clone(),
    };
    let drift = drift::compare(source, &migrated, options.config, &drift_options);
    let shown = options
        .paths
        .entity_src
        .as_deref()
        .map(|p| {
            p.strip_prefix(options.cwd)
                .unwrap_or(p)
                .display()
                .to_string()
        })
        .unwrap_or_default();
    if drift.report.findings.is_empty() {
        let _ = writeln!(
            out,
            "{:>11}  no drift between the migrated schema and {shown} ({} entities)",
            "drift", drift.report.summary.entities
        );
    } else {
        let _ = writeln!(
            out,
            "{:>11}  the migrated schema and {shown} differ:",
            "drift"
        );
        let text = render::render(
            &drift.report,
            &Options {
                format: Format::Human,
                color: false,
                width: 100,
            },
        );
        let _ = write!(out, "{text}");
        if drift.report.has_errors() {
            let mut tables: Vec<&str> = drift
                .report
                .findings
                .iter()
                .zip(&drift.tables)
                .filter(|(f, _)| f.severity == validator_core::Severity::Error)
                .map(|(_, t)| t.as_str())
                .collect();
            tables.sort_unstable();
            tables.dedup();
            for table in tables {
                let culprit = last_change(table, &names, &before_up, &migrated);
                failures.push(match culprit {
                    Some(name) => format!(
                        "the entities disagree with table `{table}`, last changed by migration `{name}`"
                    ),
                    None => format!("the entities map table `{table}`, which no migration creates"),
                });
            }
        }
    }

    // 3. Every migration down, newest first, each undoing its own up.
    for (name, before) in names.iter().zip(&before_up).rev() {
        runner
            .down(Some(1), &mut |step| progress(out, step, ""))
            .await?;
        let now = read("after a migration's down").await?;
        let changes = differences(before, &now);
        if !changes.is_empty() {
            failures.push(format!(
                "migration `{name}`: its `down` does not undo its `up`; after `up` then `down`: {}",
                changes.join("; ")
            ));
            return Ok(finish(out, notes, &failures));
        }
    }

    let _ = writeln!(
        out,
        "{:>11}  each down restored the schema from before its up",
        "round trip"
    );

    // 4. Nothing left.
    let emptied = read("after every migration's down").await?;
    let left: Vec<String> = emptied
        .tables
        .iter()
        .map(|t| format!("`{}`", t.name))
        .collect();
    let applied: Vec<String> = runner
        .status()
        .await?
        .into_iter()
        .filter(|row| row.state != MigrationState::Pending)
        .map(|row| format!("`{}`", row.name))
        .collect();
    if !left.is_empty()
        || !emptied.views.is_empty()
        || !emptied.enums.is_empty()
        || !applied.is_empty()
    {
        let first = names.first().map(String::as_str).unwrap_or("?");
        failures.push(format!(
            "the database is not empty after every migration was rolled back (first migration `{first}`): \
             tables [{}], views [{}], enum types [{}], still recorded as applied [{}]",
            left.join(", "),
            emptied.views.join(", "),
            emptied.enums.iter().map(|e| e.name.as_str()).collect::<Vec<_>>().join(", "),
            applied.join(", ")
        ));
        return Ok(finish(out, notes, &failures));
    }
    let _ = writeln!(
        out,
        "{:>11}  nothing left but the empty migration tables",
        "empty"
    );

    // 5. Every migration up again, to the same schema.
    runner
        .up(None, &mut |step| progress(out, step, " (again)"))
        .await?;
    let again = read("after applying every migration again").await?;
    let changes = differences(&migrated, &again);
    if !changes.is_empty() {
        let last = names.last().map(String::as_str).unwrap_or("?");
        failures.push(format!(
            "applying every migration again (through `{last}`) gives another schema than the first time: {}",
            changes.join("; ")
        ));
    }
    Ok(finish(out, notes, &failures))
}

/// The last migration whose `up` changed `table` (`before_up[i]` is the schema before
/// migration `i`, `migrated` the one after the last).
fn last_change<'n>(
    table: &str,
    names: &'n [String],
    before_up: &[LiveSchema],
    migrated: &LiveSchema,
) -> Option<&'n str> {
    let after = |i: usize| before_up.get(i + 1).unwrap_or(migrated);
    (0..names.len())
        .rev()
        .find(|&i| before_up.get(i).map(|b| b.table(table)) != Some(after(i).table(table)))
        .and_then(|i| names.get(i))
        .map(String::as_str)
}

fn progress(out: &mut dyn Write, step: &StepDone, suffix: &str) {
    let verb = match step.direction {
        crate::Direction::Up => "applied",
        crate::Direction::Down => "rolled back",
    };
    let _ = writeln!(out, "{verb:>11}  {}{suffix}", step.name);
}

fn finish(out: &mut dyn Write, notes: &mut dyn Write, failures: &[String]) -> u8 {
    if failures.is_empty() {
        let _ = writeln!(
            out,
            "verify passed: every migration applies, matches the entities, rolls back to the schema before it, and applies again"
        );
        return EXIT_OK;
    }
    for failure in failures {
        let _ = writeln!(notes, "error: {failure}");
    }
    let _ = writeln!(
        out,
        "verify failed: {} problem{}",
        failures.len(),
        if failures.len() == 1 { "" } else { "s" }
    );
    EXIT_FAILED
}

/// `migration verify` from the command line: `-u` names the PostgreSQL server to create
/// the scratch database on (never used itself); without it, or with a SQLite URL, the
/// scratch database is in-memory SQLite. Entities come from `--entity-dir`, else the
/// workspace's `entity/src`; drift severities from `validator.toml`.
pub async fn run_verify<M: MigratorTrait>(
    cli: &crate::MigrateCli,
    out: &mut dyn Write,
    notes: &mut dyn Write,
) -> Result<u8, RunError> {
    let cwd = std::env::current_dir()
        .map_err(|err| RunError::Setup(format!("cannot read the working directory: {err}")))?;
    let server = match cli.database_url.as_deref().map(str::trim) {
        Some(raw) if !raw.is_empty() => Some(DatabaseUrl::parse(raw)?),
        _ => None,
    };
    if let Some(url) = server
        .as_ref()
        .filter(|url| url.backend() == Backend::Sqlite)
    {
        let _ = writeln!(
            notes,
            "note: verify runs on in-memory SQLite; {url} is not touched"
        );
    }
    let _logging = cli.verbose.then(|| {
        let secrets = crate::logging::init_verbose(false);
        for secret in server.iter().flat_map(|url| url.secrets()) {
            secrets.add(secret);
        }
        secrets
    });
    let paths = ProjectPaths::discover(&cwd, cli.migration_dir.clone(), cli.entity_dir.clone());
    let config = Config::discover(&cwd)
        .map_err(|err| RunError::Setup(format!("cannot read validator.toml: {err}")))?;
    let options = VerifyOptions {
        server: server.as_ref(),
        paths: &paths,
        config: &config,
        cwd: &cwd,
        connect_timeout: cli.connect_timeout,
    };
    verify::<M>(&options, out, notes).await
}
