//! Log output that cannot leak a password.
//!
//! Verbose mode turns on sqlx's statement log and our own tracing events. Everything they
//! print goes through [`ScrubbingWriter`], which removes every registered secret from each
//! line before it reaches stderr, so a password cannot appear in a log line even if some
//! library formats a connection string.

use std::{
    io::{self, Write},
    sync::{Arc, RwLock},
};

use tracing_subscriber::{EnvFilter, fmt::MakeWriter};

/// Secrets to remove from log output, shared by every writer.
#[derive(Clone, Default)]
pub struct Secrets(Arc<RwLock<Vec<String>>>);

impl Secrets {
    /// Registers `secret` for removal; empty strings are ignored.
    pub fn add(&self, secret: &str) {
        if secret.is_empty() {
            return;
        }
        if let Ok(mut secrets) = self.0.write()
            && !secrets.iter().any(|known| known == secret)
        {
            secrets.push(secret.to_owned());
            secrets.sort_by_key(|known| std::cmp::Reverse(known.len()));
        }
    }

    /// `text` with every registered secret replaced by `***`.
    pub fn scrub(&self, text: &str) -> String {
        let Ok(secrets) = self.0.read() else {
            return text.to_owned();
        };
        secrets.iter().fold(text.to_owned(), |acc, secret| {
            acc.replace(secret.as_str(), validator_connect::url::REDACTED)
        })
    }
}

/// A `MakeWriter` for tracing-subscriber that scrubs secrets and writes to stderr.
#[derive(Clone)]
pub struct ScrubbingWriter {
    secrets: Secrets,
}

impl ScrubbingWriter {
    pub fn new(secrets: Secrets) -> Self {
        Self { secrets }
    }
}

impl Write for ScrubbingWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        io::stderr().write_all(self.secrets.scrub(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        io::stderr().flush()
    }
}

impl<'a> MakeWriter<'a> for ScrubbingWriter {
    type Writer = ScrubbingWriter;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// Installs a global subscriber that logs our events and sqlx's statements at `debug`,
/// through a [`ScrubbingWriter`]. Returns the shared secret list to register URLs with.
/// Does nothing (but still returns a list) if a subscriber is already installed.
pub fn init_verbose(color: bool) -> Secrets {
    let secrets = Secrets::default();
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,validator=debug,sqlx=debug,sea_orm=debug"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(color)
        .with_target(true)
        .with_writer(ScrubbingWriter::new(secrets.clone()))
        .try_init();
    secrets
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrubs_every_registered_secret() {
        let secrets = Secrets::default();
        secrets.add("hunter2");
        secrets.add("");
        assert_eq!(
            secrets.scrub("connect postgres://u:hunter2@h/db with hunter2"),
            "connect postgres://u:***@h/db with ***"
        );
    }
}
