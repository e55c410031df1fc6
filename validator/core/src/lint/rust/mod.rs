//! The static path: reads a sea-orm-migration crate with syn, without building it.
//! It checks the migrator's hygiene (names, registration, order, `down`), and turns what
//! it can read of each `up` (SchemaManager builder calls, raw SQL strings) into SQL for
//! the statement rules. What it cannot read becomes an `unanalysable-migration` finding.

mod body;
mod builder;
mod cargo;
mod column;
mod entities;
mod guard;
mod items;
mod migrator;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

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
use body::CrateInfo;
use entities::{Entities, Uses};
use guard::Reach;
use items::{collect, collect_consts, collect_fns, collect_idens, module_name, outside_tree};
use migrator::{Migration, Registered, find_migrations, find_registries};
use validator_base::Backend;
use validator_base::path::display_path;

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
/// when given (`--backend`), else for `[lint] backend`, else for the backends the crate's
/// `Cargo.toml` features build (else both). The report says which, and why
/// ([`Report::backends`]), and counts the branches left for backends not linted.
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
            // Each unread step at its place among the pieces this backend gets.
            let unread = read
                .gaps
                .iter()
                .filter(|(_, reach, _)| reach.contains(backend))
                .map(|&(at, _, kind)| {
                    let at = read
                        .pieces
                        .iter()
                        .take(at)
                        .filter(|p| p.reach.contains(backend))
                        .count();
                    (at, kind)
                })
                .collect();
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
                unread,
            };
            let (found, facts) = engine::lint_unit(&unit, &state, config, &squawk_rules);
            statements += facts.len();
            findings.extend(found);
            state.replay(&facts);
        }
    }
    dedup_across_backends(&mut findings);
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

/// One finding per place and statement: a statement that both backends send is reported
/// once, though its number in the migration may differ between them (a branch for one
/// backend adds statements before it).
fn dedup_across_backends(findings: &mut Vec<Finding>) {
    fn key(f: &Finding) -> (&'static str, Option<PathBuf>, Option<Span>, String, String) {
        let label = match f.primary.message.split_once(": statement ") {
            Some((head, tail)) => {
                let quoted = tail.split_once(' ').map_or("", |(_, rest)| rest);
                format!("{head}: {quoted}")
            }
            None => f.primary.message.clone(),
        };
        (
            f.rule,
            f.primary.file.clone(),
            f.primary.span,
            f.message.clone(),
            label,
        )
    }
    let mut seen = std::collections::HashSet::new();
    findings.retain(|f| seen.insert(key(f)));
}
