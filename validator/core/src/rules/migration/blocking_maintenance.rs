use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::Range;
use validator_base::Backend;

declare_rule! {
    /// ## What it does
    /// Flags `REINDEX` and `DETACH PARTITION` without `CONCURRENTLY`, and `VACUUM FULL` / `CLUSTER`.
    ///
    /// ## Why is this bad?
    /// These statements hold `ACCESS EXCLUSIVE` locks for as long as they run: minutes to hours on a large table.
    ///
    /// squawk: `require-concurrent-reindex`, `prefer-repack`, `require-concurrent-partition-detach`.
    ///
    /// ## Example
    /// ```sql
    /// REINDEX INDEX idx_users_email;
    /// ```
    /// Use instead:
    /// ```sql
    /// REINDEX INDEX CONCURRENTLY idx_users_email;
    /// ```
    pub(crate) static RULE = ("blocking-maintenance", Migration, Warning, aliases = ["require-concurrent-reindex", "prefer-repack", "require-concurrent-partition-detach"]);
}

fn finding(cx: &Context<'_>, range: &Range) -> Finding {
    cx.finding(
        &RULE,
        range,
        "this maintenance statement blocks the table while it runs",
        "holds a blocking lock for the whole operation",
    )
    .with_help("use `REINDEX .. CONCURRENTLY`, `DETACH PARTITION .. CONCURRENTLY`, or `pg_repack` instead of `VACUUM FULL`/`CLUSTER`")
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.backend() != Backend::Postgres {
        return;
    }
    super::delegate(cx, &RULE, out, |_, _, _| true, finding);
}
