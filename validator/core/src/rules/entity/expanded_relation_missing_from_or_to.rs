use super::context::Context;
use crate::diagnostic::{Finding, Label};
use crate::model::{Entity, Relation, RelationKind, RelationOrigin};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Finds an `Entity::belongs_to(..)` builder in a hand-written `impl RelationTrait`
    /// (expanded format or not) that never calls `.from(..)` or `.to(..)`. `has_one` and
    /// `has_many` builders may leave both out: SeaORM takes them from the other side's
    /// `impl Related<Self>`.
    ///
    /// ## Why is this bad?
    /// It compiles, then panics ("Owner column is not set" / "Reference column is not
    /// set") the first time the relation is used, including in
    /// `Schema::create_table_from_entity`.
    ///
    /// ## Example
    /// ```rust
    /// Self::User => Entity::belongs_to(super::user::Entity)
    ///     .from(Column::UserId)
    ///     .into(),
    /// ```
    /// Use instead:
    /// ```rust
    /// Self::User => Entity::belongs_to(super::user::Entity)
    ///     .from(Column::UserId)
    ///     .to(super::user::Column::Id)
    ///     .into(),
    /// ```
    pub(crate) static RULE = ("expanded-relation-missing-from-or-to", Entity, Error);
}

fn finding(e: &Entity, rel: &Relation, missing: &str) -> Finding {
    let example = if missing == ".from(..)" {
        format!(".from(Column::{}Id)", rel.name)
    } else {
        format!(
            ".to({}::Column::Id)",
            rel.target.path.trim_end_matches("::Entity")
        )
    };
    Finding::new(
        &RULE,
        format!(
            "`belongs_to` builder for `{}` has no `{missing}`: it panics at run time",
            rel.name
        ),
        Label::new(&e.file, rel.span, format!("no `{missing}` call")),
    )
    .with_help(format!("chain `{example}` before `.into()`"))
    .with_anchor(rel.item)
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for (_, e) in cx.entities() {
        for rel in &e.relations {
            if let (RelationKind::BelongsTo, RelationOrigin::RelationTraitArm { has_from, has_to }) =
                (rel.kind, &rel.origin)
                && rel.delegate.is_none()
            {
                if !has_from {
                    out.push(finding(e, rel, ".from(..)"));
                }
                if !has_to {
                    out.push(finding(e, rel, ".to(..)"));
                }
            }
        }
    }
}
