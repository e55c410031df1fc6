use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::Range;
use validator_base::Backend;

declare_rule! {
    /// ## What it does
    /// Flags `ALTER TABLE .. ADD CONSTRAINT` (foreign key or check) without `NOT VALID` on an existing table, and `VALIDATE CONSTRAINT` in the same transaction as the `NOT VALID` add.
    ///
    /// ## Why is this bad?
    /// Validating a new constraint reads every row while holding a lock that blocks writes. `NOT VALID` skips the scan for existing rows; a later `VALIDATE CONSTRAINT` checks them under a weaker lock.
    ///
    /// squawk: `constraint-missing-not-valid`.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE orders ADD CONSTRAINT positive CHECK (amount > 0);
    /// ```
    /// Use instead:
    /// ```sql
    /// ALTER TABLE orders ADD CONSTRAINT positive CHECK (amount > 0) NOT VALID;
    /// -- next migration:
    /// ALTER TABLE orders VALIDATE CONSTRAINT positive;
    /// ```
    pub(crate) static RULE = ("constraint-without-not-valid", Migration, Warning, aliases = ["constraint-missing-not-valid"]);
}

fn finding(cx: &Context<'_>, range: &Range) -> Finding {
    cx.finding(
        &RULE,
        range,
        "adding a constraint without `NOT VALID` scans the whole table under a lock",
        "validated at once, scanning every row",
    )
    .with_help("add it `NOT VALID`, then `VALIDATE CONSTRAINT` in a later migration")
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.backend() != Backend::Postgres {
        return;
    }
    super::delegate(cx, &RULE, out, |cx, i, _| !cx.only_new_tables(i), finding);
}
