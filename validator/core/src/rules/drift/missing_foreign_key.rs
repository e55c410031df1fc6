use crate::rule::declare_rule;


declare_rule! {
    /// ## What it does
    /// Finds a `belongs_to` relation (without `skip_fk`) that has no foreign key
    /// constraint over its `from` columns in the database.
    ///
    /// ## Why is this bad?
    /// Nothing stops rows that point at parents which do not exist, and the relation's
    /// `on_delete`/`on_update` never happen: deleting a user leaves its rows behind
    /// instead of cascading. SeaORM's `Schema` would create the constraint, so a test
    /// database built from the entities behaves differently from production.
    ///
    /// ## Example
    /// ```rust
    /// #[sea_orm(belongs_to, from = "user_id", to = "id", on_delete = "Cascade")]
    /// pub user: BelongsTo<super::user::Entity>, // the migration has no `.foreign_key(..)`
    /// ```
    /// Use instead: the constraint in the migration that creates the table.
    /// ```rust
    /// .foreign_key(
    ///     ForeignKey::create()
    ///         .name("fk-orders-user_id")
    ///         .from("orders", "user_id")
    ///         .to("users", "id")
    ///         .on_delete(ForeignKeyAction::Cascade),
    /// )
    /// ```
    pub(crate) static RULE = ("missing-foreign-key", Drift, Error);
}

drift_only! {
    use crate::diagnostic::Finding;
    use super::context::{Context, Findings, table_columns, field_label, relation_label};
    use crate::schema::diff::Difference;
    use crate::schema::expected::ExpectedForeignKey;
    use crate::model::Entity;

    fn finding(entity: &Entity, fk: &ExpectedForeignKey<'_>) -> Finding {
        let action = fk
            .relation
            .on_delete
            .as_deref()
            .map(|a| format!(".on_delete(ForeignKeyAction::{})", a.rsplit("::").next().unwrap_or(a)))
            .unwrap_or_default();
        let mut f = Finding::new(
            &RULE,
            format!(
                "`belongs_to` from {} to {} has no foreign key in the database",
                table_columns(&entity.table, &fk.columns),
                table_columns(&fk.target.table, &fk.target_columns)
            ),
            relation_label(entity, fk.relation, "declares the foreign key"),
        )
        .with_help(format!(
            "add `ForeignKey::create().name(\"fk-{t}-{c}\").from(\"{t}\", \"{c}\").to(\"{p}\", \"{pc}\"){action}` to the migration that creates `{t}` (SQLite cannot add one to an existing table), or add `skip_fk` to the relation",
            t = entity.table,
            c = fk.columns.join("\", \""),
            p = fk.target.table,
            pc = fk.target_columns.join("\", \""),
        ));
        if let Some(first) = fk.target_columns.first()
            && let Some(column) = fk.target.columns.iter().find(|c| c.column_name == *first)
        {
            f = f.with_related(field_label(fk.target, column, "the referenced column"));
        }
        f
    }

    pub(crate) fn check(cx: &Context<'_>, out: &mut Findings) {
        for difference in cx.differences() {
            if let Difference::MissingForeignKey { pair, fk } = difference
                && let Some(pair) = cx.pair(*pair)
                && let Some(fk) = pair.expected.foreign_keys.get(*fk)
            {
                let entity = pair.expected.entity;
                out.push(&entity.table, finding(entity, fk));
            }
        }
    }
}
