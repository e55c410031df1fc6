use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::Range;
use validator_base::Backend;

declare_rule! {
    /// ## What it does
    /// Flags `CREATE`/`DROP`/`ADD` without `IF [NOT] EXISTS` where a failure half-way leaves the migration impossible to re-run.
    ///
    /// ## Why is this bad?
    /// Outside a transaction, a failure after the first statement leaves it applied; the retry fails on it.
    ///
    /// squawk: `prefer-robust-stmts`.
    ///
    /// ## Example
    /// ```sql
    /// CREATE INDEX CONCURRENTLY idx ON t (a);
    /// ```
    /// Use instead:
    /// ```sql
    /// CREATE INDEX CONCURRENTLY IF NOT EXISTS idx ON t (a);
    /// ```
    pub(crate) static RULE = ("non-idempotent-statement", Migration, Info, aliases = ["prefer-robust-stmts"]);
}

fn finding(cx: &Context<'_>, range: &Range) -> Finding {
    cx.finding(
        &RULE,
        range,
        "this statement fails if run twice, and its migration runs outside a transaction",
        "not repeatable after a partial failure",
    )
    .with_help("add `IF NOT EXISTS` / `IF EXISTS`, or run the migration in a transaction")
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.backend() != Backend::Postgres {
        return;
    }
    super::delegate(cx, &RULE, out, |_, _, _| true, finding);
}
