use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::Range;

declare_rule! {
    /// ## What it does
    /// Flags `ALTER TABLE .. DROP COLUMN` on a table that existed before the migration.
    /// Not flagged: a column rebuilt under its name in one migration (add `x_new`, fill it
    /// with `UPDATE`, drop `x`, rename `x_new` to `x`).
    ///
    /// ## Why is this bad?
    /// SeaORM selects every column of an entity by name: the running application fails on the first query after the drop, and the data is gone.
    ///
    /// squawk: `ban-drop-column`.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE users DROP COLUMN nickname;
    /// ```
    /// Use instead:
    /// ```sql
    /// -- remove `nickname` from the entity and deploy, then:
    /// -- validator: allow(drop-column) -- unused since release 42
    /// ALTER TABLE users DROP COLUMN nickname;
    /// ```
    pub(crate) static RULE = ("drop-column", Migration, Error, aliases = ["ban-drop-column"]);
}

fn finding(cx: &Context<'_>, range: &Range) -> Finding {
    cx.finding(
        &RULE,
        range,
        "dropping a column deletes its data and breaks the running application",
        "the running application still selects this column",
    )
    .with_help("stop reading and writing the column first (remove it from the entity), then drop it in a later migration")
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    super::delegate(
        cx,
        &RULE,
        out,
        |cx, i, _| !cx.only_new_tables(i) && !cx.in_rebuild(i),
        finding,
    );
}
