//! Table identity: `Table::create().table(user::Entity)` and
//! `schema.create_table_from_entity(Entity)` name the entity's table. The entity sources
//! (the migration crate's own, and those of its path dependencies that its code names)
//! are read with `check`'s model, and a path is resolved through the migration file's
//! `use` lines, as the compiler would.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use syn::{Item, UseTree};

use crate::config::Config;
use crate::model::Model;

/// A file's `use` lines: local name to full path, and glob imports.
#[derive(Clone, Debug, Default)]
pub(crate) struct Uses {
    names: HashMap<String, Vec<String>>,
    globs: Vec<Vec<String>>,
}

impl Uses {
    /// Whether the file may see `name` from another module of its crate: imported by name,
    /// or through a glob of `crate::`/`super::`/`self::` (not a library's prelude).
    pub(crate) fn imports(&self, name: &str) -> bool {
        self.names.contains_key(name)
            || self.globs.iter().any(|g| {
                g.first()
                    .is_some_and(|s| matches!(s.as_str(), "crate" | "super" | "self"))
            })
    }

    /// The `use` items of a file (top level and in its inline modules).
    pub(crate) fn of(file: &syn::File) -> Uses {
        let mut out = Uses::default();
        collect_items(&file.items, &mut out);
        out
    }
}

fn collect_items(items: &[Item], out: &mut Uses) {
    for item in items {
        match item {
            Item::Use(u) => tree(&u.tree, &mut Vec::new(), out),
            Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    collect_items(inner, out);
                }
            }
            _ => {}
        }
    }
}

fn tree(t: &UseTree, prefix: &mut Vec<String>, out: &mut Uses) {
    match t {
        UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            tree(&p.tree, prefix, out);
            prefix.pop();
        }
        UseTree::Name(n) => {
            let mut full = prefix.clone();
            full.push(n.ident.to_string());
            out.names.insert(n.ident.to_string(), full);
        }
        UseTree::Rename(r) => {
            let mut full = prefix.clone();
            full.push(r.ident.to_string());
            out.names.insert(r.rename.to_string(), full);
        }
        UseTree::Glob(_) => out.globs.push(prefix.clone()),
        UseTree::Group(g) => {
            for t in &g.items {
                tree(t, prefix, out);
            }
        }
    }
}

/// The entities a migration crate can name.
#[derive(Default)]
pub(crate) struct Entities {
    model: Model,
}

impl Entities {
    /// Reads the entities under `dirs` (missing ones are skipped).
    pub(crate) fn load(dirs: &[PathBuf], cwd: &Path) -> Entities {
        let dirs: Vec<PathBuf> = dirs.iter().filter(|d| d.is_dir()).cloned().collect();
        if dirs.is_empty() {
            return Entities::default();
        }
        let model = crate::check::check_paths(&dirs, &Config::default(), cwd)
            .map(|r| r.model)
            .unwrap_or_default();
        Entities { model }
    }

    /// Whether any entity was found.
    pub(crate) fn is_empty(&self) -> bool {
        self.model.entities.is_empty()
    }

    /// The table of the entity that `path` (as written in `file`, with `uses`) names.
    /// When several modules could be meant, the one in `file` wins (migrations often
    /// define the entity they create in the migration's own file).
    pub(crate) fn table(&self, path: &[String], uses: &Uses, file: &Path) -> Option<String> {
        if self.is_empty() {
            return None;
        }
        let first = path.first()?;
        let mut candidates: Vec<Vec<String>> = Vec::new();
        if let Some(full) = uses.names.get(first) {
            let mut c = full.clone();
            c.extend(path.iter().skip(1).cloned());
            candidates.push(c);
        }
        candidates.push(path.to_vec());
        for g in &uses.globs {
            let mut c = g.clone();
            c.extend(path.iter().cloned());
            candidates.push(c);
        }
        for c in candidates {
            if c.len() == 1 && c.first().is_some_and(|s| s == "Entity") {
                continue;
            }
            if let Some(e) = self.model.lookup(&c.join("::")) {
                return Some(e.table.to_string());
            }
            let mut segs: Vec<&str> = c
                .iter()
                .map(String::as_str)
                .filter(|s| !matches!(*s, "crate" | "super" | "self"))
                .collect();
            if segs.last() == Some(&"Entity") {
                segs.pop();
            }
            if segs.is_empty() {
                continue;
            }
            let joined = segs.join("::");
            let mut here = self.model.entities.iter().filter(|e| {
                e.file == file
                    && (e.module.as_str() == joined || e.module.ends_with(&format!("::{joined}")))
            });
            if let (Some(e), None) = (here.next(), here.next()) {
                return Some(e.table.to_string());
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_use_lines() {
        let f: syn::File = syn::parse_str(
            "use entity::{user, prelude::*}; use crate::entities::post::Entity as Post;",
        )
        .unwrap();
        let u = Uses::of(&f);
        assert_eq!(u.names.get("user").unwrap(), &["entity", "user"]);
        assert_eq!(
            u.names.get("Post").unwrap(),
            &["crate", "entities", "post", "Entity"]
        );
        assert_eq!(u.globs, [vec!["entity".to_owned(), "prelude".to_owned()]]);
    }
}
