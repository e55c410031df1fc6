//! `--changed-since <git-ref>`: keep only the findings that touch a changed file.
//!
//! The whole model is still built and checked, because a change on one side of a relation
//! can break the other; only the report is narrowed. A finding is kept when its primary
//! location or any related location is in a file that differs from `<git-ref>`: committed
//! since, staged, modified in the working tree, or new and untracked.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::diagnostic::{Finding, Summary};
use crate::error::Error;
use crate::report::Report;

/// Files that differ from `git_ref`, as absolute, normalised paths.
pub fn changed_files(cwd: &Path, git_ref: &str) -> Result<HashSet<PathBuf>, Error> {
    if git_ref.starts_with('-') {
        return Err(Error::Input {
            cause: format!("`{git_ref}` is not a git ref"),
        });
    }
    let root = git(cwd, &["rev-parse", "--show-toplevel"])?;
    let root = PathBuf::from(root.trim());
    // `--end-of-options` keeps a ref from being read as an option; `<ref>` alone compares
    // the working tree (staged and unstaged changes included) with that commit.
    let diff = git(
        &root,
        &[
            "diff",
            "--name-only",
            "--no-renames",
            "--end-of-options",
            git_ref,
            "--",
        ],
    )?;
    let untracked = git(&root, &["ls-files", "--others", "--exclude-standard"])?;
    Ok(diff
        .lines()
        .chain(untracked.lines())
        .filter(|line| !line.is_empty())
        .map(|line| normalise(&root.join(line)))
        .collect())
}

/// Drops the findings that touch none of `changed`, and recounts the summary.
/// Finding paths are relative to `cwd` or absolute.
pub fn retain_changed(report: &mut Report, changed: &HashSet<PathBuf>, cwd: &Path) {
    let touches = |finding: &Finding| {
        std::iter::once(&finding.primary)
            .chain(&finding.related)
            .filter_map(|label| label.file.as_ref())
            .any(|file| changed.contains(&normalise(&cwd.join(file))))
    };
    report.findings.retain(touches);
    let Summary {
        files,
        entities,
        relations,
        suppressed,
        problems,
        ..
    } = report.summary;
    let transaction = report.summary.transaction.take();
    let mut summary = Summary {
        files,
        entities,
        relations,
        suppressed,
        problems,
        transaction,
        ..Summary::default()
    };
    summary.count(&report.findings);
    crate::rules::entity::count_unchecked(&mut summary, &report.findings);
    report.summary = summary;
}

fn git(dir: &Path, args: &[&str]) -> Result<String, Error> {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|cause| Error::Input {
            cause: format!("--changed-since needs git: {cause}"),
        })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(Error::Input {
            cause: format!(
                "--changed-since: `git {}` failed: {}",
                args.join(" "),
                stderr.trim()
            ),
        });
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// An absolute path with `.` and `..` resolved, and symlinks too when the file exists.
fn normalise(path: &Path) -> PathBuf {
    if let Ok(real) = path.canonicalize() {
        return real;
    }
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    // A deleted file: resolve its directory, which may still exist, through symlinks.
    match (
        out.parent().and_then(|dir| dir.canonicalize().ok()),
        out.file_name(),
    ) {
        (Some(dir), Some(name)) => dir.join(name),
        _ => out,
    }
}
