//! Database URLs that never show their password.
//!
//! A [`DatabaseUrl`] prints itself redacted (`postgres://app:***@host/db`) through both
//! `Display` and `Debug`; the raw text is reachable only through [`DatabaseUrl::expose`],
//! which is meant for handing it to a driver. [`DatabaseUrl::scrub`] removes the password
//! from any text, such as a driver's error message, before it is shown.

use std::fmt;

pub use validator_base::Backend;

/// The placeholder that replaces a password wherever a URL is shown.
pub const REDACTED: &str = "***";

/// Why a string is not a usable database URL. Messages hold only redacted text.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum UrlError {
    #[error("invalid database URL `{url}`: {reason}")]
    Invalid { url: String, reason: String },
    #[error(
        "unsupported database URL scheme `{scheme}` in `{url}`: use `postgres://` or `sqlite:`"
    )]
    UnsupportedScheme { url: String, scheme: String },
    /// A URL given for one service (Redis, ClickHouse) with another service's scheme.
    #[error("unsupported {service} URL scheme `{scheme}` in `{url}`: use {expected}")]
    WrongScheme {
        service: &'static str,
        url: String,
        scheme: String,
        expected: &'static str,
    },
}

/// A parsed database URL that keeps its password out of every message.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    raw: String,
    redacted: String,
    backend: Backend,
    secrets: Vec<String>,
}

impl DatabaseUrl {
    /// Parses `raw`, recognising `postgres://`, `postgresql://` and `sqlite:` URLs.
    pub fn parse(raw: &str) -> Result<Self, UrlError> {
        let redacted = redact(raw);
        let scheme = raw.split_once(':').map(|(scheme, _)| scheme).unwrap_or("");
        let backend = match scheme.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" => Backend::Postgres,
            "sqlite" => Backend::Sqlite,
            "" => {
                return Err(UrlError::Invalid {
                    url: redacted,
                    reason: "it has no scheme (expected `postgres://...` or `sqlite:...`)".into(),
                });
            }
            other => {
                return Err(UrlError::UnsupportedScheme {
                    url: redacted,
                    scheme: other.to_owned(),
                });
            }
        };
        if backend == Backend::Postgres
            && let Err(err) = url::Url::parse(raw)
        {
            return Err(UrlError::Invalid {
                url: redacted,
                reason: err.to_string(),
            });
        }
        Ok(Self {
            secrets: password_forms(raw),
            raw: raw.to_owned(),
            redacted,
            backend,
        })
    }

    /// The engine this URL points at.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The URL with its password replaced by `***`.
    pub fn redacted(&self) -> &str {
        &self.redacted
    }

    /// The raw URL, password included. Hand it to a driver; never print it.
    pub fn expose(&self) -> &str {
        &self.raw
    }

    /// The database name (PostgreSQL) or file path (SQLite), for messages.
    pub fn database_name(&self) -> Option<String> {
        match self.backend {
            Backend::Postgres => url::Url::parse(&self.raw)
                .ok()
                .map(|u| u.path().trim_start_matches('/').to_owned())
                .filter(|name| !name.is_empty()),
            Backend::Sqlite => sqlite_path(&self.raw).map(str::to_owned),
        }
    }

    /// The same server with another database (PostgreSQL), for admin connections.
    pub fn with_database(&self, database: &str) -> Option<DatabaseUrl> {
        if self.backend != Backend::Postgres {
            return None;
        }
        let mut url = url::Url::parse(&self.raw).ok()?;
        url.set_path(&format!("/{database}"));
        DatabaseUrl::parse(url.as_str()).ok()
    }

    /// Removes this URL's password from `text`, and shows the URL itself redacted.
    pub fn scrub(&self, text: &str) -> String {
        scrub(text, &self.raw, &self.redacted, &self.secrets)
    }

    /// The password's spellings (as written and percent-decoded), for log scrubbing.
    pub fn secrets(&self) -> &[String] {
        &self.secrets
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted)
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("DatabaseUrl").field(&self.redacted).finish()
    }
}

/// The path part of a `sqlite:` URL, without query string.
fn sqlite_path(raw: &str) -> Option<&str> {
    let rest = raw.split_once(':')?.1;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty()).then_some(path)
}

/// Redacts the password of any URL-like string, even one that does not parse.
pub fn redact(raw: &str) -> String {
    if let Ok(mut url) = url::Url::parse(raw) {
        if url.password().is_some() && url.set_password(Some(REDACTED)).is_ok() {
            return url.to_string();
        }
        if url.password().is_none() {
            return redact_by_hand(raw);
        }
    }
    redact_by_hand(raw)
}

/// The `user:password@` part of `scheme://user:password@host...`, located by hand so it
/// works on strings the URL parser rejects (a `#` or `/` in the password, a bad port).
fn userinfo_span(raw: &str) -> Option<(usize, usize)> {
    let authority_start = raw.find("://")? + 3;
    let rest = &raw[authority_start..];
    // The last `@` before the query string ends the user info, even if the password has `@`.
    let query = rest.find('?').unwrap_or(rest.len());
    let at = rest[..query].rfind('@')?;
    Some((authority_start, authority_start + at))
}

