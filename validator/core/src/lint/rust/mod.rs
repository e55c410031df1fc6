//! The static path: reads a sea-orm-migration crate with syn, without building it.
//! It checks the migrator's hygiene (names, registration, order, `down`), and turns what
//! it can read of each `up` (SchemaManager builder calls, raw SQL strings) into SQL for
//! the statement rules. What it cannot read becomes an `unanalysable-migration` finding.

mod body;
mod builder;
mod cargo;
mod entities;
mod guard;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use syn::{Expr, ImplItem, Item, ItemImpl};

use super::{Backends, engine};
use crate::config::Config;
use crate::diagnostic::Finding;
use crate::error::Error;
use crate::report::{LintBackends, Report};
use crate::rules::migration::{
    duplicate_migration_name, migration_out_of_order, missing_down, unanalysable_migration,
    unregistered_migration,
};
use crate::source::{Pos, SourceFile, Span};
use crate::sql::state::SchemaState;
use crate::sql::unit::Unit;
use body::{CrateInfo, FnDef};
use entities::{Entities, Uses};
use guard::Reach;
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
    let stem = module_name(path);
    let mut found = Vec::new();
    find_migrations(&ast, path, &stem, &mut found);
    let m = found.iter().find(|m| m.name == name).or(found.first())?;
    let parsed = [(path.to_path_buf(), path.to_path_buf(), ast.clone())];
    let idens = collect_idens(&parsed);
    let entities = Entities::default();
    let uses = HashMap::from([(path.to_path_buf(), Uses::of(&ast))]);
    let fns = collect_fns(&parsed);
    let consts = collect_consts(&parsed);
    let krate = CrateInfo {
        idens: &idens,
        entities: &entities,
        uses: &uses,
        fns: &fns,
        consts: &consts,
    };
    let source = SourceFile::new(path.to_path_buf(), text.to_owned());
    let read = body::read(
        m.up.as_ref()?,
        &krate,
        path,
        Reach::of(&[backend]),
        Some(&source),
        &mut builder::Types::new(),
    );
    Some(StaticMigration {
        pieces: read.pieces.iter().map(body::Found::piece).collect(),
        span: m.span,
    })
}

