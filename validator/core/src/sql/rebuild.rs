//! The table rebuild idiom, SQLite's only way to change a column (and a way some
//! PostgreSQL migrations take): in one migration, create the table in its new shape, copy
//! the rows into it, drop the old table, and give the new one the old name. Either order
//! of names works:
//! - `CREATE TABLE new_t ..; INSERT INTO new_t SELECT .. FROM t; DROP TABLE t;
//!   ALTER TABLE new_t RENAME TO t;`
//! - `ALTER TABLE t RENAME TO old_t; CREATE TABLE t ..; INSERT INTO t SELECT .. FROM old_t;
//!   DROP TABLE old_t;`
//!
//! The data stays and the table keeps its name, so the `DROP TABLE` and the rename in it
//! are not the destructive or breaking changes they look like on their own.

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
    out.sort_unstable();
    out.dedup();
    out
}

fn position(statements: &[Statement], f: impl Fn(&Statement) -> bool) -> Option<usize> {
    statements.iter().position(f)
}

fn creates(s: &Statement, table: &str) -> bool {
    matches!(&s.kind, Kind::CreateTable { table: t } if t == table)
}

fn drops(s: &Statement, table: &str) -> bool {
    matches!(&s.kind, Kind::DropTable { tables } if tables.len() == 1 && tables.iter().any(|t| t == table))
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
    fn no_copy_is_no_rebuild() {
        let a = facts("CREATE TABLE new_t (id int); DROP TABLE t; ALTER TABLE new_t RENAME TO t;");
        assert!(rebuild_statements(&a).is_empty());
    }
}
