//! `validator`: turns arguments into a library call and the result into an exit code
//! (0 clean, 1 error-level findings, 2 usage, input or infrastructure error).

#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use validator_core::diagnostic::Severity;
use validator_core::render::{self, Format, Options};
use validator_core::{Config, Error, rules};

use validator::cli::{
    CheckArgs, CheckCommand, Cli, ColorArg, Command, GraphArgs, LevelArgs, LintArgs, RulesFormat,
};

use validator_base::exit::EXIT_ERROR;
use validator_base::terminal::{self, ColorChoice};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = match cli.output.color {
        ColorArg::Always => ColorChoice::Always,
        ColorArg::Never => ColorChoice::Never,
        ColorArg::Auto => ColorChoice::Auto,
    }
    .enabled(std::io::stdout().is_terminal());
    let width = terminal::width();
    let options = |format| Options {
        format,
        color,
        width,
    };
    let result = match cli.command {
        None => check(CheckCommand::default(), &options(Format::Human)),
        Some(Command::Check(args)) => {
            let options = options(args.check.format);
            check(args, &options)
        }
        Some(Command::Lint(args)) => {
            let options = options(args.format);
            lint(args, &options)
        }
        Some(Command::Rules { format }) => list_rules(format),
        Some(Command::Explain { rule }) => explain(&rule),
        Some(Command::Graph(args)) => graph(args),
        Some(Command::Completions { shell }) => completions(shell),
        #[cfg(feature = "db")]
        Some(Command::Doctor(args)) => doctor(args),
        #[cfg(feature = "db")]
        Some(Command::Drift(args)) => {
            let options = options(args.check.format);
            drift(args, &options)
        }
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            let text = render::render_error(&e, color && std::io::stderr().is_terminal(), width);
            let _ = writeln!(std::io::stderr(), "{text}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// `validator doctor`. The `[services]` table comes from `validator.toml`, read by the one
/// config parser.
#[cfg(feature = "db")]
fn doctor(args: validator_testkit::doctor::DoctorArgs) -> Result<ExitCode, Error> {
    use validator_testkit::doctor::ServicesConfig;
    let services = if args.skips {
        None
    } else {
        let cfg = load_config(
            args.config.as_deref(),
            &LevelArgs::default(),
            &working_dir()?,
        )?;
        cfg.path.map(|path| {
            let services = cfg.services;
            let config = ServicesConfig {
                database_url: services.database_url,
                database_urls: services.database_urls,
                redis_url: services.redis_url,
                clickhouse_url: services.clickhouse_url,
            };
            (path, config)
        })
    };
    let code = validator_testkit::doctor::run_doctor(
        args,
        services,
        &mut std::io::stdout(),
        &mut std::io::stderr(),
    );
    Ok(ExitCode::from(code))
}

/// `validator drift`: like `check`, against a live database; database failures exit 2.
#[cfg(feature = "db")]
fn drift(args: validator::cli::DriftArgs, opts: &Options) -> Result<ExitCode, Error> {
    use validator_connect::DatabaseUrl;
    use validator_core::drift::DriftOptions;
    use validator_db::drift::DriftError;
    use validator_db::drift::check_database;

    let cwd = working_dir()?;
    let (cfg, paths) = entity_inputs(&args.check, &cwd)?;
    let mut options = DriftOptions::default();
    options.ignore_tables.extend(args.ignore_table);
    let database_error = |message: String| {
        let text = render_database_error(&message, opts);
        let _ = writeln!(std::io::stderr(), "{text}");
        Ok(ExitCode::from(EXIT_ERROR))
    };
    let url = match DatabaseUrl::parse(args.database_url.trim()) {
        Ok(url) => url,
        Err(err) => return database_error(err.to_string()),
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => return database_error(format!("cannot start the async runtime: {err}")),
    };
    let timeout = args.connect_timeout;
    let drift = match runtime.block_on(check_database(&paths, &cfg, &cwd, &url, timeout, &options))
    {
        Ok(drift) => drift,
        Err(DriftError::Input(err)) => return Err(err),
        Err(err) => return database_error(err.to_string()),
    };
    let report = drift.report;
    print(&render::render(&report, opts));
    let fail_on = args.check.fail_on.or(cfg.check.fail_on).unwrap_or_default();
    Ok(ExitCode::from(report.exit_code(fail_on)))
}

/// A database failure as miette renders the other infrastructure errors, with the code
/// `validator::db`.
#[cfg(feature = "db")]
fn render_database_error(message: &str, opts: &Options) -> String {
    use miette::{GraphicalReportHandler, GraphicalTheme, MietteDiagnostic};
    let color = opts.color && std::io::stderr().is_terminal();
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(opts.width)
        .with_links(false);
    let mut out = String::new();
    let _ = handler.render_report(
        &mut out,
        &MietteDiagnostic::new(message).with_code("validator::db"),
    );
    out
}

fn print(text: &str) {
    let _ = std::io::stdout().write_all(text.as_bytes());
}

fn config(args: &CheckArgs, cwd: &Path) -> Result<Config, Error> {
    load_config(args.config.as_deref(), &args.levels, cwd)
}

fn load_config(file: Option<&Path>, levels: &LevelArgs, cwd: &Path) -> Result<Config, Error> {
    let mut cfg = match file {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|cause| Error::Io {
                path: path.to_path_buf(),
                cause,
            })?;
            Config::parse(path, &text)?
        }
        None => Config::discover(cwd)?,
    };
    apply_levels(&mut cfg, levels)?;
    Ok(cfg)
}

