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
    use super::context::{Context, Findings, column_list, entity_label, field_label, same_set};
    use crate::schema::expected::UniqueSet;
    use crate::schema::{IndexOrigin, LiveIndex, LiveTable};
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

    /// Whether a full (not partial) unique constraint or index, or the primary key, covers
    /// exactly `columns`.
    fn enforced(live: &LiveTable, columns: &[&str]) -> bool {
        same_set(columns, &live.primary_key)
            || live
                .indexes
                .iter()
                .any(|i| i.unique && !i.partial && same_set(columns, &i.columns))
    }

    pub(crate) fn check(cx: &Context<'_>, out: &mut Findings) {
        for (pair, live) in cx.present() {
            let entity = pair.expected.entity;
            for set in pair.expected.unique_sets() {
                let names: Vec<&str> = set.columns.iter().map(|c| c.column_name.as_str()).collect();
                if names.iter().any(|n| live.column(n).is_none()) || enforced(live, &names) {
                    continue;
                }
                if let Some(f) = missing(entity, &set) {
                    out.push(&entity.table, f);
                }
            }
        }
        for (pair, live) in cx.present().filter(|(pair, _)| pair.first) {
            let entity = pair.expected.entity;
            let mut seen: Vec<&[String]> = Vec::new();
            for index in &live.indexes {
                if !index.unique
                    || index.partial
                    || index.origin == IndexOrigin::PrimaryKey
                    || index.columns.is_empty()
                    || same_set(&index.columns, &live.primary_key)
                    || seen.iter().any(|s| same_set(s, &index.columns))
                {
                    continue;
                }
                seen.push(&index.columns);
                // Over columns no entity maps: that is `extra-column`'s finding.
                let mapped = index.columns.iter().all(|c| {
                    cx.mates(&entity.table).any(|mate| mate.expected.column(c).is_some())
                });
                if !mapped {
                    continue;
                }
                let declared = cx.mates(&entity.table).any(|mate| {
                    mate.expected.unique_sets().iter().any(|set| {
                        let names: Vec<&str> = set.columns.iter().map(|c| c.column_name.as_str()).collect();
                        same_set(&names, &index.columns)
                    })
                });
                if !declared {
                    out.push(&entity.table, extra(entity, index));
                }
            }
        }
    }
}
