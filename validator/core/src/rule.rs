//! What a rule is: its stable name, group, default severity and documentation, declared
//! with [`declare_rule!`]. The registry of every rule is [`crate::rules`].

use serde::Serialize;

use crate::severity::Severity;

/// What a rule looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Group {
    /// Entity sources (`validator check`).
    Entity,
    /// Migrations (`validator lint`).
    Migration,
    /// Entities against a live database (`validator drift`).
    Drift,
    /// The tool itself (suppressions, configuration).
    Meta,
}

impl Group {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Group::Entity => "entity",
            Group::Migration => "migration",
            Group::Drift => "drift",
            Group::Meta => "meta",
        }
    }
}

/// A rule's stable identity and documentation.
#[derive(Debug)]
pub struct RuleMeta {
    /// Kebab-case name, the rule's stable code.
    pub name: &'static str,
    /// Former names, still accepted in configuration and suppressions.
    pub aliases: &'static [&'static str],
    /// What the rule looks at.
    pub group: Group,
    /// Severity unless configured otherwise.
    pub default_severity: Severity,
    /// Whether the rule can attach a fix to its findings, and how safe it is.
    pub fix: Option<crate::applicability::Applicability>,
    /// The `///` doc of the declaration, one leading space per line as rustc stores it.
    pub raw_doc: &'static str,
}

impl RuleMeta {
    /// The documentation in Markdown, as written in the source.
    pub fn doc(&self) -> String {
        let mut out = String::with_capacity(self.raw_doc.len());
        for line in self.raw_doc.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }

    /// The first sentence of `## What it does`, on one line.
    pub fn summary(&self) -> String {
        let doc = self.doc();
        let paragraph: Vec<&str> = doc
            .lines()
            .map(str::trim)
            .skip_while(|l| l.is_empty() || l.starts_with('#'))
            .take_while(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        let text = paragraph.join(" ");
        let end = first_sentence_end(&text).unwrap_or(text.len());
        text.get(..end)
            .unwrap_or(&text)
            .trim_end_matches(['.', ':'])
            .to_owned()
    }

    /// Whether `name` is this rule's name or one of its aliases.
    pub fn is_named(&self, name: &str) -> bool {
        self.name == name || self.aliases.contains(&name)
    }
}

/// Where the first sentence of `text` ends: after the first `. ` outside a code span
/// (`` `ALTER TABLE .. DROP COLUMN` `` is one piece of code, not two sentences).
fn first_sentence_end(text: &str) -> Option<usize> {
    let mut in_code = false;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '`' => in_code = !in_code,
            '.' if !in_code && chars.peek().is_some_and(|(_, next)| *next == ' ') => {
                return Some(i + 1);
            }
            _ => {}
        }
    }
    None
}

/// Declares a rule: its `///` doc (captured with `concat!`, clippy's technique), name,
/// group and default severity.
///
/// ```ignore
/// declare_rule! {
///     /// ## What it does
///     /// ...
///     pub(crate) static RULE = ("missing-back-reference", Entity, Error);
/// }
/// ```
macro_rules! declare_rule {
    (
        $(#[doc = $doc:expr])*
        $vis:vis static $id:ident = ($name:literal, $group:ident, $sev:ident $(, aliases = [$($alias:literal),* $(,)?])? $(, fix = $fix:ident)?);
    ) => {
        $vis static $id: $crate::rule::RuleMeta = $crate::rule::RuleMeta {
            name: $name,
            aliases: &[$($($alias),*)?],
            group: $crate::rule::Group::$group,
            default_severity: $crate::severity::Severity::$sev,
            fix: $crate::rule::fix_kind!($($fix)?),
            raw_doc: concat!($($doc, "\n"),*),
        };
    };
}
pub(crate) use declare_rule;

/// `fix = Safe` / `fix = Unsafe` in [`declare_rule!`], or no fix.
macro_rules! fix_kind {
    () => {
        None
    };
    ($fix:ident) => {
        Some($crate::applicability::Applicability::$fix)
    };
}
pub(crate) use fix_kind;

#[cfg(test)]
mod sentence_tests {
    use super::first_sentence_end;

    #[test]
    fn periods_in_code_spans_do_not_end_the_sentence() {
        let text = "Flags `ALTER TABLE .. DROP COLUMN` on a table. Then more.";
        assert_eq!(first_sentence_end(text), Some(46));
        assert_eq!(first_sentence_end("No period"), None);
    }
}
