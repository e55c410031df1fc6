use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::Range;
use validator_base::Backend;

declare_rule! {
    /// ## What it does
    /// Flags `ALTER COLUMN .. TYPE` on an existing table.
    ///
    /// ## Why is this bad?
    /// Most type changes rewrite the table and rebuild its indexes while every query waits, and the old application version may not read the new type.
    ///
    /// squawk: `changing-column-type`.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE users ALTER COLUMN age TYPE bigint;
    /// ```
    /// Use instead:
    /// ```sql
    /// ALTER TABLE users ADD COLUMN age_big bigint;
    /// -- backfill in batches, then switch the application
    /// ```
    pub(crate) static RULE = ("column-type-change", Migration, Warning, aliases = ["changing-column-type"]);
}

fn finding(cx: &Context<'_>, range: &Range) -> Finding {
    cx.finding(
        &RULE,
        range,
        "changing a column's type may rewrite the whole table under an `ACCESS EXCLUSIVE` lock",
        "may rewrite the table and its indexes",
    )
    .with_help("add a new column, backfill it in batches, and switch reads to it; or use a binary-compatible change (`varchar(n)` to `text`)")
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.backend() != Backend::Postgres {
        return;
    }
    super::delegate(cx, &RULE, out, |cx, i, _| !cx.only_new_tables(i), finding);
}
