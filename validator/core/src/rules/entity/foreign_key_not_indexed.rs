use super::context::{Context, is_belongs_to};
use crate::diagnostic::{Finding, Label};
use crate::model::{Column, Entity, Relation, rust_ident};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Finds a `belongs_to` whose `from` columns are not covered by an index the entity
    /// declares: not `indexed`, not `unique`, and not the leading columns of the primary
    /// key or of a `unique_key`.
    ///
    /// ## Why is this bad?
    /// Neither PostgreSQL nor SQLite indexes foreign keys by themselves. Every
    /// `find_related` from the parent, and every `ON DELETE CASCADE`, then scans the whole
    /// child table. Off by default for entities whose indexes live only in migrations.
    ///
    /// ## Example
    /// ```rust
    /// pub user_id: i64,
    /// #[sea_orm(belongs_to, from = "user_id", to = "id")]
    /// pub user: BelongsTo<super::user::Entity>,
    /// ```
    /// Use instead:
    /// ```rust
    /// #[sea_orm(indexed)]
    /// pub user_id: i64,
    /// ```
    pub(crate) static RULE = ("foreign-key-not-indexed", Entity, Allow);
}

fn finding(e: &Entity, rel: &Relation, col: &Column) -> Finding {
    Finding::new(
        &RULE,
        format!("foreign key `{}` of `{}` has no index", col.field, rel.name),
        Label::new(&e.file, col.span, "not indexed"),
    )
    .with_related(Label::new(
        &e.file,
        rel.span,
        format!("`belongs_to` `{}`", rel.target.path),
    ))
    .with_help(format!(
        "mark it `#[sea_orm(indexed)] pub {}: {},`",
        rust_ident(&col.field),
        col.rust_type
    ))
    .with_anchor(rel.item)
}

/// Whether `cols` are the leading columns of `group` (in declaration order).
fn leads(group: &[&Column], cols: &[&Column]) -> bool {
    !group.is_empty()
        && cols.len() <= group.len()
        && group.iter().zip(cols).all(|(g, c)| g.variant == c.variant)
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for (_, e) in cx.entities() {
        for rel in e.relations.iter().filter(|r| is_belongs_to(r)) {
            let cols: Vec<&Column> = rel.from.iter().filter_map(|c| e.column(c)).collect();
            if cols.is_empty() || cols.len() != rel.from.len() {
                continue;
            }
            if let [c] = cols.as_slice()
                && (c.indexed || c.unique)
            {
                continue;
            }
            let pk: Vec<&Column> = e.columns.iter().filter(|c| c.primary_key).collect();
            if leads(&pk, &cols) {
                continue;
            }
            let covered_by_key = e
                .columns
                .iter()
                .filter_map(|c| c.unique_key.as_deref())
                .any(|key| {
                    let group: Vec<&Column> = e
                        .columns
                        .iter()
                        .filter(|c| c.unique_key.as_deref() == Some(key))
                        .collect();
                    leads(&group, &cols)
                });
            if covered_by_key {
                continue;
            }
            if let Some(col) = cols.first() {
                out.push(finding(e, rel, col));
            }
        }
    }
}
