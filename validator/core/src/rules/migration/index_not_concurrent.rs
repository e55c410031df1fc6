use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::Range;
use validator_base::Backend;

declare_rule! {
    /// ## What it does
    /// Flags `CREATE INDEX` without `CONCURRENTLY` on a table that existed before the migration.
    ///
    /// ## Why is this bad?
    /// A plain index build takes a `SHARE` lock: every `INSERT`, `UPDATE` and `DELETE` on the table waits until the whole index is built, minutes on a large table. Indexes on tables created in the same migration are not flagged: they are empty.
    ///
    /// squawk: `require-concurrent-index-creation`.
    ///
    /// ## Example
    /// ```sql
    /// CREATE INDEX idx_users_email ON users (email);
    /// ```
    /// Use instead:
    /// ```sql
    /// CREATE INDEX CONCURRENTLY idx_users_email ON users (email);
    /// ```
    pub(crate) static RULE = ("index-not-concurrent", Migration, Warning, aliases = ["require-concurrent-index-creation"]);
}

fn finding(cx: &Context<'_>, range: &Range) -> Finding {
    cx.finding(
        &RULE,
        range,
        "`CREATE INDEX` without `CONCURRENTLY` blocks writes to the table while the index builds",
        "blocks writes until the index is built",
    )
    .with_help("build it with `CREATE INDEX CONCURRENTLY` in a migration with `use_transaction() -> Some(false)`")
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.backend() != Backend::Postgres {
        return;
    }
    super::delegate(cx, &RULE, out, |cx, i, _| !cx.only_new_tables(i), finding);
}
