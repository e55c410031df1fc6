use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::{Kind, Range, Statement};

declare_rule! {
    /// ## What it does
    /// Flags `DROP TABLE` (SeaORM: `drop_table`) of a table that existed before the migration.
    /// Not flagged: tables created in the same migration, `DROP TABLE IF EXISTS` of a table
    /// no earlier migration created, and the table rebuild idiom (in
    /// one migration: create the new shape, copy the rows with `INSERT .. SELECT`, drop the
    /// old table, rename the new one to the old name; or move the old one aside first).
    ///
    /// In a Rust migration read statically, a step the reader cannot read may be part of
    /// such a rebuild: SQL put together with `format!`, a function given the manager (one
    /// of another crate), rows copied through the ORM by a helper given a transaction on
    /// the manager's connection; for the `CREATE TABLE` of the refilled table, also a
    /// `create_table` whose statement is not read. When the rest of the swap is there and
    /// such a step sits where the copy (or that `CREATE TABLE`) would be, the drop is not
    /// flagged: the step is reported on its own by `unanalysable-migration`, and the
    /// capture engine (`cargo run -p migration -- lint`) sees what it sends. An unread
    /// step after the drop, an unread index or `alter_table` call (it writes no rows), or
    /// an unread step next to a drop that no swap follows changes nothing: the drop is
    /// flagged.
    ///
    /// ## Why is this bad?
    /// The data is gone, and the running application version still queries the table.
    ///
    /// squawk: `ban-drop-table`.
    ///
    /// ## Example
    /// ```sql
    /// DROP TABLE users;
    /// ```
    /// Use instead:
    /// ```sql
    /// -- validator: allow(drop-table) -- unused since v2, backed up in s3://...
    /// DROP TABLE legacy_users;
    /// ```
    pub(crate) static RULE = ("drop-table", Migration, Error, aliases = ["ban-drop-table"]);
}

fn finding(cx: &Context<'_>, range: &Range) -> Finding {
    cx.finding(
        &RULE,
        range,
        "dropping a table deletes its data for good",
        "every row of this table is deleted",
    )
    .with_help("stop using the table first; drop it in a later migration, after a backup, and suppress with a reason")
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    super::delegate(
        cx,
        &RULE,
        out,
        |cx, i, s| {
            !cx.in_rebuild(i)
                && !absent_if_exists(cx, s)
                && (s.tables().is_empty() || !s.tables().iter().all(|t| cx.created_here(t, i)))
        },
        finding,
    );
}

/// `DROP TABLE IF EXISTS` of tables the earlier migrations never created (a migration that
/// makes sure before it creates the table): nothing is dropped. Only when there are earlier
/// migrations to know it from; a file linted alone knows nothing of what exists.
fn absent_if_exists(cx: &Context<'_>, s: &Statement) -> bool {
    let Kind::DropTable {
        tables,
        if_exists: true,
    } = &s.kind
    else {
        return false;
    };
    !cx.state.tables.is_empty() && tables.iter().all(|t| !cx.state.has_table(t))
}
