use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::Range;
use validator_base::Backend;

declare_rule! {
    /// ## What it does
    /// Flags renames of indexes, constraints, sequences, types, views and schemas, and `SET SCHEMA`.
    ///
    /// ## Why is this bad?
    /// Application code, raw SQL and grants that name the object fail as soon as it moves.
    ///
    /// squawk: `renaming-object`, `ban-set-schema`.
    ///
    /// ## Example
    /// ```sql
    /// ALTER SEQUENCE users_id_seq RENAME TO accounts_id_seq;
    /// ```
    /// Use instead:
    /// ```sql
    /// -- keep the name; create a new object and move users of the old one
    /// ```
    pub(crate) static RULE = ("rename-object", Migration, Warning, aliases = ["renaming-object", "ban-set-schema"]);
}

fn finding(cx: &Context<'_>, range: &Range) -> Finding {
    cx.finding(
        &RULE,
        range,
        "renaming or moving a database object breaks the code that still uses its old name",
        "still referenced by its old name",
    )
    .with_help("create the new object beside the old one and migrate its users before dropping the old one")
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.backend() != Backend::Postgres {
        return;
    }
    super::delegate(cx, &RULE, out, |_, _, _| true, finding);
}
