//! Which module each file is. The directory layout gives a first answer (`a/b.rs` and
//! `a/b/mod.rs` are `a::b`); `mod` declarations then move the files they load elsewhere:
//! `#[path = "legacy/user_v1.rs"] mod user;` makes that file the module `user`, and the
//! files it declares follow it.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use super::parsed::ParsedFile;

/// The module path of every file, in input order; `None` when every file is where the
/// layout says (no `#[path]`: declarations load exactly the files the layout names).
pub(super) fn modules(files: &[Box<ParsedFile>]) -> Option<Vec<Vec<String>>> {
    if files
        .iter()
        .all(|f| f.mods().iter().all(|d| d.path_attr.is_none()))
    {
        return None;
    }
    let mut modules: Vec<Vec<String>> = files.iter().map(|f| f.module.clone()).collect();
    let by_path: HashMap<PathBuf, usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (normalise(&f.file), i))
        .collect();
    // A file loaded through `#[path]` is a "mod-rs" file: its children sit beside it.
    let mut beside = vec![false; files.len()];
    let mut queue: Vec<usize> = (0..files.len()).collect();
    // Each file moves at most once per declaration reaching it; the cap stops cycles.
    let mut budget = files.len().saturating_mul(4) + 16;
    while let Some(i) = queue.pop() {
        let Some(f) = files.get(i) else { continue };
        for d in f.mods() {
            let candidates = child_files(&f.file, beside.get(i).copied().unwrap_or(false), d);
            let Some(&j) = candidates.iter().find_map(|c| by_path.get(&normalise(c))) else {
                continue;
            };
            let Some(parent) = modules.get(i) else {
                continue;
            };
            let mut module = parent.clone();
            module.extend(d.inline.iter().cloned());
            module.push(d.name.clone());
            if d.path_attr.is_some()
                && let Some(b) = beside.get_mut(j)
            {
                *b = true;
            }
            if modules.get(j) != Some(&module) && budget > 0 {
                budget -= 1;
                if let Some(slot) = modules.get_mut(j) {
                    *slot = module;
                }
                queue.push(j);
            }
        }
    }
    Some(modules)
}

/// The files a `mod` declaration in `file` may load, by Rust's rules.
fn child_files(file: &Path, beside: bool, d: &super::parsed::ModDecl) -> Vec<PathBuf> {
    let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
    let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned());
    let mod_rs =
        beside || matches!(stem.as_deref(), Some("mod" | "lib" | "main")) || stem.is_none();
    let mut base = dir.clone();
    if let Some(path) = &d.path_attr {
        // Outside inline modules, `#[path]` is relative to the file's directory.
        if !d.inline.is_empty() {
            if !mod_rs && let Some(s) = &stem {
                base.push(s);
            }
            base.extend(&d.inline);
        }
        return vec![base.join(path)];
    }
    if !mod_rs && let Some(s) = &stem {
        base.push(s);
    }
    base.extend(&d.inline);
    vec![
        base.join(format!("{}.rs", d.name)),
        base.join(&d.name).join("mod.rs"),
    ]
}

/// A path with `.` and `..` resolved lexically (files are compared, not opened).
fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parsed::ModDecl;

    fn file(path: &str, module: &[&str], mods: Vec<ModDecl>) -> Box<ParsedFile> {
        let mut f = ParsedFile {
            file: path.into(),
            module: module.iter().map(|s| (*s).to_owned()).collect(),
            ..ParsedFile::default()
        };
        f.rare().mods = mods;
        Box::new(f)
    }

    fn decl(name: &str, path: Option<&str>) -> ModDecl {
        ModDecl {
            inline: Vec::new(),
            name: name.to_owned(),
            path_attr: path.map(str::to_owned),
        }
    }

    #[test]
    fn path_attributes_move_files_and_their_children() {
        let files = vec![
            file(
                "src/lib.rs",
                &[],
                vec![decl("user", Some("legacy/account.rs"))],
            ),
            file(
                "src/legacy/account.rs",
                &["legacy", "account"],
                vec![decl("token", None)],
            ),
            file("src/legacy/token.rs", &["legacy", "token"], vec![]),
            file("src/post.rs", &["post"], vec![]),
        ];
        let m = modules(&files).expect("moved");
        assert_eq!(m[1], ["user"]);
        assert_eq!(m[2], ["user", "token"]);
        assert_eq!(m[3], ["post"]);
    }
}
