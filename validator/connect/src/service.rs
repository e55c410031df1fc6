//! The services the tooling checks, and their URLs, redacted like [`DatabaseUrl`]s.
//!
//! [`DatabaseUrl`] stays the type for SQL databases (PostgreSQL, SQLite). A [`ServiceUrl`]
//! wraps any supported service's URL (those two, Redis, ClickHouse) with the same promise:
//! `Display` and `Debug` never show the password, and [`ServiceUrl::expose`] is only for
//! handing the URL to a client.

use std::fmt;

use crate::url::{Backend, DatabaseUrl, UrlError, password_forms, percent_decode, redact};

/// A service that tests and `validator doctor` can depend on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Service {
    Postgres,
    Sqlite,
    Redis,
    ClickHouse,
}

impl Service {
    /// Every service, in report order.
    pub const ALL: [Service; 4] = [
        Service::Postgres,
        Service::Sqlite,
        Service::Redis,
        Service::ClickHouse,
    ];

    /// The lower-case name used in messages, the ledger and JSON output.
    pub fn name(self) -> &'static str {
        match self {
            Service::Postgres => "postgres",
            Service::Sqlite => "sqlite",
            Service::Redis => "redis",
            Service::ClickHouse => "clickhouse",
        }
    }

    /// The service named `name` (as printed by [`Service::name`]).
    pub fn from_name(name: &str) -> Option<Service> {
        Service::ALL
            .into_iter()
            .find(|service| service.name().eq_ignore_ascii_case(name))
    }
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl serde::Serialize for Service {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl From<Backend> for Service {
    fn from(backend: Backend) -> Self {
        match backend {
            Backend::Postgres => Service::Postgres,
            Backend::Sqlite => Service::Sqlite,
        }
    }
}

/// The URL of a service, which never shows its password.
#[derive(Clone, PartialEq, Eq)]
pub struct ServiceUrl {
    raw: String,
    redacted: String,
    service: Service,
    secrets: Vec<String>,
}

impl ServiceUrl {
    /// A PostgreSQL or SQLite URL, parsed as [`DatabaseUrl::parse`] does.
    pub fn database(raw: &str) -> Result<Self, UrlError> {
        DatabaseUrl::parse(raw).map(Self::from)
    }

    /// A Redis URL: `redis://[user][:password@]host[:port][/db]`. `rediss://` (TLS) parses,
    /// and its check reports that this build has no TLS for Redis.
    pub fn redis(raw: &str) -> Result<Self, UrlError> {
        Self::parse_network(
            raw,
            Service::Redis,
            &["redis", "rediss"],
            "`redis://host:6379`",
        )
    }

    /// A ClickHouse HTTP interface URL: `http://[user:password@]host:8123[?database=db]`,
    /// `https://...`, or `clickhouse://...` (plain HTTP).
    pub fn clickhouse(raw: &str) -> Result<Self, UrlError> {
        Self::parse_network(
            raw,
            Service::ClickHouse,
            &["http", "https", "clickhouse"],
            "`http://host:8123` or `https://host:8443`",
        )
    }

    fn parse_network(
        raw: &str,
        service: Service,
        schemes: &[&str],
        expected: &'static str,
    ) -> Result<Self, UrlError> {
        let redacted = redact(raw);
        let scheme = raw
            .split_once("://")
            .map(|(scheme, _)| scheme.to_ascii_lowercase())
            .unwrap_or_default();
        if !schemes.contains(&scheme.as_str()) {
            return Err(UrlError::WrongScheme {
                service: service.name(),
                url: redacted,
                scheme,
                expected,
            });
        }
        let parsed = url::Url::parse(raw).map_err(|err| UrlError::Invalid {
            url: redacted.clone(),
            reason: err.to_string(),
        })?;
        if parsed.host_str().is_none_or(str::is_empty) {
            return Err(UrlError::Invalid {
                url: redacted,
                reason: "it names no host".to_owned(),
            });
        }
        Ok(Self {
            secrets: password_forms(raw),
            raw: raw.to_owned(),
            redacted,
            service,
        })
    }

    /// The service this URL points at.
    pub fn service(&self) -> Service {
        self.service
    }

    /// The URL with its password replaced by `***`.
    pub fn redacted(&self) -> &str {
        &self.redacted
    }

    /// The raw URL, password included. Hand it to a client; never print it.
    pub fn expose(&self) -> &str {
        &self.raw
    }

    /// Removes this URL's password from `text`, and shows the URL itself redacted.
    pub fn scrub(&self, text: &str) -> String {
        crate::url::scrub(text, &self.raw, &self.redacted, &self.secrets)
    }

    /// The same URL as a [`DatabaseUrl`], for PostgreSQL and SQLite.
    pub fn as_database_url(&self) -> Option<DatabaseUrl> {
        match self.service {
            Service::Postgres | Service::Sqlite => DatabaseUrl::parse(&self.raw).ok(),
            Service::Redis | Service::ClickHouse => None,
        }
    }

    /// The host and port a TCP pre-check should dial, or `None` when the service is not
    /// reached over TCP (SQLite, a PostgreSQL Unix socket).
    pub fn tcp_endpoint(&self) -> Option<(String, u16)> {
        let parsed = url::Url::parse(&self.raw).ok()?;
        let default_port = match (self.service, parsed.scheme()) {
            (Service::Sqlite, _) => return None,
            (Service::Postgres, _) => {
                // `?host=/run/postgresql` selects a socket directory.
                if parsed.query_pairs().any(|(key, _)| key == "host") {
                    return None;
                }
                5432
            }
            (Service::Redis, _) => 6379,
            (Service::ClickHouse, "https") => 8443,
            (Service::ClickHouse, _) => 8123,
        };
        let host = parsed.host_str()?;
        let decoded = percent_decode(host);
        if decoded.is_empty() || decoded.starts_with('/') {
            return None;
        }
        // `Url` keeps the brackets of an IPv6 host; the resolver wants them off.
        let host = decoded.trim_start_matches('[').trim_end_matches(']');
        Some((host.to_owned(), parsed.port().unwrap_or(default_port)))
    }
}

impl From<DatabaseUrl> for ServiceUrl {
    fn from(url: DatabaseUrl) -> Self {
        Self {
            raw: url.expose().to_owned(),
            redacted: url.redacted().to_owned(),
            service: url.backend().into(),
            secrets: url.secrets().to_vec(),
        }
    }
}

impl fmt::Display for ServiceUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted)
    }
}

