//! Findings: what a rule reports, independent of how it is rendered. A finding can point
//! into a Rust file, a SQL file, or nowhere (a database-only location).

use std::path::PathBuf;

use serde::Serialize;

pub use crate::applicability::Applicability;
pub use crate::severity::Severity;
use crate::source::{LineRange, Span};

/// A place a finding points at, with a short message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Label {
    /// The file, or `None` for a location that exists only in a database.
    pub file: Option<PathBuf>,
    /// The range in the file; `None` when only the file (or nothing) is known.
    pub span: Option<Span>,
    /// What this place has to do with the finding.
    pub message: String,
}

impl Label {
    /// A label on a range of a file.
    pub fn new(file: impl Into<PathBuf>, span: Span, message: impl Into<String>) -> Self {
        Label {
            file: Some(file.into()),
            span: Some(span),
            message: message.into(),
        }
    }

    /// A label with no file (e.g. a table that only exists in the database).
    pub fn detached(message: impl Into<String>) -> Self {
        Label {
            file: None,
            span: None,
            message: message.into(),
        }
    }
}

/// One replacement in one file: the text of `span` becomes `text`. An insertion has an
/// empty span (`start == end`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edit {
    /// The file, as shown in findings.
    pub file: PathBuf,
    /// The range replaced (lines and columns are 1-based; `end` is exclusive).
    pub span: Span,
    /// The new text, with the file's own line endings and indentation.
    pub text: String,
}

/// A machine-applicable repair of one finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// What applying it does, imperative ("add `credit_transactions` to `User`").
    pub message: String,
    /// Whether `--fix` applies it without `--unsafe-fixes`.
    pub applicability: Applicability,
    /// The edits, in any order; they do not overlap.
    pub edits: Vec<Edit>,
}

/// One defect found by one rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule's stable kebab-case name.
    pub rule: &'static str,
    /// Effective severity after config, CLI flags and defaults.
    pub severity: Severity,
    /// Lower-case, no final period, code in backticks.
    pub message: String,
    /// Where the defect is.
    pub primary: Label,
    /// The other places involved (the other side of a relation, ...).
    pub related: Vec<Label>,
    /// An imperative, paste-able fix.
    pub help: Option<String>,
    /// Edits that repair the defect, when the rule can compute them unambiguously.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
    /// Lines of the item the finding is about; a suppression comment on, or just above,
    /// these lines silences the finding. Defaults to the primary label's lines.
    #[serde(skip)]
    pub anchor: Option<LineRange>,
}

impl Finding {
    /// A finding with the rule's default severity; the runner applies configuration later.
    pub fn new(
        rule: &'static crate::rule::RuleMeta,
        message: impl Into<String>,
        primary: Label,
    ) -> Self {
        Finding {
            rule: rule.name,
            severity: rule.default_severity,
            message: message.into(),
            primary,
            related: Vec::new(),
            help: None,
            fix: None,
            anchor: None,
        }
    }

    /// Add a label on the other side.
    pub fn with_related(mut self, label: Label) -> Self {
        self.related.push(label);
        self
    }

    /// Set the help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Attach a fix.
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    /// Set the lines a suppression comment may sit on.
    pub fn with_anchor(mut self, anchor: LineRange) -> Self {
        self.anchor = Some(anchor);
        self
    }

    /// The lines used for suppression matching.
    pub fn anchor_lines(&self) -> Option<LineRange> {
        self.anchor.or_else(|| self.primary.span.map(|s| s.lines()))
    }

    /// Stable order: file, position, rule.
    pub(crate) fn sort_key(&self) -> (Option<PathBuf>, Option<Span>, &'static str, String) {
        (
            self.primary.file.clone(),
            self.primary.span,
            self.rule,
            self.message.clone(),
        )
    }
}

/// Counts shown in the summary.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Files read.
    pub files: usize,
    /// Entities found.
    pub entities: usize,
    /// Relations found (all formats, including the ones dense fields generate).
    pub relations: usize,
    /// Findings at `error`.
    pub errors: usize,
    /// Findings at `warning`.
    pub warnings: usize,
    /// Findings at `info`.
    pub infos: usize,
    /// Findings silenced by a suppression comment.
    pub suppressed: usize,
    /// Files that could not be read or parsed.
    pub problems: usize,
    /// Relations, `Related` and `Linked` impls that point outside the checked files
    /// (`relation-target-outside` findings shown): not checked.
    #[serde(skip_serializing_if = "is_zero")]
    pub outside_targets: usize,
    /// Items the reader could not interpret and macros it did not expand
    /// (`unreadable-item` and `unexpanded-macro` findings shown): not checked.
    #[serde(skip_serializing_if = "is_zero")]
    pub not_understood: usize,
    /// Migrations linted (`validator lint`).
    #[serde(skip_serializing_if = "is_zero")]
    pub migrations: usize,
    /// SQL statements linted (`validator lint`).
    #[serde(skip_serializing_if = "is_zero")]
    pub statements: usize,
    /// How `validator lint --sql` decided which migrations run in a transaction (the
    /// directory's layout, or the override), printed once.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction: Option<String>,
    /// Branches of migration code that only backends not linted reach (a MySQL arm of a
    /// `match` on the backend, an `if` for SQLite in a PostgreSQL-only crate): not read.
    #[serde(skip_serializing_if = "is_zero")]
    pub skipped_branches: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Summary {
    /// Count the findings by severity.
    pub fn count(&mut self, findings: &[Finding]) {
        for f in findings {
            match f.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
                Severity::Allow => {}
            }
        }
    }
}
