use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::{ActionKind, Kind, Range};
use validator_base::Backend;

declare_rule! {
    /// ## What it does
    /// Flags a foreign key added to an existing table with validation. This is the one
    /// finding for it: `constraint-without-not-valid` leaves foreign keys to this rule.
    ///
    /// ## Why is this bad?
    /// A validated foreign key takes `SHARE ROW EXCLUSIVE` locks on both tables and scans the referencing table; writes to both wait.
    ///
    /// squawk: `adding-foreign-key-constraint`.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE orders ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id);
    /// ```
    /// Use instead:
    /// ```sql
    /// ALTER TABLE orders ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
    /// -- next migration:
    /// ALTER TABLE orders VALIDATE CONSTRAINT fk_user;
    /// ```
    pub(crate) static RULE = ("foreign-key-on-existing-table", Migration, Warning, aliases = ["adding-foreign-key-constraint"]);
}

fn finding(cx: &Context<'_>, range: &Range) -> Finding {
    let (message, label) = match tables(cx, range) {
        Some((table, referenced)) => (
            format!(
                "adding a foreign key locks `{table}` and `{referenced}` against writes while it validates"
            ),
            format!("locks `{table}` and `{referenced}`"),
        ),
        None => (
            "adding a foreign key locks both tables against writes while it validates".to_owned(),
            "locks this table and the referenced one".to_owned(),
        ),
    };
    cx.finding(&RULE, range, message, label).with_help(
        "add the foreign key `NOT VALID`, then `VALIDATE CONSTRAINT` in a later migration",
    )
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.backend() != Backend::Postgres {
        return;
    }
    super::delegate(cx, &RULE, out, |cx, i, _| !cx.only_new_tables(i), finding);
}

/// The table the foreign key at `range` is added to, and the one it references.
fn tables<'a>(cx: &Context<'a>, range: &Range) -> Option<(&'a str, &'a str)> {
    let (_, s) = cx.statement_at(range.start)?;
    let Kind::AlterTable { table, actions } = &s.kind else {
        return None;
    };
    let fks: Vec<&str> = actions
        .iter()
        .filter(|a| a.range.start <= range.start || actions.len() == 1)
        .filter_map(|a| match &a.what {
            ActionKind::AddConstraint {
                foreign_key: true,
                references: Some(r),
            } => Some(r.as_str()),
            _ => None,
        })
        .collect();
    fks.last().map(|r| (table.as_str(), *r))
}
