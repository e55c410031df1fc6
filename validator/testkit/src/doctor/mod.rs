//! `validator doctor`: is every service this project needs there, and if not, why not?
//!
//! Each service gets a TCP pre-check, then a protocol check (see [`crate::probe::check`]), and
//! one verdict: available, unreachable, timeout, auth-failed, database-missing or
//! misconfigured. URLs are shown redacted. Exit code 0 when every service is available,
//! 2 otherwise.
//!
//! `validator doctor --skips` instead summarises the test kit's skip ledger per service,
//! and exits 1 when a service's skip rate is above `--max-skip-rate` (or a
//! `--require-ran` service ran no test).
//!
//! The command is a library call, [`run_doctor`], so that the binary's CLI only has to
//! embed [`DoctorArgs`] as a subcommand.

pub mod report;
pub mod skips;
pub mod targets;

use std::{io::Write, path::PathBuf, time::Duration};

#[cfg(feature = "clap")]
use validator_base::duration::parse_duration;
use validator_base::exit::EXIT_ERROR;

pub use report::{ServiceVerdict, ServicesReport};
pub use skips::{SkipPolicy, SkipSummary};
pub use targets::{ServicesConfig, Source, Target};

use crate::probe::{CheckOptions, CheckResult, check};
use crate::{Settings, ledger};
use validator_connect::UrlError;

/// Check that the services this project needs are there, and say why when they are not.
///
/// URLs come from the flags, else DATABASE_URL / REDIS_URL / CLICKHOUSE_URL (also read from
/// `.env`), else the `[services]` table of `validator.toml`. Exit code 0 when every service
/// is available, 2 otherwise. With `--skips`, summarise the test skip ledger instead.
///
/// With the `clap` feature it is a clap `Args` struct, for a CLI to embed as a subcommand.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
pub struct DoctorArgs {
    /// A PostgreSQL or SQLite URL to check (repeatable)
    #[cfg_attr(feature = "clap", arg(long = "database-url", value_name = "URL"))]
    pub database_urls: Vec<String>,

    /// A Redis URL to check: `redis://[:password@]host:6379[/db]`
    #[cfg_attr(feature = "clap", arg(long, value_name = "URL"))]
    pub redis_url: Option<String>,

    /// A ClickHouse HTTP URL to check: `http://[user:password@]host:8123[?database=db]`
    #[cfg_attr(feature = "clap", arg(long, value_name = "URL"))]
    pub clickhouse_url: Option<String>,

    /// Output format
    #[cfg_attr(feature = "clap", arg(long, value_enum, default_value_t = Format::Human))]
    pub format: Format,

    /// Deadline of the TCP pre-check: `3s`, `500ms`, or seconds
    #[cfg_attr(feature = "clap", arg(long, value_name = "DURATION", default_value = "3s", value_parser = parse_duration))]
    pub timeout: Duration,

    /// Deadline of the protocol check that follows it
    #[cfg_attr(feature = "clap", arg(long, value_name = "DURATION", default_value = "5s", value_parser = parse_duration))]
    pub protocol_timeout: Duration,

    /// The config file to read `[services]` from (default: the nearest `validator.toml`;
    /// the caller reads it)
    #[cfg_attr(feature = "clap", arg(long, value_name = "PATH"))]
    pub config: Option<PathBuf>,

    /// Summarise the test skip ledger per service instead of checking services
    #[cfg_attr(feature = "clap", arg(long))]
    pub skips: bool,

    /// The skip ledger to read (default: `<cargo target dir>/test-ledger.jsonl`)
    #[cfg_attr(feature = "clap", arg(long, value_name = "PATH", requires = "skips"))]
    pub ledger: Option<PathBuf>,

    /// With --skips: exit 1 when a service's skip rate is above this (`0.05` or `5%`)
    #[cfg_attr(feature = "clap", arg(long, value_name = "RATE", requires = "skips", value_parser = skips::parse_rate))]
    pub max_skip_rate: Option<f64>,

    /// With --skips: exit 1 unless at least one test ran against SERVICE (repeatable)
    #[cfg_attr(
        feature = "clap",
        arg(long, value_name = "SERVICE", requires = "skips")
    )]
    pub require_ran: Vec<String>,
}

/// How the report is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Format {
    #[default]
    Human,
    Json,
}

/// Why `validator doctor` could not produce a report. Messages hold only redacted URLs.
#[derive(Debug, thiserror::Error)]
pub enum DoctorError {
    #[error("{source_name}: {cause}")]
    Url {
        source_name: String,
        cause: UrlError,
    },
    #[error(
        "nothing to check: pass --database-url, --redis-url or --clickhouse-url, set DATABASE_URL, REDIS_URL or CLICKHOUSE_URL, or add a [services] table to validator.toml"
    )]
    NothingToCheck,
    #[error(transparent)]
    Ledger(#[from] ledger::LedgerError),
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
}

/// What `validator doctor` found.
#[derive(Clone, Debug)]
pub enum DoctorReport {
    Services(ServicesReport),
    Skips(SkipSummary),
}

impl DoctorReport {
    pub fn exit_code(&self) -> u8 {
        match self {
            DoctorReport::Services(report) => report.exit_code(),
            DoctorReport::Skips(summary) => summary.exit_code(),
        }
    }

