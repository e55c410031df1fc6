use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::Range;
use validator_base::Backend;

declare_rule! {
    /// ## What it does
    /// Flags the first potentially slow statement on a table that existed before the
    /// migration when no `SET statement_timeout` came before it. Tables created by the
    /// same migration are exempt.
    ///
    /// ## Why is this bad?
    /// A rewrite or scan that takes far longer than expected holds its lock all the while;
    /// a `statement_timeout` bounds the damage.
    ///
    /// squawk: `require-statement-timeout`.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE users ALTER COLUMN id TYPE bigint;
    /// ```
    /// Use instead:
    /// ```sql
    /// SET statement_timeout = '5s';
    /// ALTER TABLE users ALTER COLUMN id TYPE bigint;
    /// ```
    pub(crate) static RULE = ("missing-statement-timeout", Migration, Info, aliases = ["require-statement-timeout"]);
}

fn finding(cx: &Context<'_>, range: &Range) -> Finding {
    cx.finding(
        &RULE,
        range,
        "no `statement_timeout` is set before this potentially slow statement",
        "runs for as long as it takes, holding its lock",
    )
    .with_help("run `SET statement_timeout = '5s'` first")
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.backend() != Backend::Postgres {
        return;
    }
    if let Some((_, s)) = super::missing_lock_timeout::first_unguarded(cx, |_, statement| statement)
    {
        out.push(finding(cx, &s.range));
    }
}
