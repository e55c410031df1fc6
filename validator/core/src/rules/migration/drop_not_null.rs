use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::Range;

declare_rule! {
    /// ## What it does
    /// Flags `ALTER COLUMN .. DROP NOT NULL` on an existing table.
    ///
    /// ## Why is this bad?
    /// The running application version reads the column as non-optional; the first `NULL` written by the new version breaks it.
    ///
    /// squawk: `ban-drop-not-null`.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE users ALTER COLUMN email DROP NOT NULL;
    /// ```
    /// Use instead:
    /// ```sql
    /// -- deploy code that handles NULL first, then:
    /// ALTER TABLE users ALTER COLUMN email DROP NOT NULL;
    /// ```
    pub(crate) static RULE = ("drop-not-null", Migration, Warning, aliases = ["ban-drop-not-null"]);
}

fn finding(cx: &Context<'_>, range: &Range) -> Finding {
    cx.finding(
        &RULE,
        range,
        "dropping `NOT NULL` lets `NULL` reach code that assumes it cannot",
        "the running application does not expect `NULL` here",
    )
    .with_help(
        "make the application handle `NULL` first, then drop the constraint in a later deploy",
    )
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    super::delegate(cx, &RULE, out, |cx, i, _| !cx.only_new_tables(i), finding);
}
