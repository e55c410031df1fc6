use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::Range;
use validator_base::Backend;

declare_rule! {
    /// ## What it does
    /// Flags `ADD COLUMN` with a volatile default (`gen_random_uuid()`, `now()` is fine on PostgreSQL 11+) or a generated column on an existing table.
    ///
    /// ## Why is this bad?
    /// A volatile default (or a stored generated column) forces PostgreSQL to rewrite the table under an `ACCESS EXCLUSIVE` lock.
    ///
    /// squawk: `adding-field-with-default`.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();
    /// ```
    /// Use instead:
    /// ```sql
    /// ALTER TABLE users ADD COLUMN token uuid;
    /// ALTER TABLE users ALTER COLUMN token SET DEFAULT gen_random_uuid();
    /// -- backfill existing rows in batches
    /// ```
    pub(crate) static RULE = ("volatile-default", Migration, Warning, aliases = ["adding-field-with-default"]);
}

fn finding(cx: &Context<'_>, range: &Range) -> Finding {
    cx.finding(
        &RULE,
        range,
        "adding a column with a volatile default rewrites the whole table",
        "the default is computed for every existing row",
    )
    .with_help("add the column without a default, set the default, and backfill in batches")
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.backend() != Backend::Postgres {
        return;
    }
    super::delegate(cx, &RULE, out, |cx, i, _| !cx.only_new_tables(i), finding);
}
