use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::Range;
use validator_base::Backend;

declare_rule! {
    /// ## What it does
    /// Flags a primary key added to a table that existed before the migration.
    ///
    /// ## Why is this bad?
    /// The key's unique index is built (and `NOT NULL` checked) while every query on the table waits.
    ///
    /// squawk: `adding-serial-primary-key-field`.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE items ADD PRIMARY KEY (id);
    /// ```
    /// Use instead:
    /// ```sql
    /// CREATE UNIQUE INDEX CONCURRENTLY items_pkey_idx ON items (id);
    /// ALTER TABLE items ADD CONSTRAINT items_pkey PRIMARY KEY USING INDEX items_pkey_idx;
    /// ```
    pub(crate) static RULE = ("primary-key-on-existing-table", Migration, Warning, aliases = ["adding-serial-primary-key-field"]);
}

fn finding(cx: &Context<'_>, range: &Range) -> Finding {
    cx.finding(
        &RULE,
        range,
        "adding a primary key to an existing table builds its index under an `ACCESS EXCLUSIVE` lock",
        "builds the key's index while blocking reads and writes",
    )
    .with_help("build a unique index `CONCURRENTLY`, then `ADD CONSTRAINT .. PRIMARY KEY USING INDEX`")
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.backend() != Backend::Postgres {
        return;
    }
    super::delegate(cx, &RULE, out, |cx, i, _| !cx.only_new_tables(i), finding);
}