impl fmt::Debug for ServiceUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ServiceUrl").field(&self.redacted).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redis_urls_are_redacted_and_dialled_on_their_port() {
        let url = ServiceUrl::redis("redis://:hunter2@cache.internal/3").unwrap();
        assert_eq!(url.service(), Service::Redis);
        assert_eq!(url.redacted(), "redis://:***@cache.internal/3");
        assert!(!format!("{url} {url:?}").contains("hunter2"));
        assert_eq!(
            url.tcp_endpoint(),
            Some(("cache.internal".to_owned(), 6379))
        );
        assert_eq!(url.scrub("WRONGPASS hunter2"), "WRONGPASS ***");
    }

    #[test]
    fn clickhouse_urls_default_to_the_http_ports() {
        let plain = ServiceUrl::clickhouse("http://default:pw@127.0.0.1/?database=x").unwrap();
        assert_eq!(plain.tcp_endpoint(), Some(("127.0.0.1".to_owned(), 8123)));
        assert_eq!(plain.redacted(), "http://default:***@127.0.0.1/?database=x");
        let tls = ServiceUrl::clickhouse("https://ch.example").unwrap();
        assert_eq!(tls.tcp_endpoint(), Some(("ch.example".to_owned(), 8443)));
    }

    #[test]
    fn a_url_for_the_wrong_service_names_what_is_expected() {
        let err = ServiceUrl::redis("postgres://u:s3cret@h/db").unwrap_err();
        assert!(matches!(err, UrlError::WrongScheme { .. }), "{err}");
        let text = err.to_string();
        assert!(
            text.contains("redis://") && !text.contains("s3cret"),
            "{text}"
        );
        assert!(ServiceUrl::clickhouse("redis://h").is_err());
    }

    #[test]
    fn postgres_sockets_and_sqlite_have_no_tcp_endpoint() {
        for raw in [
            "postgres:///app?host=/run/postgresql",
            "postgres://%2Frun%2Fpostgresql/app",
            "sqlite::memory:",
        ] {
            let url = ServiceUrl::database(raw).unwrap();
            assert_eq!(url.tcp_endpoint(), None, "{raw}");
        }
        let url = ServiceUrl::database("postgres://u@[::1]/db").unwrap();
        assert_eq!(url.tcp_endpoint(), Some(("::1".to_owned(), 5432)));
    }

    #[test]
    fn converts_from_a_database_url_keeping_its_secrets() {
        let db = DatabaseUrl::parse("postgres://app:pw%40x@h:6543/db").unwrap();
        let url = ServiceUrl::from(db);
        assert_eq!(url.service(), Service::Postgres);
        assert_eq!(url.scrub("pw@x"), "***");
        assert_eq!(url.tcp_endpoint(), Some(("h".to_owned(), 6543)));
        assert!(url.as_database_url().is_some());
    }
}
