//! Finding the files to check: walks directories with `ignore` (so `.gitignore` and
//! hidden directories are respected), keeps `.rs` files, applies `exclude` globs.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::error::Error;

/// A file to check, with the root it was found under (module paths start there).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Input {
    /// The file on disk.
    pub(crate) path: PathBuf,
    /// The directory module paths are computed from.
    pub(crate) root: PathBuf,
    /// Findings in this file are reported (other files are context only).
    pub(crate) report: bool,
}

/// Compile `exclude` globs.
pub(crate) fn excludes(patterns: &[String], config: Option<&Path>) -> Result<GlobSet, Error> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        let glob = Glob::new(p).map_err(|e| Error::Config {
            path: config.map(Path::to_path_buf),
            pos: None,
            cause: format!("bad `exclude` pattern `{p}`: {e}"),
        })?;
        b.add(glob);
    }
    b.build().map_err(|e| Error::Config {
        path: config.map(Path::to_path_buf),
        pos: None,
        cause: e.to_string(),
    })
}

/// The module root of a directory: its `src/` when it is a crate directory.
fn module_root(dir: &Path) -> PathBuf {
    let src = dir.join("src");
    if dir.join("Cargo.toml").is_file() && src.is_dir() {
        src
    } else {
        dir.to_path_buf()
    }
}

/// Expand paths into inputs. A file argument brings its sibling files in as context, so
/// its relations can be followed; only the file itself is reported.
pub(crate) fn collect(
    paths: &[PathBuf],
    exclude: &GlobSet,
    base: &Path,
) -> Result<Vec<Input>, Error> {
    let mut roots: Vec<(PathBuf, Option<PathBuf>)> = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|cause| match cause.kind() {
            std::io::ErrorKind::NotFound => Error::Input {
                cause: format!("`{}` does not exist", p.display()),
            },
            _ => Error::Io {
                path: p.clone(),
                cause,
            },
        })?;
        if meta.is_dir() {
            roots.push((module_root(p), None));
        } else {
            let dir = p
                .parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
            let dir = if dir.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                dir
            };
            roots.push((dir, Some(p.clone())));
        }
    }
    let mut out: Vec<Input> = Vec::new();
    for (root, only) in &roots {
        // A file argument brings in its siblings only: enough for `super::` paths,
        // without walking a large parent directory.
        let depth = only.as_ref().map(|_| 1);
        for entry in ignore::WalkBuilder::new(root)
            .max_depth(depth)
            .sort_by_file_name(Ord::cmp)
            .build()
        {
            let entry = entry.map_err(|e| Error::Io {
                path: root.clone(),
                cause: std::io::Error::other(e.to_string()),
            })?;
            let path = entry.path();
            if path.extension().is_none_or(|x| x != "rs")
                || !entry.file_type().is_some_and(|t| t.is_file())
            {
                continue;
            }
            let rel = path.strip_prefix(base).unwrap_or(path);
            if exclude.is_match(rel) || exclude.is_match(path) {
                continue;
            }
            let report = match only {
                Some(f) => same_file(f, path),
                None => true,
            };
            out.push(Input {
                path: path.to_path_buf(),
                root: root.clone(),
                report,
            });
        }
    }
    // A file reached from two roots keeps the outermost root (the longest module path),
    // and is reported if any argument asked for it.
    out.sort_by(|a, b| {
        a.path
            .cmp(&b.path)
            .then(a.root.as_os_str().len().cmp(&b.root.as_os_str().len()))
    });
    let mut dedup: Vec<Input> = Vec::with_capacity(out.len());
    for i in out {
        match dedup.last_mut() {
            Some(last) if last.path == i.path => last.report |= i.report,
            _ => dedup.push(i),
        }
    }
    Ok(dedup)
}

fn same_file(a: &Path, b: &Path) -> bool {
    a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

/// Module path of a file under its root: `entities/user.rs` gives `["entities", "user"]`;
/// `mod.rs`, `lib.rs` and `main.rs` stand for their directory.
pub(crate) fn module_path(root: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(root).unwrap_or(file);
    let mut segs: Vec<String> = rel
        .with_extension("")
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    if segs
        .last()
        .is_some_and(|l| l == "mod" || ((l == "lib" || l == "main") && segs.len() == 1))
    {
        segs.pop();
    }
    segs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_paths() {
        let r = Path::new("/c/src");
        assert_eq!(
            module_path(r, Path::new("/c/src/entities/user.rs")),
            vec!["entities", "user"]
        );
        assert_eq!(
            module_path(r, Path::new("/c/src/entities/mod.rs")),
            vec!["entities"]
        );
        assert!(module_path(r, Path::new("/c/src/lib.rs")).is_empty());
    }
}
