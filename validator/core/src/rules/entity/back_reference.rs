//! The back-reference `missing-back-reference` suggests and writes: in the parent's own
//! relation style (dense field, `DeriveRelation` variant, or `RelationTrait` arm), with
//! sea-orm-cli's names, the path style the parent already uses, and the edits at the
//! parent's edit points. The help and the fix say the same thing.

use heck::{ToSnakeCase, ToUpperCamelCase};

use super::context::{Context, relative_path};
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::graph::Edge;
use crate::model::{
    EditPoints, Entity, EntityFormat, EntityId, Indent, Relation, RelationKind, RelationStyle,
    rust_ident,
};
use crate::source::Span;

/// The back-reference to add, named and spelt.
pub(super) struct Plan<'a> {
    pub(super) style: RelationStyle,
    /// `has_many` or `has_one`.
    pub(super) kind: RelationKind,
    /// The child's `Entity` as the parent writes it.
    pub(super) path: String,
    /// The `Relation` variant.
    pub(super) variant: String,
    /// The dense field's name.
    pub(super) field: String,
    /// The dense field needs `relation_enum` (its default variant is taken).
    pub(super) relation_enum: bool,
    /// `impl Related<parent>` the child lacks: the parent as the child writes it, and
    /// the child's relation.
    pub(super) child_related: Option<(String, String)>,
    pub(super) child: &'a Entity,
    pub(super) parent: &'a Entity,
    /// Every `from` column is a column of the child (else `has_one`/`has_many` cannot be
    /// told apart yet: the fix waits for `unknown-relation-column`'s).
    keys_known: bool,
    /// The child's `Related<parent>`, if any, returns one of the child's own relations:
    /// `has_many(child)` is built from it, so one defined through the parent's reverse
    /// would recurse once the parent has that reverse.
    child_related_direct: bool,
    /// The child's relation to the parent.
    child_rel: String,
}

