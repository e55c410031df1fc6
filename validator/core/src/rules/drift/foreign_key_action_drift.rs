use crate::rule::declare_rule;


declare_rule! {
    /// ## What it does
    /// Finds a `belongs_to` relation whose foreign key in the database has another
    /// `ON DELETE` or `ON UPDATE` action than the relation's `on_delete`/`on_update`
    /// (none written means the database's default, `NO ACTION`).
    ///
    /// ## Why is this bad?
    /// The entity documents what happens to children when a parent goes, and the code is
    /// written for it: a relation that says `Cascade` over a constraint that says
    /// `NO ACTION` makes deleting a user fail (or, the other way round, silently deletes
    /// rows the code expected to keep).
    ///
    /// ## Example
    /// ```rust
    /// #[sea_orm(belongs_to, from = "user_id", to = "id", on_delete = "Cascade")]
    /// pub user: BelongsTo<super::user::Entity>, // the constraint says ON DELETE NO ACTION
    /// ```
    /// Use instead: the same action on both sides.
    /// ```rust
    /// ForeignKey::create().from("orders", "user_id").to("users", "id").on_delete(ForeignKeyAction::Cascade)
    /// ```
    pub(crate) static RULE = ("foreign-key-action-drift", Drift, Error);
}

drift_only! {
    use crate::diagnostic::Finding;
    use super::context::{Context, Findings, table_columns, relation_label};
    use crate::schema::diff::{ActionMismatch as Mismatch, Difference};
    use crate::schema::expected::ExpectedForeignKey;
    use crate::schema::LiveForeignKey;
    use crate::model::Entity;

    fn finding(entity: &Entity, fk: &ExpectedForeignKey<'_>, live: &LiveForeignKey, mismatches: &[Mismatch]) -> Finding {
        let name = live.name.as_deref().map(|n| format!(" `{n}`")).unwrap_or_default();
        let database: Vec<String> = mismatches.iter().map(|m| format!("`{} {}`", m.sql, m.live.sql())).collect();
        let entity_side: Vec<String> = mismatches
            .iter()
            .map(|m| {
                if m.written {
                    format!("`{} = \"{}\"`", m.key, m.expected.seaorm_name())
                } else {
                    format!("no `{}` (`{} {}`)", m.key, m.sql, m.expected.sql())
                }
            })
            .collect();
        let fix: Vec<String> = mismatches
            .iter()
            .map(|m| format!("`{} = \"{}\"`", m.key, m.live.seaorm_name()))
            .collect();
        Finding::new(
            &RULE,
            format!(
                "the foreign key{name} on {} has {} in the database, but `belongs_to` has {}",
                table_columns(&entity.table, &fk.columns),
                database.join(" and "),
                entity_side.join(" and ")
            ),
            relation_label(entity, fk.relation, "declares the actions"),
        )
        .with_help(format!(
            "write {} on the relation, or recreate the constraint with the relation's actions in a migration (on SQLite, by rebuilding the table)",
            fix.join(" and ")
        ))
    }

    pub(crate) fn check(cx: &Context<'_>, out: &mut Findings) {
        for difference in cx.differences() {
            if let Difference::ForeignKeyActions { pair, fk, live, mismatches } = difference
                && let Some(pair) = cx.pair(*pair)
                && let Some(fk) = pair.expected.foreign_keys.get(*fk)
            {
                let entity = pair.expected.entity;
                out.push(&entity.table, finding(entity, fk, live, mismatches));
            }
        }
    }
}
