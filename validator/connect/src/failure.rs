//! A classified connection failure: what went wrong, in a class that says what to do
//! (start the service, or fix the configuration), with every URL and message redacted.

use std::{fmt, time::Duration};

use crate::{service::ServiceUrl, url::DatabaseUrl};

/// The class of a connection failure. Each class asks for a different fix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FailureKind {
    /// Nothing answered: connection refused, unknown host, network down, TLS failure.
    Unreachable,
    /// Something accepted the connection but did not answer within the deadline.
    Timeout,
    /// The server answered and rejected the credentials.
    AuthFailed,
    /// The server answered, and the database (or SQLite file) does not exist.
    DatabaseMissing,
    /// The URL or its options cannot be used as given.
    Misconfigured,
}

impl FailureKind {
    /// A stable, lower-case identifier for machine output.
    pub fn id(self) -> &'static str {
        match self {
            FailureKind::Unreachable => "unreachable",
            FailureKind::Timeout => "timeout",
            FailureKind::AuthFailed => "auth-failed",
            FailureKind::DatabaseMissing => "database-missing",
            FailureKind::Misconfigured => "misconfigured",
        }
    }

    /// The kind whose [`FailureKind::id`] is `id`.
    pub fn from_id(id: &str) -> Option<FailureKind> {
        [
            FailureKind::Unreachable,
            FailureKind::Timeout,
            FailureKind::AuthFailed,
            FailureKind::DatabaseMissing,
            FailureKind::Misconfigured,
        ]
        .into_iter()
        .find(|kind| kind.id() == id)
    }

    /// True when the service is simply not there; false when it answered and said no.
    pub fn is_connection_class(self) -> bool {
        matches!(self, FailureKind::Unreachable | FailureKind::Timeout)
    }

    fn headline(self) -> &'static str {
        match self {
            FailureKind::Unreachable | FailureKind::Timeout => "cannot reach",
            FailureKind::AuthFailed => "authentication failed for",
            FailureKind::DatabaseMissing => "database does not exist:",
            FailureKind::Misconfigured => "cannot use",
        }
    }
}

impl fmt::Display for FailureKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A classified connection failure. Its text never contains the password.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{} {url}: {detail}", kind.headline())]
pub struct ConnectError {
    pub kind: FailureKind,
    /// The URL, redacted.
    pub url: String,
    /// The cause, scrubbed of the password.
    pub detail: String,
}

impl ConnectError {
    /// A failure of `kind` at `url`, its detail scrubbed of `url`'s password.
    pub fn new(url: &impl Redacted, kind: FailureKind, detail: impl AsRef<str>) -> Self {
        Self {
            kind,
            url: url.redacted_text().to_owned(),
            detail: url.scrub_text(detail.as_ref()),
        }
    }
}

/// A URL that can show itself without its password: [`DatabaseUrl`] or [`ServiceUrl`].
pub trait Redacted {
    fn redacted_text(&self) -> &str;
    fn scrub_text(&self, text: &str) -> String;
}

impl Redacted for DatabaseUrl {
    fn redacted_text(&self) -> &str {
        self.redacted()
    }
    fn scrub_text(&self, text: &str) -> String {
        self.scrub(text)
    }
}

impl Redacted for ServiceUrl {
    fn redacted_text(&self) -> &str {
        self.redacted()
    }
    fn scrub_text(&self, text: &str) -> String {
        self.scrub(text)
    }
}

/// A deadline for messages: `3 s`, `250 ms`.
pub fn describe(timeout: Duration) -> String {
    if timeout.subsec_millis() == 0 {
        format!("{} s", timeout.as_secs())
    } else {
        format!("{} ms", timeout.as_millis())
    }
}
