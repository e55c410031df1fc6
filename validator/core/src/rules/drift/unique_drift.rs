use crate::rule::declare_rule;


declare_rule! {
    /// ## What it does
    /// Finds a uniqueness the entity and the database disagree on: a `unique` field or a
    /// `unique_key` group that no unique constraint or index enforces in the database,
    /// or a unique constraint or index in the database that the entity does not declare.
    /// Partial and expression indexes are left alone.
    ///
    /// ## Why is this bad?
    /// An entity that says `unique` while the database does not enforce it lets
    /// duplicates in, and `find_by_*` helpers that expect one row find several. A unique
    /// constraint the entity does not declare is missing from every schema built from
    /// the entities (test databases, `Schema::create_table_from_entity`), so inserts that
    /// pass there fail in production.
    ///
    /// ## Example
    /// ```rust
    /// #[sea_orm(unique)]
    /// pub email: String, // the migration wrote `string("email")`, not `string_uniq`
    /// ```
    /// Use instead: a unique constraint in a migration, e.g. `.col(string_uniq("email"))`,
    /// or
    /// ```rust
    /// manager.create_index(Index::create().name("idx-users-email").table("users").col("email").unique().to_owned()).await
    /// ```
    pub(crate) static RULE = ("unique-drift", Drift, Error);
}

drift_only! {
    use crate::diagnostic::Finding;
    use super::context::{Context, Findings, column_list, entity_label, field_label};
    use crate::schema::diff::Difference;
    use crate::schema::expected::UniqueSet;
    use crate::schema::{IndexOrigin, LiveIndex};
    use crate::model::Entity;

    fn missing(entity: &Entity, set: &UniqueSet<'_>) -> Option<Finding> {
        let first = set.columns.first()?;
        let names: Vec<&str> = set.columns.iter().map(|c| c.column_name.as_str()).collect();
        let (message, label, help) = match set.key {
            None => (
                format!(
                    "column `{}.{}` is not unique in the database, but the field says `unique`",
                    entity.table, first.column_name
                ),
                "`unique` here".to_owned(),
                format!(
                    "add a unique constraint in a migration: `Index::create().name(\"idx-{}-{}\").table(\"{}\").col(\"{}\").unique()`",
                    entity.table, first.column_name, entity.table, first.column_name
                ),
            ),
            Some(key) => (
                format!(
                    "columns {} of `{}` are not unique together in the database, but `unique_key = \"{key}\"` says they are",
                    column_list(&names),
                    entity.table
                ),
                format!("`unique_key = \"{key}\"` here"),
                format!(
                    "add the unique index SeaORM would create in a migration: `Index::create().name(\"idx-{}-{key}\").table(\"{}\"){}.unique()`",
                    entity.table,
                    entity.table,
                    names.iter().map(|n| format!(".col(\"{n}\")")).collect::<String>()
                ),
            ),
        };
        Some(Finding::new(&RULE, message, field_label(entity, first, label)).with_help(help))
    }

    fn extra(entity: &Entity, index: &LiveIndex) -> Finding {
        let how = match index.origin {
            IndexOrigin::UniqueConstraint => "unique constraint",
            _ => "unique index",
        };
        let message = match index.columns.as_slice() {
            [one] => format!(
                "column `{}.{one}` is unique in the database ({how} `{}`), but the entity does not say so",
                entity.table, index.name
            ),
            _ => format!(
                "columns {} of `{}` are unique together in the database ({how} `{}`), but the entity does not say so",
                column_list(&index.columns),
                entity.table,
                index.name
            ),
        };
        let field = index.columns.first().and_then(|c| entity.columns.iter().find(|x| x.column_name == *c));
        let label_text = "not declared unique";
        let label = match field {
            Some(column) => field_label(entity, column, label_text),
            None => entity_label(entity, label_text),
        };
        let help = match index.columns.as_slice() {
            [one] => format!("add `#[sea_orm(unique)]` to `{one}`, or drop the {how} in a migration"),
            _ => format!(
                "add `#[sea_orm(unique_key = \"..\")]` with one name to each of {}, or drop the {how} in a migration",
                column_list(&index.columns)
            ),
        };
        Finding::new(&RULE, message, label).with_help(help)
    }

    pub(crate) fn check(cx: &Context<'_>, out: &mut Findings) {
        for difference in cx.differences() {
            if let Difference::MissingUnique { pair, set } = difference
                && let Some(pair) = cx.pair(*pair)
                && let Some(f) = missing(pair.expected.entity, set)
            {
                out.push(&pair.expected.entity.table, f);
            }
        }
        for difference in cx.differences() {
            if let Difference::ExtraUnique { pair, index } = difference
                && let Some(pair) = cx.pair(*pair)
            {
                let entity = pair.expected.entity;
                out.push(&entity.table, extra(entity, index));
            }
        }
    }
}
