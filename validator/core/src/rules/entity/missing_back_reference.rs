use heck::ToUpperCamelCase;

use super::context::{Context, is_belongs_to, is_unique_set, relations_holder, relative_path};
use crate::diagnostic::{Finding, Label};
use crate::graph::Edge;
use crate::model::{Entity, EntityFormat, EntityId, Relation, RelationStyle, rust_ident};
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
    pub(crate) static RULE = ("missing-back-reference", Entity, Error);
}

fn finding(
    cx: &Context<'_>,
    child_id: EntityId,
    child: &Entity,
    rel: &Relation,
    parent_id: EntityId,
    parent: &Entity,
) -> Finding {
    let has_one = is_unique_set(child, &rel.from);
    let kind = if has_one { "has_one" } else { "has_many" };
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
    Finding::new(
        &RULE,
        message,
        Label::new(
            &child.file,
            rel.span,
            format!("`belongs_to` `{}`", parent.module_name()),
        ),
    )
    .with_related(Label::new(&parent.file, parent_span, parent_label))
    .with_help(help(cx, child_id, child, parent_id, parent, kind))
    .with_anchor(rel.item)
}

fn help(
    cx: &Context<'_>,
    child_id: EntityId,
    child: &Entity,
    parent_id: EntityId,
    parent: &Entity,
    kind: &str,
) -> String {
    let path = format!("{}::Entity", relative_path(&parent.module, &child.module));
    let variant = child.module_name().to_upper_camel_case();
    let related = format!(
        "impl Related<{path}> for Entity {{ fn to() -> RelationDef {{ Relation::{variant}.def() }} }}"
    );
    let p = rust_ident(parent.module_name());
    // Follow how the parent declares its relations (its format when it declares none).
    let style = match (parent.relation_style, parent.format) {
        (RelationStyle::None, EntityFormat::Dense) => RelationStyle::DenseFields,
        (RelationStyle::None, EntityFormat::Expanded) => RelationStyle::RelationTrait,
        (RelationStyle::None, _) => RelationStyle::DeriveRelation,
        (style, _) => style,
    };
    let mut help = match style {
        RelationStyle::DenseFields => {
            let (field, ty) = if kind == "has_one" {
                (rust_ident(child.module_name()), "HasOne")
            } else {
                (crate::model::plural_name(child.module_name()), "HasMany")
            };
            format!(
                "add this field to `{p}::Model`: `#[sea_orm({kind})] pub {field}: {ty}<{path}>,`"
            )
        }
        RelationStyle::RelationTrait => format!(
            "add the variant `{variant}` to `{p}::Relation`, the arm `Self::{variant} => Entity::{kind}({path}).into(),` to its `RelationTrait` impl, and `{related}`"
        ),
        RelationStyle::DeriveRelation | RelationStyle::None => format!(
            "add `#[sea_orm({kind} = \"{path}\")] {variant},` to `{p}::Relation`, and `{related}`"
        ),
    };
    // `has_many(child)` needs `child: Related<parent>`; say so when it is missing.
    let child_has_related = cx
        .graph
        .edges(child_id, parent_id)
        .any(|e| matches!(e, Edge::Related(_)));
    if style != RelationStyle::DenseFields && !child_has_related {
        let back = format!("{}::Entity", relative_path(&child.module, &parent.module));
        let rel = child
            .relations
            .iter()
            .find(|r| r.target.resolved == Some(parent_id))
            .map_or_else(
                || parent.module_name().to_upper_camel_case(),
                |r| r.name.to_string(),
            );
        help.push_str(&format!(
            "; `{}` also needs `impl Related<{back}> for Entity {{ fn to() -> RelationDef {{ Relation::{rel}.def() }} }}`",
            child.module_name()
        ));
    }
    help
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
