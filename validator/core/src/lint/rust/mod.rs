//! The static path: reads a sea-orm-migration crate with syn, without building it.
//! It checks the migrator's hygiene (names, registration, order, `down`), and turns what
//! it can read of each `up` (SchemaManager builder calls, raw SQL strings) into SQL for
//! the statement rules. What it cannot read becomes an `unanalysable-migration` finding.

mod body;
mod builder;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use syn::{Expr, ImplItem, Item, ItemImpl};

use super::{Backends, engine};
use crate::config::Config;
use crate::diagnostic::Finding;
use crate::error::Error;
use crate::report::Report;
use crate::rules::migration::{
    duplicate_migration_name, migration_out_of_order, missing_down, unanalysable_migration,
    unregistered_migration,
};
use crate::source::{Pos, SourceFile, Span};
use crate::sql::state::SchemaState;
use crate::sql::unit::Unit;
use validator_base::Backend;
use validator_base::path::display_path;

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
struct Registered {
    module: String,
    span: Span,
}

/// What the static reader finds in one migration file, for the capture engine to
/// locate captured statements.
pub(crate) struct StaticMigration {
    pub(crate) pieces: Vec<crate::sql::unit::Piece>,
    pub(crate) span: Span,
}

/// Reads the migration called `name` (or the file's only one) in `text`.
pub(crate) fn read_migration(
    path: &Path,
    text: &str,
    name: &str,
    backend: Backend,
) -> Option<StaticMigration> {
    let ast = syn::parse_file(text).ok()?;
    let stem = path.file_stem()?.to_string_lossy().into_owned();
    let mut found = Vec::new();
    find_migrations(&ast, path, &stem, &mut found);
    let m = found.iter().find(|m| m.name == name).or(found.first())?;
    let idens = collect_idens(&[(path.to_path_buf(), path.to_path_buf(), ast.clone())]);
    let source = SourceFile::new(path.to_path_buf(), text.to_owned());
    let read = body::read(m.up.as_ref()?, &idens, backend, Some(&source));
    Some(StaticMigration {
        pieces: read.pieces,
        span: m.span,
    })
}

