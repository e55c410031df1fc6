use super::context::Context;
use crate::diagnostic::{Applicability, Edit, Finding, Fix, Label};
use crate::model::{Entity, Relation, RelationKind, RelationOrigin};
use crate::rule::declare_rule;
use crate::source::Span;

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
    /// ## Fix
    /// A missing `.to(..)` is added right after `.from(..)`, naming the target's primary
    /// key, when that key is one column (`.to(super::user::Column::Id)`). A missing
    /// `.from(..)` has no fix: which column holds the key is for you to say.
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
    pub(crate) static RULE = ("expanded-relation-missing-from-or-to", Entity, Error, fix = Safe);
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

/// `.to(<target>::Column::<Pk>)` right after `.from(..)`, when the target's primary key
/// is one column and its path ends in `::Entity`: what sea-orm-cli writes.
fn to_fix(cx: &Context<'_>, e: &Entity, rel: &Relation) -> Option<Fix> {
    let module = rel.target.path.strip_suffix("::Entity")?;
    let (_, target) = cx.target(rel)?;
    let pks = target.primary_key();
    let [pk] = pks.as_slice() else {
        return None;
    };
    let at = rel.from_span()?.end;
    let text = format!(".to({module}::Column::{})", pk.variant);
    Some(Fix {
        message: format!(
            "reference `{}`'s primary key: `{text}`",
            target.module_name()
        ),
        applicability: Applicability::Safe,
        edits: vec![Edit {
            file: e.file.clone(),
            span: Span { start: at, end: at },
            text,
        }],
    })
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
                    let f = finding(e, rel, ".to(..)");
                    out.push(match to_fix(cx, e, rel) {
                        Some(fix) => f.with_fix(fix),
                        None => f,
                    });
                }
            }
        }
    }
}
