use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::Range;
use validator_base::Backend;

declare_rule! {
    /// ## What it does
    /// Flags `int`, `integer`, `smallint` and `serial` columns. Off by default: the entity decides the type.
    ///
    /// ## Why is this bad?
    /// Keys and counters that overflow stop inserts; changing the type later rewrites the table.
    ///
    /// squawk: `prefer-bigint-over-int`, `prefer-bigint-over-smallint`.
    ///
    /// ## Example
    /// ```sql
    /// CREATE TABLE t (id int PRIMARY KEY);
    /// ```
    /// Use instead:
    /// ```sql
    /// CREATE TABLE t (id bigint PRIMARY KEY);
    /// ```
    pub(crate) static RULE = ("narrow-integer-column", Migration, Allow, aliases = ["prefer-bigint-over-int", "prefer-bigint-over-smallint"]);
}

fn finding(cx: &Context<'_>, range: &Range) -> Finding {
    cx.finding(
        &RULE,
        range,
        "a 32-bit (or 16-bit) integer column may run out of values",
        "limited to 2^31 - 1",
    )
    .with_help(cx.help("use `bigint`", "`big_integer`, `big_pk_auto`"))
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.backend() != Backend::Postgres {
        return;
    }
    super::delegate(cx, &RULE, out, |_, _, _| true, finding);
}
