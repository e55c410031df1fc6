use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::Range;
use validator_base::Backend;

declare_rule! {
    /// ## What it does
    /// Flags `ALTER COLUMN .. SET NOT NULL` on an existing table.
    ///
    /// ## Why is this bad?
    /// PostgreSQL verifies every row while holding the strongest lock. A validated `CHECK (col IS NOT NULL)` lets it skip the scan.
    ///
    /// squawk: `adding-not-nullable-field`.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE users ALTER COLUMN email SET NOT NULL;
    /// ```
    /// Use instead:
    /// ```sql
    /// ALTER TABLE users ADD CONSTRAINT email_not_null CHECK (email IS NOT NULL) NOT VALID;
    /// -- next migration:
    /// ALTER TABLE users VALIDATE CONSTRAINT email_not_null;
    /// ALTER TABLE users ALTER COLUMN email SET NOT NULL;
    /// ```
    pub(crate) static RULE = ("set-not-null-scan", Migration, Warning, aliases = ["adding-not-nullable-field"]);
}

fn finding(cx: &Context<'_>, range: &Range) -> Finding {
    cx.finding(
        &RULE,
        range,
        "`SET NOT NULL` scans the whole table under an `ACCESS EXCLUSIVE` lock",
        "checks every row while blocking reads and writes",
    )
    .with_help("add `CHECK (col IS NOT NULL) NOT VALID`, `VALIDATE` it in a later migration, then `SET NOT NULL` (PostgreSQL 12+ skips the scan)")
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.backend() != Backend::Postgres {
        return;
    }
    super::delegate(cx, &RULE, out, |cx, i, _| !cx.only_new_tables(i), finding);
}
