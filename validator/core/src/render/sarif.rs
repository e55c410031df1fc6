//! `--format sarif`: SARIF 2.1.0, one run, rule metadata from the registry.

use serde_json::{Value, json};

use super::{applicability, path_text};
use crate::diagnostic::{Fix, Label, Severity};
use crate::report::Report;
use crate::rules;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Allow => "note",
    }
}

fn location(l: &Label) -> Value {
    let mut physical = serde_json::Map::new();
    if let Some(file) = &l.file {
        physical.insert("artifactLocation".into(), json!({ "uri": path_text(file) }));
    }
    if let Some(s) = l.span {
        physical.insert(
            "region".into(),
            json!({
                "startLine": s.start.line,
                "startColumn": s.start.column,
                "endLine": s.end.line,
                "endColumn": s.end.column,
            }),
        );
    }
    json!({ "physicalLocation": physical, "message": { "text": l.message } })
}

/// A SARIF `fix` (3.55): one `artifactChange` per file, each edit a `replacement` whose
/// `deletedRegion` is empty for an insertion.
fn fix(f: &Fix) -> Value {
    let mut changes: Vec<(String, Vec<Value>)> = Vec::new();
    for e in &f.edits {
        let uri = path_text(&e.file);
        let replacement = json!({
            "deletedRegion": {
                "startLine": e.span.start.line,
                "startColumn": e.span.start.column,
                "endLine": e.span.end.line,
                "endColumn": e.span.end.column,
            },
            "insertedContent": { "text": e.text },
        });
        match changes.iter_mut().find(|(u, _)| *u == uri) {
            Some((_, list)) => list.push(replacement),
            None => changes.push((uri, vec![replacement])),
        }
    }
    let changes: Vec<Value> = changes
        .into_iter()
        .map(|(uri, replacements)| {
            json!({
                "artifactLocation": { "uri": uri },
                "replacements": replacements,
            })
        })
        .collect();
    json!({
        "description": { "text": f.message },
        "artifactChanges": changes,
        "properties": { "applicability": applicability(f.applicability) },
    })
}

pub(super) fn render(report: &Report) -> String {
    let all: Vec<&rules::RuleMeta> = rules::all().collect();
    let rule_meta: Vec<Value> = all
        .iter()
        .map(|r| {
            json!({
                // No `name`: it would repeat the id, which SARIF (3.49.7) says to omit.
                "id": r.name,
                "shortDescription": { "text": r.summary() },
                "fullDescription": { "text": r.summary() },
                "help": { "text": r.doc(), "markdown": r.doc() },
                "defaultConfiguration": {
                    "level": level(r.default_severity),
                    "enabled": r.default_severity != Severity::Allow,
                },
                "properties": { "group": r.group.as_str() },
            })
        })
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let mut text = f.message.clone();
            if let Some(h) = &f.help {
                text.push_str("\nhelp: ");
                text.push_str(h);
            }
            let related: Vec<Value> = f
                .related
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let mut loc = location(l);
                    if let Some(o) = loc.as_object_mut() {
                        o.insert("id".into(), json!(i));
                    }
                    loc
                })
                .collect();
            let mut result = json!({
                "ruleId": f.rule,
                "ruleIndex": all.iter().position(|r| r.name == f.rule),
                "level": level(f.severity),
                "message": { "text": text },
                "locations": [location(&f.primary)],
                "relatedLocations": related,
            });
            if let (Some(o), Some(f)) = (result.as_object_mut(), &f.fix) {
                o.insert("fixes".into(), json!([fix(f)]));
            }
            result
        })
        .collect();
    let notifications: Vec<Value> = report
        .problems
        .iter()
        .map(|e| {
            let mut n = json!({
                "level": "error",
                "message": { "text": e.to_string() },
                "descriptor": { "id": e.code() },
            });
            if let (Some(o), Some(p)) = (n.as_object_mut(), e.path()) {
                let mut region = json!({});
                if let Some(pos) = e.pos() {
                    region = json!({ "startLine": pos.line, "startColumn": pos.column });
                }
                o.insert(
                    "locations".into(),
                    json!([{ "physicalLocation": { "artifactLocation": { "uri": path_text(p) }, "region": region } }]),
                );
            }
            n
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "validator",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rule_meta,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
            "invocations": [{
                "executionSuccessful": report.problems.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
        }],
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
