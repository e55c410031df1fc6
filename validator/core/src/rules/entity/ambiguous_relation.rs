use super::context::Context;
use crate::diagnostic::{Finding, Label};
use crate::model::{Entity, EntityFormat, EntityId, RelExpr, Relation, RelationKind};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Finds a `has_many`/`has_one` to an entity that has several `belongs_to` back to
    /// this one, when neither side says which of them it follows (no `via_rel`, no
    /// explicit `from`/`to`, and the other entity's `impl Related<Self>` does not name one
    /// of them); and two such relations to the same entity, which then both follow the
    /// same foreign key.
    ///
    /// ## Why is this bad?
    /// Without `via_rel`, SeaORM builds the relation from the other side's
    /// `impl Related<Self>`, which can name only one of the foreign keys. The join then
    /// silently uses that one (`bakery.manager_id`) even where the code meant the other
    /// (`bakery.cashier_id`).
    ///
    /// ## Example
    /// ```rust
    /// // worker.rs; bakery has `manager_id` and `cashier_id`, both to worker
    /// #[sea_orm(has_many = "super::bakery::Entity")]
    /// Bakery,
    /// ```
    /// Use instead:
    /// ```rust
    /// #[sea_orm(has_many = "super::bakery::Entity", via_rel = "Manager")]
    /// ManagedBakery,
    /// #[sea_orm(has_many = "super::bakery::Entity", via_rel = "Cashier")]
    /// CashierOf,
    /// ```
    pub(crate) static RULE = ("ambiguous-relation", Entity, Warning);
}

fn finding(
    e: &Entity,
    rel: &Relation,
    target: &Entity,
    fks: &[&Relation],
    duplicate: Option<&Relation>,
) -> Finding {
    let names: Vec<String> = fks.iter().map(|r| format!("`{}`", r.name)).collect();
    let message = match duplicate {
        Some(other) => format!(
            "`{}` and `{}` are both `{}` `{}` without `via_rel`, so they follow the same foreign key",
            other.name,
            rel.name,
            rel.kind.as_str(),
            target.module_name()
        ),
        None => format!(
            "`{}` `{}` does not say which of its {} `belongs_to` ({}) it follows",
            rel.kind.as_str(),
            target.module_name(),
            fks.len(),
            names.join(", ")
        ),
    };
    let example = fks.first().map_or("Relation", |r| r.name.as_str());
    let help = match e.format {
        EntityFormat::Dense => format!(
            "add `relation_enum = \"..\", via_rel = \"{example}\"` to each relation field, naming one of {}",
            names.join(", ")
        ),
        _ => format!(
            "add `via_rel = \"{example}\"` (one of {}) to each variant",
            names.join(", ")
        ),
    };
    let mut f = Finding::new(
        &RULE,
        message,
        Label::new(
            &e.file,
            rel.span,
            format!("`{}` without `via_rel`", rel.kind.as_str()),
        ),
    );
    if let Some(other) = duplicate {
        f = f.with_related(Label::new(
            &e.file,
            other.span,
            "same target, same foreign key",
        ));
    }
    for fk in fks {
        f = f.with_related(Label::new(
            &target.file,
            fk.span,
            format!("`{}` `belongs_to` `{}`", fk.name, e.module_name()),
        ));
    }
    f.with_help(help).with_anchor(rel.item)
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for (id, e) in cx.entities() {
        let plain: Vec<&Relation> = e
            .relations
            .iter()
            .filter(|r| {
                r.kind != RelationKind::BelongsTo
                    && r.delegate.is_none()
                    && r.via_rel.is_none()
                    && r.on_condition.is_none()
                    && r.from.is_empty()
                    && !r.self_ref
            })
            .collect();
        for (i, rel) in plain.iter().enumerate() {
            let Some((tid, target)) = cx.target(rel) else {
                continue;
            };
            if tid == id {
                continue;
            }
            let fks: Vec<&Relation> = cx
                .graph
                .belongs_to(cx.model, tid, id)
                .into_iter()
                .map(|(_, r)| r)
                .collect();
            let earlier = plain
                .iter()
                .take(i)
                .find(|r| r.target.resolved == Some(tid))
                .copied();
            if earlier.is_none() && fks.len() > 1 && related_picks_one(cx, tid, id, &fks) {
                continue;
            }
            if fks.len() > 1 || earlier.is_some() {
                out.push(finding(e, rel, target, &fks, earlier));
            }
        }
    }
}

/// Whether `child`'s `impl Related<parent>` returns one of the `belongs_to` relations
/// (`fn to() -> RelationDef { Relation::Head.def() }`): SeaORM builds the parent's plain
/// `has_many` from it (`<child as Related<parent>>::to().rev()`), so the key is chosen.
fn related_picks_one(
    cx: &Context<'_>,
    child: EntityId,
    parent: EntityId,
    fks: &[&Relation],
) -> bool {
    let Some(c) = cx.entity(child) else {
        return false;
    };
    c.related.iter().any(|ri| {
        ri.target.resolved == Some(parent)
            && ri.via.is_none()
            && matches!(&ri.to, RelExpr::Variant { owner, variant, rev: false }
                if owner.resolved == Some(child) && fks.iter().any(|fk| &fk.name == variant))
    })
}