/// `validator lint`: a migration crate read with syn, or `.sql` files.
fn lint(args: LintArgs, opts: &Options) -> Result<ExitCode, Error> {
    let cwd = working_dir()?;
    let cfg = load_config(args.config.as_deref(), &args.levels, &cwd)?;
    let paths = if !args.paths.is_empty() {
        args.paths.clone()
    } else if !cfg.lint.paths.is_empty() {
        cfg.lint.paths.clone()
    } else {
        let root = validator_base::path::workspace_root(&cwd).ok_or_else(|| Error::Input {
            cause: "no path given and no Cargo workspace above the current directory; run `validator lint <PATH>`".to_owned(),
        })?;
        vec![root.join("migration").join("src")]
    };
    let is_sql = |p: &Path| p.extension().is_some_and(|e| e == "sql");
    let mut report = if args.sql || paths.iter().all(|p| is_sql(p)) {
        use validator_core::lint::TransactionMode;
        let transaction = args
            .transaction
            .or(args
                .assume_in_transaction
                .then_some(TransactionMode::Always))
            .or(cfg.lint.transaction)
            .or(cfg
                .lint
                .assume_in_transaction
                .then_some(TransactionMode::Always))
            .unwrap_or_default();
        let options = validator_core::lint::SqlOptions {
            backends: args
                .backend
                .or(cfg.lint.backend)
                .unwrap_or(validator_core::lint::Backends::Postgres),
            transaction,
            include_down: args.include_down || cfg.lint.include_down,
        };
        let report = validator_core::lint::lint_sql_files(&paths, &cfg, options, &cwd)?;
        if report.summary.migrations == 0 {
            return Err(Error::Input {
                cause: "no `.sql` migration to lint".to_owned(),
            });
        }
        report
    } else {
        let mut reports = Vec::new();
        for p in &paths {
            if validator_core::lint::sql_dir::is_sql_dir(p) {
                return Err(Error::Input {
                    cause: format!(
                        "`{}` holds `.sql` files, not a migration crate; did you mean `validator lint --sql {}`?",
                        p.display(),
                        p.display()
                    ),
                });
            }
            reports.push(validator_core::lint::lint_crate(
                p,
                &cfg,
                args.backend,
                &cwd,
            )?);
        }
        validator_core::lint::merge(reports)
    };
    if let Some(git_ref) = &args.changed_since {
        let changed = validator_core::changed::changed_files(&cwd, git_ref)?;
        validator_core::changed::retain_changed(&mut report, &changed, &cwd);
    }
    print(&render::render(&report, opts));
    let fail_on = args.fail_on.or(cfg.lint.fail_on).unwrap_or_default();
    Ok(ExitCode::from(report.exit_code(fail_on)))
}

fn apply_levels(cfg: &mut Config, levels: &LevelArgs) -> Result<(), Error> {
    for (names, sev) in [
        (&levels.allow, Severity::Allow),
        (&levels.warn, Severity::Warning),
        (&levels.deny, Severity::Error),
    ] {
        for name in names {
            cfg.set(name, sev, None)?;
        }
    }
    Ok(())
}

fn working_dir() -> Result<PathBuf, Error> {
    std::env::current_dir().map_err(|cause| Error::Io {
        path: PathBuf::from("."),
        cause,
    })
}

/// The config, and the entity paths: those given, or else the defaults.
fn entity_inputs(args: &CheckArgs, cwd: &Path) -> Result<(Config, Vec<PathBuf>), Error> {
    let cfg = config(args, cwd)?;
    let paths = if args.paths.is_empty() {
        default_paths(&cfg, cwd)?
    } else {
        args.paths.clone()
    };
    Ok((cfg, paths))
}

