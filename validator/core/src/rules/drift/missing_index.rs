use crate::rule::declare_rule;


declare_rule! {
    /// ## What it does
    /// Finds a field marked `indexed` whose column no index in the database leads with
    /// (SeaORM's `Schema` would create `idx-<table>-<column>`). An index, unique
    /// constraint or primary key whose first column it is counts; a partial index does
    /// not.
    ///
    /// ## Why is this bad?
    /// The entity promises an index that the migrations never created: lookups and joins
    /// on the column scan the whole table, and deleting a parent row checks its children
    /// with a full scan. A schema built from the entities has the index, so tests do not
    /// show it.
    ///
    /// ## Example
    /// ```rust
    /// #[sea_orm(indexed)]
    /// pub user_id: i64, // no migration creates the index
    /// ```
    /// Use instead: the index in a migration.
    /// ```rust
    /// manager
    ///     .create_index(Index::create().name("idx-orders-user_id").table("orders").col("user_id").to_owned())
    ///     .await
    /// ```
    pub(crate) static RULE = ("missing-index", Drift, Error);
}

drift_only! {
    use crate::diagnostic::Finding;
    use super::context::{Context, Findings, field_label, qualified};
    use crate::schema::diff::Difference;
    use crate::schema::LiveTable;
    use crate::model::{Column, Entity};

    fn finding(entity: &Entity, column: &Column, live: &LiveTable) -> Finding {
        let others: Vec<String> = live
            .indexes
            .iter()
            .filter(|i| !i.partial)
            .map(|i| format!("`{}` on ({})", i.name, i.columns.join(", ")))
            .collect();
        let has = if others.is_empty() {
            "the table has no index".to_owned()
        } else {
            format!("the table's indexes are {}", others.join(", "))
        };
        Finding::new(
            &RULE,
            format!(
                "column `{}` has no index in the database, but the field says `indexed`; {has}",
                qualified(&entity.table, &column.column_name)
            ),
            field_label(entity, column, "`indexed` here"),
        )
        .with_help(format!(
            "create it in a migration: `Index::create().name(\"idx-{t}-{c}\").table(\"{t}\").col(\"{c}\")`",
            t = entity.table,
            c = column.column_name
        ))
    }

    pub(crate) fn check(cx: &Context<'_>, out: &mut Findings) {
        for difference in cx.differences() {
            if let Difference::MissingIndex { pair, column } = difference
                && let Some(pair) = cx.pair(*pair)
                && let Some(live) = pair.live
            {
                let entity = pair.expected.entity;
                out.push(&entity.table, finding(entity, column, live));
            }
        }
    }
}
