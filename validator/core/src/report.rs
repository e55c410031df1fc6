//! The result of every command that reports findings (`check`, `lint`, `drift`), and the
//! one step that finishes it: suppressions (with their reasons checked where asked),
//! suppressions that silence nothing, configured severities, a stable order without
//! duplicates, and the summary's counts.

use crate::config::Config;
use crate::diagnostic::{Finding, Summary};
use crate::error::Error;
use crate::model::Model;
use crate::rule::Group;
use crate::rules::{self, migration::suppression_without_reason};
use crate::severity::{FailOn, Severity};
use crate::source::SourceCache;
use crate::suppress::{self, Suppression};
use validator_base::exit::{EXIT_ERROR, EXIT_FAILED, EXIT_OK};

/// The result of a run: findings, per-file problems, and everything needed to render
/// them without touching the disk again.
#[derive(Debug, Default)]
pub struct Report {
    /// Findings at `info` or above, sorted by file and position.
    pub findings: Vec<Finding>,
    /// Files that could not be read or parsed; the others were still checked.
    pub problems: Vec<Error>,
    /// Counts.
    pub summary: Summary,
    /// Every file read, for rendering.
    pub sources: SourceCache,
    /// The model that was checked (for `graph`, `drift`, debugging).
    pub model: Model,
    /// `validator lint` on a migration crate: the backends linted and why, one entry per
    /// crate.
    pub backends: Vec<LintBackends>,
}

/// The backends a migration crate was linted for, and why (`--backend`, `[lint] backend`,
/// or the crate's `Cargo.toml` features).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct LintBackends {
    /// `postgres`, `sqlite`; empty for a MySQL-only crate.
    pub backends: Vec<String>,
    /// Where the choice comes from (`migration/Cargo.toml: sea-orm-migration features
    /// sqlx-postgres`).
    pub reason: String,
}

impl LintBackends {
    /// `postgres (migration/Cargo.toml: ..)`, as the human output shows it.
    pub fn describe(&self) -> String {
        let list = if self.backends.is_empty() {
            "none".to_owned()
        } else {
            self.backends.join(" and ")
        };
        format!("{list} ({})", self.reason)
    }
}

impl Report {
    /// Whether any finding is at `error`.
    pub fn has_errors(&self) -> bool {
        self.summary.errors > 0
    }

    /// Whether any finding is at or above `fail_on`.
    pub fn fails(&self, fail_on: FailOn) -> bool {
        self.findings.iter().any(|f| fail_on.fails(f.severity))
    }

    /// The exit code of the run that made this report, from the one table
    /// ([`validator_base::exit`]): [`EXIT_ERROR`] when an input could not be read or
    /// parsed, [`EXIT_FAILED`] when a finding is at or above `fail_on`, else [`EXIT_OK`].
    pub fn exit_code(&self, fail_on: FailOn) -> u8 {
        if !self.problems.is_empty() {
            EXIT_ERROR
        } else if self.fails(fail_on) {
            EXIT_FAILED
        } else {
            EXIT_OK
        }
    }
}

/// How a command judges the suppressions in the files it read.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Judging<'a> {
    /// The rule groups the command evaluated: a suppression of another group's rule is not
    /// stale because this command does not run that rule (a drift suppression on an entity
    /// field is `drift`'s to judge, not `check`'s).
    pub(crate) groups: &'a [Group],
    /// Report suppressions naming no rule at all, so that one typo is reported by one
    /// command.
    pub(crate) unknown_names: bool,
    /// Every suppression must give a reason after `--` (`suppression-without-reason`).
    pub(crate) reasons: bool,
}

impl Judging<'_> {
    /// `check`: entity and meta rules, names checked, reasons optional.
    pub(crate) const CHECK: Judging<'static> = Judging {
        groups: &[Group::Entity, Group::Meta],
        unknown_names: true,
        reasons: false,
    };
    /// `lint`: no other command reads migrations, so every suppression in them is its to
    /// judge, and each must give a reason.
    pub(crate) const LINT: Judging<'static> = Judging {
        groups: &[Group::Entity, Group::Migration, Group::Drift, Group::Meta],
        unknown_names: true,
        reasons: true,
    };
    /// `drift`: drift rules only; names are `check`'s to judge in the same files.
    #[cfg(feature = "drift")]
    pub(crate) const DRIFT: Judging<'static> = Judging {
        groups: &[Group::Drift],
        unknown_names: false,
        reasons: false,
    };
}

