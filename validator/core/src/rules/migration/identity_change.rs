use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::Range;
use validator_base::Backend;

declare_rule! {
    /// ## What it does
    /// Flags `ALTER COLUMN .. ADD/DROP/SET GENERATED` and identity restarts.
    ///
    /// ## Why is this bad?
    /// Dropping or restarting an identity makes inserts fail or reuse keys.
    ///
    /// squawk: `ban-alter-identity`.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE users ALTER COLUMN id DROP IDENTITY;
    /// ```
    /// Use instead:
    /// ```sql
    /// -- keep the identity
    /// ```
    pub(crate) static RULE = ("identity-change", Migration, Warning, aliases = ["ban-alter-identity"]);
}

fn finding(cx: &Context<'_>, range: &Range) -> Finding {
    cx.finding(
        &RULE,
        range,
        "changing an identity column changes how keys are generated",
        "inserts may fail or collide",
    )
    .with_help("leave the identity as it is, or change it together with the code that inserts rows")
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.backend() != Backend::Postgres {
        return;
    }
    super::delegate(cx, &RULE, out, |cx, i, _| !cx.only_new_tables(i), finding);
}
