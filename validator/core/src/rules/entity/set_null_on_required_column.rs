use super::context::{Context, is_belongs_to};
use crate::diagnostic::{Finding, Label};
use crate::model::{Column, Entity, Relation, rust_ident};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Finds a `belongs_to` with `on_delete = "SetNull"` or `on_update = "SetNull"` whose
    /// `from` column cannot hold `NULL` (not an `Option`, not `nullable`).
    ///
    /// ## Why is this bad?
    /// Deleting (or re-keying) the parent makes the database set a `NOT NULL` column to
    /// `NULL`: the delete fails with a constraint violation at run time, typically in
    /// production when the first parent row is removed.
    ///
    /// ## Example
    /// ```rust
    /// pub user_id: i64,
    /// #[sea_orm(belongs_to, from = "user_id", to = "id", on_delete = "SetNull")]
    /// pub user: BelongsTo<super::user::Entity>,
    /// ```
    /// Use instead:
    /// ```rust
    /// pub user_id: Option<i64>,
    /// #[sea_orm(belongs_to, from = "user_id", to = "id", on_delete = "SetNull")]
    /// pub user: BelongsTo<Option<super::user::Entity>>,
    /// ```
    pub(crate) static RULE = ("set-null-on-required-column", Entity, Error);
}

fn finding(e: &Entity, rel: &Relation, action: &str, col: &Column) -> Finding {
    Finding::new(
        &RULE,
        format!(
            "`{action} = \"SetNull\"` on `{}`, but `{}` cannot be null",
            rel.name, col.field
        ),
        Label::new(&e.file, rel.span, format!("`{action} = \"SetNull\"`")),
    )
    .with_related(Label::new(
        &e.file,
        col.span,
        format!("`{}: {}` is required", col.field, col.rust_type),
    ))
    .with_help(format!(
        "declare `pub {}: Option<{}>,`, or use `{action} = \"Cascade\"`",
        rust_ident(&col.field),
        col.base_type
    ))
    .with_anchor(rel.item)
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for (_, e) in cx.entities() {
        for rel in e.relations.iter().filter(|r| is_belongs_to(r)) {
            for (action, value) in [("on_delete", &rel.on_delete), ("on_update", &rel.on_update)] {
                if value.as_deref().map(str::trim) != Some("SetNull") {
                    continue;
                }
                if let Some(col) = rel
                    .from
                    .iter()
                    .filter_map(|c| e.column(c))
                    .find(|c| !c.nullable)
                {
                    out.push(finding(e, rel, action, col));
                }
            }
        }
    }
}
