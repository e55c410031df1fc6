//! Command-line interface (clap derive). One subcommand per job.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Keeps SeaORM 2.x data models honest: finds the relationship defects SeaORM compiles
/// without a word.
#[derive(Debug, Parser)]
#[command(name = "validator", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Option<Command>,
    #[command(flatten)]
    pub(crate) output: OutputArgs,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Check SeaORM entity sources for relationship defects (the default command)
    Check(CheckArgs),
    /// Lint migrations: a sea-orm-migration crate read without building it, or `.sql` files
    Lint(LintArgs),
    /// List every rule with its group, default severity and summary
    Rules,
    /// Print the documentation of a rule
    Explain {
        /// Rule name, e.g. `missing-back-reference`
        rule: String,
    },
    /// Check that PostgreSQL, SQLite, Redis and ClickHouse answer, or summarise test skips
    #[cfg(feature = "db")]
    Doctor(validator::doctor::DoctorArgs),
}

#[derive(Debug, Args, Default)]
pub(crate) struct CheckArgs {
    /// Files or directories to check (a crate's `src/`, an entity folder). Default: the
    /// `[check] paths` of `validator.toml`, else this workspace's `entity/src`
    pub(crate) paths: Vec<PathBuf>,
    #[command(flatten)]
    pub(crate) levels: LevelArgs,
    /// Use this configuration file instead of looking for `validator.toml`
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
}

#[derive(Debug, Args, Default)]
pub(crate) struct LintArgs {
    /// A migration crate (its directory or `src/`), or `.sql` files. Default: the `[lint]
    /// paths` of `validator.toml`, else this workspace's `migration/src`
    pub(crate) paths: Vec<PathBuf>,
    /// Treat the paths as SQL files (a directory: its `*.sql` files, sorted), each one
    /// migration, linted in order
    #[arg(long)]
    pub(crate) sql: bool,
    /// Backends to lint for. Default: both for a crate, postgres for SQL files
    #[arg(long, value_enum)]
    pub(crate) backend: Option<validator::lint::Backends>,
    /// SQL files run in a transaction (as a migration runner would run them)
    #[arg(long)]
    pub(crate) assume_in_transaction: bool,
    #[command(flatten)]
    pub(crate) levels: LevelArgs,
    /// Use this configuration file instead of looking for `validator.toml`
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
}

/// Per-rule severity overrides; they win over `validator.toml`.
#[derive(Debug, Args, Default, Clone)]
pub(crate) struct LevelArgs {
    /// Turn a rule off (repeatable)
    #[arg(long, value_name = "RULE", global = true)]
    pub(crate) allow: Vec<String>,
    /// Report a rule as a warning (repeatable)
    #[arg(long, value_name = "RULE", global = true)]
    pub(crate) warn: Vec<String>,
    /// Report a rule as an error, failing the run (repeatable)
    #[arg(long, value_name = "RULE", global = true)]
    pub(crate) deny: Vec<String>,
}

/// Output options shared by every command.
#[derive(Debug, Args, Clone)]
pub(crate) struct OutputArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = FormatArg::Human, global = true)]
    pub(crate) format: FormatArg,
    /// When to use colours (human format); `NO_COLOR` turns `auto` off
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, global = true)]
    pub(crate) color: ColorArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FormatArg {
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorArg {
    Auto,
    Always,
    Never,
}
