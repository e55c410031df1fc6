//! Which services to check, and where each URL came from: command-line flags first, then
//! the environment (`DATABASE_URL`, `REDIS_URL`, `CLICKHOUSE_URL`), then `.env`, then the
//! `[services]` table of `validator.toml` (read by `validator-core`'s config parser). The
//! first source that names a kind of service wins for that kind.
//!
//! ```toml
//! [services]
//! database_urls = ["postgres://app@127.0.0.1:5432/app", "sqlite://dev.sqlite3"]
//! redis_url = "redis://127.0.0.1:6379"
//! clickhouse_url = "http://127.0.0.1:8123"
//! ```

use std::{fmt, path::PathBuf};

use super::DoctorError;
use validator_connect::{ServiceUrl, UrlError};

/// Where a URL came from, for the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Flag(&'static str),
    Env(&'static str),
    DotEnv(&'static str),
    Config(PathBuf),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag(flag) => write!(f, "{flag}"),
            Source::Env(var) => write!(f, "${var}"),
            Source::DotEnv(var) => write!(f, "{var} in .env"),
            Source::Config(path) => write!(f, "{}", path.display()),
        }
    }
}

/// One service to check.
#[derive(Clone, Debug)]
pub struct Target {
    pub url: ServiceUrl,
    pub source: Source,
}

/// The `[services]` table of `validator.toml`, as the config parser read it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServicesConfig {
    pub database_url: Option<String>,
    pub database_urls: Vec<String>,
    pub redis_url: Option<String>,
    pub clickhouse_url: Option<String>,
}

/// What the command line gave.
#[derive(Clone, Debug, Default)]
pub struct Given<'a> {
    pub database_urls: &'a [String],
    pub redis_url: Option<&'a str>,
    pub clickhouse_url: Option<&'a str>,
}

/// Where to look besides the command line.
pub struct Lookup<'a> {
    /// The process environment.
    pub env: &'a dyn Fn(&str) -> Option<String>,
    /// The `.env` file's values.
    pub dotenv: &'a dyn Fn(&str) -> Option<String>,
    /// `validator.toml`'s path and `[services]` table, if there is one.
    pub config: Option<(PathBuf, ServicesConfig)>,
}

type Parse = fn(&str) -> Result<ServiceUrl, UrlError>;

/// One kind of service and everywhere its URLs can come from.
struct Kind {
    given: Vec<String>,
    flag: &'static str,
    variable: &'static str,
    from_config: Vec<String>,
    parse: Parse,
}

/// The services to check, in the order database URLs, Redis, ClickHouse.
pub fn resolve(given: &Given<'_>, lookup: &Lookup<'_>) -> Result<Vec<Target>, DoctorError> {
    let config = lookup.config.as_ref();
    let config_databases: Vec<String> = config
        .map(|(_, services)| {
            services
                .database_url
                .iter()
                .chain(&services.database_urls)
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let from_config = |pick: fn(&ServicesConfig) -> Option<String>| -> Vec<String> {
        config
            .and_then(|(_, services)| pick(services))
            .into_iter()
            .collect()
    };
    let kinds = [
        Kind {
            given: given.database_urls.to_vec(),
            flag: "--database-url",
            variable: "DATABASE_URL",
            from_config: config_databases,
            parse: ServiceUrl::database,
        },
        Kind {
            given: given.redis_url.map(str::to_owned).into_iter().collect(),
            flag: "--redis-url",
            variable: "REDIS_URL",
            from_config: from_config(|services| services.redis_url.clone()),
            parse: ServiceUrl::redis,
        },
        Kind {
            given: given
                .clickhouse_url
                .map(str::to_owned)
                .into_iter()
                .collect(),
            flag: "--clickhouse-url",
            variable: "CLICKHOUSE_URL",
            from_config: from_config(|services| services.clickhouse_url.clone()),
            parse: ServiceUrl::clickhouse,
        },
    ];
    let mut targets = Vec::new();
    for kind in kinds {
        let Kind {
            given: flags,
            flag,
            variable,
            from_config,
            parse,
        } = kind;
        let (raws, source) = if !flags.is_empty() {
            (flags, Source::Flag(flag))
        } else if let Some(value) = non_empty((lookup.env)(variable)) {
            (vec![value], Source::Env(variable))
        } else if let Some(value) = non_empty((lookup.dotenv)(variable)) {
            (vec![value], Source::DotEnv(variable))
        } else if let (false, Some((path, _))) = (from_config.is_empty(), config) {
            (from_config, Source::Config(path.clone()))
        } else {
            continue;
        };
        for raw in raws {
            let url = parse(raw.trim()).map_err(|cause| DoctorError::Url {
                source_name: source.to_string(),
                cause,
            })?;
            targets.push(Target {
                url,
                source: source.clone(),
            });
        }
    }
    Ok(targets)
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|value| !value.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn flags_win_over_the_environment_and_the_config() {
        let env = |name: &str| (name == "DATABASE_URL").then(|| "postgres://env@h/db".to_owned());
        let config = ServicesConfig {
            database_url: Some("sqlite::memory:".into()),
            redis_url: Some("redis://from-config".into()),
            ..ServicesConfig::default()
        };
        let lookup = Lookup {
            env: &env,
            dotenv: &none,
            config: Some((PathBuf::from("validator.toml"), config)),
        };
        let flags = [
            "postgres://a@h/one".to_owned(),
            "sqlite::memory:".to_owned(),
        ];
        let given = Given {
            database_urls: &flags,
            ..Given::default()
        };
        let targets = resolve(&given, &lookup).unwrap();
        let shown: Vec<_> = targets
            .iter()
            .map(|t| format!("{} {}", t.url, t.source))
            .collect();
        assert_eq!(
            shown,
            [
                "postgres://a@h/one --database-url",
                "sqlite::memory: --database-url",
                "redis://from-config validator.toml",
            ]
        );

        let targets = resolve(&Given::default(), &lookup).unwrap();
        assert_eq!(targets[0].source, Source::Env("DATABASE_URL"));
        assert_eq!(targets.len(), 2);
    }

    #[test]
    fn dotenv_comes_after_the_environment() {
        let dotenv = |name: &str| (name == "REDIS_URL").then(|| "redis://dotenv:6379".to_owned());
        let lookup = Lookup {
            env: &none,
            dotenv: &dotenv,
            config: None,
        };
        let targets = resolve(&Given::default(), &lookup).unwrap();
        assert_eq!(targets.len(), 1);
        assert_eq!(targets[0].source.to_string(), "REDIS_URL in .env");
    }

    #[test]
    fn a_bad_url_names_its_source_and_stays_redacted() {
        let env = |name: &str| (name == "REDIS_URL").then(|| "http://u:s3cret@h".to_owned());
        let lookup = Lookup {
            env: &env,
            dotenv: &none,
            config: None,
        };
        let err = resolve(&Given::default(), &lookup).unwrap_err().to_string();
        assert!(err.contains("$REDIS_URL"), "{err}");
        assert!(!err.contains("s3cret"), "{err}");
    }
}
