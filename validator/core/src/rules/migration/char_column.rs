use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::Range;
use validator_base::Backend;

declare_rule! {
    /// ## What it does
    /// Flags `char(n)` columns. Off by default.
    ///
    /// ## Why is this bad?
    /// Padding changes comparisons and lengths in surprising ways.
    ///
    /// squawk: `ban-char-field`.
    ///
    /// ## Example
    /// ```sql
    /// CREATE TABLE t (code char(2));
    /// ```
    /// Use instead:
    /// ```sql
    /// CREATE TABLE t (code text);
    /// ```
    pub(crate) static RULE = ("char-column", Migration, Allow, aliases = ["ban-char-field"]);
}

fn finding(cx: &Context<'_>, range: &Range) -> Finding {
    cx.finding(
        &RULE,
        range,
        "`char(n)` pads values with spaces",
        "padded with spaces",
    )
    .with_help("use `text` or `varchar`")
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.backend() != Backend::Postgres {
        return;
    }
    super::delegate(cx, &RULE, out, |_, _, _| true, finding);
}
