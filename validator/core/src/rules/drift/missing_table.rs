use crate::rule::declare_rule;


declare_rule! {
    /// ## What it does
    /// Finds an entity whose table does not exist in the database. An entity that maps a
    /// view is not flagged.
    ///
    /// ## Why is this bad?
    /// Every query through the entity fails at run time with "relation does not exist"
    /// (PostgreSQL) or "no such table" (SQLite). Usually a migration is missing, has not
    /// been applied, or creates the table under another name.
    ///
    /// ## Example
    /// ```rust
    /// #[sea_orm(table_name = "invoices")] // no migration creates `invoices`
    /// pub struct Model {
    ///     #[sea_orm(primary_key)]
    ///     pub id: i64,
    /// }
    /// ```
    /// Use instead: a migration that creates the table.
    /// ```rust
    /// manager
    ///     .create_table(Table::create().table("invoices").col(big_pk_auto("id")).to_owned())
    ///     .await
    /// ```
    pub(crate) static RULE = ("missing-table", Drift, Error);
}

drift_only! {
    use crate::diagnostic::Finding;
    use super::context::{Context, Findings, entity_label};
    use crate::schema::diff::Difference;
    use crate::model::Entity;

    fn finding(entity: &Entity, backend: &str) -> Finding {
        Finding::new(
            &RULE,
            format!(
                "table `{}` does not exist in the {backend} database",
                entity.table
            ),
            entity_label(entity, format!("`{}::Model` maps table `{}`", entity.module_name(), entity.table)),
        )
        .with_help(format!(
            "apply the migration that creates `{}`, or add one: `Table::create().table(\"{}\")..`",
            entity.table, entity.table
        ))
    }

    pub(crate) fn check(cx: &Context<'_>, out: &mut Findings) {
        for difference in cx.differences() {
            if let Difference::MissingTable { pair } = difference
                && let Some(pair) = cx.pair(*pair)
            {
                let entity = pair.expected.entity;
                out.push(&entity.table, finding(entity, cx.backend().as_str()));
            }
        }
    }
}
