use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::{ActionKind, Kind, Range, Statement};
use validator_base::Backend;

declare_rule! {
    /// ## What it does
    /// Flags `ALTER TABLE .. ADD CONSTRAINT` (a check) without `NOT VALID` on an existing table, and `VALIDATE CONSTRAINT` in the same transaction as the `NOT VALID` add.
    ///
    /// A foreign key is `foreign-key-on-existing-table`'s, and gets that one finding only (squawk reports it twice, as `constraint-missing-not-valid` and `adding-foreign-key-constraint`).
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
    super::delegate_ranges(
        cx,
        &RULE,
        out,
        |cx, i, s, range| !cx.only_new_tables(i) && !adds_foreign_key(s, range),
        finding,
    );
}

/// Whether `range` is in an action that adds a foreign key: `foreign-key-on-existing-table`
/// reports those, once.
fn adds_foreign_key(s: &Statement, range: &Range) -> bool {
    let Kind::AlterTable { actions, .. } = &s.kind else {
        return false;
    };
    actions.iter().any(|a| {
        matches!(
            a.what,
            ActionKind::AddConstraint {
                foreign_key: true,
                ..
            }
        ) && a.range.start <= range.start
            && range.start < a.range.end.max(a.range.start + 1)
    }) || (actions.len() == 1
        && matches!(
            actions.first().map(|a| &a.what),
            Some(ActionKind::AddConstraint {
                foreign_key: true,
                ..
            })
        ))
}
