use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::Range;

declare_rule! {
    /// ## What it does
    /// Flags `ALTER TABLE .. RENAME COLUMN` (SeaORM: `rename_column`). Not flagged: the
    /// rename that ends a column rebuild (add `x_new`, fill it, drop `x`, rename `x_new` to
    /// `x`), where the name the application uses stays.
    ///
    /// ## Why is this bad?
    /// The previous application version keeps reading and writing the old column name until it is replaced.
    ///
    /// squawk: `renaming-column`.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE users RENAME COLUMN name TO display_name;
    /// ```
    /// Use instead:
    /// ```sql
    /// ALTER TABLE users ADD COLUMN display_name text;
    /// -- dual-write, backfill, switch reads, then drop `name`
    /// ```
    pub(crate) static RULE = ("rename-column", Migration, Warning, aliases = ["renaming-column"]);
}

fn finding(cx: &Context<'_>, range: &Range) -> Finding {
    cx.finding(
        &RULE,
        range,
        "renaming a column breaks the application version that is still running",
        "the running application still uses the old name",
    )
    .with_help("add the new column, write both, backfill, move readers, then drop the old column")
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    super::delegate(cx, &RULE, out, |cx, i, _| !cx.in_rebuild(i), finding);
}
