//! `--format json`; the schema is documented in `validator/docs/json-schema.md`.

use serde::Serialize;

use super::{applicability, path_text};
use crate::diagnostic::{Edit, Finding, Fix, Label, Summary};
use crate::error::Error;
use crate::report::Report;

/// Version of the JSON document layout; bumped on incompatible changes.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    findings: Vec<JsonFinding<'a>>,
    errors: Vec<JsonError>,
    summary: &'a Summary,
    /// `lint` on a migration crate: the backends linted and why.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    backends: &'a [crate::report::LintBackends],
}

/// One finding, flattened: the primary location's file and 1-based span.
#[derive(Serialize)]
pub(crate) struct JsonFinding<'a> {
    pub(crate) rule: &'a str,
    pub(crate) severity: &'a str,
    pub(crate) message: &'a str,
    pub(crate) file: Option<String>,
    pub(crate) line: Option<usize>,
    pub(crate) column: Option<usize>,
    pub(crate) end_line: Option<usize>,
    pub(crate) end_column: Option<usize>,
    pub(crate) label: &'a str,
    pub(crate) related: Vec<JsonRelated<'a>>,
    pub(crate) help: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) fix: Option<JsonFix<'a>>,
}

/// A finding's fix: what `validator check --fix` would apply for it.
#[derive(Serialize)]
pub(crate) struct JsonFix<'a> {
    pub(crate) message: &'a str,
    pub(crate) applicability: &'a str,
    pub(crate) edits: Vec<JsonEdit<'a>>,
}

/// One replacement: the text from `line`:`column` to `end_line`:`end_column` (1-based,
/// end exclusive, columns in characters) becomes `text`; an insertion has start == end.
#[derive(Serialize)]
pub(crate) struct JsonEdit<'a> {
    pub(crate) file: String,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) end_line: usize,
    pub(crate) end_column: usize,
    pub(crate) text: &'a str,
}

#[derive(Serialize)]
pub(crate) struct JsonRelated<'a> {
    pub(crate) file: Option<String>,
    pub(crate) line: Option<usize>,
    pub(crate) column: Option<usize>,
    pub(crate) message: &'a str,
}

#[derive(Serialize)]
struct JsonError {
    code: &'static str,
    message: String,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
}

fn related(l: &Label) -> JsonRelated<'_> {
    JsonRelated {
        file: l.file.as_deref().map(path_text),
        line: l.span.map(|s| s.start.line),
        column: l.span.map(|s| s.start.column),
        message: &l.message,
    }
}

pub(crate) fn finding(f: &Finding) -> JsonFinding<'_> {
    let span = f.primary.span;
    JsonFinding {
        rule: f.rule,
        severity: f.severity.as_str(),
        message: &f.message,
        file: f.primary.file.as_deref().map(path_text),
        line: span.map(|s| s.start.line),
        column: span.map(|s| s.start.column),
        end_line: span.map(|s| s.end.line),
        end_column: span.map(|s| s.end.column),
        label: &f.primary.message,
        related: f.related.iter().map(related).collect(),
        help: f.help.as_deref(),
        fix: f.fix.as_ref().map(fix),
    }
}

fn edit(e: &Edit) -> JsonEdit<'_> {
    JsonEdit {
        file: path_text(&e.file),
        line: e.span.start.line,
        column: e.span.start.column,
        end_line: e.span.end.line,
        end_column: e.span.end.column,
        text: &e.text,
    }
}

pub(crate) fn fix(f: &Fix) -> JsonFix<'_> {
    JsonFix {
        message: &f.message,
        applicability: applicability(f.applicability),
        edits: f.edits.iter().map(edit).collect(),
    }
}

fn error(e: &Error) -> JsonError {
    JsonError {
        code: e.code(),
        message: e.to_string(),
        file: e.path().map(path_text),
        line: e.pos().map(|p| p.line),
        column: e.pos().map(|p| p.column),
    }
}

pub(super) fn render(report: &Report) -> String {
    let doc = Document {
        version: SCHEMA_VERSION,
        findings: report.findings.iter().map(finding).collect(),
        errors: report.problems.iter().map(error).collect(),
        summary: &report.summary,
        backends: &report.backends,
    };
    let mut s =
        serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
