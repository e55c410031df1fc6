use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::{ActionKind, Kind, Range};
use validator_base::Backend;

declare_rule! {
    /// ## What it does
    /// Flags statements SQLite cannot run: `ALTER COLUMN` (`modify_column`), adding or dropping a constraint or a
    /// foreign key on an existing table (`create_foreign_key`, `drop_foreign_key`), more
    /// than one change in one `ALTER TABLE`, `TRUNCATE` (`truncate_table`), and dropping
    /// a column that is a key, unique, indexed or part of a foreign key.
    ///
    /// Built with sea-query for SQLite, these panic; written as raw SQL, SQLite rejects
    /// them. The label says which.
    ///
    /// ## Why is this bad?
    /// SQLite's `ALTER TABLE` can only rename, add a column, and drop a plain column. The
    /// migration panics or fails the first time it runs on SQLite (tests, local setups).
    ///
    /// ## Example
    /// ```rust
    /// manager.alter_table(Table::alter().table(Users::Table)
    ///     .modify_column(string_null(Users::Email)).to_owned()).await?;
    /// ```
    /// Use instead:
    /// ```rust
    /// // rebuild the table: create `users_new`, copy the rows, drop `users`,
    /// // rename `users_new` to `users`, recreate its indexes
    /// ```
    pub(crate) static RULE = ("sqlite-unsupported-statement", Migration, Error);
}

fn finding(cx: &Context<'_>, range: &Range, what: &str) -> Finding {
    let label = if cx.built_by_sea_query(range) {
        "fails on SQLite (sea-query panics building it)"
    } else {
        "fails on SQLite"
    };
    let help = "rebuild the table instead: create the new shape, copy the rows, drop the old table, rename";
    let help = if cx.is_seaorm_migration() {
        format!("{help}; or guard the statement with `manager.get_database_backend()`")
    } else {
        help.to_owned()
    };
    cx.finding(&RULE, range, format!("SQLite cannot {what}"), label)
        .with_help(help)
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.backend() != Backend::Sqlite {
        return;
    }
    for (i, s) in cx.statements.iter().enumerate() {
        match &s.kind {
            Kind::Truncate { .. } => {
                out.push(finding(cx, &s.range, "`TRUNCATE`; use `DELETE FROM`"))
            }
            Kind::AlterTable { table, actions } => {
                if actions.len() > 1 {
                    out.push(finding(
                        cx,
                        &s.range,
                        "make more than one change in one `ALTER TABLE`",
                    ));
                    continue;
                }
                for a in actions {
                    let what = match &a.what {
                        ActionKind::AlterColumn { .. } => {
                            Some("alter a column's type, nullability or default".to_owned())
                        }
                        ActionKind::AddConstraint {
                            foreign_key: true, ..
                        } => Some("add a foreign key to an existing table".to_owned()),
                        ActionKind::AddConstraint { .. } => {
                            Some("add a constraint to an existing table".to_owned())
                        }
                        ActionKind::DropConstraint => {
                            Some("drop a constraint or foreign key".to_owned())
                        }
                        ActionKind::DropColumn { column } if !cx.created_here(table, i) => cx
                            .state
                            .table(table)
                            .and_then(|t| t.column(column))
                            .and_then(|c| {
                                let why = if c.primary_key {
                                    "part of the primary key"
                                } else if c.unique {
                                    "unique"
                                } else if c.indexed {
                                    "indexed"
                                } else if c.references {
                                    "part of a foreign key"
                                } else {
                                    return None;
                                };
                                Some(format!("drop column `{column}`: it is {why}"))
                            }),
                        _ => None,
                    };
                    if let Some(what) = what {
                        out.push(finding(cx, &a.range, &what));
                    }
                }
            }
            _ => {}
        }
    }
}
