use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::{Kind, Range};

declare_rule! {
    /// ## What it does
    /// In a SeaORM migration, flags `BEGIN`, `COMMIT` and `ROLLBACK` sent as raw SQL. In a
    /// `.sql` file, flags a transaction opened inside another, and one never committed.
    ///
    /// ## Why is this bad?
    /// The runner manages the migration's transaction: a `COMMIT` in raw SQL commits half
    /// a migration and the runner's own `COMMIT` then fails, and a `BEGIN` nests (a warning
    /// on PostgreSQL, an error on SQLite). Use `use_transaction()` and `manager.begin()`.
    ///
    /// squawk: `transaction-nesting`, `ban-uncommitted-transaction`.
    ///
    /// ## Example
    /// ```rust
    /// db.execute_unprepared("BEGIN; ALTER TABLE t ADD COLUMN c int; COMMIT;").await?;
    /// ```
    /// Use instead:
    /// ```rust
    /// fn use_transaction(&self) -> Option<bool> { Some(true) }
    /// // and in `up`:
    /// db.execute_unprepared("ALTER TABLE t ADD COLUMN c int").await?;
    /// ```
    pub(crate) static RULE = ("manual-transaction", Migration, Error, aliases = ["transaction-nesting", "ban-uncommitted-transaction"]);
}

fn finding(cx: &Context<'_>, range: &Range, in_migration: bool) -> Finding {
    let (message, label, help) = if in_migration {
        (
            "raw transaction control inside a migration",
            "the runner already manages this migration's transaction",
            "remove it; choose the mode with `fn use_transaction(&self) -> Option<bool>`",
        )
    } else {
        (
            "transaction nested or left open",
            "nested in, or never closing, a transaction",
            "keep one `BEGIN` .. `COMMIT` pair, or leave transactions to the migration runner",
        )
    };
    cx.finding(&RULE, range, message, label).with_help(help)
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.unit.migration.is_some() {
        for s in cx.statements {
            if s.kind == Kind::TransactionControl {
                out.push(finding(cx, &s.range, true));
            }
        }
        return;
    }
    for v in cx.squawk(&RULE) {
        out.push(finding(cx, &super::range_of(v), false));
    }
}
