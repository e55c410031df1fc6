use crate::diagnostic::{Finding, Label};
use crate::rule::declare_rule;
use crate::suppress::Suppression;

declare_rule! {
    /// ## What it does
    /// Flags a `validator: allow(rule)` comment in a migration or `.sql` file that gives
    /// no reason after `--`.
    ///
    /// ## Why is this bad?
    /// A suppressed migration finding is a decision (drop this table, lock that one) the
    /// next reader has to trust. The reason is the record of why it was safe.
    ///
    /// ## Example
    /// ```sql
    /// -- validator: allow(drop-table)
    /// DROP TABLE legacy_users;
    /// ```
    /// Use instead:
    /// ```sql
    /// -- validator: allow(drop-table) -- unused since v2, backed up before the deploy
    /// DROP TABLE legacy_users;
    /// ```
    pub(crate) static RULE = ("suppression-without-reason", Migration, Warning);
}

pub(crate) fn finding(s: &Suppression) -> Finding {
    Finding::new(
        &RULE,
        format!("suppression of `{}` gives no reason", s.rules.join("`, `")),
        Label::new(s.file.clone(), s.span, "no `-- reason`"),
    )
    .with_help("say why after `--`: `validator: allow(rule) -- why this is safe here`")
}
