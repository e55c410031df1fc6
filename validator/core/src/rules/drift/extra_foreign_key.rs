use crate::rule::declare_rule;


declare_rule! {
    /// ## What it does
    /// Finds a foreign key constraint in the database that no `belongs_to` relation of
    /// the table's entities declares (a relation with `skip_fk` counts as declaring it).
    /// A warning by default: SeaORM works without the relation.
    ///
    /// ## Why is this bad?
    /// The entities do not know the link: there is nothing to join or load through, and
    /// a schema built from the entities (test databases) lacks the constraint and its
    /// `ON DELETE` behaviour, so tests pass that fail in production.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE orders ADD CONSTRAINT fk_orders_user FOREIGN KEY (user_id) REFERENCES users (id);
    /// -- while `order::Model` has no `belongs_to` on `user_id`
    /// ```
    /// Use instead:
    /// ```rust
    /// #[sea_orm(belongs_to, from = "user_id", to = "id")]
    /// pub user: BelongsTo<super::user::Entity>,
    /// ```
    pub(crate) static RULE = ("extra-foreign-key", Drift, Warning);
}

drift_only! {
    use crate::diagnostic::Finding;
    use super::context::{Context, Findings, table_columns, entity_label, field_label};
    use crate::schema::diff::Difference;
    use crate::schema::LiveForeignKey;
    use crate::model::Entity;

    fn finding(entity: &Entity, fk: &LiveForeignKey, referenced: &[String]) -> Finding {
        let name = fk.name.as_deref().map(|n| format!(" `{n}`")).unwrap_or_default();
        let field = fk.columns.first().and_then(|c| entity.columns.iter().find(|x| x.column_name == *c));
        let label = match field {
            Some(column) => field_label(entity, column, "no `belongs_to` uses this column"),
            None => entity_label(entity, "no `belongs_to` declares it"),
        };
        Finding::new(
            &RULE,
            format!(
                "the database has a foreign key{name} from {} to {}, but no `belongs_to` declares it",
                table_columns(&entity.table, &fk.columns),
                table_columns(&fk.foreign_table, referenced)
            ),
            label,
        )
        .with_help(format!(
            "add `#[sea_orm(belongs_to, from = \"{}\", to = \"{}\", on_delete = \"{}\")]` on a `BelongsTo<..>` field for `{}`, or drop the constraint in a migration",
            fk.columns.join(", "),
            referenced.join(", "),
            fk.on_delete.seaorm_name(),
            fk.foreign_table
        ))
    }

    pub(crate) fn check(cx: &Context<'_>, out: &mut Findings) {
        for difference in cx.differences() {
            if let Difference::ExtraForeignKey { pair, fk, referenced } = difference
                && let Some(pair) = cx.pair(*pair)
            {
                let entity = pair.expected.entity;
                out.push(&entity.table, finding(entity, fk, referenced));
            }
        }
    }
}
