use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::Range;
use validator_base::Backend;

declare_rule! {
    /// ## What it does
    /// Flags `ADD CONSTRAINT .. UNIQUE` on an existing table that does not reuse an index built concurrently.
    ///
    /// ## Why is this bad?
    /// The constraint builds its index while holding the strongest lock, blocking reads and writes for the whole build.
    ///
    /// squawk: `disallowed-unique-constraint`.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);
    /// ```
    /// Use instead:
    /// ```sql
    /// CREATE UNIQUE INDEX CONCURRENTLY users_email_idx ON users (email);
    /// ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx;
    /// ```
    pub(crate) static RULE = ("unique-constraint-on-existing-table", Migration, Warning, aliases = ["disallowed-unique-constraint"]);
}

fn finding(cx: &Context<'_>, range: &Range) -> Finding {
    cx.finding(
        &RULE,
        range,
        "adding a `UNIQUE` constraint builds its index under an `ACCESS EXCLUSIVE` lock",
        "builds a unique index while blocking reads and writes",
    )
    .with_help("build the index with `CREATE UNIQUE INDEX CONCURRENTLY`, then `ADD CONSTRAINT .. UNIQUE USING INDEX`")
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.backend() != Backend::Postgres {
        return;
    }
    super::delegate(cx, &RULE, out, |cx, i, _| !cx.only_new_tables(i), finding);
}
