//! Inline suppressions: `// validator: allow(rule-a, rule-b) -- reason` in Rust, and
//! `-- validator: allow(rule) -- reason` in SQL. A comment on its own line covers the next
//! code line (other comment lines in between are skipped); a comment after code covers its
//! own line. A finding is covered when that line falls inside the finding's anchor (the
//! item it is about). Reusable for any line-oriented language: pass the comment marker.

use std::path::{Path, PathBuf};

use crate::diagnostic::Finding;
use crate::source::{Pos, SourceFile, Span};

/// One `validator: allow(..)` comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    /// The file it is in.
    pub file: PathBuf,
    /// The comment text from `validator:` to the end of the line.
    pub span: Span,
    /// Rule names as written.
    pub rules: Vec<String>,
    /// The text after `--`, if any.
    pub reason: Option<String>,
    /// The code line it covers.
    pub target_line: usize,
}

const MARKER: &str = "validator:";

/// Every suppression comment in a file. `comment` is the line-comment marker (`//` for
/// Rust, `--` for SQL).
pub fn scan(file: &SourceFile, comment: &str) -> Vec<Suppression> {
    let mut out = Vec::new();
    if !file.text.contains(MARKER) {
        return out;
    }
    for line_no in 1..=file.line_count() {
        let Some(line) = file.line(line_no) else {
            continue;
        };
        let Some(comment_at) = comment_start(line, comment) else {
            continue;
        };
        let Some(body) = line.get(comment_at + comment.len()..) else {
            continue;
        };
        let trimmed = body.trim_start_matches(['/', '!', ' ', '\t']);
        let Some(rest) = trimmed.strip_prefix(MARKER) else {
            continue;
        };
        let Some(args) = rest.trim_start().strip_prefix("allow(") else {
            continue;
        };
        let Some((list, after)) = args.split_once(')') else {
            continue;
        };
        let rules: Vec<String> = list
            .split(',')
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_owned)
            .collect();
        if rules.is_empty() {
            continue;
        }
        let reason = after
            .trim()
            .strip_prefix("--")
            .map(|r| r.trim().to_owned())
            .filter(|r| !r.is_empty());
        let own_line_code = !line.get(..comment_at).unwrap_or("").trim().is_empty();
        let target_line = if own_line_code {
            line_no
        } else {
            next_code_line(file, line_no, comment)
        };
        let marker_col = line.get(..comment_at).map_or(0, |p| p.chars().count()) + 1;
        out.push(Suppression {
            file: file.path.clone(),
            span: Span {
                start: Pos {
                    line: line_no,
                    column: marker_col,
                },
                end: Pos {
                    line: line_no,
                    column: line.chars().count() + 1,
                },
            },
            rules,
            reason,
            target_line,
        });
    }
    out
}

/// Byte index of the line comment marker, ignoring markers inside string literals.
fn comment_start(line: &str, comment: &str) -> Option<usize> {
    let mut in_str = false;
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        if c == '"' && prev != '\\' {
            in_str = !in_str;
        }
        if !in_str && line.get(i..).is_some_and(|rest| rest.starts_with(comment)) {
            return Some(i);
        }
        prev = c;
    }
    None
}

fn next_code_line(file: &SourceFile, from: usize, comment: &str) -> usize {
    let mut n = from + 1;
    while let Some(line) = file.line(n) {
        let t = line.trim_start();
        if !t.is_empty() && !t.starts_with(comment) {
            return n;
        }
        n += 1;
    }
    from
}

/// Which suppression (if any) silences a finding.
pub fn covering(
    finding: &Finding,
    suppressions: &[Suppression],
    is_named: impl Fn(&str, &str) -> bool,
) -> Option<usize> {
    let file: &Path = finding.primary.file.as_deref()?;
    let anchor = finding.anchor_lines()?;
    suppressions.iter().position(|s| {
        s.file == file
            && anchor.contains(s.target_line)
            && s.rules.iter().any(|r| is_named(finding.rule, r))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_comments_and_targets() {
        let src = "a\n// validator: allow(x-y, z) -- because\n/// doc\n#[attr]\nlet s = \"// validator: allow(q)\"; // validator: allow(w)\n";
        let f = SourceFile::new("f.rs".into(), src.into());
        let s = scan(&f, "//");
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].rules, vec!["x-y", "z"]);
        assert_eq!(s[0].reason.as_deref(), Some("because"));
        assert_eq!(s[0].target_line, 4);
        assert_eq!(s[1].rules, vec!["w"]);
        assert_eq!(s[1].target_line, 5);
    }

    #[test]
    fn sql_comments() {
        let f = SourceFile::new(
            "m.sql".into(),
            "-- validator: allow(drop-table) -- gone\nDROP TABLE x;\n".into(),
        );
        let s = scan(&f, "--");
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].target_line, 2);
        assert_eq!(s[0].reason.as_deref(), Some("gone"));
    }
}
