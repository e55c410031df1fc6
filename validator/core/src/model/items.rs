//! syn to model: walks one file's items (and inline modules), recognises the entity
//! formats and builds [`Entity`] values with unresolved [`EntityRef`]s. Whatever it sees
//! and cannot interpret is recorded ([`Unread`], [`MacroCall`]), never dropped silently.

use std::path::Path;

use syn::{ImplItem, Item, ItemEnum, ItemImpl, Type};

use super::attrs;
use super::fields::{compact_relations, model_fields, rename};
use super::layout::{EditPoints, Layout, Sources, edit_points};
use super::parsed::{ForeignRelated, ModDecl, ParsedFile, Scope};
use super::paths::{analyse_type, compact_tokens, ident_name, last_ident, path_string};
use super::pieces::{Pieces, fn_body, new_entity, related_impl};
use super::relexpr::rel_expr;
use super::{
    ActiveEnum, Entity, EntityFormat, EntityRef, Linked, MacroCall, RelationStyle, UnreadKind,
};
use crate::error::Error;
use crate::source::{Pos, Span};

/// Parse one file; `module` is its module path relative to the checked root.
pub(crate) fn parse_file(
    path: &Path,
    module: &[String],
    text: &str,
) -> Result<Box<ParsedFile>, Error> {
    let file = syn::parse_file(text).map_err(|e| {
        let s = e.span().start();
        Error::Parse {
            path: path.to_path_buf(),
            pos: Pos {
                line: s.line.max(1),
                column: s.column + 1,
            },
            // proc-macro2's lexer error says nothing useful; say what it means.
            cause: match e.to_string().as_str() {
                "cannot parse string into token stream" => {
                    "unbalanced delimiters or an unterminated literal".to_owned()
                }
                other => other.to_owned(),
            },
        }
    })?;
    let mut out = ParsedFile {
        file: path.to_path_buf(),
        module: module.to_vec(),
        ..ParsedFile::default()
    };
    let layout = Layout::new(text);
    walk_module(&mut out, &layout, module.to_vec(), &file.items, 0);
    out.shrink();
    Ok(Box::new(out))
}

