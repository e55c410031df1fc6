use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::{Kind, Range};
use validator_base::Backend;

declare_rule! {
    /// ## What it does
    /// Flags `CREATE INDEX CONCURRENTLY` and `DROP INDEX CONCURRENTLY` in a migration that
    /// runs in a transaction: PostgreSQL's default for SeaORM (`use_transaction()` `None`),
    /// `Some(true)`, or an explicit `BEGIN`.
    ///
    /// ## Why is this bad?
    /// PostgreSQL refuses `CONCURRENTLY` inside a transaction block, so the migration fails
    /// on every deploy. Unlike squawk, which needs a flag or comments to know, the
    /// transaction mode of a SeaORM migration is read from the migration itself.
    ///
    /// squawk: `ban-concurrent-index-creation-in-transaction`.
    ///
    /// ## Example
    /// ```rust
    /// // use_transaction() not overridden: PostgreSQL wraps the migration
    /// manager.get_connection()
    ///     .execute_unprepared("CREATE INDEX CONCURRENTLY idx_users_email ON users (email)")
    ///     .await?;
    /// ```
    /// Use instead:
    /// ```rust
    /// fn use_transaction(&self) -> Option<bool> {
    ///     Some(false)
    /// }
    /// ```
    pub(crate) static RULE = ("concurrently-in-transaction", Migration, Error, aliases = ["ban-concurrent-index-creation-in-transaction"]);
}

fn finding(cx: &Context<'_>, range: &Range) -> Finding {
    let why = if cx.in_transaction() {
        "the runner wraps this migration in a transaction"
    } else {
        "a `BEGIN` earlier in the SQL opened a transaction"
    };
    cx.finding(
        &RULE,
        range,
        "`CONCURRENTLY` cannot run inside a transaction",
        format!("fails: {why}"),
    )
    .with_help(if cx.unit.migration.is_some() {
        "move the statement into a migration of its own with `fn use_transaction(&self) -> Option<bool> { Some(false) }`"
    } else {
        "run this statement outside `BEGIN` .. `COMMIT`"
    })
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.backend() != Backend::Postgres {
        return;
    }
    let mut open = cx.in_transaction();
    for s in cx.statements {
        if let Some(begins) = s.transaction {
            open = begins || cx.in_transaction();
            continue;
        }
        let concurrently = matches!(
            s.kind,
            Kind::CreateIndex {
                concurrently: true,
                ..
            } | Kind::DropIndex { concurrently: true }
        );
        if concurrently && open {
            out.push(finding(cx, &s.range));
        }
    }
}
