//! The `check` pipeline: read and parse files, build the model and the graph, run the
//! entity rules, apply suppressions and severities.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Config;
use crate::error::Error;
use crate::graph::EntityGraph;
use crate::model;
use crate::report::{self, Judging, Report};
use crate::rules::{self, entity::Context};
use crate::severity::Severity;
use crate::source::SourceFile;
use crate::suppress::{self, Suppression};
use crate::walk;
use validator_base::path::display_path;

/// One file held in memory, as given to [`check_sources`].
#[derive(Clone, Debug)]
pub struct SourceInput {
    /// The path shown in findings.
    pub path: PathBuf,
    /// Module path relative to the checked root (`["entities", "user"]`).
    pub module: Vec<String>,
    /// The text.
    pub text: String,
    /// Whether findings in this file are reported (others are context).
    pub report: bool,
}

/// Check files and directories. Directories are walked; a file brings its directory in as
/// context. Paths in findings are shown relative to `cwd` when under it.
pub fn check_paths(paths: &[PathBuf], config: &Config, cwd: &Path) -> Result<Report, Error> {
    let exclude = walk::excludes(&config.check.exclude, config.path.as_deref())?;
    let base = config.path.as_deref().and_then(Path::parent).unwrap_or(cwd);
    let inputs = walk::collect(paths, &exclude, base)?;
    if inputs.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| format!("`{}`", p.display())).collect();
        return Err(Error::Input {
            cause: format!("no Rust file found in {}", shown.join(", ")),
        });
    }
    let mut problems = Vec::new();
    let mut sources = Vec::with_capacity(inputs.len());
    for i in inputs {
        let shown = display_path(&i.path, cwd);
        match std::fs::read_to_string(&i.path) {
            Ok(text) => sources.push(SourceInput {
                module: walk::module_path(&i.root, &i.path),
                path: shown,
                text,
                report: i.report,
            }),
            Err(cause) => problems.push(Error::Io { path: shown, cause }),
        }
    }
    let mut report = check_sources(sources, config);
    report.problems.splice(0..0, problems);
    report.summary.problems = report.problems.len();
    Ok(report)
}

/// Check files held in memory (tests, editors, generated crates).
pub fn check_sources(inputs: Vec<SourceInput>, config: &Config) -> Report {
    let mut report = Report::default();
    let mut parsed = Vec::with_capacity(inputs.len());
    let mut reported: HashSet<PathBuf> = HashSet::new();
    let mut files: Vec<Arc<SourceFile>> = Vec::new();
    let crate_root = inputs.iter().any(|i| {
        i.module.is_empty()
            && i.path
                .file_name()
                .is_some_and(|n| n == "lib.rs" || n == "main.rs")
    });
    for result in parse_all(&inputs, config.check.threads) {
        match result {
            Ok(p) => parsed.push(p),
            Err(e) => report.problems.push(e),
        }
    }
    for i in inputs {
        if i.report {
            reported.insert(i.path.clone());
        }
        let file = report.sources.insert(SourceFile::new(i.path, i.text));
        if i.report {
            files.push(file);
        }
    }
    report.summary.files = report.sources.len();
    report.summary.problems = report.problems.len();
    report.model = model::resolve(parsed, crate_root);
    report.summary.entities = report.model.entities.len();
    report.summary.relations = report
        .model
        .entities
        .iter()
        .map(|e| e.relations.len())
        .sum();

    let graph = EntityGraph::build(&report.model);
    let cx = Context::new(&report.model, &graph);
    let mut findings = Vec::new();
    for rule in rules::entity::RULES {
        if config.severity(rule.meta) != Severity::Allow {
            (rule.check)(&cx, &mut findings);
        }
    }
    // A finding belongs to the files checked when any of its locations is in one: deleting
    // `user`'s `has_many` breaks `credit_transaction`'s `belongs_to`, and checking only
    // `user.rs` (a pre-commit hook passing the staged file) must still report it.
    findings.retain(|f| {
        std::iter::once(&f.primary)
            .chain(&f.related)
            .filter_map(|label| label.file.as_ref())
            .any(|p| reported.contains(p))
    });

    let suppressions: Vec<Suppression> =
        files.iter().flat_map(|f| suppress::scan(f, "//")).collect();
    report::finish(&mut report, findings, &suppressions, config, Judging::CHECK);
    report
}

/// Parse every input, on as many threads as there are cores (files are independent and
/// the parsed model holds no syn types), keeping input order.
fn parse_all(
    inputs: &[SourceInput],
    threads: Option<usize>,
) -> Vec<Result<model::ParsedFile, Error>> {
    let parse = |i: &SourceInput| {
        if let Some(pos) = too_deep(&i.text) {
            return Err(Error::Parse {
                path: i.path.clone(),
                pos,
                cause: format!("brackets nested more than {MAX_DEPTH} deep"),
            });
        }
        let r = model::parse_file(&i.path, &i.module, &i.text);
        // The model holds plain line/column positions, so proc-macro2's per-thread map of
        // every parsed file can go: memory stays flat on large crates.
        proc_macro2::extra::invalidate_current_thread_spans();
        r
    };
    let threads = threads
        .unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map_or(1, usize::from)
                .min(8)
        })
        .max(1);
    let threads = if inputs.len() < 64 { 1 } else { threads };
    let chunk = inputs.len().div_ceil(threads).max(1);
    // syn parses recursively; workers get a large stack (only touched pages are used) so
    // that deeply nested but legal code parses instead of aborting the process.
    std::thread::scope(|s| {
        let handles: Vec<_> = inputs
            .chunks(chunk)
            .map(|part| {
                std::thread::Builder::new()
                    .stack_size(PARSER_STACK)
                    .spawn_scoped(s, move || part.iter().map(parse).collect::<Vec<_>>())
            })
            .collect();
        let mut out = Vec::with_capacity(inputs.len());
        for (h, part) in handles.into_iter().zip(inputs.chunks(chunk)) {
            match h.map(|h| h.join()) {
                Ok(Ok(results)) => out.extend(results),
                // No thread, or a panic in the parser (a bug): report the chunk's files
                // instead of dying.
                _ => out.extend(part.iter().map(|i| {
                    Err(Error::Parse {
                        path: i.path.clone(),
                        pos: crate::source::Pos { line: 1, column: 1 },
                        cause: "internal error while parsing".to_owned(),
                    })
                })),
            }
        }
        out
    })
}

/// Stack of a parser thread.
const PARSER_STACK: usize = 256 << 20;

/// Bracket nesting beyond which a file is refused rather than parsed (no real entity
/// comes close; hostile input could otherwise exhaust even a large stack).
const MAX_DEPTH: usize = 2_000;

/// Where bracket nesting first exceeds [`MAX_DEPTH`], if it does. Brackets inside
/// strings are counted too: this is a cheap upper bound, not a lexer.
fn too_deep(text: &str) -> Option<crate::source::Pos> {
    if text.len() <= MAX_DEPTH {
        return None;
    }
    // Bytes, not chars: brackets are ASCII, and this runs over every file.
    let mut depth = 0usize;
    let at = text.bytes().position(|b| {
        match b {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        depth > MAX_DEPTH
    })?;
    Some(crate::source::pos_at(text, at))
}