fn redact_by_hand(raw: &str) -> String {
    let Some((start, end)) = userinfo_span(raw) else {
        return raw.to_owned();
    };
    let userinfo = &raw[start..end];
    match userinfo.find(':') {
        Some(colon) => format!(
            "{}{}:{}{}",
            &raw[..start],
            &userinfo[..colon],
            REDACTED,
            &raw[end..]
        ),
        None => raw.to_owned(),
    }
}

/// The password as written in the URL and percent-decoded, longest first.
pub(crate) fn password_forms(raw: &str) -> Vec<String> {
    let Some((start, end)) = userinfo_span(raw) else {
        return Vec::new();
    };
    let userinfo = &raw[start..end];
    let Some((_, password)) = userinfo.split_once(':') else {
        return Vec::new();
    };
    if password.is_empty() {
        return Vec::new();
    }
    let mut forms = vec![password.to_owned()];
    let decoded = percent_decode(password);
    if decoded != password && !decoded.is_empty() {
        forms.push(decoded);
    }
    forms.sort_by_key(|form| std::cmp::Reverse(form.len()));
    forms
}

/// `text` with the URL `raw` shown as `redacted`, and every spelling of its password masked.
pub(crate) fn scrub(text: &str, raw: &str, redacted: &str, secrets: &[String]) -> String {
    let out = text.replace(raw, redacted);
    secrets
        .iter()
        .fold(out, |acc, secret| acc.replace(secret.as_str(), REDACTED))
}

pub(crate) fn percent_decode(text: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", text.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, value)| value.into_owned())
        .unwrap_or_else(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_the_password_of_a_valid_url() {
        assert_eq!(
            redact("postgres://app:hunter2@db.example:5432/prod"),
            "postgres://app:***@db.example:5432/prod"
        );
    }

    #[test]
    fn leaves_urls_without_password_alone() {
        assert_eq!(
            redact("postgres://app@127.0.0.1/db"),
            "postgres://app@127.0.0.1/db"
        );
        assert_eq!(
            redact("sqlite://dev.db?mode=rwc"),
            "sqlite://dev.db?mode=rwc"
        );
    }

    #[test]
    fn redacts_urls_the_parser_rejects() {
        let shown = redact("postgres://app:pa#ss/wo@rd@host:notaport/db");
        assert_eq!(shown, "postgres://app:***@host:notaport/db");
    }

    #[test]
    fn scrub_removes_raw_and_decoded_password() {
        let url = DatabaseUrl::parse("postgres://app:p%40ss%2Fw0rd@localhost/db").unwrap();
        let text = "failed for postgres://app:p%40ss%2Fw0rd@localhost/db (password p@ss/w0rd)";
        let scrubbed = url.scrub(text);
        assert!(!scrubbed.contains("p@ss/w0rd"), "{scrubbed}");
        assert!(!scrubbed.contains("p%40ss%2Fw0rd"), "{scrubbed}");
        assert!(
            scrubbed.contains("postgres://app:***@localhost/db"),
            "{scrubbed}"
        );
    }

    #[test]
    fn display_and_debug_are_redacted() {
        let url = DatabaseUrl::parse("postgresql://u:topsecret@h/d").unwrap();
        assert!(!format!("{url} {url:?}").contains("topsecret"));
        assert_eq!(url.backend(), Backend::Postgres);
        assert_eq!(url.database_name().as_deref(), Some("d"));
    }

    #[test]
    fn recognises_sqlite_forms() {
        for raw in [
            "sqlite::memory:",
            "sqlite://dev.db?mode=rwc",
            "sqlite:/tmp/x.db",
        ] {
            let url = DatabaseUrl::parse(raw).unwrap();
            assert_eq!(url.backend(), Backend::Sqlite, "{raw}");
        }
        let url = DatabaseUrl::parse("sqlite:///tmp/a b.db?mode=rwc").unwrap();
        assert_eq!(url.database_name().as_deref(), Some("/tmp/a b.db"));
    }

    #[test]
    fn rejects_other_schemes_without_leaking() {
        let err = DatabaseUrl::parse("mysql://root:s3cret@localhost/db").unwrap_err();
        assert!(matches!(err, UrlError::UnsupportedScheme { .. }));
        assert!(!err.to_string().contains("s3cret"));
        let err = DatabaseUrl::parse("localhost:5432").unwrap_err();
        assert!(matches!(err, UrlError::UnsupportedScheme { .. }));
    }

    #[test]
    fn with_database_swaps_the_path() {
        let url = DatabaseUrl::parse("postgres://u:pw@h:5432/app?sslmode=disable").unwrap();
        let admin = url.with_database("postgres").unwrap();
        assert_eq!(
            admin.redacted(),
            "postgres://u:***@h:5432/postgres?sslmode=disable"
        );
    }
}
