use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::Range;

declare_rule! {
    /// ## What it does
    /// Flags `ALTER COLUMN .. DROP DEFAULT` on an existing table.
    ///
    /// ## Why is this bad?
    /// The running application may omit the column on insert and count on the default.
    ///
    /// squawk: `ban-drop-default`.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE users ALTER COLUMN created_at DROP DEFAULT;
    /// ```
    /// Use instead:
    /// ```sql
    /// -- deploy code that sets created_at explicitly, then drop the default
    /// ```
    pub(crate) static RULE = ("drop-default", Migration, Warning, aliases = ["ban-drop-default"]);
}

fn finding(cx: &Context<'_>, range: &Range) -> Finding {
    cx.finding(
        &RULE,
        range,
        "dropping a column default breaks inserts that rely on it",
        "inserts that omit the column now fail or store `NULL`",
    )
    .with_help("deploy code that always sets the column first, then drop the default")
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    super::delegate(cx, &RULE, out, |cx, i, _| !cx.only_new_tables(i), finding);
}