/// Finishes `report` with `findings`: see [`finish_tagged`].
pub(crate) fn finish(
    report: &mut Report,
    findings: Vec<Finding>,
    suppressions: &[Suppression],
    config: &Config,
    judging: Judging<'_>,
) {
    let items = findings.into_iter().map(|f| ((), f)).collect();
    finish_tagged(report, items, suppressions, config, judging);
}

/// Finishes `report` with `items`, each a finding with a tag of the caller's (drift tags
/// each with its table): drops the suppressed findings, adds the findings about the
/// suppressions themselves (tagged with the default), applies the configured severities,
/// sorts, drops duplicates (the same rule saying the same thing at the same place), and
/// recounts the summary. Returns the tags in the order of `report.findings`.
pub(crate) fn finish_tagged<T: Default>(
    report: &mut Report,
    items: Vec<(T, Finding)>,
    suppressions: &[Suppression],
    config: &Config,
    judging: Judging<'_>,
) -> Vec<T> {
    let mut used = vec![false; suppressions.len()];
    let mut kept = Vec::with_capacity(items.len());
    let mut suppressed = 0;
    for (tag, finding) in items {
        let covering = suppress::covering(&finding, suppressions, |rule, name| {
            rules::find(rule).is_some_and(|r| r.is_named(name))
        });
        match covering {
            Some(i) => {
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
                suppressed += 1;
            }
            None => kept.push((tag, finding)),
        }
    }
    for (s, used) in suppressions.iter().zip(used) {
        if judging.reasons && s.reason.is_none() {
            kept.push((T::default(), suppression_without_reason::finding(s)));
        }
        if used {
            continue;
        }
        for name in &s.rules {
            match rules::find(name) {
                // A rule that is off cannot match; its suppression is not stale.
                Some(rule) if config.severity(rule) == Severity::Allow => {}
                Some(rule) if !judging.groups.contains(&rule.group) => {}
                Some(_) => kept.push((
                    T::default(),
                    rules::meta::unused_suppression::finding(s, name, false),
                )),
                None if judging.unknown_names => kept.push((
                    T::default(),
                    rules::meta::unused_suppression::finding(s, name, true),
                )),
                None => {}
            }
        }
    }
    for (_, f) in &mut kept {
        if let Some(rule) = rules::find(f.rule) {
            f.severity = config.severity(rule);
        }
    }
    kept.retain(|(_, f)| f.severity != Severity::Allow);
    kept.sort_by(|(_, a), (_, b)| a.sort_key().cmp(&b.sort_key()));
    kept.dedup_by(|(_, a), (_, b)| {
        a.rule == b.rule && a.primary == b.primary && a.message == b.message
    });
    let (tags, findings): (Vec<T>, Vec<Finding>) = kept.into_iter().unzip();
    let summary = &mut report.summary;
    summary.files = report.sources.len();
    summary.problems = report.problems.len();
    summary.suppressed = suppressed;
    summary.errors = 0;
    summary.warnings = 0;
    summary.infos = 0;
    summary.count(&findings);
    report.findings = findings;
    tags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Label;
    use crate::rules;

    fn report_with(severity: Severity) -> Report {
        let rule = rules::find("missing-back-reference").expect("rule");
        let mut finding = Finding::new(rule, "m", Label::detached("l"));
        finding.severity = severity;
        Report {
            findings: vec![finding],
            ..Report::default()
        }
    }

    #[test]
    fn exit_codes_come_from_the_one_table() {
        assert_eq!(Report::default().exit_code(FailOn::Info), EXIT_OK);
        let warning = report_with(Severity::Warning);
        assert_eq!(warning.exit_code(FailOn::Error), EXIT_OK);
        assert_eq!(warning.exit_code(FailOn::Warning), EXIT_FAILED);
        let mut unreadable = report_with(Severity::Error);
        unreadable.problems.push(Error::Input {
            cause: "no file".to_owned(),
        });
        assert_eq!(unreadable.exit_code(FailOn::Error), EXIT_ERROR);
    }
}
