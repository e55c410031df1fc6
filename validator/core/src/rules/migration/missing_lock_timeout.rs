use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::{Kind, Range};
use validator_base::Backend;

declare_rule! {
    /// ## What it does
    /// Flags the first statement that takes a strong lock on a table that existed before
    /// the migration, when no `SET lock_timeout` came before it. Statements on tables the
    /// migration itself created are not flagged: nobody else can hold a lock on them.
    ///
    /// ## Why is this bad?
    /// A DDL statement waits for its lock behind any long query, and while it waits every
    /// other query on the table queues behind it: a short migration takes the site down.
    /// A `lock_timeout` makes it fail fast instead, to be retried.
    ///
    /// squawk: `require-lock-timeout` (which also fires on brand-new tables).
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE users ADD COLUMN nickname text;
    /// ```
    /// Use instead:
    /// ```sql
    /// SET lock_timeout = '2s';
    /// ALTER TABLE users ADD COLUMN nickname text;
    /// ```
    pub(crate) static RULE = ("missing-lock-timeout", Migration, Warning, aliases = ["require-lock-timeout"]);
}

fn finding(cx: &Context<'_>, range: &Range) -> Finding {
    cx.finding(
        &RULE,
        range,
        "no `lock_timeout` is set before this statement takes a lock on an existing table",
        "may queue every query on the table while it waits for its lock",
    )
    .with_help("run `SET lock_timeout = '2s'` first (SeaORM: `execute_unprepared(\"SET LOCAL lock_timeout = '2s'\")`)")
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.backend() != Backend::Postgres {
        return;
    }
    if let Some(range) = first_unguarded(cx, |lock, _| lock) {
        out.push(finding(cx, &range));
    }
}

/// The first slow statement on an existing table before a `SET` that `sets` recognises.
pub(crate) fn first_unguarded(
    cx: &Context<'_>,
    sets: impl Fn(bool, bool) -> bool,
) -> Option<Range> {
    for (i, s) in cx.statements.iter().enumerate() {
        if let Kind::SetTimeout { lock, statement } = s.kind
            && sets(lock, statement)
        {
            return None;
        }
        if s.slow && !cx.only_new_tables(i) {
            return Some(s.range.clone());
        }
    }
    None
}
