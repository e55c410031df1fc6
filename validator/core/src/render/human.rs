//! Human output with miette's graphical handler. Sources come from the report's cache,
//! so rendering is linear in the number of findings and never reads a file.

use std::fmt;
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::{Options, path_text, summary_line};
use crate::diagnostic::{Applicability, Finding, Label, Severity};
use crate::error::Error;
use crate::report::Report;
use crate::source::{SourceFile, Span};

/// A cached file shown under its display name.
#[derive(Debug)]
struct Src {
    file: Arc<SourceFile>,
    name: String,
}

impl SourceCode for Src {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        // Hand miette only a window of lines around the span (found with the line index),
        // so each finding costs the same whatever the file's size; then shift the result
        // back to whole-file offsets and line numbers.
        let text = self.file.text.as_str();
        let starts = self.file.starts();
        let off = span.offset().min(text.len());
        let end = (off + span.len()).min(text.len());
        let first = starts.partition_point(|&s| s <= off).saturating_sub(1);
        let last = starts.partition_point(|&s| s <= end).saturating_sub(1);
        let window_line = first.saturating_sub(before + 1);
        let window_start = starts.get(window_line).copied().unwrap_or(0);
        let window_end = starts.get(last + after + 2).copied().unwrap_or(text.len());
        let window = text.get(window_start..window_end).unwrap_or("");
        let local = SourceSpan::new((off - window_start).into(), end - off);
        let inner = window.read_span(&local, before, after)?;
        let shifted = SourceSpan::new(
            (inner.span().offset() + window_start).into(),
            inner.span().len(),
        );
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            shifted,
            inner.line() + window_line,
            inner.column(),
            // miette's own `str` source counts lines from the start of the text here.
            inner.line_count() + window_line,
        )))
    }
}

/// One diagnostic: a finding, one of its other-file labels, or an infrastructure error.
#[derive(Debug)]
struct Diag {
    message: String,
    code: Option<String>,
    severity: miette::Severity,
    help: Option<String>,
    src: Option<Src>,
    labels: Vec<LabeledSpan>,
    related: Vec<Diag>,
}

impl fmt::Display for Diag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diag {}

impl Diagnostic for Diag {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code
            .as_ref()
            .map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.src.as_ref().map(|s| s as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() || self.src.is_none() {
            return None;
        }
        Some(Box::new(self.labels.iter().cloned()))
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|d| d as &dyn Diagnostic)))
    }
}

fn severity(s: Severity) -> miette::Severity {
    match s {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info | Severity::Allow => miette::Severity::Advice,
    }
}

fn source_span(file: &SourceFile, span: Span) -> SourceSpan {
    let start = file.offset(span.start);
    let end = file.offset(span.end).max(start);
    SourceSpan::new(start.into(), end - start)
}

fn src_for(report: &Report, label: &Label) -> Option<Src> {
    let path = label.file.as_ref()?;
    let file = report.sources.get(path)?;
    Some(Src {
        file: Arc::clone(file),
        name: path_text(path),
    })
}

fn labeled(src: &Src, label: &Label, primary: bool) -> Option<LabeledSpan> {
    let span = source_span(&src.file, label.span?);
    let text = Some(label.message.clone());
    Some(if primary {
        LabeledSpan::new_primary_with_span(text, span)
    } else {
        LabeledSpan::new_with_span(text, span)
    })
}

