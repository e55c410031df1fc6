//! The migrator as written: each `impl MigrationTrait` and its name, and the lists that
//! `MigratorTrait::migrations()` returns (the hygiene rules compare them).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use syn::{Expr, ImplItem, Item, ItemImpl};

use crate::source::Span;

/// One `impl MigrationTrait` found in the crate.
pub(crate) struct Migration {
    pub(crate) module: String,
    pub(crate) file: PathBuf,
    pub(crate) name: String,
    /// The struct's name, and where it is.
    pub(crate) span: Span,
    pub(crate) up: Option<syn::Block>,
    pub(crate) down: Option<(syn::Block, Span)>,
    pub(crate) use_transaction: Option<bool>,
}

/// One entry of `migrations()`.
pub(crate) struct Registered {
    pub(crate) module: String,
    pub(crate) span: Span,
}

fn impl_of(i: &ItemImpl, trait_name: &str) -> Option<String> {
    let (_, path, _) = i.trait_.as_ref()?;
    let last = path.segments.last()?;
    if last.ident != trait_name {
        return None;
    }
    match &*i.self_ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

pub(crate) fn find_migrations(ast: &syn::File, file: &Path, stem: &str, out: &mut Vec<Migration>) {
    let derived: Vec<(String, Span)> = ast
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Struct(s)
                if s.attrs.iter().any(|a| {
                    a.path().is_ident("derive")
                        && quote::ToTokens::to_token_stream(a)
                            .to_string()
                            .contains("DeriveMigrationName")
                }) =>
            {
                Some((s.ident.to_string(), Span::ident(&s.ident)))
            }
            _ => None,
        })
        .collect();
    let mut manual: HashMap<String, String> = HashMap::new();
    for item in &ast.items {
        if let Item::Impl(i) = item
            && let Some(ty) = impl_of(i, "MigrationName")
            && let Some(name) = i.items.iter().find_map(|it| match it {
                ImplItem::Fn(f) if f.sig.ident == "name" => literal_in(&f.block),
                _ => None,
            })
        {
            manual.insert(ty, name);
        }
    }
    for item in &ast.items {
        let Item::Impl(i) = item else { continue };
        let Some(ty) = impl_of(i, "MigrationTrait") else {
            continue;
        };
        let span = derived
            .iter()
            .find(|(n, _)| n == &ty)
            .map(|(_, s)| *s)
            .unwrap_or_else(|| Span::of(&i.self_ty));
        let name = manual.get(&ty).cloned().unwrap_or_else(|| stem.to_owned());
        let mut m = Migration {
            module: stem.to_owned(),
            file: file.to_path_buf(),
            name,
            span,
            up: None,
            down: None,
            use_transaction: None,
        };
        for it in &i.items {
            let ImplItem::Fn(f) = it else { continue };
            match f.sig.ident.to_string().as_str() {
                "up" => m.up = Some(f.block.clone()),
                "down" => m.down = Some((f.block.clone(), Span::ident(&f.sig.ident))),
                "use_transaction" => {
                    let t = quote::ToTokens::to_token_stream(&f.block)
                        .to_string()
                        .replace(' ', "");
                    m.use_transaction = if t.contains("Some(true)") {
                        Some(true)
                    } else if t.contains("Some(false)") {
                        Some(false)
                    } else {
                        None
                    };
                }
                _ => {}
            }
        }
        out.push(m);
    }
}

fn literal_in(block: &syn::Block) -> Option<String> {
    let t = quote::ToTokens::to_token_stream(block).to_string();
    let start = t.find('"')?;
    let rest = t.get(start + 1..)?;
    let end = rest.find('"')?;
    rest.get(..end).map(str::to_owned)
}

/// The `vec![..]` returned by each `MigratorTrait::migrations()` of a file.
pub(crate) fn find_registries(ast: &syn::File) -> Vec<(Span, Vec<Registered>)> {
    let mut out = Vec::new();
    for item in &ast.items {
        let Item::Impl(i) = item else { continue };
        if impl_of(i, "MigratorTrait").is_none() {
            continue;
        }
        for it in &i.items {
            let ImplItem::Fn(f) = it else { continue };
            if f.sig.ident != "migrations" {
                continue;
            }
            let mut list = Vec::new();
            for stmt in &f.block.stmts {
                let expr = match stmt {
                    syn::Stmt::Expr(e, _) => e,
                    _ => continue,
                };
                let Expr::Macro(m) = expr else { continue };
                let Ok(elems) = m.mac.parse_body_with(
                    syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated,
                ) else {
                    continue;
                };
                for e in elems {
                    if let Some(module) = registered_module(&e) {
                        list.push(Registered {
                            module,
                            span: Span::covering(&e),
                        });
                    }
                }
            }
            out.push((Span::ident(&f.sig.ident), list));
        }
    }
    out
}

fn registered_module(e: &Expr) -> Option<String> {
    match e {
        Expr::Call(c) => c.args.first().and_then(registered_module),
        Expr::Path(p) => module_of(&p.path),
        Expr::Struct(s) => module_of(&s.path),
        _ => None,
    }
}

/// `m20240101_000001_create::Migration` gives the module, `m20240101_000001_create`.
fn module_of(path: &syn::Path) -> Option<String> {
    let segments: Vec<&syn::Ident> = path.segments.iter().map(|s| &s.ident).collect();
    match segments.as_slice() {
        [.., module, _] => Some(module.to_string()),
        _ => None,
    }
}
