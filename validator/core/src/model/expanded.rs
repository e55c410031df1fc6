//! The expanded format: `Entity` + `impl EntityName`, `enum Column` + `impl ColumnTrait`,
//! `enum PrimaryKey`, `enum Relation` + `impl RelationTrait`, all written by hand.

use std::collections::HashMap;

use syn::{Expr, Fields, ImplItem, Pat};

use super::attrs;
use super::parsed::ParsedFile;
use super::paths::{analyse_type, compact_tokens, ident_name, variant_name};
use super::pieces::{Pieces, fn_body, new_entity};
use super::relexpr::{builder_arm, chain, rel_expr, strip};
use super::{
    Column, Entity, EntityFormat, EntityRef, KeySpans, Name, RelExpr, Relation, RelationKind,
    RelationOrigin, UnreadKind,
};
use crate::source::Span;

/// An expanded entity's table and columns; its relations are read like every other
/// format's.
pub(super) fn assemble(out: &mut ParsedFile, module: &str, p: &Pieces<'_>) -> Option<Entity> {
    let entity_struct = p.entity_struct?;
    if !attrs::has_derive(&entity_struct.attrs, "DeriveEntity") {
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
    let Some(table) = table else {
        let span = Span::ident(&entity_struct.ident);
        out.unread(
            UnreadKind::ModelWithoutTable,
            span,
            attrs::item_lines(&entity_struct.attrs, span),
        );
        return None;
    };
    let mut e = new_entity(
        &out.file,
        module,
        EntityFormat::Expanded,
        &table,
        entity_struct,
    );
    e.schema = schema.map(Name::from);
    columns(&mut e, p);
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

/// Match arms of `fn def(&self)`: variant name to the arm's body. `None` when the body
/// is not a `match` (a helper call, a table of definitions); an empty list for a body
/// that only panics (`panic!`, `todo!`, `unreachable!`: a relation-less entity).
fn def_arms(imp: &syn::ItemImpl) -> Option<Vec<(String, &Expr, Span)>> {
    let body = imp.items.iter().find_map(|it| match it {
        ImplItem::Fn(f) if f.sig.ident == "def" => Some(f.block.stmts.as_slice()),
        _ => None,
    })?;
    let m = match body {
        [.., syn::Stmt::Expr(e, None)] => match strip(e) {
            Expr::Match(m) => m,
            e if diverges(e) => return Some(Vec::new()),
            _ => return None,
        },
        [syn::Stmt::Macro(m)] if is_panic(&m.mac) => return Some(Vec::new()),
        _ => return None,
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
    Some(out)
}

/// `panic!(..)`, `todo!()`, `unimplemented!()`, `unreachable!()`.
fn is_panic(mac: &syn::Macro) -> bool {
    mac.path.get_ident().is_some_and(|i| {
        matches!(
            i.to_string().as_str(),
            "panic" | "todo" | "unimplemented" | "unreachable"
        )
    })
}

/// An expression that never yields a relation: one of the panicking macros.
fn diverges(e: &Expr) -> bool {
    matches!(strip(e), Expr::Macro(m) if is_panic(&m.mac))
}

fn collect_pat(pat: &Pat, out: &mut Vec<String>) {
    match pat {
        Pat::Path(p) => out.extend(p.path.segments.last().map(|s| ident_name(&s.ident))),
        Pat::Or(o) => o.cases.iter().for_each(|c| collect_pat(c, out)),
        Pat::Ident(i) => out.push(ident_name(&i.ident)),
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
                .unwrap_or_default()
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
            column_name: field.as_str().into(),
            field: field.into(),
            variant: variant.as_str().into(),
            rust_type: rust_type.into(),
            base_type: base_type.into(),
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
            type_span: None,
        };
        if let Some(def) = defs.get(&variant) {
            let (root, calls) = chain(def);
            for c in &calls {
                match c.name.to_string().as_str() {
                    "null" => col.nullable = true,
                    "unique" => col.unique = true,
                    "indexed" => col.indexed = true,
                    "def" => {
                        col.column_type = Some(
                            match root {
                                Expr::Path(p) => super::paths::path_string(&p.path),
                                other => compact_tokens(other),
                            }
                            .into(),
                        );
                    }
                    _ => {}
                }
            }
        }
        e.columns.push(col);
    }
}

/// The relations of a hand-written `impl RelationTrait`, whatever format the `Model`
/// uses: builder chains, and arms that reuse another relation (`.def().rev()`; their
/// kind is settled once paths resolve). Anything else is recorded as unread.
pub(super) fn relations(out: &mut ParsedFile, e: &mut Entity, imp: &syn::ItemImpl) {
    let header = Span::from_pm2(imp.impl_token.span).to(Span::type_end(&imp.self_ty));
    let Some(arms) = def_arms(imp) else {
        out.unread(
            UnreadKind::RelationTraitBody,
            header,
            attrs::item_lines(
                &imp.attrs,
                header.to(Span::from_pm2(imp.brace_token.span.close())),
            ),
        );
        return;
    };
    // `Relation` is large; growing the vector one push at a time copies it repeatedly.
    e.relations.reserve(arms.len());
    for (name, body, arm_span) in arms {
        let item = arm_span.lines();
        if let Some(arm) = builder_arm(body) {
            let target = arm.target.clone();
            e.relations.push(Relation {
                name: name.as_str().into(),
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
                origin: RelationOrigin::RelationTraitArm {
                    has_from: arm.from.is_some(),
                    has_to: arm.to.is_some(),
                },
                span: arm.span,
                key_spans: KeySpans::new(arm.from.map(|f| f.1), arm.to.map(|t| t.1)),
                item,
            });
            continue;
        }
        if diverges(body) {
            continue;
        }
        // An arm that reuses another relation: `super::x::Relation::Y.def().rev()`. Its
        // kind and target follow from `Y` once paths resolve; until then, a reversed
        // relation is taken for a `has_many`.
        let delegate = rel_expr(body);
        if let RelExpr::Variant { owner, rev, .. } = &delegate {
            let kind = if *rev {
                RelationKind::HasMany
            } else {
                RelationKind::BelongsTo
            };
            e.relations.push(Relation {
                name: name.as_str().into(),
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
                delegate: Some(Box::new(delegate.clone())),
                origin: RelationOrigin::RelationTraitArm {
                    has_from: true,
                    has_to: true,
                },
                span: Span::covering(strip(body)),
                key_spans: None,
                item,
            });
            continue;
        }
        out.unread(
            UnreadKind::RelationTraitArm { variant: name },
            arm_span,
            item,
        );
    }
}