fn finding_diag(report: &Report, f: &Finding) -> Diag {
    let src = src_for(report, &f.primary);
    let mut labels = Vec::new();
    let mut related = Vec::new();
    let mut message = f.message.clone();
    if let Some(src) = &src {
        labels.extend(labeled(src, &f.primary, true));
    } else if let Some(file) = &f.primary.file {
        message = format!("{}: {message}", path_text(file));
    }
    for l in &f.related {
        match &src {
            Some(s) if l.file.as_deref() == f.primary.file.as_deref() && l.span.is_some() => {
                labels.extend(labeled(s, l, false))
            }
            _ => {
                let other = src_for(report, l);
                let labels = other
                    .as_ref()
                    .and_then(|s| {
                        l.span.map(|sp| {
                            LabeledSpan::new_primary_with_span(None, source_span(&s.file, sp))
                        })
                    })
                    .into_iter()
                    .collect();
                let message = match (&other, &l.file) {
                    (Some(_), _) => l.message.clone(),
                    (None, Some(file)) => format!("{}: {}", path_text(file), l.message),
                    (None, None) => format!("database: {}", l.message),
                };
                // miette heads a related diagnostic with its severity and code
                // ("Advice: <code>"); without a code the heading is left empty.
                related.push(Diag {
                    message,
                    code: Some("note".to_owned()),
                    severity: miette::Severity::Advice,
                    help: None,
                    src: other,
                    labels,
                    related: Vec::new(),
                });
            }
        }
    }
    Diag {
        message,
        code: Some(f.rule.to_owned()),
        severity: severity(f.severity),
        help: with_fix_note(f),
        src,
        labels,
        related,
    }
}

/// The help, then whether `--fix` can repair the finding: `fix available` (ruff's `[*]`),
/// or `unsafe fix available` for a fix `--fix` applies only with `--unsafe-fixes`.
fn with_fix_note(f: &Finding) -> Option<String> {
    let note = f.fix.as_ref().map(|fix| match fix.applicability {
        Applicability::Safe => "fix available: `validator check --fix`".to_owned(),
        Applicability::Unsafe => {
            "unsafe fix available: `validator check --fix --unsafe-fixes`".to_owned()
        }
    });
    match (&f.help, note) {
        (Some(help), Some(note)) => Some(format!("{help}\n{note}")),
        (help, note) => note.or_else(|| help.clone()),
    }
}

fn problem_diag(report: &Report, e: &Error) -> Diag {
    let src = e.path().and_then(|p| {
        report.sources.get(p).map(|file| Src {
            file: Arc::clone(file),
            name: path_text(p),
        })
    });
    let labels = match (&src, e.pos()) {
        (Some(s), Some(pos)) => {
            let span = source_span(
                &s.file,
                Span {
                    start: pos,
                    end: pos,
                },
            );
            vec![LabeledSpan::new_primary_with_span(
                Some("here".to_owned()),
                span,
            )]
        }
        _ => Vec::new(),
    };
    let message = match (e.path(), e.pos(), &src) {
        (Some(p), Some(pos), None) => format!("{e} ({}:{}:{})", path_text(p), pos.line, pos.column),
        _ => e.to_string(),
    };
    Diag {
        message,
        code: Some(e.code().to_owned()),
        severity: miette::Severity::Error,
        help: None,
        src,
        labels,
        related: Vec::new(),
    }
}

/// Render every finding and problem, then the summary line.
pub(super) fn render(report: &Report, opts: &Options) -> String {
    let theme = if opts.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(opts.width)
        .with_links(false);
    let mut out = String::new();
    for e in &report.problems {
        let _ = handler.render_report(&mut out, &problem_diag(report, e));
        out.push('\n');
    }
    for f in &report.findings {
        let _ = handler.render_report(&mut out, &finding_diag(report, f));
        out.push('\n');
    }
    for b in &report.backends {
        out.push_str("linted for ");
        out.push_str(&b.describe());
        out.push('\n');
    }
    if let Some(line) = &report.summary.transaction {
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(&summary_line(report));
    out.push('\n');
    out
}

/// Render one infrastructure error on its own (for `main.rs`, when nothing was checked).
pub fn render_error(e: &Error, color: bool, width: usize) -> String {
    let report = Report::default();
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .with_links(false);
    let mut out = String::new();
    let _ = handler.render_report(&mut out, &problem_diag(&report, e));
    out
}
