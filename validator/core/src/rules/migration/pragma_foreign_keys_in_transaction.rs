use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::{Kind, Range};
use validator_base::Backend;

declare_rule! {
    /// ## What it does
    /// Flags `PRAGMA foreign_keys = ..` in a SQLite migration that runs in a transaction.
    ///
    /// ## Why is this bad?
    /// SQLite ignores `PRAGMA foreign_keys` inside a transaction. A table rebuild that
    /// counts on it being off then cascades deletes, or fails, when it drops the old table.
    ///
    /// ## Example
    /// ```sql
    /// -- use_transaction() = Some(true)
    /// PRAGMA foreign_keys = OFF;
    /// DROP TABLE users;
    /// ```
    /// Use instead:
    /// ```sql
    /// -- use_transaction() = Some(false), and `PRAGMA defer_foreign_keys = ON` inside
    /// PRAGMA defer_foreign_keys = ON;
    /// ```
    pub(crate) static RULE = ("pragma-foreign-keys-in-transaction", Migration, Error);
}

fn finding(cx: &Context<'_>, range: &Range) -> Finding {
    cx.finding(
        &RULE,
        range,
        "`PRAGMA foreign_keys` has no effect inside a transaction",
        "ignored: this migration runs in a transaction",
    )
    .with_help("use `PRAGMA defer_foreign_keys = ON` inside the transaction, or run the migration with `use_transaction()` `Some(false)`")
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.backend() != Backend::Sqlite || !cx.in_transaction() {
        return;
    }
    for s in cx.statements {
        if s.kind == Kind::PragmaForeignKeys {
            out.push(finding(cx, &s.range));
        }
    }
}
