//! `validator.toml`, found by walking up from the working directory, plus the
//! `--allow/--warn/--deny` command-line overrides (which win). This is the one parser of
//! the file: every command reads all of it, and each section rejects keys it does not
//! know, naming the file, line and column.
//!
//! ```toml
//! [check]
//! paths = ["entity/src"]          # what `validator check` checks without arguments
//! exclude = ["**/generated/**"]   # globs, relative to the config file
//! threads = 2                     # parser threads (default: one per core, at most 8)
//! fail_on = "error"               # error | warning | info: what fails `check` and `drift`
//! fix = ["missing-back-reference"] # what `check --fix`/`--diff` fixes (default: every fixable rule)
//!
//! [lint]
//! paths = ["migration/src"]       # what `validator lint` lints without arguments
//! backend = "both"                # postgres | sqlite | both (default: the crate's features)
//! fail_on = "warning"             # what fails `lint`; `warning` is squawk's behaviour
//!
//! [rules]
//! missing-back-reference = "deny"  # allow | info | warn | deny
//!
//! [services]                      # what `validator doctor` checks
//! database_urls = ["postgres://app@127.0.0.1:5432/app"]
//! redis_url = "redis://127.0.0.1:6379"
//! clickhouse_url = "http://127.0.0.1:8123"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::Error;
use crate::rules;
use crate::severity::{FailOn, Severity};
use crate::source::{Pos, SourceFile};
use validator_base::Backend;

/// The file name looked for.
pub const FILE_NAME: &str = "validator.toml";

/// A severity as written in configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Off.
    Allow,
    /// Report as information.
    Info,
    /// Report as a warning.
    Warn,
    /// Report as an error (fails the run).
    Deny,
}

impl From<Level> for Severity {
    fn from(l: Level) -> Self {
        match l {
            Level::Allow => Severity::Allow,
            Level::Info => Severity::Info,
            Level::Warn => Severity::Warning,
            Level::Deny => Severity::Error,
        }
    }
}

/// `[check]`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CheckSection {
    /// Default paths for `validator check`, relative to the config file.
    pub paths: Vec<PathBuf>,
    /// Glob patterns of files to skip, relative to the config file.
    pub exclude: Vec<String>,
    /// Parser threads; default: one per core (at most 8).
    pub threads: Option<usize>,
    /// The lowest severity that fails `check` and `drift` (default: `error`).
    pub fail_on: Option<FailOn>,
    /// The rules `check --fix` and `check --diff` fix (empty: every rule with a fix);
    /// `--fix-only` on the command line replaces it. Rule names as [`Config::parse`]
    /// leaves them: canonical, each a rule that has a fix.
    pub fix: Vec<String>,
}

/// Which backends to lint for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Backends {
    Postgres,
    Sqlite,
    Both,
}

impl Backends {
    /// The backends, PostgreSQL first.
    pub fn list(self) -> &'static [Backend] {
        match self {
            Backends::Postgres => &[Backend::Postgres],
            Backends::Sqlite => &[Backend::Sqlite],
            Backends::Both => &[Backend::Postgres, Backend::Sqlite],
        }
    }
}

/// Whether the runner wraps each `.sql` migration in a transaction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum TransactionMode {
    /// As the directory's layout says: sqlx, diesel and refinery wrap each migration
    /// unless the file (or diesel's `metadata.toml`) opts out; plain files run without.
    #[default]
    Auto,
    /// Every file runs in a transaction.
    Always,
    /// No file runs in a transaction.
    Never,
}

/// `[lint]` in `validator.toml`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LintSection {
    /// Default migration crate (its `src/`) for `validator lint`, relative to the file.
    pub paths: Vec<PathBuf>,
    /// Backends to lint for (default: for a crate, the backends its `Cargo.toml` features
    /// build, else both; PostgreSQL for `.sql` files).
    pub backend: Option<Backends>,
    /// Treat `.sql` files as if each ran in a transaction (squawk's
    /// `--assume-in-transaction`): the same as `transaction = "always"`.
    pub assume_in_transaction: bool,
    /// Whether `.sql` migrations run in a transaction (default: `auto`, from the layout).
    pub transaction: Option<TransactionMode>,
    /// Lint the down files of a SQL directory too, as reversals of their up files.
    pub include_down: bool,
    /// The lowest severity that fails `lint` and `migration lint` (default: `error`).
    pub fail_on: Option<FailOn>,
}

