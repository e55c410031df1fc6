use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::Range;

declare_rule! {
    /// ## What it does
    /// Flags an `UPDATE` (or `INSERT .. ON CONFLICT DO UPDATE`) that sets the same column twice.
    ///
    /// ## Why is this bad?
    /// PostgreSQL rejects it at run time; the migration fails.
    ///
    /// squawk: `ban-duplicate-column-assignments`.
    ///
    /// ## Example
    /// ```sql
    /// UPDATE users SET plan = 'free', plan = 'pro';
    /// ```
    /// Use instead:
    /// ```sql
    /// UPDATE users SET plan = 'pro';
    /// ```
    pub(crate) static RULE = ("duplicate-column-assignment", Migration, Error, aliases = ["ban-duplicate-column-assignments"]);
}

fn finding(cx: &Context<'_>, range: &Range) -> Finding {
    cx.finding(
        &RULE,
        range,
        "the same column is assigned twice in one statement",
        "assigned more than once",
    )
    .with_help("assign each column once")
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    super::delegate(cx, &RULE, out, |_, _, _| true, finding);
}
