use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::Range;
use validator_base::Backend;

declare_rule! {
    /// ## What it does
    /// Flags `DROP INDEX` without `CONCURRENTLY`.
    ///
    /// ## Why is this bad?
    /// Dropping an index locks its table against reads and writes; behind a long query the lock queue stalls every other query on the table.
    ///
    /// squawk: `require-concurrent-index-deletion`.
    ///
    /// ## Example
    /// ```sql
    /// DROP INDEX idx_users_email;
    /// ```
    /// Use instead:
    /// ```sql
    /// DROP INDEX CONCURRENTLY idx_users_email;
    /// ```
    pub(crate) static RULE = ("drop-index-not-concurrent", Migration, Warning, aliases = ["require-concurrent-index-deletion"]);
}

fn finding(cx: &Context<'_>, range: &Range) -> Finding {
    cx.finding(
        &RULE,
        range,
        "`DROP INDEX` without `CONCURRENTLY` takes an `ACCESS EXCLUSIVE` lock on the table",
        "blocks reads and writes while it waits for the lock",
    )
    .with_help("drop it with `DROP INDEX CONCURRENTLY` in a migration with `use_transaction() -> Some(false)`")
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.backend() != Backend::Postgres {
        return;
    }
    super::delegate(cx, &RULE, out, |_, _, _| true, finding);
}
