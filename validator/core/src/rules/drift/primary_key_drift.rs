use crate::rule::declare_rule;


declare_rule! {
    /// ## What it does
    /// Finds a table whose primary key in the database is not the entity's: other
    /// columns, or none at all.
    ///
    /// ## Why is this bad?
    /// SeaORM finds, updates and deletes rows by the entity's primary key. When the
    /// database keys the table differently, `find_by_id` can return several rows,
    /// `update` can touch several, and inserts may be accepted that the entity considers
    /// duplicates (or rejected when it does not).
    ///
    /// ## Example
    /// ```rust
    /// pub struct Model {
    ///     #[sea_orm(primary_key)]
    ///     pub user_id: i64,
    ///     pub role_id: i64, // the table's key is (user_id, role_id)
    /// }
    /// ```
    /// Use instead:
    /// ```rust
    /// pub struct Model {
    ///     #[sea_orm(primary_key, auto_increment = false)]
    ///     pub user_id: i64,
    ///     #[sea_orm(primary_key, auto_increment = false)]
    ///     pub role_id: i64,
    /// }
    /// ```
    pub(crate) static RULE = ("primary-key-drift", Drift, Error);
}

drift_only! {
    use crate::diagnostic::{Finding, Label};
    use super::context::{Context, Findings, column_list, entity_label, field_label};
    use crate::schema::diff::Difference;
    use crate::model::{Column, Entity};

    fn finding(entity: &Entity, declared: &[&Column], live: &[String]) -> Finding {
        let names: Vec<&str> = declared.iter().map(|c| c.column_name.as_str()).collect();
        let database = if live.is_empty() {
            "has no primary key in the database".to_owned()
        } else {
            format!("has primary key {} in the database", column_list(live))
        };
        let label: Label = match declared.first() {
            Some(first) => field_label(entity, first, format!("the entity's key is {}", column_list(&names))),
            None => entity_label(entity, "the entity has no primary key"),
        };
        Finding::new(
            &RULE,
            format!(
                "table `{}` {database}, but the entity's primary key is {}",
                entity.table,
                if names.is_empty() { "empty".to_owned() } else { column_list(&names) }
            ),
            label,
        )
        .with_help(format!(
            "mark exactly {} with `#[sea_orm(primary_key)]`, or change the table's key in a migration",
            if live.is_empty() { "the key columns".to_owned() } else { column_list(live) }
        ))
    }

    pub(crate) fn check(cx: &Context<'_>, out: &mut Findings) {
        for difference in cx.differences() {
            if let Difference::PrimaryKey { pair, declared, live } = difference
                && let Some(pair) = cx.pair(*pair)
            {
                let entity = pair.expected.entity;
                out.push(&entity.table, finding(entity, declared, live));
            }
        }
    }
}
