//! The table rebuild idiom, SQLite's only way to change a column (and a way some
//! PostgreSQL migrations take): in one migration, create the table in its new shape, copy
//! the rows into it, drop the old table, and give the new one the old name. Either order
//! of names works:
//! - `CREATE TABLE new_t ..; INSERT INTO new_t SELECT .. FROM t; DROP TABLE t;
//!   ALTER TABLE new_t RENAME TO t;`
//! - `ALTER TABLE t RENAME TO old_t; CREATE TABLE t ..; INSERT INTO t SELECT .. FROM old_t;
//!   DROP TABLE old_t;`
//!
//! - `CREATE TABLE tmp AS SELECT * FROM t; DROP TABLE t; CREATE TABLE t ..;
//!   INSERT INTO t SELECT .. FROM tmp; DROP TABLE tmp;` (copy out and back)
//!
//! The data stays and the table keeps its name, so the `DROP TABLE` and the rename in it
//! are not the destructive or breaking changes they look like on their own. The same
//! holds for one column: `ADD COLUMN x_new; UPDATE t SET x_new = .. x ..; DROP COLUMN x;
//! RENAME COLUMN x_new TO x`.

use super::facts::{ActionKind, Kind, Statement};

/// The indices of the statements that drop or rename a table as part of a rebuild.
pub(crate) fn rebuild_statements(statements: &[Statement]) -> Vec<usize> {
    let mut out = Vec::new();
    let renames = statements
        .iter()
        .enumerate()
        .filter_map(|(i, s)| match &s.kind {
            Kind::AlterTable { table, actions } => match actions.as_slice() {
                [a] => match &a.what {
                    ActionKind::RenameTable { to } => Some((i, table.as_str(), to.as_str())),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        });
    for (rename, from, to) in renames {
        // New table renamed over the dropped old one.
        if let Some(created) = position(statements, |s| creates(s, from))
            && created < rename
            && let Some(dropped) = position(statements, |s| drops(s, to))
            && created < dropped
            && dropped < rename
            && copies_into(statements, from, created, dropped)
        {
            out.extend([dropped, rename]);
            continue;
        }
        // Old table moved aside, the new one created under its name, the old one dropped.
        if let Some(created) = position(statements, |s| creates(s, from))
            && rename < created
            && let Some(dropped) = position(statements, |s| drops(s, to))
            && created < dropped
            && copies_into(statements, from, created, dropped)
        {
            out.extend([rename, dropped]);
        }
    }
    // Copied out, dropped, created again under the same name and filled again.
    for (dropped, s) in statements.iter().enumerate() {
        let Kind::DropTable { tables, .. } = &s.kind else {
            continue;
        };
        let [table] = tables.as_slice() else { continue };
        let copied_out = statements
            .iter()
            .take(dropped)
            .enumerate()
            .any(|(c, x)| matches!(&x.kind, Kind::CreateTable { table: t } if t != table && copies_into(statements, t, c, dropped) || is_create_as(x)));
        let recreated = statements
            .iter()
            .enumerate()
            .skip(dropped + 1)
            .find(|(_, x)| creates(x, table))
            .map(|(i, _)| i);
        if copied_out
            && let Some(created) = recreated
            && copies_into(statements, table, created, statements.len())
        {
            out.push(dropped);
        }
    }
    out.extend(column_rebuilds(statements));
    out.sort_unstable();
    out.dedup();
    out
}

/// `CREATE TABLE .. AS SELECT` (a copy made as the table is created).
fn is_create_as(s: &Statement) -> bool {
    matches!(s.kind, Kind::CreateTable { .. }) && s.copies
}

/// The statements that drop a column and rename another to its name, after adding that
/// one and filling it (`UPDATE`) in the same migration.
fn column_rebuilds(statements: &[Statement]) -> Vec<usize> {
    let mut out = Vec::new();
    let actions = |i: usize| match statements.get(i).map(|s| &s.kind) {
        Some(Kind::AlterTable { table, actions }) => Some((table.as_str(), actions)),
        _ => None,
    };
    for (renamed, _) in statements.iter().enumerate() {
        let Some((table, list)) = actions(renamed) else {
            continue;
        };
        for a in list {
            let ActionKind::RenameColumn { from, to } = &a.what else {
                continue;
            };
            let find = |f: &dyn Fn(&ActionKind) -> bool| {
                (0..renamed).find(|&i| {
                    actions(i).is_some_and(|(t, l)| t == table && l.iter().any(|a| f(&a.what)))
                })
            };
            let added =
                find(&|k| matches!(k, ActionKind::AddColumn { column, .. } if column == from));
            let dropped = find(&|k| matches!(k, ActionKind::DropColumn { column } if column == to));
            if let (Some(added), Some(dropped)) = (added, dropped)
                && added < dropped
                && copies_into(statements, table, added, dropped)
            {
                out.extend([dropped, renamed]);
            }
        }
    }
    out
}

fn position(statements: &[Statement], f: impl Fn(&Statement) -> bool) -> Option<usize> {
    statements.iter().position(f)
}

fn creates(s: &Statement, table: &str) -> bool {
    matches!(&s.kind, Kind::CreateTable { table: t } if t == table)
}

fn drops(s: &Statement, table: &str) -> bool {
    matches!(&s.kind, Kind::DropTable { tables, .. } if tables.len() == 1 && tables.iter().any(|t| t == table))
}

/// Whether rows are written into `table` between statements `from` and `to`.
fn copies_into(statements: &[Statement], table: &str, from: usize, to: usize) -> bool {
    statements
        .iter()
        .take(to)
        .skip(from + 1)
        .any(|s| matches!(&s.kind, Kind::Dml { table: Some(t) } if t == table))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(sql: &str) -> Vec<Statement> {
        super::super::facts::read(&squawk_syntax::SourceFile::parse(sql).tree())
    }

    #[test]
    fn finds_both_orders() {
        let a = facts(
            "CREATE TABLE new_t (id int); INSERT INTO new_t SELECT id FROM t; DROP TABLE t; ALTER TABLE new_t RENAME TO t;",
        );
        assert_eq!(rebuild_statements(&a), vec![2, 3]);
        let b = facts(
            "ALTER TABLE t RENAME TO old_t; CREATE TABLE t (id int); INSERT INTO t SELECT id FROM old_t; DROP TABLE old_t;",
        );
        assert_eq!(rebuild_statements(&b), vec![0, 3]);
    }

    #[test]
    fn finds_copy_out_and_back_and_column_rebuilds() {
        let a = facts(
            "CREATE TABLE tmp AS SELECT * FROM t; DROP TABLE t; CREATE TABLE t (id int); INSERT INTO t SELECT * FROM tmp; DROP TABLE tmp;",
        );
        assert_eq!(rebuild_statements(&a), vec![1]);
        let b = facts(
            "ALTER TABLE t ADD COLUMN x_new text; UPDATE t SET x_new = x; ALTER TABLE t DROP COLUMN x; ALTER TABLE t RENAME COLUMN x_new TO x;",
        );
        assert_eq!(rebuild_statements(&b), vec![2, 3]);
        let c = facts(
            "ALTER TABLE t ADD COLUMN x_new text; ALTER TABLE t DROP COLUMN x; ALTER TABLE t RENAME COLUMN x_new TO x;",
        );
        assert!(rebuild_statements(&c).is_empty());
    }

    #[test]
    fn no_copy_is_no_rebuild() {
        let a = facts("CREATE TABLE new_t (id int); DROP TABLE t; ALTER TABLE new_t RENAME TO t;");
        assert!(rebuild_statements(&a).is_empty());
    }
}
