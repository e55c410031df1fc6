use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::Range;
use validator_base::Backend;

declare_rule! {
    /// ## What it does
    /// Flags `timestamp` columns without time zone. Off by default.
    ///
    /// ## Why is this bad?
    /// Values written from servers or sessions in different zones cannot be compared.
    ///
    /// squawk: `prefer-timestamptz`, `prefer-timestamp-tz`.
    ///
    /// ## Example
    /// ```sql
    /// CREATE TABLE t (created_at timestamp);
    /// ```
    /// Use instead:
    /// ```sql
    /// CREATE TABLE t (created_at timestamptz);
    /// ```
    pub(crate) static RULE = ("timestamp-without-time-zone", Migration, Allow, aliases = ["prefer-timestamptz", "prefer-timestamp-tz"]);
}

fn finding(cx: &Context<'_>, range: &Range) -> Finding {
    cx.finding(
        &RULE,
        range,
        "`timestamp` without time zone stores wall-clock time with no zone",
        "the zone is lost",
    )
    .with_help(cx.help("use `timestamptz`", "`timestamp_with_time_zone`"))
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.backend() != Backend::Postgres {
        return;
    }
    super::delegate(cx, &RULE, out, |_, _, _| true, finding);
}