impl Plan<'_> {
    pub(super) fn new<'a>(
        cx: &Context<'a>,
        child_id: EntityId,
        child: &'a Entity,
        rel: &Relation,
        parent_id: EntityId,
        parent: &'a Entity,
        kind: RelationKind,
    ) -> Plan<'a> {
        // Follow how the parent declares its relations (its format when it declares none).
        let style = match (parent.relation_style, parent.format) {
            (RelationStyle::None, EntityFormat::Dense) => RelationStyle::DenseFields,
            (RelationStyle::None, EntityFormat::Expanded) => RelationStyle::RelationTrait,
            (RelationStyle::None, _) => RelationStyle::DeriveRelation,
            (style, _) => style,
        };
        let dense = style == RelationStyle::DenseFields;
        let fk = rel
            .from
            .iter()
            .map(|c| c.to_snake_case())
            .collect::<Vec<_>>()
            .join("_");
        let base_variant = child.module_name().to_upper_camel_case();
        let variants: Vec<&str> = parent.relations.iter().map(|r| r.name.as_str()).collect();
        let variant = free_name(
            &base_variant,
            &format!("{base_variant}{}", fk.to_upper_camel_case()),
            |n| variants.contains(&n),
        );
        // Fields are snake case even for a `Ticket.rs` module.
        let snake = child.module_name().to_snake_case();
        let base_field = match kind {
            RelationKind::HasOne => snake,
            _ => crate::model::plural_name(&snake),
        };
        let field = free_name(&base_field, &format!("{base_field}_{fk}"), |n| {
            parent.edit.as_ref().is_some_and(|e| e.has_field(n))
        });
        // `has_many(child)` needs `child: Related<parent>`.
        let child_has_related = cx
            .graph
            .edges(child_id, parent_id)
            .any(|e| matches!(e, Edge::Related(_)));
        Plan {
            style,
            kind,
            path: child_path(cx, parent, child, child_id, dense),
            relation_enum: variant != base_variant,
            variant,
            field,
            child_related: (!child_has_related)
                .then(|| (rel.target.path.to_string(), rel.name.to_string())),
            child,
            parent,
            keys_known: rel.from.iter().all(|c| child.column(c).is_some()),
            child_related_direct: direct_related(cx, child_id, child, parent_id),
            child_rel: rel.name.to_string(),
        }
    }

    /// The dense field, as one line per attribute and field.
    fn dense_lines(&self) -> Vec<String> {
        let kind = self.kind.as_str();
        let attr = if self.relation_enum {
            format!("#[sea_orm({kind}, relation_enum = \"{}\")]", self.variant)
        } else {
            format!("#[sea_orm({kind})]")
        };
        let ty = match self.kind {
            RelationKind::HasOne => "HasOne",
            _ => "HasMany",
        };
        vec![
            attr,
            format!("pub {}: {ty}<{}>", rust_ident(&self.field), self.path),
        ]
    }

    fn variant_lines(&self) -> Vec<String> {
        match self.style {
            RelationStyle::RelationTrait => vec![self.variant.clone()],
            _ => vec![
                format!("#[sea_orm({} = \"{}\")]", self.kind.as_str(), self.path),
                self.variant.clone(),
            ],
        }
    }

    fn arm(&self) -> String {
        format!(
            "Self::{} => Entity::{}({}).into()",
            self.variant,
            self.kind.as_str(),
            self.path
        )
    }

    fn related(&self, target: &str, variant: &str) -> String {
        format!(
            "impl Related<{target}> for Entity {{ fn to() -> RelationDef {{ Relation::{variant}.def() }} }}"
        )
    }

    /// The imperative help: what the fix writes.
    pub(super) fn help(&self) -> String {
        let p = rust_ident(self.parent.module_name());
        let mut help = match self.style {
            RelationStyle::DenseFields => format!(
                "add this field to `{p}::Model`: `{},`",
                self.dense_lines().join(" ")
            ),
            RelationStyle::RelationTrait => format!(
                "add the variant `{}` to `{p}::Relation`, the arm `{},` to its `RelationTrait` impl, and `{}`",
                self.variant,
                self.arm(),
                self.related(&self.path, &self.variant)
            ),
            RelationStyle::DeriveRelation | RelationStyle::None => format!(
                "add `{},` to `{p}::Relation`, and `{}`",
                self.variant_lines().join(" "),
                self.related(&self.path, &self.variant)
            ),
        };
        if let Some((back, rel)) = &self.child_related {
            help.push_str(&format!(
                "; `{}` also needs `{}`",
                self.child.module_name(),
                self.related(back, rel)
            ));
        }
        if !self.child_related_direct {
            // `has_many(child)` is built from the child's `Related<parent>`: defined through
            // the parent's reverse, the two would call each other for ever.
            help = format!(
                "first make `{}`'s `impl Related` to `{}` return its own relation (`Relation::{}.def()`), then {help}",
                self.child.module_name(),
                self.parent.module_name(),
                self.child_rel
            );
        }
        help
    }

    /// The edits, when every place they go is known.
    pub(super) fn fix(&self) -> Option<Fix> {
        if !self.keys_known || !self.child_related_direct {
            return None;
        }
        let ep = self.parent.edit.as_deref()?;
        let mut edits = Vec::new();
        let file = &self.parent.file;
        let mut push = |file: &std::path::PathBuf, at: crate::source::Pos, text: String| {
            edits.push(Edit {
                file: file.clone(),
                span: Span { start: at, end: at },
                text,
            });
        };
        match self.style {
            RelationStyle::DenseFields => {
                for (at, text) in ep.fields.as_ref()?.insert(ep, &self.dense_lines()) {
                    push(file, at, text);
                }
            }
            RelationStyle::DeriveRelation | RelationStyle::None => {
                for (at, text) in ep.variants.as_ref()?.insert(ep, &self.variant_lines()) {
                    push(file, at, text);
                }
                let end = ep.items_end.as_ref()?;
                push(
                    file,
                    end.at.pos(),
                    impl_text(ep, end.indent, &self.path, &self.variant),
                );
            }
            RelationStyle::RelationTrait => {
                for (at, text) in ep.variants.as_ref()?.insert(ep, &self.variant_lines()) {
                    push(file, at, text);
                }
                match (&ep.arms, &ep.def_body) {
                    (Some(arms), _) => {
                        for (at, text) in arms.insert(ep, &[self.arm()]) {
                            push(file, at, text);
                        }
                    }
                    (None, Some(body)) => {
                        let (nl, u, i) = (ep.newline, ep.indent_unit, body.indent);
                        edits.push(Edit {
                            file: file.clone(),
                            span: body.span.span(),
                            text: format!("match self {{{nl}{i}{u}{},{nl}{i}}}", self.arm()),
                        });
                    }
                    (None, None) => return None,
                }
                let end = ep.items_end.as_ref()?;
                edits.push(Edit {
                    file: file.clone(),
                    span: Span {
                        start: end.at.pos(),
                        end: end.at.pos(),
                    },
                    text: impl_text(ep, end.indent, &self.path, &self.variant),
                });
            }
        }
        if let Some((back, rel)) = &self.child_related {
            // A dense child generates its `Related` impls; one it lacks cannot be written.
            if self.child.relation_style == RelationStyle::DenseFields {
                return None;
            }
            let cep = self.child.edit.as_deref()?;
            let end = cep.items_end.as_ref()?;
            edits.push(Edit {
                file: self.child.file.clone(),
                span: Span {
                    start: end.at.pos(),
                    end: end.at.pos(),
                },
                text: impl_text(cep, end.indent, back, rel),
            });
        }
        let what = match self.style {
            RelationStyle::DenseFields => format!("the field `{}`", self.field),
            _ => format!("the relation `{}`", self.variant),
        };
        Some(Fix {
            message: format!(
                "add {what} ({}) to `{}`",
                self.kind.as_str(),
                self.parent.module_name()
            ),
            applicability: Applicability::Safe,
            edits,
        })
    }
}

