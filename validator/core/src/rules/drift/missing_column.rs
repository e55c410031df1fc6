use crate::rule::declare_rule;


declare_rule! {
    /// ## What it does
    /// Finds an entity field whose column does not exist in the database table.
    ///
    /// ## Why is this bad?
    /// SeaORM selects every column of the `Model`, so every query through the entity
    /// fails at run time ("column does not exist" / "no such column"), not only the ones
    /// that use the field.
    ///
    /// ## Example
    /// ```rust
    /// pub struct Model {
    ///     #[sea_orm(primary_key)]
    ///     pub id: i64,
    ///     pub nickname: String, // no migration adds `nickname`
    /// }
    /// ```
    /// Use instead: a migration that adds the column.
    /// ```rust
    /// manager
    ///     .alter_table(Table::alter().table("users").add_column(string("nickname")).to_owned())
    ///     .await
    /// ```
    pub(crate) static RULE = ("missing-column", Drift, Error);
}

drift_only! {
    use crate::diagnostic::Finding;
    use super::context::{Context, Findings, field_label, qualified};
    use crate::schema::diff::Difference;
    use crate::schema::LiveTable;
    use crate::model::{Column, Entity};

    fn finding(entity: &Entity, column: &Column, table: &LiveTable) -> Finding {
        let existing: Vec<String> = table.columns.iter().map(|c| format!("`{}`", c.name)).collect();
        Finding::new(
            &RULE,
            format!(
                "column `{}` does not exist in the database; the table has {}",
                qualified(&entity.table, &column.column_name),
                existing.join(", ")
            ),
            field_label(entity, column, format!("maps column `{}`", column.column_name)),
        )
        .with_help(format!(
            "add it in a migration (`Table::alter().table(\"{}\").add_column(..)`), or remove the field",
            entity.table
        ))
    }

    pub(crate) fn check(cx: &Context<'_>, out: &mut Findings) {
        for difference in cx.differences() {
            if let Difference::MissingColumn { pair, column } = difference
                && let Some(pair) = cx.pair(*pair)
                && let Some(live) = pair.live
            {
                let entity = pair.expected.entity;
                out.push(&entity.table, finding(entity, column, live));
            }
        }
    }
}
