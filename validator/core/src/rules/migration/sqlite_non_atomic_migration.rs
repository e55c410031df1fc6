use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::Range;
use validator_base::Backend;

declare_rule! {
    /// ## What it does
    /// Flags a migration with more than one schema change that runs on SQLite without a
    /// transaction: sea-orm-migration's default there (`use_transaction()` `None`).
    ///
    /// ## Why is this bad?
    /// When a later statement fails, the earlier ones stay applied and no version row is
    /// written: the next run fails on the half-applied changes. SQLite's DDL is
    /// transactional, so `Some(true)` makes the migration all-or-nothing.
    ///
    /// ## Example
    /// ```rust
    /// // no use_transaction(): SQLite runs these one by one
    /// manager.create_table(..).await?;
    /// manager.create_index(..).await?;
    /// ```
    /// Use instead:
    /// ```rust
    /// fn use_transaction(&self) -> Option<bool> {
    ///     Some(true)
    /// }
    /// ```
    pub(crate) static RULE = ("sqlite-non-atomic-migration", Migration, Warning);
}

fn finding(cx: &Context<'_>, range: &Range, count: usize) -> Finding {
    cx.finding(
        &RULE,
        range,
        format!("{count} schema changes run without a transaction on SQLite"),
        "a failure after this statement leaves it applied",
    )
    .with_help("add `fn use_transaction(&self) -> Option<bool> { Some(true) }` to the migration")
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.backend() != Backend::Sqlite || cx.in_transaction() || cx.unit.migration.is_none() {
        return;
    }
    let ddl: Vec<&Range> = cx
        .statements
        .iter()
        .filter(|s| s.is_ddl())
        .map(|s| &s.range)
        .collect();
    if ddl.len() > 1
        && let Some(first) = ddl.first()
    {
        out.push(finding(cx, first, ddl.len()));
    }
}
