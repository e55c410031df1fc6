//! Command line of the migration runner.

use std::time::Duration;

use clap::{Parser, Subcommand};
use validator_base::duration::{parse_duration, parse_duration_or_zero};

/// Apply, roll back and inspect SeaORM migrations, on PostgreSQL or SQLite.
///
/// Without a URL the runner uses a local SQLite file and says which. Connection failures
/// are classified (cannot reach, authentication failed, database does not exist) and exit
/// with code 2; a failing migration exits with code 1 and is named. Passwords are never
/// shown.
#[derive(Parser)]
#[command(name = "migration", version, propagate_version = true)]
pub struct MigrateCli {
    /// Database URL: `postgres://user:password@host:port/db` or `sqlite://path?mode=rwc`
    #[arg(
        short = 'u',
        long,
        env = "DATABASE_URL",
        hide_env_values = true,
        global = true
    )]
    pub database_url: Option<String>,

    /// PostgreSQL schema to migrate (sets `search_path`)
    #[arg(short = 's', long, env = "DATABASE_SCHEMA", global = true)]
    pub database_schema: Option<String>,

    /// How long to wait for the database to answer before giving up: `5s`, `500ms`, or
    /// seconds
    #[arg(long, value_name = "DURATION", default_value = "5s", value_parser = parse_duration, global = true)]
    pub connect_timeout: Duration,

    /// How long to wait for another runner's migration lock before giving up (exit code 2):
    /// `30s`, `500ms`, or seconds; 0 fails at once. Without it, a runner waits for as long
    /// as the holder runs.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration_or_zero, global = true)]
    pub lock_timeout: Option<Duration>,

    /// The migration crate's `src/` (for commands that read migration files); default:
    /// `migration/src` of the Cargo workspace around the working directory
    #[arg(long, value_name = "DIR", global = true)]
    pub migration_dir: Option<std::path::PathBuf>,

    /// The entity sources (for commands that compare with the entities); default:
    /// `entity/src` of the Cargo workspace around the working directory
    #[arg(long, value_name = "DIR", global = true)]
    pub entity_dir: Option<std::path::PathBuf>,

    /// Log every SQL statement sent (passwords are scrubbed)
    #[arg(short, long, global = true)]
    pub verbose: bool,

    #[command(subcommand)]
    pub command: MigrateCommand,
}

/// What to do with the migrations.
#[derive(Subcommand, Clone, Debug, PartialEq, Eq)]
pub enum MigrateCommand {
    /// Apply pending migrations
    Up {
        /// Apply at most this many
        #[arg(short = 'n', long)]
        steps: Option<u32>,
        /// Run even if an applied migration was modified since it was applied
        #[arg(long)]
        allow_modified: bool,
    },
    /// Roll back applied migrations, newest first
    Down {
        /// Roll back this many
        #[arg(short = 'n', long, default_value_t = 1)]
        steps: u32,
    },
    /// List every migration as applied, pending, modified or missing
    Status {
        /// Exit with 3 when migrations are pending, 4 when one is modified or missing
        #[arg(long)]
        exit_code: bool,
    },
    /// Record the current checksum of every applied migration (after reviewing a change)
    Repair,
    /// Drop every table in the database, then apply all migrations
    Fresh,
    /// Roll back all applied migrations, then apply all migrations
    Refresh,
    /// Roll back all applied migrations and remove the tracking table
    Reset,
    /// The CI gate, on a scratch database (in-memory SQLite, or a new database on the
    /// `-u` PostgreSQL server): every migration up, no drift from the entities, every
    /// `down` back to the schema before its `up`, nothing left, every migration up again
    #[cfg(feature = "verify")]
    Verify,
    /// Print the SQL each pending migration would run, without changing the database
    Sql,
    /// Apply every migration to a scratch database (in-memory SQLite, or a temporary
    /// PostgreSQL database on the `-u` server) and lint the SQL each one sends
    #[cfg(feature = "lint")]
    Lint(crate::lint::LintCommand),
    /// Write the migration that takes the schema the migrations build to the one the
    /// entities describe (`--check`: exit 1 when they disagree, writing nothing)
    #[cfg(feature = "generate")]
    Generate(crate::generate::GenerateCommand),
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        MigrateCli::command().debug_assert();
    }

    #[test]
    fn down_defaults_to_one_step() {
        let cli = MigrateCli::try_parse_from(["migration", "down"]).unwrap();
        assert_eq!(cli.command, MigrateCommand::Down { steps: 1 });
    }

    #[test]
    fn rejects_nonsense_timeouts() {
        let parse = |args: &[&str]| {
            MigrateCli::try_parse_from(["migration"].iter().chain(args).chain(&["status"]))
        };
        assert!(parse(&["--connect-timeout", "0"]).is_err());
        assert!(parse(&["--connect-timeout", "abc"]).is_err());
        let cli = parse(&["--connect-timeout", "0.5", "--lock-timeout", "0"]).unwrap();
        assert_eq!(cli.connect_timeout, Duration::from_millis(500));
        assert_eq!(cli.lock_timeout, Some(Duration::ZERO));
        let cli = parse(&["--connect-timeout", "250ms", "--lock-timeout", "3s"]).unwrap();
        assert_eq!(cli.connect_timeout, Duration::from_millis(250));
        assert_eq!(cli.lock_timeout, Some(Duration::from_secs(3)));
    }

    #[test]
    fn status_exit_code_and_lock_timeout_parse() {
        let cli = MigrateCli::try_parse_from([
            "migration",
            "--lock-timeout",
            "2.5",
            "status",
            "--exit-code",
        ])
        .unwrap();
        assert_eq!(cli.command, MigrateCommand::Status { exit_code: true });
        assert_eq!(cli.lock_timeout, Some(Duration::from_millis(2500)));
    }
}