/// Without paths: the config's `[check] paths`, else the workspace's `entity/src`.
fn default_paths(cfg: &Config, cwd: &Path) -> Result<Vec<PathBuf>, Error> {
    if !cfg.check.paths.is_empty() {
        return Ok(cfg.check.paths.clone());
    }
    let root = validator_base::path::workspace_root(cwd).ok_or_else(|| Error::Input {
        cause: "no path given and no Cargo workspace above the current directory; run `validator check <PATH>`".to_owned(),
    })?;
    let dir = root.join("entity").join("src");
    if dir.is_dir() {
        Ok(vec![dir])
    } else {
        Err(Error::Input {
            cause: format!(
                "no path given and no entity crate at `{}`; run `validator check <PATH>` or set `[check] paths` in validator.toml",
                dir.display()
            ),
        })
    }
}

fn check(command: CheckCommand, opts: &Options) -> Result<ExitCode, Error> {
    let CheckCommand { check: args, fix } = command;
    let cwd = working_dir()?;
    let (cfg, paths) = entity_inputs(&args, &cwd)?;
    if fix.fix || fix.diff {
        return validator::fix::run(&args, &fix, &cfg, &paths, &cwd, opts).map(ExitCode::from);
    }
    let mut report = validator_core::check_paths(&paths, &cfg, &cwd)?;
    if let Some(git_ref) = &args.changed_since {
        let changed = validator_core::changed::changed_files(&cwd, git_ref)?;
        validator_core::changed::retain_changed(&mut report, &changed, &cwd);
    }
    print(&render::render(&report, opts));
    let fail_on = args.fail_on.or(cfg.check.fail_on).unwrap_or_default();
    let code = ExitCode::from(report.exit_code(fail_on));
    // The process ends here: let the OS reclaim the model instead of freeing it piece by
    // piece (measurable on crates with thousands of entities).
    std::mem::forget(report);
    Ok(code)
}

/// `validator graph`: the ER diagram of the entities (Mermaid by default).
fn graph(args: GraphArgs) -> Result<ExitCode, Error> {
    let check_args = CheckArgs {
        paths: args.paths,
        config: args.config,
        ..CheckArgs::default()
    };
    let cwd = working_dir()?;
    let (cfg, paths) = entity_inputs(&check_args, &cwd)?;
    let report = validator_core::check_paths(&paths, &cfg, &cwd)?;
    if let Some(problem) = report.problems.into_iter().next() {
        return Err(problem);
    }
    print(&validator_core::diagram::render(&report.model, args.format));
    Ok(ExitCode::SUCCESS)
}

/// `validator completions <shell>`.
fn completions(shell: clap_complete::Shell) -> Result<ExitCode, Error> {
    use clap::CommandFactory;
    let mut command = Cli::command();
    clap_complete::generate(shell, &mut command, "validator", &mut std::io::stdout());
    Ok(ExitCode::SUCCESS)
}

fn list_rules(format: RulesFormat) -> Result<ExitCode, Error> {
    let mut all: Vec<&rules::RuleMeta> = rules::all().collect();
    all.sort_by_key(|r| (r.group, r.name));
    if format == RulesFormat::Json {
        let list: Vec<serde_json::Value> = all
            .iter()
            .map(|r| {
                serde_json::json!({
                    "name": r.name,
                    "group": r.group.as_str(),
                    "severity": r.default_severity.as_str(),
                    "fix": r.fix.map(render::applicability),
                    "summary": r.summary(),
                })
            })
            .collect();
        print(&format!(
            "{}\n",
            serde_json::to_string_pretty(&list).unwrap_or_default()
        ));
        return Ok(ExitCode::SUCCESS);
    }
    let width = all.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut out = format!(
        "{:width$}  {:<9}  {:<8}  {:<6}  summary\n",
        "rule", "group", "severity", "fix"
    );
    for r in all {
        out.push_str(&format!(
            "{:width$}  {:<9}  {:<8}  {:<6}  {}\n",
            r.name,
            r.group.as_str(),
            r.default_severity.as_str(),
            r.fix.map(render::applicability).unwrap_or("-"),
            r.summary()
        ));
    }
    print(&out);
    Ok(ExitCode::SUCCESS)
}

fn explain(name: &str) -> Result<ExitCode, Error> {
    match rules::find(name) {
        Some(rule) => {
            print(&rule.doc());
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let hint = rules::suggest(name)
                .map(|n| format!("; did you mean `{n}`?"))
                .unwrap_or_default();
            Err(Error::Input {
                cause: format!("unknown rule `{name}`{hint}; run `validator rules` for the list"),
            })
        }
    }
}
