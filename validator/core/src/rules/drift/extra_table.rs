use crate::rule::declare_rule;


declare_rule! {
    /// ## What it does
    /// Reports a table in the database that no checked entity maps. The migration
    /// tracking tables (`seaql_migrations` and the runner's checksum table) are never
    /// reported. Off the error path by default (`info`): a database may hold tables that
    /// other code owns.
    ///
    /// ## Why is this bad?
    /// A table that migrations create but no entity maps is often a leftover (a renamed
    /// entity, a dropped feature), or an entity that was never written. Deny it in
    /// `validator.toml` when every table must have an entity.
    ///
    /// ## Example
    /// ```sql
    /// CREATE TABLE audit_log (id bigint PRIMARY KEY, line text NOT NULL);
    /// -- and no entity has `table_name = "audit_log"`
    /// ```
    /// Use instead: an entity for it, or a migration that drops it.
    /// ```rust
    /// #[sea_orm(table_name = "audit_log")]
    /// pub struct Model { #[sea_orm(primary_key)] pub id: i64, pub line: String }
    /// ```
    pub(crate) static RULE = ("extra-table", Drift, Info);
}

drift_only! {
    use crate::diagnostic::{Finding, Label};
    use super::context::{Context, Findings};
    use crate::schema::diff::Difference;
    use crate::schema::LiveTable;

    fn finding(table: &LiveTable) -> Finding {
        let columns: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
        Finding::new(
            &RULE,
            format!(
                "table `{}` exists in the database, but no entity maps it",
                table.name
            ),
            Label::detached(format!(
                "database table `{}` ({} column{}: {})",
                table.name,
                columns.len(),
                if columns.len() == 1 { "" } else { "s" },
                columns.join(", ")
            )),
        )
        .with_help(format!(
            "add an entity with `#[sea_orm(table_name = \"{}\")]`, or drop the table in a migration",
            table.name
        ))
    }

    pub(crate) fn check(cx: &Context<'_>, out: &mut Findings) {
        for difference in cx.differences() {
            if let Difference::ExtraTable { table } = difference {
                out.push(&table.name, finding(table));
            }
        }
    }
}