/// `[services]`: the services `validator doctor` checks when no flag or variable names
/// them. Read here, by the one parser, so that every command accepts the file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServicesSection {
    /// One PostgreSQL or SQLite URL.
    pub database_url: Option<String>,
    /// More PostgreSQL or SQLite URLs.
    pub database_urls: Vec<String>,
    /// A Redis URL.
    pub redis_url: Option<String>,
    /// A ClickHouse HTTP URL.
    pub clickhouse_url: Option<String>,
}

/// The parsed file.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FileConfig {
    /// `[check]`.
    pub check: CheckSection,
    /// `[rules]`: rule name (or alias) to level.
    pub rules: BTreeMap<String, Level>,
    /// `[lint]`: migration lint settings.
    pub lint: LintSection,
    /// `[services]`: what `validator doctor` checks.
    pub services: ServicesSection,
}

/// Effective configuration: file settings with command-line overrides applied.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// The file it came from, if any.
    pub path: Option<PathBuf>,
    /// `[check]`, with paths made absolute.
    pub check: CheckSection,
    /// `[lint]`, with paths made absolute.
    pub lint: LintSection,
    /// `[services]`, as written.
    pub services: ServicesSection,
    severities: BTreeMap<&'static str, Severity>,
}

impl Config {
    /// The effective severity of a rule.
    pub fn severity(&self, rule: &rules::RuleMeta) -> Severity {
        self.severities
            .get(rule.name)
            .copied()
            .unwrap_or(rule.default_severity)
    }

    /// Set a rule's severity by name or alias; errors on an unknown name.
    pub fn set(
        &mut self,
        name: &str,
        severity: Severity,
        source: Option<(&Path, Option<Pos>)>,
    ) -> Result<(), Error> {
        let Some(rule) = rules::find(name) else {
            let hint = rules::suggest(name)
                .map(|n| format!("; did you mean `{n}`?"))
                .unwrap_or_default();
            return Err(Error::Config {
                path: source.map(|(p, _)| p.to_path_buf()),
                pos: source.and_then(|(_, pos)| pos),
                cause: format!("unknown rule `{name}`{hint}"),
            });
        };
        self.severities.insert(rule.name, severity);
        Ok(())
    }

