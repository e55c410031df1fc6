//! The services report: one verdict per service, as text or JSON.

use std::io::{self, Write};

use serde::Serialize;
use validator_base::exit::{EXIT_ERROR, EXIT_OK};

use super::targets::Target;
use crate::probe::CheckResult;
use validator_connect::{FailureKind, Service};

/// A service's verdict, as printed and as written in JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServiceVerdict {
    pub service: Service,
    /// The URL, redacted.
    pub url: String,
    /// Where the URL came from: a flag, a variable, `.env` or the config file.
    pub source: String,
    /// `available`, or a [`FailureKind`] id.
    pub verdict: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    pub elapsed_ms: u64,
}

/// Every service's verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServicesReport {
    /// True when every service is available.
    pub ok: bool,
    pub services: Vec<ServiceVerdict>,
    /// Set when `VALIDATOR_OFFLINE` is: tests will skip without probing.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub offline: bool,
}

impl ServicesReport {
    pub(crate) fn new(results: Vec<(Target, CheckResult)>, offline: bool) -> Self {
        let services: Vec<ServiceVerdict> = results
            .into_iter()
            .map(|(target, result)| {
                let (verdict, detail, help) = match &result.outcome {
                    Ok(()) => ("available".to_owned(), None, None),
                    Err(err) => (
                        err.kind.id().to_owned(),
                        Some(err.detail.clone()),
                        Some(help(result.service, err.kind)),
                    ),
                };
                ServiceVerdict {
                    service: result.service,
                    url: result.url,
                    source: target.source.to_string(),
                    verdict,
                    detail,
                    help,
                    elapsed_ms: u64::try_from(result.elapsed.as_millis()).unwrap_or(u64::MAX),
                }
            })
            .collect();
        Self {
            ok: services
                .iter()
                .all(|service| service.verdict == "available"),
            services,
            offline,
        }
    }

    /// [`EXIT_OK`] when every service is available, [`EXIT_ERROR`] otherwise.
    pub fn exit_code(&self) -> u8 {
        if self.ok { EXIT_OK } else { EXIT_ERROR }
    }

    /// Writes the report for people: one aligned line per service, then the help.
    pub fn render_text(&self, out: &mut dyn Write) -> io::Result<()> {
        let url_width = self
            .services
            .iter()
            .map(|service| service.url.chars().count())
            .max()
            .unwrap_or(0);
        for service in &self.services {
            let mark = if service.verdict == "available" {
                "ok  "
            } else {
                "FAIL"
            };
            write!(
                out,
                "{mark} {:<10} {:<url_width$}  {:<16} {:>5} ms",
                service.service.name(),
                service.url,
                service.verdict,
                service.elapsed_ms,
            )?;
            writeln!(out, "  (from {})", service.source)?;
            if let Some(detail) = &service.detail {
                writeln!(out, "     cause: {detail}")?;
            }
            if let Some(help) = &service.help {
                writeln!(out, "     help: {help}")?;
            }
        }
        let available = self
            .services
            .iter()
            .filter(|service| service.verdict == "available")
            .count();
        writeln!(
            out,
            "{available} of {} services available",
            self.services.len()
        )?;
        if self.offline {
            writeln!(
                out,
                "note: VALIDATOR_OFFLINE is set: service-backed tests skip without probing"
            )?;
        }
        Ok(())
    }

    /// Writes the report as one JSON document.
    pub fn render_json(&self, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, self).map_err(io::Error::other)?;
        writeln!(out)
    }
}

/// What to do about a failure, in imperative words. The report line already names where
/// the URL came from.
fn help(service: Service, kind: FailureKind) -> String {
    match (kind, service) {
        (FailureKind::Unreachable, _) => {
            format!("start {service}, or fix the host and port in the URL")
        }
        (FailureKind::Timeout, _) => format!(
            "something at that address accepts connections but does not answer as {service}: check the port, a firewall, or a stuck server"
        ),
        (FailureKind::AuthFailed, _) => "fix the user and password in the URL".to_owned(),
        (FailureKind::DatabaseMissing, Service::Sqlite) => {
            "create the file, or add `?mode=rwc` to the URL to let it be created".to_owned()
        }
        (FailureKind::DatabaseMissing, Service::Redis) => {
            "use a database index the server has (see its `databases` setting)".to_owned()
        }
        (FailureKind::DatabaseMissing, _) => {
            "create the database, or fix its name in the URL".to_owned()
        }
        (FailureKind::Misconfigured, _) => "fix the URL".to_owned(),
    }
}
