use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::Range;

declare_rule! {
    /// ## What it does
    /// Flags `ALTER TABLE .. RENAME TO` (SeaORM: `rename_table`). Not flagged: the rename in
    /// a table rebuild (create the new shape, copy the rows, drop the old table, rename the
    /// new one to the old name, all in one migration), where the name does not change; also
    /// when a step the reader could not read sits where the copy would be (see `drop-table`).
    ///
    /// ## Why is this bad?
    /// During a deploy the previous application version keeps querying the old name and fails until it is replaced.
    ///
    /// squawk: `renaming-table`.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE users RENAME TO accounts;
    /// ```
    /// Use instead:
    /// ```sql
    /// CREATE VIEW accounts AS SELECT * FROM users;
    /// -- move the application to `accounts`, then swap
    /// ```
    pub(crate) static RULE = ("rename-table", Migration, Warning, aliases = ["renaming-table"]);
}

fn finding(cx: &Context<'_>, range: &Range) -> Finding {
    cx.finding(
        &RULE,
        range,
        "renaming a table breaks the application version that is still running",
        "the running application still queries the old name",
    )
    .with_help("create the new table (or a view with the new name), move readers and writers over, then drop the old one")
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    super::delegate(cx, &RULE, out, |cx, i, _| !cx.in_rebuild(i), finding);
}
