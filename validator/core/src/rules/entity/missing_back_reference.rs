use super::back_reference::Plan;
use super::context::{Context, is_belongs_to, is_unique_set, relations_holder};
use crate::diagnostic::{Finding, Label};
use crate::model::{Entity, EntityId, Relation, RelationKind};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Finds a `belongs_to` whose target entity declares nothing back: no `has_many` or
    /// `has_one` to the child, and no `impl Related<child>`.
    ///
    /// Deliberate one-sided shapes stay quiet: two or more foreign keys from the child to
    /// the same parent (sea-orm-cli leaves the reverse out on purpose), self-references,
    /// and junction tables the parent reaches through `via`.
    ///
    /// ## Why is this bad?
    /// SeaORM compiles a one-sided `belongs_to` without a word. The first
    /// `user.find_related(credit_transaction::Entity)`, `load_many`, or
    /// `user::Entity::load().with(credit_transaction::Entity)` then fails to compile far
    /// from the cause, or the relation is silently missing from nested active models and
    /// the generated entity graph.
    ///
    /// ## Fix
    /// `--fix` writes the back-reference in the parent, the way the parent declares its
    /// relations: a dense `#[sea_orm(has_many)]` field (`has_one`/`HasOne` when the
    /// foreign key is unique); or a `Relation` variant with its `impl Related` (a
    /// `DeriveRelation` enum); or the variant, its `RelationTrait` arm and the
    /// `impl Related` (hand-written relations). Names follow sea-orm-cli (the variant is
    /// the child module in CamelCase, the field its plural), with the foreign key's name
    /// added when one is taken; the path is written as the parent writes its others
    /// (`super::`, `crate::`, a prelude name). When the child lacks the
    /// `impl Related<parent>` that `has_many` needs, the fix adds that too.
    ///
    /// ## Example
    /// ```rust
    /// // credit_transaction.rs
    /// #[sea_orm(belongs_to, from = "user_id", to = "id")]
    /// pub user: BelongsTo<super::user::Entity>,
    /// // user.rs: nothing about credit transactions
    /// ```
    /// Use instead:
    /// ```rust
    /// // user.rs
    /// #[sea_orm(has_many)]
    /// pub credit_transactions: HasMany<super::credit_transaction::Entity>,
    /// ```
    pub(crate) static RULE = ("missing-back-reference", Entity, Error, fix = Safe);
}

fn finding(
    cx: &Context<'_>,
    child_id: EntityId,
    child: &Entity,
    rel: &Relation,
    parent_id: EntityId,
    parent: &Entity,
) -> Finding {
    let kind = if is_unique_set(child, &rel.from) {
        RelationKind::HasOne
    } else {
        RelationKind::HasMany
    };
    let message = format!(
        "`{}` `belongs_to` `{}`, but `{}` has no `has_many` or `has_one` back to `{}`",
        child.module_name(),
        parent.module_name(),
        parent.module_name(),
        child.module_name()
    );
    let parent_span = parent.relations_span.unwrap_or(parent.span);
    let parent_label = format!(
        "{} declares no relation to `{}`",
        relations_holder(parent),
        child.module_name()
    );
    let plan = Plan::new(cx, child_id, child, rel, parent_id, parent, kind);
    let f = Finding::new(
        &RULE,
        message,
        Label::new(
            &child.file,
            rel.span,
            format!("`belongs_to` `{}`", parent.module_name()),
        ),
    )
    .with_related(Label::new(&parent.file, parent_span, parent_label))
    .with_help(plan.help())
    .with_anchor(rel.item);
    match plan.fix() {
        Some(fix) => f.with_fix(fix),
        None => f,
    }
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for (child_id, child) in cx.entities() {
        for rel in child.relations.iter().filter(|r| is_belongs_to(r)) {
            let Some((parent_id, parent)) = cx.target(rel) else {
                continue;
            };
            if parent_id == child_id || rel.self_ref {
                continue;
            }
            // Several foreign keys to one parent: sea-orm-cli omits the reverse on purpose.
            if cx.graph.belongs_to(cx.model, child_id, parent_id).len() > 1 {
                continue;
            }
            if declares_back(cx, parent_id, child_id) {
                continue;
            }
            out.push(finding(cx, child_id, child, rel, parent_id, parent));
        }
    }
}

/// Whether `parent` names `child` anywhere: a relation, a `Related` impl, or a `via`
/// through it (the child is a junction). Only the parent module itself counts: another
/// module over the same table is another entity.
fn declares_back(cx: &Context<'_>, parent: EntityId, child: EntityId) -> bool {
    if cx.graph.outgoing(parent).any(|(t, _)| t == child) {
        return true;
    }
    let Some(p) = cx.entity(parent) else {
        return true;
    };
    let touches = |x: &crate::model::RelExpr| {
        cx.endpoints(parent, x)
            .is_some_and(|(a, b)| a == child || b == child)
    };
    p.related
        .iter()
        .any(|r| touches(&r.to) || r.via.as_deref().is_some_and(touches))
        || cx
            .model
            .linked
            .iter()
            .any(|l| l.from.resolved == Some(parent) && l.link.iter().any(touches))
}
