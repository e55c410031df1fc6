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

use std::collections::HashMap;

use super::facts::{ActionKind, Kind, Statement};
use super::unit::Unread;

/// Where each table is created, dropped and written, read once (a unit may hold thousands
/// of statements).
struct Index<'a> {
    /// The first `CREATE TABLE` of each table.
    created: HashMap<&'a str, usize>,
    /// Every `CREATE TABLE` of each table, in order.
    creates: HashMap<&'a str, Vec<usize>>,
    /// The first `DROP TABLE` of each table (alone in its statement).
    dropped: HashMap<&'a str, usize>,
    /// Every `DROP TABLE` of each table (alone in its statement), in order.
    drops: HashMap<&'a str, Vec<usize>>,
    /// The `INSERT`/`UPDATE`/`DELETE` statements on each table, in order.
    writes: HashMap<&'a str, Vec<usize>>,
    /// Where a copy of some table's rows is ready: `CREATE TABLE .. AS`, or the first write
    /// into a table after it was created.
    copies: Vec<(usize, &'a str)>,
    /// The first `ADD COLUMN` and `DROP COLUMN` of each (table, column).
    added_columns: HashMap<(&'a str, &'a str), usize>,
    dropped_columns: HashMap<(&'a str, &'a str), usize>,
    /// The steps the reader could not read that may have written rows, and those that
    /// may have created a table, each as the index of the statement after it.
    unread_writes: Vec<usize>,
    unread_creates: Vec<usize>,
}

