//! The expanded format: `Entity` + `impl EntityName`, `enum Column` + `impl ColumnTrait`,
//! `enum PrimaryKey`, `enum Relation` + `impl RelationTrait`, all written by hand.

use std::collections::HashMap;
use std::path::Path;

use syn::{Expr, Fields, ImplItem, Pat};

use super::attrs;
use super::paths::{analyse_type, compact_tokens, last_ident, variant_name};
use super::pieces::{Pieces, fn_body, new_entity, related_impl};
use super::relexpr::{builder_arm, chain, rel_expr, strip};
use super::{
    Column, Entity, EntityFormat, EntityRef, RelExpr, Relation, RelationKind, RelationOrigin,
};
use crate::source::Span;

pub(super) fn assemble(path: &Path, module: &str, p: &Pieces<'_>) -> Option<Entity> {
    let entity_struct = p.entity_struct?;
    let derives = attrs::derives(&entity_struct.attrs);
    if !derives.iter().any(|d| d == "DeriveEntity") {
        return None;
    }
    let struct_attrs = attrs::sea_orm_items(&entity_struct.attrs);
    let (mut table, mut schema) = (
        attrs::value(&struct_attrs, "table_name").map(str::to_owned),
        attrs::value(&struct_attrs, "schema_name").map(str::to_owned),
    );
    if let Some(imp) = p.entity_name_impl {
        if let Some(t) = fn_body(imp, "table_name").and_then(string_lit) {
            table = Some(t);
        }
        if let Some(s) = fn_body(imp, "schema_name").and_then(string_lit) {
            schema = Some(s);
        }
    }
    let table = table?;
    let mut e = new_entity(path, module, EntityFormat::Expanded, &table, entity_struct);
    e.schema = schema;
    columns(&mut e, p);
    if let Some(rel) = p.relation_enum {
        e.relations_span = Some(Span::ident(&rel.ident));
    }
    if let Some(imp) = p.relation_trait_impl {
        relations(&mut e, imp);
    }
    e.related
        .extend(p.related_impls.iter().filter_map(|i| related_impl(i)));
    Some(e)
}

/// `"x"`, `Some("x")`.
fn string_lit(expr: &Expr) -> Option<String> {
    match strip(expr) {
        Expr::Lit(l) => match &l.lit {
            syn::Lit::Str(s) => Some(s.value()),
            _ => None,
        },
        _ => None,
    }
}

/// Match arms of `fn def(&self)`: variant name to the arm's body.
fn def_arms(imp: &syn::ItemImpl) -> Vec<(String, &Expr, Span)> {
    let Some(body) = imp.items.iter().find_map(|it| match it {
        ImplItem::Fn(f) if f.sig.ident == "def" => f.block.stmts.last(),
        _ => None,
    }) else {
        return Vec::new();
    };
    let syn::Stmt::Expr(Expr::Match(m), None) = body else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for arm in &m.arms {
        let mut pats = Vec::new();
        collect_pat(&arm.pat, &mut pats);
        for name in pats {
            let start = match &arm.pat {
                Pat::Path(p) => Span::path(&p.path),
                other => Span::covering(other),
            };
            out.push((name, arm.body.as_ref(), start.to(Span::expr_end(&arm.body))));
        }
    }
    out
}

fn collect_pat(pat: &Pat, out: &mut Vec<String>) {
    match pat {
        Pat::Path(p) => out.extend(last_ident(&p.path)),
        Pat::Or(o) => o.cases.iter().for_each(|c| collect_pat(c, out)),
        Pat::Ident(i) => out.push(i.ident.to_string()),
        _ => {}
    }
}

