use crate::rule::declare_rule;


declare_rule! {
    /// ## What it does
    /// Finds a `belongs_to` relation whose foreign key in the database references
    /// another table or other columns than the relation's `to`.
    ///
    /// ## Why is this bad?
    /// Joins through the relation match rows the database does not link, and inserts
    /// that are valid for the entity are rejected by the constraint (or the other way
    /// round). It usually means a table or relation was renamed on one side only.
    ///
    /// ## Example
    /// ```rust
    /// #[sea_orm(belongs_to, from = "user_id", to = "id")]
    /// pub user: BelongsTo<super::user::Entity>, // the constraint references `accounts.id`
    /// ```
    /// Use instead: point the relation and the constraint at the same table.
    /// ```rust
    /// #[sea_orm(belongs_to, from = "user_id", to = "id")]
    /// pub account: BelongsTo<super::account::Entity>,
    /// ```
    pub(crate) static RULE = ("foreign-key-target-drift", Drift, Error);
}

drift_only! {
    use crate::diagnostic::Finding;
    use super::context::{Context, Findings, table_columns, field_label, relation_label};
    use crate::schema::diff::Difference;
    use crate::schema::expected::ExpectedForeignKey;
    use crate::schema::LiveForeignKey;
    use crate::model::Entity;

    fn finding(
        entity: &Entity,
        fk: &ExpectedForeignKey<'_>,
        live: &LiveForeignKey,
        referenced: &[String],
    ) -> Finding {
        let name = live.name.as_deref().map(|n| format!(" `{n}`")).unwrap_or_default();
        let mut f = Finding::new(
            &RULE,
            format!(
                "the foreign key{name} on {} references {} in the database, but `belongs_to` points at {}",
                table_columns(&entity.table, &fk.columns),
                table_columns(&live.foreign_table, referenced),
                table_columns(&fk.target.table, &fk.target_columns)
            ),
            relation_label(entity, fk.relation, format!("points at `{}`", fk.target.table)),
        )
        .with_help(format!(
            "make the constraint reference {} in a migration, or point the relation at the entity of `{}`",
            table_columns(&fk.target.table, &fk.target_columns),
            live.foreign_table
        ));
        if let Some(first) = fk.target_columns.first()
            && let Some(column) = fk.target.columns.iter().find(|c| c.column_name == *first)
        {
            f = f.with_related(field_label(fk.target, column, "the relation's `to`"));
        }
        f
    }

    pub(crate) fn check(cx: &Context<'_>, out: &mut Findings) {
        for difference in cx.differences() {
            if let Difference::ForeignKeyTarget { pair, fk, live, referenced } = difference
                && let Some(pair) = cx.pair(*pair)
                && let Some(fk) = pair.expected.foreign_keys.get(*fk)
            {
                let entity = pair.expected.entity;
                out.push(&entity.table, finding(entity, fk, live, referenced));
            }
        }
    }
}