    /// Parse a config file's text.
    pub fn parse(path: &Path, text: &str) -> Result<Config, Error> {
        let file = SourceFile::new(path.to_path_buf(), text.to_owned());
        let parsed: FileConfig = toml::from_str(text).map_err(|e| Error::Config {
            path: Some(path.to_path_buf()),
            pos: e.span().map(|s| file.pos(s.start)),
            cause: e.message().to_owned(),
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        let mut cfg = Config {
            path: Some(path.to_path_buf()),
            check: CheckSection {
                paths: parsed.check.paths.iter().map(|p| base.join(p)).collect(),
                exclude: parsed.check.exclude,
                threads: parsed.check.threads,
                fail_on: parsed.check.fail_on,
                fix: Vec::new(),
            },
            lint: LintSection {
                paths: parsed.lint.paths.iter().map(|p| base.join(p)).collect(),
                ..parsed.lint
            },
            services: parsed.services,
            severities: BTreeMap::new(),
        };
        for (name, level) in &parsed.rules {
            let pos = text.find(name.as_str()).map(|o| file.pos(o));
            cfg.set(name, (*level).into(), Some((path, pos)))?;
        }
        for name in &parsed.check.fix {
            let pos = text.find(&format!("\"{name}\"")).map(|o| file.pos(o));
            cfg.check.fix.push(fixable_rule(name, Some((path, pos)))?);
        }
        Ok(cfg)
    }

    /// Find `validator.toml` walking up from `start` and load it; the default config when
    /// there is none.
    pub fn discover(start: &Path) -> Result<Config, Error> {
        for (up, dir) in start.ancestors().enumerate() {
            let candidate = dir.join(FILE_NAME);
            if candidate.is_file() {
                // Errors name the file relative to where the user stands.
                let shown: PathBuf = std::iter::repeat_n(Path::new(".."), up)
                    .collect::<PathBuf>()
                    .join(FILE_NAME);
                let text = std::fs::read_to_string(&candidate).map_err(|cause| Error::Io {
                    path: shown.clone(),
                    cause,
                })?;
                return Config::parse(&candidate, &text).map_err(|e| match e {
                    Error::Config { pos, cause, .. } => Error::Config {
                        path: Some(shown),
                        pos,
                        cause,
                    },
                    other => other,
                });
            }
        }
        Ok(Config::default())
    }
}

/// The canonical name of a rule that has a fix (`--fix-only`, `[check] fix`); an unknown
/// rule, or one without a fix, is a configuration error naming the rules that fix.
pub fn fixable_rule(name: &str, source: Option<(&Path, Option<Pos>)>) -> Result<String, Error> {
    let error = |cause: String| Error::Config {
        path: source.map(|(p, _)| p.to_path_buf()),
        pos: source.and_then(|(_, pos)| pos),
        cause,
    };
    let Some(rule) = rules::find(name) else {
        let hint = rules::suggest(name)
            .map(|n| format!("; did you mean `{n}`?"))
            .unwrap_or_default();
        return Err(error(format!("unknown rule `{name}`{hint}")));
    };
    if rule.fix.is_none() {
        let mut fixing: Vec<&str> = rules::all()
            .filter(|r| r.fix.is_some())
            .map(|r| r.name)
            .collect();
        fixing.sort_unstable();
        let list = if fixing.is_empty() {
            "none".to_owned()
        } else {
            fixing
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        return Err(error(format!(
            "rule `{}` has no automatic fix; the rules that fix: {list}",
            rule.name
        )));
    }
    Ok(rule.name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        let cfg = Config::parse(
            Path::new("/x/validator.toml"),
            "[rules]\nmissing-back-reference = \"warn\"\n",
        )
        .unwrap();
        let rule = rules::find("missing-back-reference").unwrap();
        assert_eq!(cfg.severity(rule), Severity::Warning);
        let err = Config::parse(Path::new("v.toml"), "[rule]\n").unwrap_err();
        assert!(
            matches!(
                err,
                Error::Config {
                    pos: Some(Pos { line: 1, .. }),
                    ..
                }
            ),
            "{err:?}"
        );
        let err = Config::parse(
            Path::new("v.toml"),
            "[rules]\n\nmissing-back-refrence = \"deny\"\n",
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("did you mean `missing-back-reference`"),
            "{err}"
        );
        assert!(
            matches!(
                err,
                Error::Config {
                    pos: Some(Pos { line: 3, column: 1 }),
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn every_section_is_read_and_each_rejects_unknown_keys_with_their_line() {
        let text = "[check]\npaths = [\"entity/src\"]\n\n[lint]\nbackend = \"sqlite\"\n\n\
                    [rules]\nmissing-back-reference = \"warn\"\n\n[services]\n\
                    database_urls = [\"sqlite::memory:\"]\nredis_url = \"redis://h\"\n";
        let cfg = Config::parse(Path::new("/x/validator.toml"), text).unwrap();
        assert_eq!(cfg.check.paths, [PathBuf::from("/x/entity/src")]);
        assert_eq!(cfg.lint.backend, Some(Backends::Sqlite));
        assert_eq!(cfg.services.database_urls, ["sqlite::memory:"]);
        assert_eq!(cfg.services.redis_url.as_deref(), Some("redis://h"));

        let err = Config::parse(
            Path::new("v.toml"),
            "[services]\nredis_url = \"redis://h\"\nreddis = 1\n",
        )
        .unwrap_err();
        assert!(err.to_string().contains("reddis"), "{err}");
        assert!(
            matches!(
                err,
                Error::Config {
                    pos: Some(Pos { line: 3, column: 1 }),
                    ..
                }
            ),
            "{err:?}"
        );
        let err = Config::parse(Path::new("v.toml"), "[services\n").unwrap_err();
        assert!(
            matches!(
                err,
                Error::Config {
                    pos: Some(Pos { line: 1, .. }),
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn check_fix_names_rules_that_fix() {
        let err = Config::parse(
            Path::new("v.toml"),
            "[check]\nfix = [\"missing-back-refrence\"]\n",
        )
        .unwrap_err();
        assert!(
            err.to_string().contains(
                "unknown rule `missing-back-refrence`; did you mean `missing-back-reference`?"
            ),
            "{err}"
        );
        assert!(
            matches!(
                err,
                Error::Config {
                    pos: Some(Pos { line: 2, column: 8 }),
                    ..
                }
            ),
            "{err:?}"
        );
        let unfixable = rules::all()
            .find(|r| r.fix.is_none() && r.group == crate::rule::Group::Entity)
            .unwrap();
        let err = Config::parse(
            Path::new("v.toml"),
            &format!("[check]\nfix = [\"{}\"]\n", unfixable.name),
        )
        .unwrap_err();
        assert!(err.to_string().contains("has no automatic fix"), "{err}");
        if let Some(fixable) = rules::all().find(|r| r.fix.is_some()) {
            let alias_or_name = fixable.aliases.first().unwrap_or(&fixable.name);
            let cfg = Config::parse(
                Path::new("v.toml"),
                &format!("[check]\nfix = [\"{alias_or_name}\"]\n"),
            )
            .unwrap();
            assert_eq!(cfg.check.fix, [fixable.name]);
        }
    }
}
