use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::Range;
use validator_base::Backend;

declare_rule! {
    /// ## What it does
    /// Flags `DROP DATABASE` and `DROP SCHEMA`.
    ///
    /// ## Why is this bad?
    /// Everything inside is deleted, far beyond what one migration should touch.
    ///
    /// squawk: `ban-drop-database`, `ban-drop-schema`.
    ///
    /// ## Example
    /// ```sql
    /// DROP SCHEMA reporting CASCADE;
    /// ```
    /// Use instead:
    /// ```sql
    /// -- drop it by hand after a backup
    /// ```
    pub(crate) static RULE = ("drop-database-or-schema", Migration, Error, aliases = ["ban-drop-database", "ban-drop-schema"]);
}

fn finding(cx: &Context<'_>, range: &Range) -> Finding {
    cx.finding(
        &RULE,
        range,
        "dropping a database or schema deletes everything in it",
        "deletes every table in it",
    )
    .with_help("do this by hand, never in a migration")
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.backend() != Backend::Postgres {
        return;
    }
    super::delegate(cx, &RULE, out, |_, _, _| true, finding);
}
