use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::Range;
use validator_base::Backend;

declare_rule! {
    /// ## What it does
    /// Flags `ALTER TYPE .. ADD VALUE` without `BEFORE`/`AFTER`.
    ///
    /// ## Why is this bad?
    /// Enum values sort by position; appended values sort differently on databases migrated in a different order.
    ///
    /// squawk: `require-enum-value-ordering`.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TYPE plan_tier ADD VALUE 'team';
    /// ```
    /// Use instead:
    /// ```sql
    /// ALTER TYPE plan_tier ADD VALUE 'team' AFTER 'pro';
    /// ```
    pub(crate) static RULE = ("enum-value-without-position", Migration, Info, aliases = ["require-enum-value-ordering"]);
}

fn finding(cx: &Context<'_>, range: &Range) -> Finding {
    cx.finding(
        &RULE,
        range,
        "`ADD VALUE` without `BEFORE` or `AFTER` appends the value at the end",
        "the value's position depends on migration order",
    )
    .with_help("say where the value goes: `ADD VALUE 'x' AFTER 'y'`")
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.backend() != Backend::Postgres {
        return;
    }
    super::delegate(cx, &RULE, out, |_, _, _| true, finding);
}
