//! syn to model: walks one file's items (and inline modules), recognises the three entity
//! formats and builds [`Entity`] values with unresolved [`EntityRef`]s.

use std::collections::HashMap;
use std::path::Path;

use syn::{ImplItem, Item, ItemEnum, ItemImpl, Type};

use super::attrs;
use super::fields::{compact_relations, model_fields, rename};
use super::paths::{analyse_type, compact_tokens, last_ident};
use super::pieces::{Pieces, fn_body, new_entity, related_impl};
use super::relexpr::rel_expr;
use super::{ActiveEnum, Entity, EntityFormat, EntityRef, Linked};
use crate::error::Error;
use crate::source::{Pos, Span};

/// The `use` declarations of one module, for resolving entity paths later.
#[derive(Clone, Debug, Default)]
pub(crate) struct Scope {
    /// `::`-joined module path relative to the checked root.
    pub(crate) module: String,
    /// Imported name to the path it stands for (as written, e.g. `super::prelude::User`).
    pub(crate) uses: HashMap<String, Vec<String>>,
    /// `use x::*` paths.
    pub(crate) globs: Vec<Vec<String>>,
    /// Item-level macro invocations: they may define modules (entities) we cannot see.
    pub(crate) has_macros: bool,
}

/// What one file contributes to the model.
#[derive(Debug, Default)]
pub(crate) struct ParsedFile {
    pub(crate) scopes: Vec<Scope>,
    pub(crate) entities: Vec<Entity>,
    pub(crate) active_enums: Vec<ActiveEnum>,
    pub(crate) linked: Vec<Linked>,
    /// `type Name = Type;` items: name and base type.
    pub(crate) type_aliases: Vec<(String, String)>,
}

/// Parse one file; `module` is its module path relative to the checked root.
pub(crate) fn parse_file(path: &Path, module: &[String], text: &str) -> Result<ParsedFile, Error> {
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
    let mut out = ParsedFile::default();
    walk_module(path, module.to_vec(), &file.items, &mut out, 0);
    Ok(out)
}

fn walk_module(
    path: &Path,
    module: Vec<String>,
    items: &[Item],
    out: &mut ParsedFile,
    depth: usize,
) {
    let mut scope = Scope {
        module: module.join("::"),
        ..Scope::default()
    };
    let mut pieces = Pieces::default();
    for item in items {
        match item {
            Item::Use(u) => collect_use(&u.tree, &mut Vec::new(), &mut scope),
            Item::Macro(m) if m.ident.is_none() => scope.has_macros = true,
            Item::Type(t) if t.generics.params.is_empty() => {
                out.type_aliases
                    .push((t.ident.to_string(), analyse_type(&t.ty).1));
            }
            Item::Struct(s) if s.ident == "Model" => pieces.model = Some(s),
            Item::Struct(s) if s.ident == "Entity" => pieces.entity_struct = Some(s),
            Item::Enum(e) if e.ident == "Relation" => pieces.relation_enum = Some(e),
            Item::Enum(e) if e.ident == "Column" => pieces.column_enum = Some(e),
            Item::Enum(e) if e.ident == "PrimaryKey" => pieces.pk_enum = Some(e),
            Item::Enum(e)
                if attrs::derives(&e.attrs)
                    .iter()
                    .any(|d| d == "DeriveActiveEnum") =>
            {
                out.active_enums.push(active_enum(path, &scope.module, e));
            }
            Item::Impl(i) => match (trait_name(i).as_deref(), self_name(i).as_deref()) {
                (Some("EntityName"), Some("Entity")) => pieces.entity_name_impl = Some(i),
                (Some("ColumnTrait"), Some("Column")) => pieces.column_trait_impl = Some(i),
                (Some("RelationTrait"), Some("Relation")) => pieces.relation_trait_impl = Some(i),
                (Some("Related"), Some("Entity")) => pieces.related_impls.push(i),
                (Some("Linked"), Some(name)) => {
                    if let Some(l) = linked(path, &scope.module, name, i) {
                        out.linked.push(l);
                    }
                }
                _ => {}
            },
            // Deep nesting is legal but never an entity layout; the cap keeps hostile
            // input from exhausting the stack.
            Item::Mod(m) if depth < 16 => {
                if let Some((_, content)) = &m.content {
                    let mut sub = module.clone();
                    sub.push(m.ident.to_string());
                    walk_module(path, sub, content, out, depth + 1);
                }
            }
            _ => {}
        }
    }
    if let Some(entity) = assemble(path, &scope.module, &pieces) {
        out.entities.push(entity);
    }
    out.scopes.push(scope);
}

