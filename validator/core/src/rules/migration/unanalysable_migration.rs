use std::path::PathBuf;

use crate::diagnostic::{Finding, Label};
use crate::rule::declare_rule;
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Says which part of a migration the static reader (`validator lint PATH`) could not
    /// turn into SQL: a statement built in a helper function, SQL assembled at run time,
    /// a loop, an unknown `SchemaManager` method.
    ///
    /// ## Why is this bad?
    /// It is not a defect by itself, but the rules did not see that part: a migration is
    /// never passed silently. The capture engine (`cargo run -p migration -- lint`) runs
    /// the migration and sees everything.
    ///
    /// ## Example
    /// ```rust
    /// let sql = format!("ALTER TABLE {table} ADD COLUMN c int");
    /// manager.get_connection().execute_unprepared(&sql).await?;
    /// ```
    /// Use instead:
    /// ```rust
    /// manager.get_connection()
    ///     .execute_unprepared("ALTER TABLE users ADD COLUMN c int")
    ///     .await?;
    /// ```
    pub(crate) static RULE = ("unanalysable-migration", Migration, Info);
}

pub(crate) fn finding(file: PathBuf, span: Span, migration: &str, what: &str) -> Finding {
    Finding::new(
        &RULE,
        format!("part of migration `{migration}` could not be read statically: {what}"),
        Label::new(file, span, "not analysed"),
    )
    .with_help("run `cargo run -p migration -- lint` to lint the SQL this migration actually sends")
}
