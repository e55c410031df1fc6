use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::Range;
use validator_base::Backend;

declare_rule! {
    /// ## What it does
    /// Flags identifiers longer than 63 bytes.
    ///
    /// ## Why is this bad?
    /// PostgreSQL silently truncates them; two long names can collide, and code looking the object up by its full name does not find it.
    ///
    /// squawk: `identifier-too-long`.
    ///
    /// ## Example
    /// ```sql
    /// CREATE INDEX idx_credit_transactions_user_id_created_at_amount_description_kind ON t (a);
    /// ```
    /// Use instead:
    /// ```sql
    /// CREATE INDEX idx_ct_user_created ON t (a);
    /// ```
    pub(crate) static RULE = ("identifier-too-long", Migration, Warning, aliases = ["identifier-too-long"]);
}

fn finding(cx: &Context<'_>, range: &Range) -> Finding {
    cx.finding(
        &RULE,
        range,
        "identifier is longer than PostgreSQL's 63 bytes and will be truncated",
        "truncated to 63 bytes",
    )
    .with_help(cx.help(
        "shorten the name",
        "its generated index and foreign key names are the usual culprits",
    ))
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.backend() != Backend::Postgres {
        return;
    }
    super::delegate(cx, &RULE, out, |_, _, _| true, finding);
}
