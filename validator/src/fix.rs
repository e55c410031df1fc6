//! `validator check --fix` and `--diff`. The library computes the fixed texts
//! (`validator_core::fix`); this module is the only place that writes them: each file is
//! written to a temporary file in its own directory, given the original's permissions,
//! then renamed over it, so a reader sees the old text or the new one, never half of it.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use validator_base::exit::{EXIT_ERROR, EXIT_FAILED, EXIT_OK};
use validator_core::diagnostic::Applicability;
use validator_core::fix::{FixOutcome, FixSelection, FixedFile};
use validator_core::render::diff::{FileChange, unified_diff};
use validator_core::render::{Format, Options};
use validator_core::{Config, Error, Report, config};

use crate::cli::{CheckArgs, FixArgs};

/// What the run does with the fixed texts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// `--fix`: write them, then report what is left.
    Write,
    /// `--diff`: print them as a unified diff, write nothing.
    Diff,
}

/// `validator check --fix|--diff` once the config is read and the paths are known:
/// prints what `main` prints (the diff, or the report of what is left, and the summary on
/// stderr), writes the fixed files, and returns the exit code.
pub fn run(
    args: &CheckArgs,
    fix: &FixArgs,
    cfg: &Config,
    paths: &[PathBuf],
    cwd: &Path,
    opts: &Options,
) -> Result<u8, Error> {
    let mode = if fix.diff { Mode::Diff } else { Mode::Write };
    let selection = selection(fix, cfg)?;
    let outcome = validator_core::fix::fix_paths(paths, cfg, cwd, &selection)?;
    let FixOutcome {
        files,
        applied,
        report: mut left,
        unfixed_files,
        ..
    } = outcome;
    for (path, why) in &unfixed_files {
        eprintln(&format!("not fixed: `{}`: {why}", path.display()));
    }
    if let Some(git_ref) = &args.changed_since {
        let changed = validator_core::changed::changed_files(cwd, git_ref)?;
        validator_core::changed::retain_changed(&mut left, &changed, cwd);
    }
    let changed: Vec<&FixedFile> = files.iter().filter(|f| f.before != f.after).collect();
    match mode {
        Mode::Diff => {
            let changes: Vec<FileChange<'_>> = changed
                .iter()
                .map(|f| FileChange {
                    path: &f.shown,
                    before: &f.before,
                    after: &f.after,
                })
                .collect();
            print(&unified_diff(&changes));
            eprintln(&summary("Would fix", applied, &left));
            Ok(if !left.problems.is_empty() {
                EXIT_ERROR
            } else if changed.is_empty() {
                EXIT_OK
            } else {
                EXIT_FAILED
            })
        }
        Mode::Write => {
            for file in &changed {
                write_atomically(file)?;
            }
            print(&validator_core::render::render(&left, opts));
            if opts.format == Format::Human {
                eprintln(&summary("Fixed", applied, &left));
            }
            let fail_on = args.fail_on.or(cfg.check.fail_on).unwrap_or_default();
            Ok(left.exit_code(fail_on))
        }
    }
}

/// The rules to fix: `--fix-only` when given (each a rule that has a fix), else `[check]
/// fix` of `validator.toml` (checked when it was read), else every rule.
fn selection(fix: &FixArgs, cfg: &Config) -> Result<FixSelection, Error> {
    let only = if fix.fix_only.is_empty() {
        cfg.check.fix.clone()
    } else {
        fix.fix_only
            .iter()
            .map(|name| config::fixable_rule(name, None))
            .collect::<Result<_, _>>()?
    };
    Ok(FixSelection {
        only,
        unsafe_fixes: fix.unsafe_fixes,
    })
}

/// ruff's summary: `Fixed 2 findings (1 remaining)`, and the fixes left for
/// `--unsafe-fixes`.
fn summary(verb: &str, applied: usize, left: &Report) -> String {
    let remaining = left.findings.len();
    let unsafe_left = left
        .findings
        .iter()
        .filter(|f| {
            f.fix
                .as_ref()
                .is_some_and(|x| x.applicability == Applicability::Unsafe)
        })
        .count();
    let mut out = format!(
        "{verb} {applied} finding{} ({remaining} remaining",
        if applied == 1 { "" } else { "s" }
    );
    if unsafe_left > 0 {
        out.push_str(&format!(
            "; {unsafe_left} with an unsafe fix, applied by `--unsafe-fixes`"
        ));
    }
    out.push(')');
    out
}

/// Writes `file.after` over `file.path` through a temporary file in the same directory
/// and a rename, keeping the file's permissions; refuses when the file changed on disk
/// since it was read. A symbolic link is followed: its target is rewritten.
fn write_atomically(file: &FixedFile) -> Result<(), Error> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |cause| Error::Io { path, cause }
    };
    let target = std::fs::canonicalize(&file.path).map_err(io(&file.shown))?;
    let now = std::fs::read_to_string(&target).map_err(io(&file.shown))?;
    if now != file.before {
        return Err(Error::Input {
            cause: format!(
                "`{}` changed while it was being fixed; nothing written to it, run `validator check --fix` again",
                file.shown.display()
            ),
        });
    }
    validator_base::fs::write_atomically(&target, file.after.as_bytes()).map_err(|cause| {
        Error::Io {
            path: file.shown.clone(),
            cause,
        }
    })?;
    Ok(())
}

fn print(text: &str) {
    let _ = std::io::stdout().write_all(text.as_bytes());
}

fn eprintln(text: &str) {
    let _ = writeln!(std::io::stderr(), "{text}");
}