fn walk_module(
    out: &mut ParsedFile,
    layout: &Layout<'_>,
    module: Vec<String>,
    items: &[Item],
    depth: usize,
) {
    let mut scope = Scope {
        module: module.join("::").into(),
        ..Scope::default()
    };
    let mut pieces = Pieces::default();
    for item in items {
        match item {
            Item::Use(u) => collect_use(&u.tree, &mut Vec::new(), &mut scope),
            Item::Macro(m) if m.ident.is_none() => {
                scope.has_macros = true;
                let span =
                    Span::path(&m.mac.path).to(Span::from_pm2(m.mac.delimiter.span().close()));
                let (crate_dir, file) = (out.crate_dir(), out.file.clone());
                out.rare().macros.push(MacroCall {
                    // `crate::derive_from_blob!` and `derive_from_blob!` are one macro.
                    name: last_ident(&m.mac.path).unwrap_or_default(),
                    crate_dir,
                    file,
                    span,
                    item: attrs::item_lines(&m.attrs, span),
                });
            }
            Item::Type(t) if t.generics.params.is_empty() => {
                out.rare().local_types.push(ident_name(&t.ident));
                out.rare()
                    .type_aliases
                    .push((t.ident.to_string(), analyse_type(&t.ty).1));
            }
            Item::Struct(s) => {
                if s.ident == "Model" {
                    pieces.model = Some(s);
                } else if s.ident == "Entity" {
                    pieces.entity_struct = Some(s);
                } else {
                    out.rare().local_types.push(ident_name(&s.ident));
                }
            }
            Item::Enum(e) => {
                if e.ident == "Relation" {
                    pieces.relation_enum = Some(e);
                } else if e.ident == "Column" {
                    pieces.column_enum = Some(e);
                } else if e.ident == "PrimaryKey" {
                    pieces.pk_enum = Some(e);
                } else {
                    out.rare().local_types.push(ident_name(&e.ident));
                }
                if attrs::has_derive(&e.attrs, "DeriveActiveEnum") {
                    let en = active_enum(&out.file, &scope.module, e);
                    out.rare().active_enums.push(en);
                }
            }
            Item::Impl(i) => impl_item(out, &scope.module, &mut pieces, i),
            // Deep nesting is legal but never an entity layout; the cap keeps hostile
            // input from exhausting the stack.
            Item::Mod(m) if depth < 16 => {
                let name = ident_name(&m.ident);
                scope.declared.push(name.clone());
                match &m.content {
                    Some((_, content)) => {
                        let mut sub = module.clone();
                        sub.push(name);
                        walk_module(out, layout, sub, content, depth + 1);
                    }
                    None => {
                        let inline = module.get(out.module.len()..).unwrap_or_default().to_vec();
                        out.rare().mods.push(ModDecl {
                            inline,
                            name,
                            path_attr: attrs::path_attr(&m.attrs),
                        });
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(entity) = assemble(out, layout, &scope.module, &pieces) {
        out.entities.push(entity);
    }
    // Most modules import nothing the resolver can use and declare nothing: they need no
    // scope (modules with an entity are known from the entity).
    if !(scope.uses.is_empty()
        && scope.globs.is_empty()
        && scope.declared.is_empty()
        && !scope.has_macros)
    {
        out.scopes.push(scope);
    }
}

/// Sort an `impl` into the entity's pieces, a `Linked`, an impl for another module's
/// entity, or something unreadable.
fn impl_item<'a>(out: &mut ParsedFile, module: &str, pieces: &mut Pieces<'a>, i: &'a ItemImpl) {
    let Some(trait_ident) = i
        .trait_
        .as_ref()
        .and_then(|(_, p, _)| p.segments.last())
        .map(|s| &s.ident)
    else {
        return;
    };
    // Most impls of an entity file are for its own `Entity`, `Column` or `Relation`:
    // sort those without building any text.
    let single = match i.self_ty.as_ref() {
        Type::Path(p) if p.qself.is_none() && p.path.segments.len() == 1 => {
            p.path.segments.first().map(|s| &s.ident)
        }
        _ => None,
    };
    if let Some(ty) = single {
        if trait_ident == "EntityName" && ty == "Entity" {
            pieces.entity_name_impl = Some(i);
            return;
        }
        if trait_ident == "ColumnTrait" && ty == "Column" {
            pieces.column_trait_impl = Some(i);
            return;
        }
        if trait_ident == "RelationTrait" && ty == "Relation" {
            pieces.relation_trait_impl = Some(i);
            return;
        }
        if (trait_ident == "Related" || trait_ident == "RelatedSelfVia") && ty == "Entity" {
            pieces.related_impls.push(i);
            return;
        }
    }
    if !matches!(
        trait_ident.to_string().as_str(),
        "Related" | "RelatedSelfVia" | "RelationTrait" | "Linked"
    ) {
        return;
    }
    let trait_name = trait_ident.to_string();
    let self_path = match i.self_ty.as_ref() {
        Type::Path(p) if p.qself.is_none() => path_string(&p.path),
        other => compact_tokens(other),
    };
    let header = || Span::from_pm2(i.impl_token.span).to(Span::type_end(&i.self_ty));
    let lines = || {
        attrs::item_lines(
            &i.attrs,
            header().to(Span::from_pm2(i.brace_token.span.close())),
        )
    };
    match trait_name.as_str() {
        "Related" | "RelatedSelfVia" if self_path.ends_with("::Entity") => {
            let self_via = trait_name == "RelatedSelfVia";
            if let Some(related) = related_impl(out, i, self_via) {
                let file = out.file.clone();
                out.rare().foreign_related.push(ForeignRelated {
                    module: module.to_owned(),
                    self_path,
                    related,
                    file,
                });
            }
        }
        "Related" | "RelatedSelfVia" | "RelationTrait" => {
            out.unread(
                UnreadKind::ImplSelf {
                    trait_name,
                    self_type: self_path,
                },
                header(),
                lines(),
            );
        }
        "Linked" => {
            let name = last_ident(match i.self_ty.as_ref() {
                Type::Path(p) => &p.path,
                _ => return,
            })
            .unwrap_or_default();
            if let Some(l) = linked(out, module, &name, i) {
                out.rare().linked.push(l);
            }
        }
        _ => {}
    }
}

/// Crates whose items are never entities of the checked files: `use` declarations from
/// them are not kept (every entity file imports `sea_orm::entity::prelude::*`).
const EXTERNAL: &[&str] = &[
    "sea_orm",
    "std",
    "core",
    "alloc",
    "serde",
    "serde_json",
    "chrono",
    "time",
    "uuid",
    "rust_decimal",
];

fn collect_use(tree: &syn::UseTree, prefix: &mut Vec<String>, scope: &mut Scope) {
    if prefix.is_empty()
        && let syn::UseTree::Path(p) = tree
        && EXTERNAL.iter().any(|c| p.ident == c)
    {
        return;
    }
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(ident_name(&p.ident));
            collect_use(&p.tree, prefix, scope);
            prefix.pop();
        }
        syn::UseTree::Name(n) => {
            let name = ident_name(&n.ident);
            let mut full = prefix.clone();
            if name != "self" {
                full.push(name.clone());
                scope.uses.insert(name, full);
            } else if let Some(last) = prefix.last() {
                scope.uses.insert(last.clone(), full);
            }
        }
        syn::UseTree::Rename(r) => {
            let mut full = prefix.clone();
            if r.ident != "self" {
                full.push(ident_name(&r.ident));
            }
            scope.uses.insert(ident_name(&r.rename), full);
        }
        syn::UseTree::Glob(_) => scope.globs.push(prefix.clone()),
        syn::UseTree::Group(g) => {
            for t in &g.items {
                collect_use(t, prefix, scope);
            }
        }
    }
}

fn trait_name(i: &ItemImpl) -> Option<String> {
    i.trait_.as_ref().and_then(|(_, p, _)| last_ident(p))
}

fn assemble(
    out: &mut ParsedFile,
    layout: &Layout<'_>,
    module: &str,
    p: &Pieces<'_>,
) -> Option<Entity> {
    if let Some(model) = p.model {
        let struct_attrs = attrs::sea_orm_items(&model.attrs);
        let format = if attrs::has_marker(&model.attrs, &["model", "sea_orm_model"]) {
            Some(EntityFormat::Dense)
        } else if attrs::has_marker(&model.attrs, &["compact_model", "sea_orm_compact_model"]) {
            Some(EntityFormat::CompactModel)
        } else if attrs::has_derive(&model.attrs, "DeriveEntityModel") {
            Some(EntityFormat::Compact)
        } else {
            None
        };
        match (format, attrs::value(&struct_attrs, "table_name")) {
            (Some(format), Some(table)) => {
                let mut e = new_entity(&out.file, module, format, table, model);
                e.schema = attrs::value(&struct_attrs, "schema_name").map(super::Name::from);
                e.rename_all = attrs::value(&struct_attrs, "rename_all").map(str::to_owned);
                model_fields(out, &mut e, model);
                if format != EntityFormat::Dense {
                    read_relations(out, &mut e, p);
                }
                own_related(out, &mut e, p);
                e.edit = Some(Box::new(points(layout, p)));
                return Some(e);
            }
            (Some(_), None) if p.entity_struct.is_none() => {
                let span = Span::ident(&model.ident);
                out.unread(
                    UnreadKind::ModelWithoutTable,
                    span,
                    attrs::item_lines(&model.attrs, span),
                );
                return None;
            }
            _ => {}
        }
    }
    let mut e = super::expanded::assemble(out, module, p)?;
    read_relations(out, &mut e, p);
    own_related(out, &mut e, p);
    e.edit = Some(Box::new(points(layout, p)));
    Some(e)
}

/// Where fixes put new code into the entity.
fn points(layout: &Layout<'_>, p: &Pieces<'_>) -> EditPoints {
    edit_points(
        layout,
        &Sources {
            model: p.model,
            relation_enum: p.relation_enum,
            relation_trait_impl: p.relation_trait_impl,
            related_impls: &p.related_impls,
        },
    )
}

/// The `Related`/`RelatedSelfVia` impls written for this module's own `Entity`.
fn own_related(out: &mut ParsedFile, e: &mut Entity, p: &Pieces<'_>) {
    for i in &p.related_impls {
        let self_via = trait_name(i).as_deref() == Some("RelatedSelfVia");
        if let Some(r) = related_impl(out, i, self_via) {
            e.related.push(r);
        }
    }
}

/// Relations of a non-dense entity: the `DeriveRelation` enum's attributes, or else the
/// arms of a hand-written `impl RelationTrait`, whatever format the `Model` uses.
fn read_relations(out: &mut ParsedFile, e: &mut Entity, p: &Pieces<'_>) {
    let derived = p
        .relation_enum
        .is_some_and(|r| attrs::has_derive(&r.attrs, "DeriveRelation"));
    if let Some(rel) = p.relation_enum {
        e.relations_span = Some(Span::ident(&rel.ident));
    }
    match (p.relation_enum, p.relation_trait_impl) {
        (Some(rel), _) if derived => {
            e.relation_style = RelationStyle::DeriveRelation;
            let relations = compact_relations(out, rel);
            e.relations.extend(relations);
        }
        (_, Some(imp)) => {
            e.relation_style = RelationStyle::RelationTrait;
            if e.relations_span.is_none() {
                e.relations_span = Some(Span::from_pm2(imp.impl_token.span));
            }
            super::expanded::relations(out, e, imp);
        }
        (Some(rel), None) if !rel.variants.is_empty() => {
            let span = Span::ident(&rel.ident);
            out.unread(
                UnreadKind::RelationEnum,
                span,
                attrs::item_lines(&rel.attrs, span),
            );
        }
        _ => {}
    }
}

fn linked(out: &mut ParsedFile, module: &str, name: &str, i: &ItemImpl) -> Option<Linked> {
    let ty = |wanted: &str| {
        i.items.iter().find_map(|it| match it {
            ImplItem::Type(t) if t.ident == wanted => {
                Some(EntityRef::new(super::paths::type_text(&t.ty)))
            }
            _ => None,
        })
    };
    let span = Span::from_pm2(i.impl_token.span).to(Span::type_end(&i.self_ty));
    let hops = match fn_body(i, "link") {
        Some(syn::Expr::Macro(m)) if m.mac.path.is_ident("vec") => m
            .mac
            .parse_body_with(
                syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated,
            )
            .ok()
            .map(|list| {
                list.iter()
                    .map(|e| (rel_expr(e), Span::covering(e)))
                    .collect::<Vec<_>>()
            }),
        _ => None,
    };
    let (link, hop_spans): (Vec<_>, Vec<_>) = match hops {
        Some(hops) if !hops.iter().any(|(x, _)| x.is_other()) => hops.into_iter().unzip(),
        _ => {
            out.unread(
                UnreadKind::LinkedBody {
                    name: name.to_owned(),
                },
                span,
                attrs::item_lines(
                    &i.attrs,
                    span.to(Span::from_pm2(i.brace_token.span.close())),
                ),
            );
            (Vec::new(), Vec::new())
        }
    };
    Some(Linked {
        name: name.to_owned(),
        module: module.to_owned(),
        file: out.file.clone(),
        from: ty("FromEntity")?,
        to: ty("ToEntity")?,
        link,
        hop_spans,
        span,
    })
}

fn active_enum(path: &Path, module: &str, e: &ItemEnum) -> ActiveEnum {
    let items = attrs::sea_orm_items(&e.attrs);
    let rename_all = attrs::value(&items, "rename_all").map(str::to_owned);
    let values = e
        .variants
        .iter()
        .map(|v| {
            let vi = attrs::sea_orm_items(&v.attrs);
            attrs::value(&vi, "string_value")
                .or_else(|| attrs::value(&vi, "num_value"))
                .or_else(|| attrs::value(&vi, "rename"))
                .map(str::to_owned)
                .or_else(|| v.discriminant.as_ref().map(|(_, d)| compact_tokens(d)))
                .unwrap_or_else(|| {
                    rename(
                        &v.ident.to_string(),
                        rename_all.as_deref().or(Some("PascalCase")),
                    )
                })
        })
        .collect();
    ActiveEnum {
        name: e.ident.to_string(),
        module: module.to_owned(),
        file: path.to_path_buf(),
        rs_type: attrs::value(&items, "rs_type").map(str::to_owned),
        db_type: attrs::value(&items, "db_type").map(str::to_owned),
        enum_name: attrs::value(&items, "enum_name").map(str::to_owned),
        rename_all,
        values,
        span: Span::ident(&e.ident),
    }
}
