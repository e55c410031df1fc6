//! The `check` pipeline: read and parse files, build the model and the graph, run the
//! entity rules, apply suppressions and severities.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

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
/// context. Paths in findings are shown relative to `cwd` when under it. Each file is read
/// by the thread that parses it and dropped once parsed; findings are rendered by reading
/// their files again.
pub fn check_paths(paths: &[PathBuf], config: &Config, cwd: &Path) -> Result<Report, Error> {
    let pending = disk_inputs(paths, config, cwd)?
        .into_iter()
        .map(|i| Pending {
            shown: i.shown,
            module: i.module,
            text: Text::Disk(i.disk),
            report: i.report,
        })
        .collect();
    Ok(check_pending(pending, config))
}

/// A file found on disk by [`disk_inputs`].
pub(crate) struct DiskInput {
    /// Where it is read from.
    pub(crate) disk: PathBuf,
    /// The path shown in findings (relative to `cwd` when under it).
    pub(crate) shown: PathBuf,
    /// Module path relative to its checked root.
    pub(crate) module: Vec<String>,
    /// Whether findings in it are reported.
    pub(crate) report: bool,
}

/// The files `paths` stand for (directories walked, a file with its siblings as
/// context), without the excluded ones; an error when there is none.
pub(crate) fn disk_inputs(
    paths: &[PathBuf],
    config: &Config,
    cwd: &Path,
) -> Result<Vec<DiskInput>, Error> {
    let exclude = walk::excludes(&config.check.exclude, config.path.as_deref())?;
    let base = config.path.as_deref().and_then(Path::parent).unwrap_or(cwd);
    let inputs = walk::collect(paths, &exclude, base)?;
    if inputs.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| format!("`{}`", p.display())).collect();
        return Err(Error::Input {
            cause: format!("no Rust file found in {}", shown.join(", ")),
        });
    }
    Ok(inputs
        .into_iter()
        .map(|i| DiskInput {
            shown: display_path(&i.path, cwd),
            module: walk::module_path(&i.root, &i.path),
            disk: i.path,
            report: i.report,
        })
        .collect())
}

/// Check files held in memory (tests, editors, generated crates).
pub fn check_sources(inputs: Vec<SourceInput>, config: &Config) -> Report {
    let pending = inputs
        .into_iter()
        .map(|i| Pending {
            shown: i.path,
            module: i.module,
            text: Text::Memory(i.text),
            report: i.report,
        })
        .collect();
    check_pending(pending, config)
}

/// Where a file's text is.
enum Text {
    /// On disk, read when parsed (and again when rendered).
    Disk(PathBuf),
    /// Given in memory, kept for rendering.
    Memory(String),
}

/// A file to parse.
struct Pending {
    shown: PathBuf,
    module: Vec<String>,
    text: Text,
    report: bool,
}

/// What parsing one file leaves: its part of the model (or why it has none), its
/// suppression comments, and the file itself when it cannot be read again.
struct Parsed {
    model: Result<Box<model::ParsedFile>, Error>,
    suppressions: Vec<Suppression>,
    kept: Option<SourceFile>,
}

fn check_pending(inputs: Vec<Pending>, config: &Config) -> Report {
    let mut report = Report::default();
    let crate_root = inputs.iter().any(|i| {
        i.module.is_empty()
            && i.shown
                .file_name()
                .is_some_and(|n| n == "lib.rs" || n == "main.rs")
    });
    // The files findings may be reported in, when not all of them.
    let reported: Option<HashSet<PathBuf>> = inputs.iter().any(|i| !i.report).then(|| {
        inputs
            .iter()
            .filter(|i| i.report)
            .map(|i| i.shown.clone())
            .collect()
    });
    let mut parsed_files = Vec::with_capacity(inputs.len());
    let mut suppressions: Vec<Suppression> = Vec::new();
    let results = parse_all(&inputs, config.check.threads);
    for (input, parsed) in inputs.into_iter().zip(results) {
        let unreadable = matches!(parsed.model, Err(Error::Io { .. }));
        match parsed.model {
            Ok(p) => parsed_files.push(p),
            Err(e) => report.problems.push(e),
        }
        suppressions.extend(parsed.suppressions);
        match (parsed.kept, input.text) {
            (Some(file), _) => {
                report.sources.insert(file);
            }
            (None, Text::Disk(disk)) if !unreadable => {
                report.sources.insert_on_disk(input.shown, disk);
            }
            (None, _) => {}
        }
    }
    report.summary.files = report.sources.len();
    report.summary.problems = report.problems.len();
    report.model = model::resolve(parsed_files, crate_root);
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
    if let Some(reported) = &reported {
        findings.retain(|f| {
            std::iter::once(&f.primary)
                .chain(&f.related)
                .filter_map(|label| label.file.as_ref())
                .any(|p| reported.contains(p))
        });
    }

    report::finish(&mut report, findings, &suppressions, config, Judging::CHECK);
    rules::entity::count_unchecked(&mut report.summary, &report.findings);
    report
}

/// Read (when on disk) and parse one file, and scan a reported file's suppressions.
fn parse_one(i: &Pending) -> Parsed {
    let failed = |e: Error| Parsed {
        model: Err(e),
        suppressions: Vec::new(),
        kept: None,
    };
    let text = match &i.text {
        Text::Memory(t) => t.clone(),
        Text::Disk(disk) => match std::fs::read_to_string(disk) {
            Ok(t) => t,
            Err(cause) => {
                return failed(Error::Io {
                    path: i.shown.clone(),
                    cause,
                });
            }
        },
    };
    let file = SourceFile::new(i.shown.clone(), text);
    let kept = matches!(i.text, Text::Memory(_));
    let suppressions = if i.report {
        suppress::scan(&file, "//")
    } else {
        Vec::new()
    };
    let model = match too_deep(&file.text) {
        Some(pos) => Err(Error::Parse {
            path: i.shown.clone(),
            pos,
            cause: format!("brackets nested more than {MAX_DEPTH} deep"),
        }),
        None => model::parse_file(&i.shown, &i.module, &file.text),
    };
    // The model holds plain line/column positions, so proc-macro2's per-thread map of
    // every parsed file can go: memory stays flat on large crates.
    proc_macro2::extra::invalidate_current_thread_spans();
    Parsed {
        model,
        suppressions,
        kept: kept.then_some(file),
    }
}

/// Parse every input, on as many threads as there are cores (files are independent and
/// the parsed model holds no syn types), keeping input order.
fn parse_all(inputs: &[Pending], threads: Option<usize>) -> Vec<Parsed> {
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
                    .spawn_scoped(s, move || {
                        // The files of one thread share their names.
                        model::sharing(|| part.iter().map(parse_one).collect::<Vec<_>>())
                    })
            })
            .collect();
        // Each thread's results are appended to the first's, so that one list (not two)
        // of every file's model is alive at a time.
        let mut out: Vec<Parsed> = Vec::new();
        for (h, part) in handles.into_iter().zip(inputs.chunks(chunk)) {
            match h.map(|h| h.join()) {
                Ok(Ok(results)) if out.is_empty() => out = results,
                Ok(Ok(results)) => out.extend(results),
                // No thread, or a panic in the parser (a bug): report the chunk's files
                // instead of dying.
                _ => out.extend(part.iter().map(|i| Parsed {
                    model: Err(Error::Parse {
                        path: i.shown.clone(),
                        pos: crate::source::Pos { line: 1, column: 1 },
                        cause: "internal error while parsing".to_owned(),
                    }),
                    suppressions: Vec::new(),
                    kept: None,
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
