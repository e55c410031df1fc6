//! What a migration crate defines, read once for the whole crate: its files and which of
//! them the module tree compiles, `DeriveIden` enums, functions (helpers a migration
//! calls), and `const` items holding names or SQL.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use syn::{Expr, ImplItem, Item};

use super::body::FnDef;
use super::builder;

/// The crate's `const`/`static` items whose value is a literal or an array of literals.
pub(crate) fn collect_consts(parsed: &[(PathBuf, PathBuf, syn::File)]) -> builder::Consts {
    fn items(list: &[Item], file: &Path, out: &mut Vec<(PathBuf, String, Expr)>) {
        for item in list {
            let (ident, expr) = match item {
                Item::Const(c) => (&c.ident, &*c.expr),
                Item::Static(s) => (&s.ident, &*s.expr),
                Item::Mod(m) => {
                    if let Some((_, inner)) = &m.content {
                        items(inner, file, out);
                    }
                    continue;
                }
                _ => continue,
            };
            let literal = |e: &Expr| match e {
                Expr::Lit(_) => true,
                Expr::Tuple(t) => t.elems.iter().all(|x| matches!(x, Expr::Lit(_))),
                _ => false,
            };
            let array = match expr {
                Expr::Reference(r) => match &*r.expr {
                    Expr::Array(a) => Some(a),
                    _ => None,
                },
                Expr::Array(a) => Some(a),
                _ => None,
            };
            if literal(expr) || array.is_some_and(|a| a.elems.iter().all(literal)) {
                out.push((file.to_path_buf(), ident.to_string(), expr.clone()));
            }
        }
    }
    let mut all = Vec::new();
    for (shown, _, ast) in parsed {
        items(&ast.items, shown, &mut all);
    }
    let mut consts = builder::Consts::default();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (_, name, _) in &all {
        *seen.entry(name.clone()).or_default() += 1;
    }
    for (file, name, expr) in all {
        if seen.get(&name) == Some(&1) {
            consts.unique.insert(name.clone(), expr.clone());
        }
        consts.by_file.insert((file, name), expr);
    }
    consts
}

/// Every function of the crate (free, in impls, in inline modules) by name.
pub(crate) fn collect_fns(parsed: &[(PathBuf, PathBuf, syn::File)]) -> HashMap<String, Vec<FnDef>> {
    fn items(list: &[Item], file: &Path, out: &mut HashMap<String, Vec<FnDef>>) {
        for item in list {
            match item {
                Item::Fn(f) => out.entry(f.sig.ident.to_string()).or_default().push(FnDef {
                    file: file.to_path_buf(),
                    sig: f.sig.clone(),
                    block: (*f.block).clone(),
                }),
                Item::Impl(i) if i.trait_.is_none() => {
                    for it in &i.items {
                        if let ImplItem::Fn(f) = it {
                            out.entry(f.sig.ident.to_string()).or_default().push(FnDef {
                                file: file.to_path_buf(),
                                sig: f.sig.clone(),
                                block: f.block.clone(),
                            });
                        }
                    }
                }
                Item::Mod(m) => {
                    if let Some((_, inner)) = &m.content {
                        items(inner, file, out);
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = HashMap::new();
    for (shown, _, ast) in parsed {
        items(&ast.items, shown, &mut out);
    }
    out
}

/// The module a file is: its stem, or its directory's name for a `mod.rs`.
pub(crate) fn module_name(file: &Path) -> String {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if stem == "mod"
        && let Some(dir) = file.parent().and_then(Path::file_name)
    {
        return dir.to_string_lossy().into_owned();
    }
    stem
}

/// Files the crate does not compile: the module file of their directory (`lib.rs`,
/// `main.rs`, `mod.rs`, or `dir.rs` beside it) declares modules, but not theirs (its `mod`
/// line is commented out). Their migrations are not the crate's.
pub(crate) fn outside_tree(parsed: &[(PathBuf, PathBuf, syn::File)]) -> HashSet<PathBuf> {
    // For each directory whose modules some file declares: the names it declares, and
    // whether a `#[path]` attribute makes the names unreliable.
    let mut declared: HashMap<PathBuf, (Vec<String>, bool)> = HashMap::new();
    for (_, real, ast) in parsed {
        let Some(parent) = real.parent() else {
            continue;
        };
        let is_root = real
            .file_name()
            .is_some_and(|n| n == "lib.rs" || n == "main.rs" || n == "mod.rs");
        let dir = if is_root {
            parent.to_path_buf()
        } else {
            parent.join(module_name(real))
        };
        for item in &ast.items {
            if let Item::Mod(m) = item
                && m.content.is_none()
            {
                let entry = declared.entry(dir.clone()).or_default();
                entry.0.push(m.ident.to_string());
                entry.1 |= m.attrs.iter().any(|a| a.path().is_ident("path"));
            }
        }
    }
    let mut out = HashSet::new();
    for (_, real, _) in parsed {
        let name = real.file_name().map(|n| n.to_string_lossy().into_owned());
        if matches!(name.as_deref(), Some("lib.rs" | "main.rs")) {
            continue;
        }
        let dir = if name.as_deref() == Some("mod.rs") {
            real.parent().and_then(Path::parent)
        } else {
            real.parent()
        };
        let Some(dir) = dir else { continue };
        if let Some((names, path_attr)) = declared.get(dir)
            && !path_attr
            && !names.contains(&module_name(real))
        {
            out.insert(real.clone());
        }
    }
    out
}

pub(crate) fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    Ok(())
}

/// `#[derive(DeriveIden)]` / `#[derive(Iden)]` enums, with `#[sea_orm(iden = "..")]` /
/// `#[iden = ".."]` overrides.
pub(crate) fn collect_idens(parsed: &[(PathBuf, PathBuf, syn::File)]) -> builder::Idens {
    use heck::ToSnakeCase;
    let mut out = HashMap::new();
    for (_, _, ast) in parsed {
        for item in &ast.items {
            let Item::Enum(e) = item else { continue };
            let derives = e.attrs.iter().any(|a| {
                a.path().is_ident("derive") && {
                    let t = quote::ToTokens::to_token_stream(a).to_string();
                    t.contains("Iden")
                }
            });
            if !derives {
                continue;
            }
            let ty = e.ident.to_string();
            for v in &e.variants {
                let variant = v.ident.to_string();
                let renamed = v.attrs.iter().find_map(iden_override);
                let name = renamed.unwrap_or_else(|| {
                    if variant == "Table" {
                        ty.to_snake_case()
                    } else {
                        variant.to_snake_case()
                    }
                });
                out.insert((ty.clone(), variant), name);
            }
        }
    }
    out
}

fn iden_override(a: &syn::Attribute) -> Option<String> {
    let text = quote::ToTokens::to_token_stream(a).to_string();
    if !text.contains("iden") {
        return None;
    }
    let start = text.find('"')?;
    let rest = text.get(start + 1..)?;
    let end = rest.find('"')?;
    rest.get(..end).map(str::to_owned)
}