/// Lints the migration crate at `path` (the crate directory or its `src/`).
pub fn lint_crate(
    path: &Path,
    config: &Config,
    backends: Backends,
    cwd: &Path,
) -> Result<Report, Error> {
    let src = if path.join("src").join("lib.rs").is_file() {
        path.join("src")
    } else if path.is_dir() {
        path.to_path_buf()
    } else {
        return Err(Error::Input {
            cause: format!(
                "`{}` is not a migration crate or its `src/` directory",
                path.display()
            ),
        });
    };
    let mut files = Vec::new();
    collect(&src, &mut files).map_err(|cause| Error::Io {
        path: display_path(&src, cwd),
        cause,
    })?;
    files.sort();
    if files.is_empty() {
        return Err(Error::Input {
            cause: format!("no Rust file found in `{}`", path.display()),
        });
    }
    let mut report = Report::default();
    let mut parsed = Vec::new();
    let mut shown_files = Vec::new();
    for f in &files {
        let shown = display_path(f, cwd);
        let text = std::fs::read_to_string(f).map_err(|cause| Error::Io {
            path: shown.clone(),
            cause,
        })?;
        match syn::parse_file(&text) {
            Ok(ast) => parsed.push((shown.clone(), f.clone(), ast)),
            Err(e) => {
                let start = e.span().start();
                report.problems.push(Error::Parse {
                    path: shown.clone(),
                    pos: Pos {
                        line: start.line.max(1),
                        column: start.column + 1,
                    },
                    cause: e.to_string(),
                });
            }
        }
        shown_files.push(shown.clone());
        report.sources.insert(SourceFile::new(shown, text));
    }
    let idens = collect_idens(&parsed);
    let mut migrations = Vec::new();
    let mut registry: Option<(PathBuf, Span, Vec<Registered>)> = None;
    for (shown, real, ast) in &parsed {
        let stem = real
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        find_migrations(ast, shown, &stem, &mut migrations);
        if registry.is_none()
            && let Some((span, list)) = find_registry(ast)
        {
            registry = Some((shown.clone(), span, list));
        }
    }
    let mut findings = hygiene(&migrations, registry.as_ref());
    // Lint each migration's SQL in `migrations()` order (the order they run in), then
    // any unregistered ones.
    let mut order: Vec<&Migration> = Vec::new();
    if let Some((_, _, list)) = &registry {
        for r in list {
            if let Some(m) = migrations.iter().find(|m| m.module == r.module)
                && !order.iter().any(|o| std::ptr::eq(*o, m))
            {
                order.push(m);
            }
        }
    }
    for m in &migrations {
        if !order.iter().any(|o| std::ptr::eq(*o, m)) {
            order.push(m);
        }
    }
    let squawk_rules = engine::squawk_rules(config);
    let mut statements = 0;
    for &backend in backends.list() {
        let mut state = SchemaState::default();
        for m in &order {
            let Some(up) = &m.up else { continue };
            let source = report.sources.get(&m.file).cloned();
            let read = body::read(up, &idens, backend, source.as_deref());
            if backend
                == backends
                    .list()
                    .first()
                    .copied()
                    .unwrap_or(Backend::Postgres)
            {
                for (span, what) in &read.unknown {
                    findings.push(unanalysable_migration::finding(
                        m.file.clone(),
                        *span,
                        &m.name,
                        what,
                    ));
                }
            }
            let in_transaction = m.use_transaction.unwrap_or(backend == Backend::Postgres);
            let unit = Unit {
                file: m.file.clone(),
                migration: Some(m.name.clone()),
                pieces: read.pieces,
                backend,
                in_transaction,
                fallback: Some(m.span),
            };
            let (found, facts) = engine::lint_unit(&unit, &state, config, &squawk_rules);
            statements += facts.len();
            findings.extend(found);
            state.replay(&facts);
        }
    }
    report.summary.migrations = migrations.len();
    report.summary.statements = statements / backends.list().len().max(1);
    Ok(super::finish(report, findings, config, &shown_files, "//"))
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
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
fn collect_idens(parsed: &[(PathBuf, PathBuf, syn::File)]) -> builder::Idens {
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

fn find_migrations(ast: &syn::File, file: &Path, stem: &str, out: &mut Vec<Migration>) {
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

/// The `vec![..]` returned by `MigratorTrait::migrations()`.
fn find_registry(ast: &syn::File) -> Option<(Span, Vec<Registered>)> {
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
            return Some((Span::ident(&f.sig.ident), list));
        }
    }
    None
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

fn hygiene(
    migrations: &[Migration],
    registry: Option<&(PathBuf, Span, Vec<Registered>)>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut seen: HashMap<&str, &Migration> = HashMap::new();
    for m in migrations {
        match seen.get(m.name.as_str()) {
            Some(first) => out.push(duplicate_migration_name::finding(
                m.file.clone(),
                m.span,
                &m.name,
                Some((first.file.clone(), first.span)),
            )),
            None => {
                seen.insert(&m.name, m);
            }
        }
    }
    if let Some((file, span, list)) = registry {
        for m in migrations {
            if !list.iter().any(|r| r.module == m.module) {
                out.push(unregistered_migration::finding(
                    m.file.clone(),
                    m.span,
                    &m.module,
                    Some((file.clone(), *span)),
                ));
            }
        }
        let mut listed: Vec<&str> = Vec::new();
        let mut previous: Option<&str> = None;
        for r in list {
            if listed.contains(&r.module.as_str()) {
                out.push(duplicate_migration_name::finding(
                    file.clone(),
                    r.span,
                    &r.module,
                    None,
                ));
                continue;
            }
            listed.push(&r.module);
            if let Some(p) = previous
                && r.module.as_str() < p
            {
                out.push(migration_out_of_order::finding(
                    file.clone(),
                    r.span,
                    &r.module,
                    p,
                ));
            }
            previous = Some(previous.map_or(r.module.as_str(), |p| p.max(r.module.as_str())));
        }
    }
    for m in migrations {
        let changes_schema = m.up.as_ref().is_some_and(body::changes_schema);
        if !changes_schema {
            continue;
        }
        let how = match &m.down {
            None => Some(("is missing (the default returns an error)", m.span)),
            Some((block, span)) => body::empty_down(block).map(|how| (how, *span)),
        };
        if let Some((how, span)) = how {
            out.extend(missing_down::finding(
                m.file.clone(),
                span,
                &m.name,
                how,
                m.up.as_ref(),
            ));
        }
    }
    out
}