    pub fn render(&self, format: Format, out: &mut dyn Write) -> std::io::Result<()> {
        match (self, format) {
            (DoctorReport::Services(report), Format::Human) => report.render_text(out),
            (DoctorReport::Services(report), Format::Json) => report.render_json(out),
            (DoctorReport::Skips(summary), Format::Human) => summary.render_text(out),
            (DoctorReport::Skips(summary), Format::Json) => summary.render_json(out),
        }
    }
}

/// Runs `validator doctor` (see [`doctor`]), writes the report to `out` and errors to
/// `err`, and returns the exit code.
pub fn run_doctor(
    args: DoctorArgs,
    services: Option<(PathBuf, ServicesConfig)>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let format = args.format;
    match doctor(&args, services) {
        Ok(report) => {
            if let Err(io) = report.render(format, out) {
                let _ = writeln!(err, "error: cannot write the report: {io}");
                return EXIT_ERROR;
            }
            report.exit_code()
        }
        Err(cause) => {
            let _ = writeln!(err, "error: {cause}");
            EXIT_ERROR
        }
    }
}

/// Runs `validator doctor` with the process environment, `.env` and `services`, the
/// `[services]` table of `validator.toml` and the file's path (the CLI reads it with the
/// one config parser).
pub fn doctor(
    args: &DoctorArgs,
    services: Option<(PathBuf, ServicesConfig)>,
) -> Result<DoctorReport, DoctorError> {
    if args.skips {
        return summarize_skips(args).map(DoctorReport::Skips);
    }
    let dotenv = read_dotenv();
    let env = |name: &str| std::env::var(name).ok();
    let dotenv_lookup = |name: &str| {
        dotenv
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
    };
    let given = targets::Given {
        database_urls: &args.database_urls,
        redis_url: args.redis_url.as_deref(),
        clickhouse_url: args.clickhouse_url.as_deref(),
    };
    let lookup = targets::Lookup {
        env: &env,
        dotenv: &dotenv_lookup,
        config: services,
    };
    let targets = targets::resolve(&given, &lookup)?;
    let options = CheckOptions {
        tcp_timeout: args.timeout,
        timeout: args.protocol_timeout,
    };
    let offline = Settings::from_env().offline;
    check_targets(targets, &options)
        .map(|results| DoctorReport::Services(ServicesReport::new(results, offline)))
}

/// Checks every target concurrently.
pub fn check_targets(
    targets: Vec<Target>,
    options: &CheckOptions,
) -> Result<Vec<(Target, CheckResult)>, DoctorError> {
    if targets.is_empty() {
        return Err(DoctorError::NothingToCheck);
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(DoctorError::Runtime)?;
    let results = runtime.block_on(futures_util::future::join_all(
        targets.iter().map(|target| check(&target.url, options)),
    ));
    Ok(targets.into_iter().zip(results).collect())
}

fn summarize_skips(args: &DoctorArgs) -> Result<SkipSummary, DoctorError> {
    let path = match &args.ledger {
        Some(path) => path.clone(),
        None => default_target_dir().join(ledger::LEDGER_FILE),
    };
    let entries = ledger::read(&path)?;
    let policy = SkipPolicy {
        max_skip_rate: args.max_skip_rate,
        require_ran: args.require_ran.clone(),
    };
    Ok(SkipSummary::new(path, &entries, &policy))
}

/// `CARGO_TARGET_DIR`, or `target/` beside the nearest `Cargo.lock` above the working
/// directory, or `./target`.
fn default_target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(dir);
    }
    std::env::current_dir()
        .ok()
        .and_then(|cwd| {
            cwd.ancestors()
                .find(|dir| dir.join("Cargo.lock").is_file())
                .map(|dir| dir.join("target"))
        })
        .unwrap_or_else(|| PathBuf::from("target"))
}

/// The `.env` file's pairs, read without touching the process environment. A file that
/// cannot be parsed is ignored: its parser's message could quote a password.
fn read_dotenv() -> Vec<(String, String)> {
    match dotenvy::dotenv_iter() {
        Ok(pairs) => pairs.filter_map(Result::ok).collect(),
        Err(_) => Vec::new(),
    }
}

#[cfg(all(test, feature = "clap"))]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Wrapper {
        #[command(flatten)]
        args: DoctorArgs,
    }

    fn parse(args: &[&str]) -> Result<DoctorArgs, clap::Error> {
        Wrapper::try_parse_from(std::iter::once("doctor").chain(args.iter().copied()))
            .map(|wrapper| wrapper.args)
    }

    #[test]
    fn the_flags_parse() {
        let args = parse(&[
            "--database-url",
            "postgres://a@h/db",
            "--database-url",
            "sqlite::memory:",
            "--redis-url",
            "redis://h",
            "--timeout",
            "500ms",
        ])
        .unwrap();
        assert_eq!(args.database_urls.len(), 2);
        assert_eq!(args.format, Format::Human);
        assert_eq!(args.timeout, Duration::from_millis(500));
        assert_eq!(args.protocol_timeout, Duration::from_secs(5));
        let args = parse(&["--skips", "--max-skip-rate", "10%"]).unwrap();
        assert_eq!(args.max_skip_rate, Some(0.1));
        assert!(parse(&["--max-skip-rate", "0.1"]).is_err(), "needs --skips");
    }
}
