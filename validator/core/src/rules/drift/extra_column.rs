use crate::rule::declare_rule;


declare_rule! {
    /// ## What it does
    /// Finds a column in the database table that no entity mapping the table has.
    ///
    /// ## Why is this bad?
    /// SeaORM never reads it, and inserts through the entity never set it: when it is
    /// `NOT NULL` without a default, every insert fails. Otherwise the entity and the
    /// migrations simply describe different tables, so a schema built from the entities
    /// (`Schema::create_table_from_entity`, used by many test suites) lacks it.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE users ADD COLUMN legacy_flag boolean NOT NULL;
    /// -- while `user::Model` has no `legacy_flag`
    /// ```
    /// Use instead: map it, or drop it in a migration.
    /// ```rust
    /// pub struct Model {
    ///     #[sea_orm(primary_key)]
    ///     pub id: i64,
    ///     pub legacy_flag: bool,
    /// }
    /// ```
    pub(crate) static RULE = ("extra-column", Drift, Error);
}

drift_only! {
    use crate::diagnostic::Finding;
    use super::context::{Context, Findings, entity_label, qualified};
    use crate::schema::diff::Difference;
    use crate::schema::LiveColumn;
    use crate::model::Entity;

    fn finding(entity: &Entity, column: &LiveColumn) -> Finding {
        let nullability = if column.not_null { " NOT NULL" } else { "" };
        let consequence = if column.not_null && !column.has_default && !column.auto_increment {
            ", without a default, so inserts through the entity fail"
        } else {
            ""
        };
        let declared = if column.declared_type.is_empty() {
            String::new()
        } else {
            format!(" `{}{nullability}`", column.declared_type)
        };
        Finding::new(
            &RULE,
            format!(
                "column `{}`{declared} exists in the database, but `{}::Model` has no field for it{consequence}",
                qualified(&entity.table, &column.name),
                entity.module_name()
            ),
            entity_label(entity, format!("no field maps column `{}`", column.name)),
        )
        .with_help(format!(
            "add a field `pub {}: ..` to `{}::Model`, or drop the column in a migration",
            column.name,
            entity.module_name()
        ))
    }

    pub(crate) fn check(cx: &Context<'_>, out: &mut Findings) {
        for difference in cx.differences() {
            if let Difference::ExtraColumn { pair, column } = difference
                && let Some(pair) = cx.pair(*pair)
            {
                let entity = pair.expected.entity;
                out.push(&entity.table, finding(entity, column));
            }
        }
    }
}