impl<'a> Index<'a> {
    fn new(statements: &'a [Statement], unread: &[(usize, Unread)]) -> Self {
        let pick = |keep: fn(Unread) -> bool| {
            let mut v: Vec<usize> = unread
                .iter()
                .filter(|&&(_, k)| keep(k))
                .map(|&(at, _)| at)
                .collect();
            v.sort_unstable();
            v
        };
        let unread_writes = pick(Unread::may_write);
        let unread_creates = pick(Unread::may_create);
        let mut ix = Index {
            created: HashMap::new(),
            creates: HashMap::new(),
            dropped: HashMap::new(),
            drops: HashMap::new(),
            writes: HashMap::new(),
            copies: Vec::new(),
            added_columns: HashMap::new(),
            dropped_columns: HashMap::new(),
            unread_writes,
            unread_creates,
        };
        for (i, s) in statements.iter().enumerate() {
            match &s.kind {
                Kind::CreateTable { table } => {
                    ix.created.entry(table).or_insert(i);
                    ix.creates.entry(table).or_default().push(i);
                    if s.copies {
                        ix.copies.push((i, table));
                    }
                }
                Kind::DropTable { tables, .. } => {
                    if let [table] = tables.as_slice() {
                        ix.dropped.entry(table).or_insert(i);
                        ix.drops.entry(table).or_default().push(i);
                    }
                }
                Kind::Dml { table: Some(t) } => ix.writes.entry(t).or_default().push(i),
                Kind::AlterTable { table, actions } => {
                    for a in actions {
                        match &a.what {
                            ActionKind::AddColumn { column, .. } => {
                                ix.added_columns.entry((table, column)).or_insert(i);
                            }
                            ActionKind::DropColumn { column } => {
                                ix.dropped_columns.entry((table, column)).or_insert(i);
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        for (&table, &created) in &ix.created {
            if let Some(w) = ix.first_write_after(table, created) {
                ix.copies.push((w, table));
            }
        }
        ix
    }

    /// The first `DROP TABLE` of `table` after statement `after`.
    fn first_drop_after(&self, table: &str, after: usize) -> Option<usize> {
        let drops = self.drops.get(table)?;
        drops.get(drops.partition_point(|&d| d <= after)).copied()
    }

    fn first_write_after(&self, table: &str, after: usize) -> Option<usize> {
        let writes = self.writes.get(table)?;
        writes.get(writes.partition_point(|&w| w <= after)).copied()
    }

    /// Whether rows are written into `table` strictly between `from` and `to`.
    fn copies_into(&self, table: &str, from: usize, to: usize) -> bool {
        self.first_write_after(table, from).is_some_and(|w| w < to)
    }

    /// Whether one of the unread steps `steps` sits after statement `from` and before
    /// statement `to`.
    fn between(steps: &[usize], from: usize, to: usize) -> bool {
        let next = steps.partition_point(|&g| g <= from);
        steps.get(next).is_some_and(|&g| g <= to)
    }

    /// Whether `table`, created at `created`, may be filled before `dropped`: a write
    /// into it is seen, or a step that could not be read sits between (the copy built at
    /// run time, or done in Rust).
    fn filled(&self, table: &str, created: usize, dropped: usize) -> bool {
        self.copies_into(table, created, dropped)
            || Self::between(&self.unread_writes, created, dropped)
    }

    /// After `table` was moved aside at `moved`: whether a table of its name is made again
    /// and filled before the aside copy is dropped at `dropped`. Made: a `CREATE TABLE`
    /// seen, or, when rows are seen going into it, a step that could not be read before
    /// them (the table created by another crate's function).
    fn refilled_after_move(&self, table: &str, moved: usize, dropped: usize) -> bool {
        let created = self
            .creates
            .get(table)
            .and_then(|c| c.iter().find(|&&i| i > moved && i < dropped).copied());
        match created {
            Some(created) => self.filled(table, created, dropped),
            None => self
                .first_write_after(table, moved)
                .is_some_and(|w| w < dropped && Self::between(&self.unread_creates, moved, w)),
        }
    }
}

/// The indices of the statements that drop or rename a table (or a column) as part of a
/// rebuild. `unread` holds the steps of a Rust migration the reader could not read, each
/// as the index of the statement after it.
pub(crate) fn rebuild_statements(
    statements: &[Statement],
    unread: &[(usize, Unread)],
) -> Vec<usize> {
    let ix = Index::new(statements, unread);
    let mut out = Vec::new();
    for (rename, s) in statements.iter().enumerate() {
        let Kind::AlterTable {
            table: from,
            actions,
        } = &s.kind
        else {
            continue;
        };
        for a in actions {
            match &a.what {
                ActionKind::RenameTable { to } if actions.len() == 1 => {
                    // New table renamed over the dropped old one; the copy seen, or a step
                    // the reader could not read where it would be.
                    if let Some(&created) = ix.created.get(from.as_str())
                        && let Some(dropped) = ix.first_drop_after(to, created)
                        && dropped < rename
                        && ix.filled(from, created, dropped)
                    {
                        out.extend([dropped, rename]);
                        continue;
                    }
                    // Old table moved aside, the new one created under its name (or made
                    // by a step the reader could not read), filled, the old one dropped
                    // (an earlier `DROP TABLE IF EXISTS` of the aside name aside).
                    if let Some(dropped) = ix.first_drop_after(to, rename)
                        && ix.refilled_after_move(from, rename, dropped)
                    {
                        out.extend([rename, dropped]);
                    }
                }
                // A column rebuilt under its name: `x_new` added and filled, `x` dropped,
                // `x_new` renamed to `x`.
                ActionKind::RenameColumn { from: new, to: old } => {
                    let added = ix.added_columns.get(&(from.as_str(), new.as_str()));
                    let dropped = ix.dropped_columns.get(&(from.as_str(), old.as_str()));
                    if let (Some(&added), Some(&dropped)) = (added, dropped)
                        && added < dropped
                        && dropped < rename
                        && ix.copies_into(from, added, dropped)
                    {
                        out.extend([dropped, rename]);
                    }
                }
                _ => {}
            }
        }
    }
    // Copied out, dropped, created again under the same name and filled again.
    for (&table, &dropped) in &ix.dropped {
        let copied_out = ix.copies.iter().any(|&(w, t)| w < dropped && t != table);
        let recreated = ix
            .creates
            .get(table)
            .and_then(|c| c.iter().find(|&&i| i > dropped))
            .copied();
        if copied_out
            && let Some(created) = recreated
            && ix.copies_into(table, created, statements.len())
        {
            out.push(dropped);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
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
        assert_eq!(rebuild_statements(&a, &[]), vec![2, 3]);
        let b = facts(
            "ALTER TABLE t RENAME TO old_t; CREATE TABLE t (id int); INSERT INTO t SELECT id FROM old_t; DROP TABLE old_t;",
        );
        assert_eq!(rebuild_statements(&b, &[]), vec![0, 3]);
    }

    #[test]
    fn finds_copy_out_and_back_and_column_rebuilds() {
        let a = facts(
            "CREATE TABLE tmp AS SELECT * FROM t; DROP TABLE t; CREATE TABLE t (id int); INSERT INTO t SELECT * FROM tmp; DROP TABLE tmp;",
        );
        assert_eq!(rebuild_statements(&a, &[]), vec![1]);
        let b = facts(
            "ALTER TABLE t ADD COLUMN x_new text; UPDATE t SET x_new = x; ALTER TABLE t DROP COLUMN x; ALTER TABLE t RENAME COLUMN x_new TO x;",
        );
        assert_eq!(rebuild_statements(&b, &[]), vec![2, 3]);
        let c = facts(
            "ALTER TABLE t ADD COLUMN x_new text; ALTER TABLE t DROP COLUMN x; ALTER TABLE t RENAME COLUMN x_new TO x;",
        );
        assert!(rebuild_statements(&c, &[]).is_empty());
    }

    #[test]
    fn no_copy_is_no_rebuild() {
        let a = facts("CREATE TABLE new_t (id int); DROP TABLE t; ALTER TABLE new_t RENAME TO t;");
        assert!(rebuild_statements(&a, &[]).is_empty());
    }

    #[test]
    fn an_unread_step_may_be_the_copy() {
        // Create new, (copy built at run time), drop old, rename new over it.
        let a = facts("CREATE TABLE new_t (id int); DROP TABLE t; ALTER TABLE new_t RENAME TO t;");
        assert_eq!(rebuild_statements(&a, &[(1, Unread::Any)]), vec![1, 2]);
        // The unread step after the drop cannot be the copy.
        assert!(rebuild_statements(&a, &[(2, Unread::Any)]).is_empty());
        // Moved aside, (created by code not read), filled from the aside copy, dropped.
        let b = facts(
            "ALTER TABLE t RENAME TO old_t; INSERT INTO t SELECT id FROM old_t; DROP TABLE old_t;",
        );
        assert_eq!(rebuild_statements(&b, &[(1, Unread::Any)]), vec![0, 2]);
        assert!(rebuild_statements(&b, &[]).is_empty());
        // Moved aside, created, (copied in Rust), dropped.
        let c = facts("ALTER TABLE t RENAME TO old_t; CREATE TABLE t (id int); DROP TABLE old_t;");
        assert_eq!(rebuild_statements(&c, &[(2, Unread::Any)]), vec![0, 2]);
        assert!(rebuild_statements(&c, &[(1, Unread::Any)]).is_empty());
    }

    #[test]
    fn an_unread_schema_call_is_no_copy() {
        let a = facts("CREATE TABLE new_t (id int); DROP TABLE t; ALTER TABLE new_t RENAME TO t;");
        assert!(rebuild_statements(&a, &[(1, Unread::Schema)]).is_empty());
        assert!(rebuild_statements(&a, &[(1, Unread::CreateTable)]).is_empty());
        let b = facts(
            "ALTER TABLE t RENAME TO old_t; INSERT INTO t SELECT id FROM old_t; DROP TABLE old_t;",
        );
        assert_eq!(
            rebuild_statements(&b, &[(1, Unread::CreateTable)]),
            vec![0, 2]
        );
        assert!(rebuild_statements(&b, &[(1, Unread::Schema)]).is_empty());
    }

    #[test]
    fn an_earlier_drop_of_the_aside_name_does_not_hide_the_rebuild() {
        let a = facts(
            "DROP TABLE IF EXISTS old_t; ALTER TABLE t RENAME TO old_t; INSERT INTO t SELECT id FROM old_t; DROP TABLE old_t;",
        );
        assert_eq!(rebuild_statements(&a, &[(2, Unread::Any)]), vec![1, 3]);
    }
}
