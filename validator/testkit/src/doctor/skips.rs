//! `validator doctor --skips`: the skip ledger summarised per service, held against a
//! maximum skip rate.
//!
//! A service's skip rate is `(skipped + fallback) / all entries` of that service: a test
//! that fell back to SQLite did not exercise the service either.

use std::{
    collections::BTreeMap,
    io::{self, Write},
    path::PathBuf,
};

use serde::Serialize;
use validator_base::exit::{EXIT_FAILED, EXIT_OK};

use crate::ledger::{Entry, Outcome};

/// What the summary is held against.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SkipPolicy {
    /// The highest skip rate allowed for any service, from 0 to 1.
    pub max_skip_rate: Option<f64>,
    /// Services that must have at least one test that ran.
    pub require_ran: Vec<String>,
}

/// One service's counts.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ServiceSkips {
    pub service: String,
    pub ran: usize,
    pub skipped: usize,
    pub fallback: usize,
    pub failed: usize,
    pub skip_rate: f64,
    /// Distinct reasons with how many entries gave each, most frequent first.
    pub reasons: Vec<(String, usize)>,
}

impl ServiceSkips {
    fn total(&self) -> usize {
        self.ran + self.skipped + self.fallback + self.failed
    }
}

/// The ledger, summarised.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SkipSummary {
    pub ledger: PathBuf,
    pub entries: usize,
    pub services: Vec<ServiceSkips>,
    /// Why the summary fails its policy; empty when it passes.
    pub violations: Vec<String>,
}

impl SkipSummary {
    /// Counts `entries` per service and holds them against `policy`.
    pub fn new(ledger: PathBuf, entries: &[Entry], policy: &SkipPolicy) -> Self {
        let mut by_service: BTreeMap<&str, ServiceSkips> = BTreeMap::new();
        let mut reasons: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
        for entry in entries {
            let counts = by_service
                .entry(&entry.service)
                .or_insert_with(|| ServiceSkips {
                    service: entry.service.clone(),
                    ..ServiceSkips::default()
                });
            match entry.outcome {
                Outcome::Ran => counts.ran += 1,
                Outcome::Skipped => counts.skipped += 1,
                Outcome::Fallback => counts.fallback += 1,
                Outcome::Failed => counts.failed += 1,
            }
            if let (Outcome::Skipped | Outcome::Fallback | Outcome::Failed, Some(reason)) =
                (entry.outcome, &entry.reason)
            {
                *reasons
                    .entry(&entry.service)
                    .or_default()
                    .entry(reason)
                    .or_default() += 1;
            }
        }
        let mut services: Vec<ServiceSkips> = by_service.into_values().collect();
        for service in &mut services {
            service.skip_rate = if service.total() == 0 {
                0.0
            } else {
                (service.skipped + service.fallback) as f64 / service.total() as f64
            };
            let mut listed: Vec<(String, usize)> = reasons
                .remove(service.service.as_str())
                .unwrap_or_default()
                .into_iter()
                .map(|(reason, count)| (reason.to_owned(), count))
                .collect();
            listed.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            service.reasons = listed;
        }
        let mut violations = Vec::new();
        if let Some(max) = policy.max_skip_rate {
            for service in &services {
                if service.skip_rate > max {
                    violations.push(format!(
                        "{}: skip rate {} is above --max-skip-rate {}",
                        service.service,
                        percent(service.skip_rate),
                        percent(max)
                    ));
                }
            }
        }
        for required in &policy.require_ran {
            let ran = services
                .iter()
                .find(|service| service.service == *required)
                .map_or(0, |service| service.ran);
            if ran == 0 {
                violations.push(format!("{required}: no test ran against it"));
            }
        }
        Self {
            ledger,
            entries: entries.len(),
            services,
            violations,
        }
    }

    /// [`EXIT_OK`] within the policy, [`EXIT_FAILED`] outside it.
    pub fn exit_code(&self) -> u8 {
        if self.violations.is_empty() {
            EXIT_OK
        } else {
            EXIT_FAILED
        }
    }

    /// A table per service, the reasons, then any violation.
    pub fn render_text(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(
            out,
            "skip ledger {}: {} entries",
            self.ledger.display(),
            self.entries
        )?;
        writeln!(
            out,
            "{:<12} {:>5} {:>8} {:>9} {:>7} {:>10}",
            "service", "ran", "skipped", "fallback", "failed", "skip rate"
        )?;
        for service in &self.services {
            writeln!(
                out,
                "{:<12} {:>5} {:>8} {:>9} {:>7} {:>10}",
                service.service,
                service.ran,
                service.skipped,
                service.fallback,
                service.failed,
                percent(service.skip_rate)
            )?;
        }
        for service in &self.services {
            for (reason, count) in &service.reasons {
                writeln!(out, "  {} x{count}: {reason}", service.service)?;
            }
        }
        for violation in &self.violations {
            writeln!(out, "error: {violation}")?;
        }
        Ok(())
    }

    pub fn render_json(&self, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, self).map_err(io::Error::other)?;
        writeln!(out)
    }
}

fn percent(rate: f64) -> String {
    format!("{:.1}%", rate * 100.0)
}

/// Parses a rate given as a fraction (`0.05`) or a percentage (`5%`).
pub fn parse_rate(text: &str) -> Result<f64, String> {
    let text = text.trim();
    let (number, scale) = match text.strip_suffix('%') {
        Some(number) => (number.trim(), 100.0),
        None => (text, 1.0),
    };
    let rate = number
        .parse::<f64>()
        .map_err(|_| format!("`{text}` is not a rate: write `0.05` or `5%`"))?
        / scale;
    if (0.0..=1.0).contains(&rate) {
        Ok(rate)
    } else {
        Err(format!("`{text}` is outside 0..1 (0%..100%)"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(service: &str, outcome: Outcome, reason: Option<&str>) -> Entry {
        Entry::new("t", service, outcome, reason.map(str::to_owned))
    }

    #[test]
    fn rates() {
        assert_eq!(parse_rate("5%"), Ok(0.05));
        assert_eq!(parse_rate("0.25"), Ok(0.25));
        assert!(parse_rate("150%").is_err());
        assert!(parse_rate("lots").is_err());
    }

    #[test]
    fn counts_per_service_and_holds_the_rate() {
        let entries = [
            entry("postgres", Outcome::Ran, None),
            entry("postgres", Outcome::Ran, None),
            entry("postgres", Outcome::Fallback, Some("down")),
            entry("redis", Outcome::Skipped, Some("refused")),
            entry("redis", Outcome::Skipped, Some("refused")),
        ];
        let policy = SkipPolicy {
            max_skip_rate: Some(0.5),
            require_ran: vec!["postgres".into(), "redis".into()],
        };
        let summary = SkipSummary::new(PathBuf::from("ledger"), &entries, &policy);
        let postgres = &summary.services[0];
        assert_eq!((postgres.ran, postgres.fallback), (2, 1));
        assert!((postgres.skip_rate - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(summary.services[1].reasons, [("refused".to_owned(), 2)]);
        assert_eq!(
            summary.violations,
            [
                "redis: skip rate 100.0% is above --max-skip-rate 50.0%",
                "redis: no test ran against it"
            ]
        );
        assert_eq!(summary.exit_code(), 1);
    }
}
