use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::Range;
use validator_base::Backend;

declare_rule! {
    /// ## What it does
    /// Flags `TRUNCATE .. CASCADE`.
    ///
    /// ## Why is this bad?
    /// `CASCADE` follows foreign keys and empties tables the author may not know about.
    ///
    /// squawk: `ban-truncate-cascade`.
    ///
    /// ## Example
    /// ```sql
    /// TRUNCATE users CASCADE;
    /// ```
    /// Use instead:
    /// ```sql
    /// TRUNCATE sessions;
    /// ```
    pub(crate) static RULE = ("truncate-cascade", Migration, Error, aliases = ["ban-truncate-cascade"]);
}

fn finding(cx: &Context<'_>, range: &Range) -> Finding {
    cx.finding(
        &RULE,
        range,
        "`TRUNCATE .. CASCADE` also empties every table that references this one",
        "empties every referencing table too",
    )
    .with_help("truncate the tables you mean, by name, without `CASCADE`")
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.backend() != Backend::Postgres {
        return;
    }
    super::delegate(cx, &RULE, out, |_, _, _| true, finding);
}
