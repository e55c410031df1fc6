use super::context::{Context, is_unique_set};
use crate::diagnostic::{Finding, Label};
use crate::model::{Entity, Relation, RelationKind};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Finds a `has_one` whose foreign key on the other side is not unique, so the
    /// relation is really one-to-many.
    ///
    /// ## Why is this bad?
    /// SeaORM does not check cardinality. Loading the `has_one` silently picks one of
    /// several rows, and nothing stops a second row from being inserted.
    ///
    /// ## Example
    /// ```rust
    /// // user.rs
    /// #[sea_orm(has_one)]
    /// pub profile: HasOne<super::profile::Entity>,
    /// // profile.rs
    /// pub user_id: i32,
    /// ```
    /// Use instead:
    /// ```rust
    /// // profile.rs
    /// #[sea_orm(unique)]
    /// pub user_id: i32,
    /// ```
    pub(crate) static RULE = ("has-one-on-non-unique-foreign-key", Entity, Warning);
}

fn finding(e: &Entity, rel: &Relation, child: &Entity, fk: &Relation) -> Finding {
    let cols: Vec<&str> = fk
        .from
        .iter()
        .filter_map(|c| child.column(c))
        .map(|c| c.field.as_str())
        .collect();
    let help = match cols.as_slice() {
        [c] => format!(
            "mark `{}.{c}` `#[sea_orm(unique)]`, or use `has_many`",
            child.module_name()
        ),
        _ => format!(
            "give `{}` a `unique_key` over `{}`, or use `has_many`",
            child.module_name(),
            cols.join("`, `")
        ),
    };
    Finding::new(
        &RULE,
        format!(
            "`has_one` `{}`, but the foreign key `{}` on `{}` is not unique",
            child.module_name(),
            cols.join("`, `"),
            child.module_name()
        ),
        Label::new(&e.file, rel.span, "`has_one`"),
    )
    .with_related(Label::new(
        &child.file,
        fk.from_span().unwrap_or(fk.span),
        "not unique: many rows can point at one parent",
    ))
    .with_help(help)
    .with_anchor(rel.item)
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for (id, e) in cx.entities() {
        for rel in e
            .relations
            .iter()
            .filter(|r| r.kind == RelationKind::HasOne && r.delegate.is_none() && r.from.is_empty())
        {
            let Some((cid, child)) = cx.target(rel) else {
                continue;
            };
            let fk = match &rel.via_rel {
                Some(v) => cx.relation(cid, v),
                None => match cx.graph.belongs_to(cx.model, cid, id).as_slice() {
                    [(_, fk)] => Some(*fk),
                    _ => None,
                },
            };
            let Some(fk) = fk else { continue };
            if fk.kind == RelationKind::BelongsTo
                && !fk.from.is_empty()
                && !is_unique_set(child, &fk.from)
            {
                out.push(finding(e, rel, child, fk));
            }
        }
    }
}
