use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::Range;
use validator_base::Backend;

declare_rule! {
    /// ## What it does
    /// Flags `CREATE DOMAIN .. CHECK` and `ALTER DOMAIN .. ADD CONSTRAINT`.
    ///
    /// ## Why is this bad?
    /// Adding or changing a domain constraint scans every table that uses the domain, under locks, and cannot be done `NOT VALID` in one step.
    ///
    /// squawk: `ban-create-domain-with-constraint`, `ban-alter-domain-with-add-constraint`.
    ///
    /// ## Example
    /// ```sql
    /// CREATE DOMAIN positive AS int CHECK (VALUE > 0);
    /// ```
    /// Use instead:
    /// ```sql
    /// ALTER TABLE t ADD CONSTRAINT positive CHECK (amount > 0) NOT VALID;
    /// ```
    pub(crate) static RULE = ("domain-with-constraint", Migration, Info, aliases = ["ban-create-domain-with-constraint", "ban-alter-domain-with-add-constraint"]);
}

fn finding(cx: &Context<'_>, range: &Range) -> Finding {
    cx.finding(
        &RULE,
        range,
        "a domain with a constraint is re-checked on every column that uses it",
        "checked against every column using the domain",
    )
    .with_help("put the `CHECK` on the table column instead")
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.backend() != Backend::Postgres {
        return;
    }
    super::delegate(cx, &RULE, out, |_, _, _| true, finding);
}
