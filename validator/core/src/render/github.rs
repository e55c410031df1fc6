//! `--format github`: GitHub Actions workflow commands, one per line, for annotations on
//! pull requests.

use std::fmt::Write as _;

use super::path_text;
use crate::diagnostic::Applicability;
use crate::report::Report;
use crate::severity::Severity;

/// Escape a command's message (`%`, CR, LF).
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a command property (also `:` and `,`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

pub(super) fn render(report: &Report) -> String {
    let mut out = String::new();
    for e in &report.problems {
        let mut props = vec![format!("title={}", property(e.code()))];
        if let Some(p) = e.path() {
            props.insert(0, format!("file={}", property(&path_text(p))));
        }
        if let Some(pos) = e.pos() {
            props.push(format!("line={}", pos.line));
            props.push(format!("col={}", pos.column));
        }
        let _ = writeln!(out, "::error {}::{}", props.join(","), data(&e.to_string()));
    }
    for f in &report.findings {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info | Severity::Allow => "notice",
        };
        let mut props = Vec::new();
        if let Some(file) = &f.primary.file {
            props.push(format!("file={}", property(&path_text(file))));
        }
        if let Some(s) = f.primary.span {
            props.push(format!("line={}", s.start.line));
            props.push(format!("col={}", s.start.column));
            props.push(format!("endLine={}", s.end.line));
            if s.end.line == s.start.line {
                props.push(format!("endColumn={}", s.end.column));
            }
        }
        props.push(format!("title={}", property(f.rule)));
        let mut message = f.message.clone();
        for l in &f.related {
            let at = match (&l.file, l.span) {
                (Some(file), Some(s)) => {
                    format!("{}:{}:{}", path_text(file), s.start.line, s.start.column)
                }
                (Some(file), None) => path_text(file),
                _ => "database".to_owned(),
            };
            let _ = write!(message, "\n{at}: {}", l.message);
        }
        if let Some(h) = &f.help {
            let _ = write!(message, "\nhelp: {h}");
        }
        if let Some(fix) = &f.fix {
            let _ = write!(
                message,
                "\n{}fix available: {} (`validator check --fix{}`)",
                if fix.applicability == Applicability::Unsafe {
                    "unsafe "
                } else {
                    ""
                },
                fix.message,
                if fix.applicability == Applicability::Unsafe {
                    " --unsafe-fixes"
                } else {
                    ""
                },
            );
        }
        let _ = writeln!(out, "::{command} {}::{}", props.join(","), data(&message));
    }
    out
}
