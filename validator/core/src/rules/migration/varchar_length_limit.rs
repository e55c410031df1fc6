use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::Range;
use validator_base::Backend;

declare_rule! {
    /// ## What it does
    /// Flags `varchar(n)` columns. Off by default: SeaORM's `string` renders `varchar`.
    ///
    /// ## Why is this bad?
    /// Raising a length limit later needs an `ALTER COLUMN TYPE`; a `CHECK` can be replaced `NOT VALID`.
    ///
    /// squawk: `prefer-text-field`.
    ///
    /// ## Example
    /// ```sql
    /// CREATE TABLE t (name varchar(100));
    /// ```
    /// Use instead:
    /// ```sql
    /// CREATE TABLE t (name text CHECK (length(name) <= 100));
    /// ```
    pub(crate) static RULE = ("varchar-length-limit", Migration, Allow, aliases = ["prefer-text-field"]);
}

fn finding(cx: &Context<'_>, range: &Range) -> Finding {
    cx.finding(
        &RULE,
        range,
        "a `varchar(n)` limit is costly to change later",
        "changing the limit may lock the table",
    )
    .with_help("use `text`, with a `CHECK (length(col) <= n)` if a limit matters")
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.backend() != Backend::Postgres {
        return;
    }
    super::delegate(cx, &RULE, out, |_, _, _| true, finding);
}
