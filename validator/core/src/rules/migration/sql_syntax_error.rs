use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::Range;

declare_rule! {
    /// ## What it does
    /// Reports SQL that PostgreSQL's grammar (squawk's parser) does not accept, in a
    /// `.sql` file or a raw SQL string of a migration.
    ///
    /// ## Why is this bad?
    /// The migration fails when it runs, and the other rules cannot read the statement.
    ///
    /// squawk: `syntax-error`.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE users ADD COLUM nickname text;
    /// ```
    /// Use instead:
    /// ```sql
    /// ALTER TABLE users ADD COLUMN nickname text;
    /// ```
    pub(crate) static RULE = ("sql-syntax-error", Migration, Error, aliases = ["syntax-error"]);
}

pub(crate) fn finding(cx: &Context<'_>, range: &Range, message: &str) -> Finding {
    cx.finding(
        &RULE,
        range,
        format!("SQL does not parse: {message}"),
        "here",
    )
    .with_help("fix the statement; it fails when the migration runs")
}