/// Lints the migration crate at `path` (the crate directory or its `src/`) for `backend`
/// when given (`--backend`), else for the backends chosen by [`choose_backends`].
pub fn lint_crate(
    path: &Path,
    config: &Config,
    backend: Option<Backends>,
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
    let manifest = cargo::Manifest::find(path, cwd);
    let choice = choose_backends(backend, config, manifest.as_ref(), cwd);
    let linted: Vec<Backend> = choice
        .backends
        .iter()
        .filter_map(|b| match b.as_str() {
            "postgres" => Some(Backend::Postgres),
            "sqlite" => Some(Backend::Sqlite),
            _ => None,
        })
        .collect();
    let idens = collect_idens(&parsed);
    let entities = load_entities(&src, manifest.as_ref(), &report, cwd);
    let uses: HashMap<PathBuf, Uses> = parsed
        .iter()
        .map(|(shown, _, ast)| (shown.clone(), Uses::of(ast)))
        .collect();
    let fns = collect_fns(&parsed);
    let consts = collect_consts(&parsed);
    let krate = CrateInfo {
        idens: &idens,
        entities: &entities,
        uses: &uses,
        fns: &fns,
        consts: &consts,
    };
    let mut migrations = Vec::new();
    let mut registries: Vec<(PathBuf, Span, Vec<Registered>)> = Vec::new();
    let outside = outside_tree(&parsed);
    for (shown, real, ast) in &parsed {
        if outside.contains(real) {
            continue;
        }
        let stem = module_name(real);
        find_migrations(ast, shown, &stem, &mut migrations);
        for (span, list) in find_registries(ast) {
            registries.push((shown.clone(), span, list));
        }
    }
    let mut findings = hygiene(&migrations, &registries);
    // Lint each migration's SQL in `migrations()` order (the order they run in), then
    // any unregistered ones.
    let mut order: Vec<&Migration> = Vec::new();
    for (_, _, list) in &registries {
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
    // Read each `up` once, for every linted backend: each piece of SQL knows which
    // backends send it.
    let reach = Reach::of(&linted);
    let mut types = builder::Types::new();
    let mut reads = Vec::new();
    let mut skipped = 0;
    for m in &order {
        let Some(up) = &m.up else { continue };
        let source = report.sources.get(&m.file).cloned();
        let read = body::read(up, &krate, &m.file, reach, source.as_deref(), &mut types);
        for (span, what) in &read.unknown {
            findings.push(unanalysable_migration::finding(
                m.file.clone(),
                *span,
                &m.name,
                what,
            ));
        }
        skipped += read.skipped;
        reads.push((*m, read));
    }
    let squawk_rules = engine::squawk_rules(config);
    let mut statements = 0;
    for &backend in &linted {
        let mut state = SchemaState::default();
        for (m, read) in &reads {
            let in_transaction = m.use_transaction.unwrap_or(backend == Backend::Postgres);
            let unit = Unit {
                file: m.file.clone(),
                migration: Some(m.name.clone()),
                pieces: read
                    .pieces
                    .iter()
                    .filter(|p| p.reach.contains(backend))
                    .map(body::Found::piece)
                    .collect(),
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
    report.summary.statements = statements / linted.len().max(1);
    report.summary.skipped_branches = skipped;
    report.backends.push(choice);
    Ok(super::finish(report, findings, config, &shown_files, "//"))
}

/// The backends a migration crate is linted for, and why: `--backend` (`cli`), else
/// `[lint] backend` in `validator.toml`, else the `sqlx-*` features the crate's
/// `Cargo.toml` gives `sea-orm-migration`/`sea-orm` (inherited from the workspace or
/// forwarded through its own `[features]`), else both. MySQL is not linted: a
/// MySQL-only crate gets no PostgreSQL or SQLite rule at all.
fn choose_backends(
    cli: Option<Backends>,
    config: &Config,
    manifest: Option<&cargo::Manifest>,
    cwd: &Path,
) -> LintBackends {
    let names = |list: &[Backend]| list.iter().map(|b| b.as_str().to_owned()).collect();
    if let Some(b) = cli {
        return LintBackends {
            backends: names(b.list()),
            reason: "--backend".to_owned(),
        };
    }
    if let Some(b) = config.lint.backend {
        let file = config.path.as_deref().map_or_else(
            || crate::config::FILE_NAME.to_owned(),
            |p| display_path(p, cwd).to_string_lossy().replace('\\', "/"),
        );
        return LintBackends {
            backends: names(b.list()),
            reason: format!("{file}: [lint] backend"),
        };
    }
    match manifest.and_then(cargo::Manifest::targets) {
        Some(t) => {
            let mut list = Vec::new();
            for b in [Backend::Postgres, Backend::Sqlite] {
                if t.reach.contains(b) {
                    list.push(b);
                }
            }
            let mysql = !(t.reach & Reach::MYSQL).is_empty();
            let reason = match (mysql, list.is_empty()) {
                (true, true) => format!(
                    "{}; MySQL is not linted, so no PostgreSQL or SQLite rule runs",
                    t.reason
                ),
                (true, false) => format!("{}; MySQL is not linted", t.reason),
                _ => t.reason,
            };
            LintBackends {
                backends: names(&list),
                reason,
            }
        }
        None => LintBackends {
            backends: names(Backends::Both.list()),
            reason: match manifest {
                Some(m) => format!(
                    "{}: no backend feature of sea-orm-migration or sea-orm",
                    m.shown()
                ),
                None => "no Cargo.toml next to the migrations".to_owned(),
            },
        },
    }
}

/// The entities the crate's code may name: its own sources and those of the path
/// dependencies its code mentions. Read only when a migration names an `Entity`.
fn load_entities(
    src: &Path,
    manifest: Option<&cargo::Manifest>,
    report: &Report,
    cwd: &Path,
) -> Entities {
    let texts: Vec<&str> = report.sources.iter().map(|f| f.text.as_str()).collect();
    if !texts.iter().any(|t| t.contains("Entity")) {
        return Entities::default();
    }
    let mut dirs = vec![src.to_path_buf()];
    if let Some(m) = manifest {
        for (name, dir) in m.path_dependencies() {
            let used = texts
                .iter()
                .any(|t| t.contains(&format!("{name}::")) || t.contains(&format!("use {name}")));
            if used {
                dirs.push(dir);
            }
        }
    }
    Entities::load(&dirs, cwd)
}

/// The crate's `const`/`static` items whose value is a literal or an array of literals.
fn collect_consts(parsed: &[(PathBuf, PathBuf, syn::File)]) -> builder::Consts {
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
            let literal = |e: &Expr| matches!(e, Expr::Lit(_));
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
fn collect_fns(parsed: &[(PathBuf, PathBuf, syn::File)]) -> HashMap<String, Vec<FnDef>> {
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
fn module_name(file: &Path) -> String {
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
fn outside_tree(parsed: &[(PathBuf, PathBuf, syn::File)]) -> std::collections::HashSet<PathBuf> {
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
    let mut out = std::collections::HashSet::new();
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

/// The `vec![..]` returned by each `MigratorTrait::migrations()` of a file.
fn find_registries(ast: &syn::File) -> Vec<(Span, Vec<Registered>)> {
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

/// Names, registration and order. A migration is registered when any `MigratorTrait`
/// impl of the crate lists it (a crate may keep a second migrator, for tests or another
/// database).
fn hygiene(
    migrations: &[Migration],
    registries: &[(PathBuf, Span, Vec<Registered>)],
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
    let shown = registries
        .iter()
        .find(|(_, _, list)| !list.is_empty())
        .or(registries.first());
    if let Some((file, span, _)) = shown {
        for m in migrations {
            if !registries
                .iter()
                .any(|(_, _, list)| list.iter().any(|r| r.module == m.module))
            {
                out.push(unregistered_migration::finding(
                    m.file.clone(),
                    m.span,
                    &m.module,
                    Some((file.clone(), *span)),
                ));
            }
        }
    }
    for (file, _, list) in registries {
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
            out.push(missing_down::finding(m.file.clone(), span, &m.name, how));
        }
    }
    out
}
