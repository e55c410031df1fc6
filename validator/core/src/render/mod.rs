//! Rendering a [`Report`]: human (miette), JSON, SARIF 2.1.0 and GitHub workflow
//! commands. Nothing else in the crate formats findings for output. Every position is
//! 1-based; columns count characters.

use std::fmt::Write as _;

use crate::diagnostic::Applicability;
use crate::report::Report;

pub mod diff;
mod github;
pub(crate) mod human;
pub use human::render_error;
mod json;
mod sarif;

/// An output format for findings: `human` (miette's graphical report, both sides of a
/// relation shown), `json` (the schema in `validator/docs/json-schema.md`), `sarif`
/// (2.1.0), `github` (workflow commands, `::error file=..::..`).
// The variants carry no `///` docs: clap would print them in `--help` as a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Format {
    #[default]
    Human,
    Json,
    Sarif,
    Github,
}

/// How to render.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// The format.
    pub format: Format,
    /// ANSI colours (human format only).
    pub color: bool,
    /// Terminal width for wrapping (human format only).
    pub width: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            format: Format::Human,
            color: false,
            width: 80,
        }
    }
}

/// Render a report in the chosen format.
pub fn render(report: &Report, opts: &Options) -> String {
    match opts.format {
        Format::Human => human::render(report, opts),
        Format::Json => json::render(report),
        Format::Sarif => sarif::render(report),
        Format::Github => github::render(report),
    }
}

/// The one-line summary shown after human output.
pub fn summary_line(report: &Report) -> String {
    let s = &report.summary;
    let mut out = String::new();
    let mut parts = Vec::new();
    for (n, word) in [
        (s.errors, "error"),
        (s.warnings, "warning"),
        (s.infos, "info"),
    ] {
        if n > 0 {
            parts.push(format!(
                "{n} {word}{}",
                if n == 1 || word == "info" { "" } else { "s" }
            ));
        }
    }
    if parts.is_empty() {
        out.push_str("no findings");
    } else {
        out.push_str(&parts.join(", "));
    }
    if s.migrations > 0 {
        let _ = write!(
            out,
            " in {} file{} ({} migration{}, {} statement{})",
            s.files,
            if s.files == 1 { "" } else { "s" },
            s.migrations,
            if s.migrations == 1 { "" } else { "s" },
            s.statements,
            if s.statements == 1 { "" } else { "s" }
        );
    } else {
        let _ = write!(
            out,
            " in {} file{} ({} entit{}, {} relation{})",
            s.files,
            if s.files == 1 { "" } else { "s" },
            s.entities,
            if s.entities == 1 { "y" } else { "ies" },
            s.relations,
            if s.relations == 1 { "" } else { "s" }
        );
    }
    if s.suppressed > 0 {
        let _ = write!(out, ", {} suppressed", s.suppressed);
    }
    match s.skipped_branches {
        0 => {}
        1 => out.push_str(", 1 branch for a backend not linted skipped"),
        n => {
            let _ = write!(out, ", {n} branches for backends not linted skipped");
        }
    }
    let mut unchecked = Vec::new();
    match s.outside_targets {
        0 => {}
        1 => unchecked.push("1 relation points outside the checked files".to_owned()),
        n => unchecked.push(format!("{n} relations point outside the checked files")),
    }
    match s.not_understood {
        0 => {}
        1 => unchecked.push("1 item not understood".to_owned()),
        n => unchecked.push(format!("{n} items not understood")),
    }
    if !unchecked.is_empty() {
        let _ = write!(out, "; {}", unchecked.join(", "));
    }
    if s.problems > 0 {
        let _ = write!(
            out,
            "; {} file{} could not be checked",
            s.problems,
            if s.problems == 1 { "" } else { "s" }
        );
    }
    out
}

/// A fix's applicability as every format writes it: `safe` or `unsafe`.
pub fn applicability(a: Applicability) -> &'static str {
    match a {
        Applicability::Safe => "safe",
        Applicability::Unsafe => "unsafe",
    }
}

/// Path text with `/` separators on every platform.
pub(crate) fn path_text(p: &std::path::Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}
