use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::Range;

declare_rule! {
    /// ## What it does
    /// Flags `ADD COLUMN .. NOT NULL` without a default on a table that existed before the migration, on PostgreSQL (on SQLite the statement fails outright: `sqlite-add-column-restriction`).
    ///
    /// ## Why is this bad?
    /// On a table with rows the statement fails; on an empty one it succeeds, and every `INSERT` of the running application (which does not know the column) fails instead.
    ///
    /// squawk: `adding-required-field`.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE users ADD COLUMN plan text NOT NULL;
    /// ```
    /// Use instead:
    /// ```sql
    /// ALTER TABLE users ADD COLUMN plan text NOT NULL DEFAULT 'free';
    /// ```
    pub(crate) static RULE = ("required-column-on-existing-table", Migration, Error, aliases = ["adding-required-field"]);
}

fn finding(cx: &Context<'_>, range: &Range) -> Finding {
    cx.finding(
        &RULE,
        range,
        "a `NOT NULL` column without a default cannot be added to a table that has rows",
        "fails when the table has rows; breaks the running application's inserts",
    )
    .with_help("add the column with a default, or nullable and backfill it before `SET NOT NULL`")
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    // On SQLite the statement fails outright: `sqlite-add-column-restriction` says so.
    if cx.backend() != validator_base::Backend::Postgres {
        return;
    }
    super::delegate(cx, &RULE, out, |cx, i, _| !cx.only_new_tables(i), finding);
}