/// Whether every `Related<parent>` of the child returns one of the child's own relations,
/// forwards (`Relation::User.def()`).
fn direct_related(
    cx: &Context<'_>,
    child_id: EntityId,
    child: &Entity,
    parent_id: EntityId,
) -> bool {
    child
        .related
        .iter()
        .filter(|r| r.target.resolved == Some(parent_id) && r.via.is_none())
        .all(|r| match &r.to {
            crate::model::RelExpr::Variant { owner, rev, .. } => {
                !rev && owner.resolved == Some(child_id)
            }
            _ => false,
        } && cx.endpoints(child_id, &r.to) == Some((child_id, parent_id)))
}

/// `impl Related<target> for Entity`, laid out as sea-orm-cli writes it, after a `}`.
fn impl_text(ep: &EditPoints, indent: Indent, target: &str, variant: &str) -> String {
    let (nl, u, i) = (ep.newline, ep.indent_unit, indent);
    format!(
        "{nl}{nl}{i}impl Related<{target}> for Entity {{{nl}{i}{u}fn to() -> RelationDef {{{nl}{i}{u}{u}Relation::{variant}.def(){nl}{i}{u}}}{nl}{i}}}"
    )
}

/// `base` unless taken, then `alt`, then `alt2`, `alt3`...
fn free_name(base: &str, alt: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    if !taken(alt) {
        return alt.to_owned();
    }
    (2..100)
        .map(|n| format!("{alt}{n}"))
        .find(|n| !taken(n))
        .unwrap_or_else(|| alt.to_owned())
}

/// The child's `Entity` written the way the parent writes its other relation targets:
/// `crate::..` paths, a re-exported name (`use super::prelude::*;` then `Child`, not in
/// dense fields, which need a path ending in `Entity`), or `super::child::Entity`.
fn child_path(
    cx: &Context<'_>,
    parent: &Entity,
    child: &Entity,
    child_id: EntityId,
    dense: bool,
) -> String {
    let written = parent
        .relations
        .iter()
        .map(|r| &r.target)
        .chain(
            parent
                .related
                .iter()
                .filter(|r| !r.generated)
                .map(|r| &r.target),
        )
        .filter(|t| t.path.as_str() != "Entity");
    for t in written {
        let Some(target) = t.resolved.and_then(|id| cx.entity(id)) else {
            continue;
        };
        let path = t.path.as_str();
        if let Some(rest) = path.strip_prefix("crate::") {
            if let Some(p) = crate_path(rest, &target.module, &child.module) {
                return p;
            }
        } else if !dense && !path.contains("::") {
            // A re-export: the child's re-export from the same module.
            let id = t.resolved;
            let module = cx.model.aliases.iter().find_map(|(name, e)| {
                (Some(*e) == id && name.rsplit("::").next() == Some(path))
                    .then(|| name.rsplit_once("::").map(|(m, _)| m.to_owned()))
                    .flatten()
            });
            if let Some(m) = module
                && let Some(name) = cx.model.aliases.iter().find_map(|(name, e)| {
                    (*e == child_id && name.rsplit_once("::").map(|(a, _)| a) == Some(&m))
                        .then(|| name.rsplit("::").next().unwrap_or(name).to_owned())
                })
            {
                return name;
            }
        }
    }
    format!("{}::Entity", relative_path(&parent.module, &child.module))
}

/// `crate::<rest>` names the entity of module `target`; the same spelling for `child`:
/// the written path and the module share their last segments, and what precedes them in
/// the written path (`entities` in `crate::entities::user::Entity` for module `user`)
/// stands for what precedes them in the module.
fn crate_path(rest: &str, target: &str, child: &str) -> Option<String> {
    let written: Vec<&str> = rest.strip_suffix("::Entity")?.split("::").collect();
    let module: Vec<&str> = target.split("::").collect();
    let common = written
        .iter()
        .rev()
        .zip(module.iter().rev())
        .take_while(|(a, b)| a.trim_start_matches("r#") == **b)
        .count();
    if common == 0 {
        return None;
    }
    let shared = module.get(..module.len() - common)?;
    let child: Vec<&str> = child.split("::").collect();
    let tail = child.strip_prefix(shared)?;
    let prefix = written.get(..written.len() - common)?;
    let mut segs: Vec<String> = prefix.iter().map(|s| (*s).to_owned()).collect();
    segs.extend(tail.iter().map(|s| rust_ident(s)));
    Some(format!("crate::{}::Entity", segs.join("::")))
}

#[cfg(test)]
mod tests {
    #[test]
    fn crate_paths_follow_the_written_prefix() {
        assert_eq!(
            super::crate_path("entities::user::Entity", "user", "order").as_deref(),
            Some("crate::entities::order::Entity")
        );
        assert_eq!(
            super::crate_path(
                "entities::user::Entity",
                "entities::user",
                "entities::order"
            )
            .as_deref(),
            Some("crate::entities::order::Entity")
        );
        assert_eq!(super::crate_path("x::Entity", "user", "order"), None);
    }
}
