use super::context::Context;
use crate::diagnostic::{Finding, Label};
use crate::model::{Entity, Relation};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Finds a relation whose `from` or `to` names a column that does not exist: `from`
    /// on the entity that declares the relation (for `belongs_to`), `to` on the entity it
    /// points at.
    ///
    /// ## Why is this bad?
    /// In the dense and compact formats this is a compile error with a message that
    /// points into macro output; in hand-written code it can also be a column that was
    /// renamed on one side only. Either way the relation cannot work.
    ///
    /// ## Example
    /// ```rust
    /// #[sea_orm(belongs_to, from = "usr_id", to = "id")]
    /// pub user: BelongsTo<super::user::Entity>,
    /// ```
    /// Use instead:
    /// ```rust
    /// #[sea_orm(belongs_to, from = "user_id", to = "id")]
    /// pub user: BelongsTo<super::user::Entity>,
    /// ```
    pub(crate) static RULE = ("unknown-relation-column", Entity, Error);
}

fn finding(e: &Entity, rel: &Relation, side: &str, column: &str, on: &Entity) -> Finding {
    let span = if side == "from" {
        rel.from_span()
    } else {
        rel.to_span()
    }
    .unwrap_or(rel.span);
    let known: Vec<&str> = on.columns.iter().map(|c| c.field.as_str()).collect();
    let close = known
        .iter()
        .map(|k| {
            (
                strsim::levenshtein(&heck::ToSnakeCase::to_snake_case(column), k),
                *k,
            )
        })
        .filter(|(d, _)| *d <= 3)
        .min();
    let help = match close {
        Some((_, k)) => format!("did you mean `{k}`? use `{side} = \"{k}\"`"),
        None => format!(
            "name a column of `{}`: {}",
            on.module_name(),
            known
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Finding::new(
        &RULE,
        format!(
            "`{side}` names `{column}`, which is not a column of `{}`",
            on.module_name()
        ),
        Label::new(
            &e.file,
            span,
            format!("no column `{column}` on `{}`", on.module_name()),
        ),
    )
    .with_related(Label::new(
        &on.file,
        on.span,
        format!("`{}` is defined here", on.module_name()),
    ))
    .with_help(help)
    .with_anchor(rel.item)
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for (_, e) in cx.entities() {
        for rel in e.relations.iter().filter(|r| r.delegate.is_none()) {
            // `RelationBuilder::from` takes a column of the declaring entity and `to` one of
            // the target, whatever the relation kind.
            let target = cx.target(rel).map(|(_, t)| t);
            let (from_on, to_on) = (Some(e), target);
            if e.columns.is_empty() {
                continue;
            }
            for c in &rel.from {
                if let Some(on) = from_on
                    && on.column(c).is_none()
                {
                    out.push(finding(e, rel, "from", c, on));
                }
            }
            for c in &rel.to {
                if let Some(on) = to_on
                    && !on.columns.is_empty()
                    && on.column(c).is_none()
                {
                    out.push(finding(e, rel, "to", c, on));
                }
            }
        }
    }
}
