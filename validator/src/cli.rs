//! Command-line interface (clap derive). One subcommand per job.

use std::path::PathBuf;
#[cfg(feature = "db")]
use std::time::Duration;

use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};
#[cfg(feature = "db")]
use validator_base::duration::parse_duration;
use validator_core::FailOn;
use validator_core::diagram::DiagramFormat;
use validator_core::render::Format;

/// Keeps SeaORM 2.x data models honest: finds the relationship defects SeaORM compiles
/// without a word.
#[derive(Debug, Parser)]
#[command(name = "validator", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check SeaORM entity sources for relationship defects (the default command); `--fix`
    /// repairs the ones with an unambiguous fix
    Check(CheckCommand),
    /// Lint migrations: a sea-orm-migration crate read without building it, or `.sql` files
    Lint(LintArgs),
    /// List every rule with its group, default severity and summary
    Rules {
        /// Output format
        #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
        format: RulesFormat,
    },
    /// Print the documentation of a rule
    Explain {
        /// Rule name, e.g. `missing-back-reference`
        rule: String,
    },
    /// Draw the entity relationship graph as an ER diagram (`--format mermaid|dot`)
    Graph(GraphArgs),
    /// Print a shell completion script: `validator completions bash > /etc/bash_completion.d/validator`
    Completions {
        /// The shell to complete for
        shell: clap_complete::Shell,
    },
    /// Check that PostgreSQL, SQLite, Redis and ClickHouse answer, or summarise test skips
    #[cfg(feature = "db")]
    Doctor(validator_testkit::doctor::DoctorArgs),
    /// Compare the entities with a live database's schema (PostgreSQL or SQLite)
    #[cfg(feature = "db")]
    Drift(DriftArgs),
}

/// `validator drift`: the `check` arguments plus the database.
#[cfg(feature = "db")]
#[derive(Debug, Args)]
pub struct DriftArgs {
    /// Database URL: `postgres://user:password@host:port/db` or `sqlite://path`
    #[arg(short = 'u', long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: String,
    #[command(flatten)]
    pub check: CheckArgs,
    /// A table never reported as unmapped (repeatable); the migration tracking tables
    /// never are
    #[arg(long, value_name = "TABLE")]
    pub ignore_table: Vec<String>,
    /// How long to wait for the database to answer: `5s`, `500ms`, or seconds
    #[arg(long, value_name = "DURATION", default_value = "5s", value_parser = parse_duration)]
    pub connect_timeout: Duration,
}

/// `validator check`: the entity arguments plus the fix options (which `drift` lacks).
#[derive(Debug, Args, Default)]
pub struct CheckCommand {
    #[command(flatten)]
    pub check: CheckArgs,
    #[command(flatten)]
    pub fix: FixArgs,
}

/// `validator check --fix` and `--diff`: which fixes, and whether to write them.
#[derive(Debug, Args, Default, Clone)]
#[command(group(ArgGroup::new("fixing").args(["fix", "diff"]).multiple(false)))]
pub struct FixArgs {
    /// Apply every safe fix and write the files, then report what is left (the exit code
    /// is computed on what is left)
    #[arg(long)]
    pub fix: bool,
    /// Print the fixes as a unified diff (`git apply` takes it) without writing; exit 1
    /// when there would be a change
    #[arg(long)]
    pub diff: bool,
    /// Fix only this rule (repeatable); replaces `[check] fix` of `validator.toml`
    #[arg(long, value_name = "RULE", requires = "fixing")]
    pub fix_only: Vec<String>,
    /// Apply unsafe fixes too: they change more than the defect (a column's type, say),
    /// so read the diff
    #[arg(long, requires = "fixing")]
    pub unsafe_fixes: bool,
}

#[derive(Debug, Args, Default)]
pub struct CheckArgs {
    /// Files or directories to check (a crate's `src/`, an entity folder). Default: the
    /// `[check] paths` of `validator.toml`, else this workspace's `entity/src`
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub levels: LevelArgs,
    /// Use this configuration file instead of looking for `validator.toml`
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Report only findings with a location in a file changed since this git ref (the
    /// whole model is still read: a change on one side can break the other)
    #[arg(long, value_name = "GIT_REF")]
    pub changed_since: Option<String>,
    /// Exit 1 when a finding is at this level or above. Default: `[check] fail_on` of
    /// `validator.toml`, else `error`
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_on: Option<FailOn>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Debug, Args, Default)]
pub struct GraphArgs {
    /// Entity files or directories. Default: as for `validator check`
    pub paths: Vec<PathBuf>,
    /// Use this configuration file instead of looking for `validator.toml`
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Diagram language
    #[arg(long, value_enum, default_value_t = DiagramFormat::Mermaid)]
    pub format: DiagramFormat,
}

#[derive(Debug, Args, Default)]
pub struct LintArgs {
    /// A migration crate (its directory or `src/`), or `.sql` files. Default: the `[lint]
    /// paths` of `validator.toml`, else this workspace's `migration/src`
    pub paths: Vec<PathBuf>,
    /// Treat the paths as SQL files or migration directories (sqlx, diesel, refinery or
    /// plain): each forward file one migration, in version order; down files are paired
    /// with their up files, never linted as forward steps
    #[arg(long)]
    pub sql: bool,
    /// Backends to lint for. Default: `[lint] backend`, else for a crate the backends its
    /// Cargo.toml features build (else both), postgres for SQL files
    #[arg(long, value_enum)]
    pub backend: Option<validator_core::lint::Backends>,
    /// Whether each SQL migration runs in a transaction. `auto` (default): as the
    /// directory's layout says (sqlx, diesel and refinery wrap each one unless it opts out;
    /// plain files run without)
    #[arg(long, value_enum, value_name = "MODE")]
    pub transaction: Option<validator_core::lint::TransactionMode>,
    /// The same as `--transaction always` (squawk's flag)
    #[arg(long)]
    pub assume_in_transaction: bool,
    /// Also lint each down file (`*.down.sql`, diesel's `down.sql`), as the reversal of
    /// its up file, against the schema that file left
    #[arg(long)]
    pub include_down: bool,
    #[command(flatten)]
    pub levels: LevelArgs,
    /// Use this configuration file instead of looking for `validator.toml`
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Report only findings with a location in a file changed since this git ref (every
    /// migration is still read: order and registration span files)
    #[arg(long, value_name = "GIT_REF")]
    pub changed_since: Option<String>,
    /// Exit 1 when a finding is at this level or above (`warning`: squawk's behaviour).
    /// Default: `[lint] fail_on` of `validator.toml`, else `error`
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_on: Option<FailOn>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// Per-rule severity overrides; they win over `validator.toml`.
#[derive(Debug, Args, Default, Clone)]
pub struct LevelArgs {
    /// Turn a rule off (repeatable)
    #[arg(long, value_name = "RULE", global = true)]
    pub allow: Vec<String>,
    /// Report a rule as a warning (repeatable)
    #[arg(long, value_name = "RULE", global = true)]
    pub warn: Vec<String>,
    /// Report a rule as an error, failing the run (repeatable)
    #[arg(long, value_name = "RULE", global = true)]
    pub deny: Vec<String>,
}

/// Output options shared by every command. Each command has its own `--format`, with
/// the values it writes.
#[derive(Debug, Args, Clone)]
pub struct OutputArgs {
    /// When to use colours (human format); `NO_COLOR` turns `auto` off
    // Listed after each command's own options, whichever commands the build has.
    #[arg(
        long,
        value_enum,
        default_value_t = ColorArg::Auto,
        global = true,
        display_order = 100
    )]
    pub color: ColorArg,
}

/// `validator rules --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}