fn collect_use(tree: &syn::UseTree, prefix: &mut Vec<String>, scope: &mut Scope) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            collect_use(&p.tree, prefix, scope);
            prefix.pop();
        }
        syn::UseTree::Name(n) => {
            let mut full = prefix.clone();
            full.push(n.ident.to_string());
            if n.ident != "self" {
                scope.uses.insert(n.ident.to_string(), full);
            } else if let Some(last) = prefix.last() {
                scope.uses.insert(last.clone(), prefix.clone());
            }
        }
        syn::UseTree::Rename(r) => {
            let mut full = prefix.clone();
            if r.ident != "self" {
                full.push(r.ident.to_string());
            }
            scope.uses.insert(r.rename.to_string(), full);
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

fn self_name(i: &ItemImpl) -> Option<String> {
    match i.self_ty.as_ref() {
        Type::Path(p) => last_ident(&p.path),
        _ => None,
    }
}

fn assemble(path: &Path, module: &str, p: &Pieces<'_>) -> Option<Entity> {
    if let Some(model) = p.model {
        let struct_attrs = attrs::sea_orm_items(&model.attrs);
        let derives = attrs::derives(&model.attrs);
        let format = if attrs::has_marker(&model.attrs, "model") {
            Some(EntityFormat::Dense)
        } else if attrs::has_marker(&model.attrs, "compact_model") {
            Some(EntityFormat::CompactModel)
        } else if derives.iter().any(|d| d == "DeriveEntityModel") {
            Some(EntityFormat::Compact)
        } else {
            None
        };
        if let (Some(format), Some(table)) = (format, attrs::value(&struct_attrs, "table_name")) {
            let mut e = new_entity(path, module, format, table, model);
            e.schema = attrs::value(&struct_attrs, "schema_name").map(str::to_owned);
            e.rename_all = attrs::value(&struct_attrs, "rename_all").map(str::to_owned);
            model_fields(&mut e, model);
            if format != EntityFormat::Dense
                && let Some(rel) = p.relation_enum
            {
                e.relations_span = Some(Span::ident(&rel.ident));
                e.relations.extend(compact_relations(rel));
            }
            e.related
                .extend(p.related_impls.iter().filter_map(|i| related_impl(i)));
            return Some(e);
        }
    }
    super::expanded::assemble(path, module, p)
}

fn linked(path: &Path, module: &str, name: &str, i: &ItemImpl) -> Option<Linked> {
    let ty = |wanted: &str| {
        i.items.iter().find_map(|it| match it {
            ImplItem::Type(t) if t.ident == wanted => {
                Some(EntityRef::new(super::paths::type_text(&t.ty)))
            }
            _ => None,
        })
    };
    let link = match fn_body(i, "link") {
        Some(syn::Expr::Macro(m)) => m
            .mac
            .parse_body_with(
                syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated,
            )
            .map(|list| list.iter().map(rel_expr).collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    Some(Linked {
        name: name.to_owned(),
        module: module.to_owned(),
        file: path.to_path_buf(),
        from: ty("FromEntity")?,
        to: ty("ToEntity")?,
        link,
        span: Span::from_pm2(i.impl_token.span).to(Span::type_end(&i.self_ty)),
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
