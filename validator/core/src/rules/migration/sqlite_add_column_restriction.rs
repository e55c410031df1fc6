use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::{ActionKind, DefaultKind, Kind, Range};
use validator_base::Backend;

declare_rule! {
    /// ## What it does
    /// Flags `ADD COLUMN` forms SQLite refuses: a `PRIMARY KEY` or `UNIQUE` column, `NOT
    /// NULL` without a non-null default, a default that is not a constant
    /// (`CURRENT_TIMESTAMP`, a function call), a generated column, and `REFERENCES` with a
    /// non-null default.
    ///
    /// ## Why is this bad?
    /// SQLite fails the statement: "Cannot add a column with non-constant default"
    /// always, "Cannot add a NOT NULL column with default value NULL" as soon as the
    /// table has a row (so it passes on an empty test database and fails in
    /// production). SeaORM's `timestamp_with_time_zone(..).default(Expr::current_timestamp())`
    /// is the usual way to hit it.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE users ADD COLUMN created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP;
    /// ```
    /// Use instead:
    /// ```sql
    /// ALTER TABLE users ADD COLUMN created_at timestamp NOT NULL DEFAULT '1970-01-01 00:00:00';
    /// ```
    pub(crate) static RULE = ("sqlite-add-column-restriction", Migration, Error);
}

fn finding(cx: &Context<'_>, range: &Range, what: &str) -> Finding {
    cx.finding(
        &RULE,
        range,
        format!("SQLite cannot add a column {what}"),
        "SQLite rejects this `ADD COLUMN`",
    )
    .with_help("add the column nullable or with a constant default, or rebuild the table")
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.backend() != Backend::Sqlite {
        return;
    }
    for s in cx.statements {
        let Kind::AlterTable { actions, .. } = &s.kind else {
            continue;
        };
        for a in actions {
            let ActionKind::AddColumn {
                not_null,
                default,
                primary_key,
                unique,
                references,
                generated,
                ..
            } = &a.what
            else {
                continue;
            };
            let what = if *primary_key {
                Some("that is a `PRIMARY KEY`")
            } else if *unique {
                Some("that is `UNIQUE`")
            } else if *generated {
                Some("that is generated")
            } else if *default == Some(DefaultKind::Expression) {
                Some("with a non-constant default")
            } else if *not_null && matches!(default, None | Some(DefaultKind::Null)) {
                Some("that is `NOT NULL` without a default to a table that has rows")
            } else if *references && *default == Some(DefaultKind::Constant) {
                Some("with `REFERENCES` and a non-null default")
            } else {
                None
            };
            if let Some(what) = what {
                out.push(finding(cx, &a.range, what));
            }
        }
    }
}
