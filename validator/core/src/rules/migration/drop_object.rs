use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::Range;
use validator_base::Backend;

declare_rule! {
    /// ## What it does
    /// Flags drops of views, functions, types, sequences, domains, extensions, constraints and generated expressions.
    ///
    /// ## Why is this bad?
    /// Queries, defaults and columns that still use the object fail, and some of it (a type, a sequence) holds state that is lost.
    ///
    /// squawk: `ban-drop-view`, `ban-drop-function`, `ban-drop-type`, `ban-drop-sequence`, `ban-drop-domain`, `ban-drop-extension`, `ban-drop-constraint`, `ban-drop-generated-expression`.
    ///
    /// ## Example
    /// ```sql
    /// DROP TYPE plan_tier;
    /// ```
    /// Use instead:
    /// ```sql
    /// -- move columns off the type first, then:
    /// -- validator: allow(drop-object) -- no column uses plan_tier since v3
    /// DROP TYPE plan_tier;
    /// ```
    pub(crate) static RULE = ("drop-object", Migration, Warning, aliases = ["ban-drop-view", "ban-drop-function", "ban-drop-type", "ban-drop-sequence", "ban-drop-domain", "ban-drop-extension", "ban-drop-constraint", "ban-drop-generated-expression"]);
}

fn finding(cx: &Context<'_>, range: &Range) -> Finding {
    cx.finding(
        &RULE,
        range,
        "dropping this object breaks whatever still uses it",
        "still used by the running application or other objects",
    )
    .with_help("remove its users first, then drop it in a later migration with a suppression that says why")
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.backend() != Backend::Postgres {
        return;
    }
    super::delegate(cx, &RULE, out, |cx, i, _| !cx.only_new_tables(i), finding);
}