fn columns(e: &mut Entity, p: &Pieces<'_>) {
    let mut fields: HashMap<String, (String, &syn::Type, Span)> = HashMap::new();
    if let Some(model) = p.model
        && let Fields::Named(named) = &model.fields
    {
        for f in &named.named {
            if let Some(id) = &f.ident {
                let name = id.to_string();
                let name = name.strip_prefix("r#").unwrap_or(&name).to_owned();
                fields.insert(variant_name(&name), (name, &f.ty, Span::ident(id)));
            }
        }
    }
    let pk: Vec<String> = p
        .pk_enum
        .map(|en| en.variants.iter().map(|v| v.ident.to_string()).collect())
        .unwrap_or_default();
    let defs: HashMap<String, &Expr> = p
        .column_trait_impl
        .map(|imp| {
            def_arms(imp)
                .into_iter()
                .map(|(n, body, _)| (n, body))
                .collect()
        })
        .unwrap_or_default();
    let Some(column_enum) = p.column_enum else {
        return;
    };
    e.columns.reserve(column_enum.variants.len());
    for v in &column_enum.variants {
        let variant = v.ident.to_string();
        let (field, rust_type, base_type, optional, span) = match fields.get(&variant) {
            Some((name, ty, span)) => {
                let (w, b, o) = analyse_type(ty);
                (name.clone(), w, b, o, *span)
            }
            None => (
                heck::ToSnakeCase::to_snake_case(variant.as_str()),
                String::new(),
                String::new(),
                false,
                Span::ident(&v.ident),
            ),
        };
        let mut col = Column {
            column_name: field.clone(),
            field,
            variant: variant.clone(),
            rust_type,
            base_type,
            nullable: optional,
            primary_key: pk.contains(&variant),
            auto_increment: None,
            unique: false,
            unique_key: None,
            indexed: false,
            column_type: None,
            default: None,
            renamed_from: None,
            span,
        };
        if let Some(def) = defs.get(&variant) {
            let (root, calls) = chain(def);
            for c in &calls {
                match c.name.as_str() {
                    "null" => col.nullable = true,
                    "unique" => col.unique = true,
                    "indexed" => col.indexed = true,
                    "def" => {
                        col.column_type = Some(match root {
                            Expr::Path(p) => super::paths::path_string(&p.path),
                            other => compact_tokens(other),
                        });
                    }
                    _ => {}
                }
            }
        }
        e.columns.push(col);
    }
}

fn relations(e: &mut Entity, imp: &syn::ItemImpl) {
    let arms = def_arms(imp);
    // `Relation` is large; growing the vector one push at a time copies it repeatedly.
    e.relations.reserve(arms.len());
    for (name, body, arm_span) in arms {
        let item = arm_span.lines();
        if let Some(arm) = builder_arm(body) {
            let target = arm.target.clone();
            e.relations.push(Relation {
                name,
                kind: arm.kind,
                self_ref: target == "Entity",
                target: EntityRef::new(target),
                from: arm.from.as_ref().map(|f| f.0.clone()).unwrap_or_default(),
                to: arm.to.as_ref().map(|t| t.0.clone()).unwrap_or_default(),
                on_delete: arm.on_delete,
                on_update: arm.on_update,
                via_rel: arm.via_rel,
                on_condition: arm.on_condition,
                skip_fk: arm.skip_fk,
                optional: false,
                delegate: None,
                origin: RelationOrigin::ExpandedArm {
                    has_from: arm.from.is_some(),
                    has_to: arm.to.is_some(),
                },
                span: arm.span,
                from_span: arm.from.map(|f| f.1),
                to_span: arm.to.map(|t| t.1),
                item,
            });
            continue;
        }
        // An arm that reuses another relation: `super::x::Relation::Y.def().rev()`.
        let delegate = rel_expr(body);
        if let RelExpr::Variant { owner, rev, .. } = &delegate {
            let kind = if *rev {
                RelationKind::HasMany
            } else {
                RelationKind::BelongsTo
            };
            e.relations.push(Relation {
                name,
                kind,
                self_ref: false,
                target: owner.clone(),
                from: Vec::new(),
                to: Vec::new(),
                on_delete: None,
                on_update: None,
                via_rel: None,
                on_condition: None,
                skip_fk: false,
                optional: false,
                delegate: Some(delegate.clone()),
                origin: RelationOrigin::ExpandedArm {
                    has_from: true,
                    has_to: true,
                },
                span: Span::covering(strip(body)),
                from_span: None,
                to_span: None,
                item,
            });
        }
    }
}
