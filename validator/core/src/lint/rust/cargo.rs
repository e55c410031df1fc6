//! What a migration crate's `Cargo.toml` says: the database backends it is built for
//! (the `sqlx-*` features of `sea-orm-migration` and `sea-orm`, inherited from the
//! workspace or forwarded through the crate's own `[features]`), and the path
//! dependencies where its entities may live.

use std::path::{Path, PathBuf};

use toml::{Table, Value};

use super::guard::Reach;
use validator_base::path::display_path;

/// The crates whose features choose the backend.
const SEA_CRATES: &[&str] = &["sea-orm-migration", "sea-orm"];

/// A migration crate's manifest, read.
pub(crate) struct Manifest {
    /// The crate's directory.
    pub(crate) dir: PathBuf,
    /// The manifest as shown in messages (`migration/Cargo.toml`).
    shown: String,
    table: Table,
    /// The workspace root's directory and manifest, when the crate is in a workspace.
    workspace: Option<(PathBuf, Table)>,
}

/// The backends a crate is built for, and the evidence.
pub(crate) struct Targets {
    pub(crate) reach: Reach,
    pub(crate) reason: String,
}

impl Manifest {
    /// The manifest of the crate whose sources are at `src` (the crate directory or its
    /// `src/`); `None` when there is none or it does not parse.
    pub(crate) fn find(src: &Path, cwd: &Path) -> Option<Manifest> {
        // The crate directory itself, or the nearest one above whose `src/` holds the
        // sources (a migration module deep inside an application crate).
        let dir = if src.join("Cargo.toml").is_file() {
            src.to_path_buf()
        } else {
            src.ancestors()
                .skip(1)
                .find(|d| d.join("Cargo.toml").is_file())
                .filter(|d| src.starts_with(d.join("src")))?
                .to_path_buf()
        };
        let path = dir.join("Cargo.toml");
        let table: Table = std::fs::read_to_string(&path).ok()?.parse().ok()?;
        let workspace = dir.ancestors().find_map(|d| {
            let text = std::fs::read_to_string(d.join("Cargo.toml")).ok()?;
            let t: Table = text.parse().ok()?;
            t.contains_key("workspace").then(|| (d.to_path_buf(), t))
        });
        Some(Manifest {
            shown: display_path(&path, cwd)
                .to_string_lossy()
                .replace('\\', "/"),
            dir,
            table,
            workspace,
        })
    }

    /// The manifest as shown in messages.
    pub(crate) fn shown(&self) -> &str {
        &self.shown
    }

    /// The workspace's `[workspace.dependencies]` entry for `name`.
    fn inherited(&self, name: &str) -> Option<&Value> {
        self.workspace
            .as_ref()?
            .1
            .get("workspace")?
            .get("dependencies")?
            .get(name)
    }

    /// `[dependencies]` entries as (key, the crate's real name, the entry).
    fn dependencies(&self) -> Vec<(&str, String, &Value)> {
        let Some(deps) = self.table.get("dependencies").and_then(Value::as_table) else {
            return Vec::new();
        };
        deps.iter()
            .map(|(key, v)| {
                let real = v
                    .get("package")
                    .and_then(Value::as_str)
                    .or_else(|| {
                        v.get("workspace")
                            .and_then(|_| self.inherited(key))
                            .and_then(|w| w.get("package"))
                            .and_then(Value::as_str)
                    })
                    .unwrap_or(key)
                    .to_owned();
                (key.as_str(), real, v)
            })
            .collect()
    }

    /// The backends the crate is built for, with the evidence; `None` when no feature says.
    pub(crate) fn targets(&self) -> Option<Targets> {
        let mut reach = Reach::NONE;
        let mut evidence = Vec::new();
        let mut sea_keys = Vec::new();
        for (key, real, v) in self.dependencies() {
            if !SEA_CRATES.contains(&real.as_str()) {
                continue;
            }
            sea_keys.push(key.to_owned());
            let mut found = Vec::new();
            for f in features(v) {
                if let Some(r) = backend_feature(&f) {
                    reach = reach | r;
                    found.push(f);
                }
            }
            let inherits = v.get("workspace").and_then(Value::as_bool) == Some(true);
            let mut from_workspace = Vec::new();
            if inherits && let Some(w) = self.inherited(key) {
                for f in features(w) {
                    if let Some(r) = backend_feature(&f) {
                        reach = reach | r;
                        from_workspace.push(f);
                    }
                }
            }
            if !found.is_empty() {
                evidence.push(format!("{real} features {}", found.join(", ")));
            }
            if !from_workspace.is_empty() {
                evidence.push(format!(
                    "{real} features {} from the workspace's Cargo.toml",
                    from_workspace.join(", ")
                ));
            }
        }
        // Features the crate forwards (`postgres = ["sea-orm-migration/sqlx-postgres"]`):
        // each is a backend the crate can be built for.
        if let Some(own) = self.table.get("features").and_then(Value::as_table) {
            for (name, list) in own {
                let Some(list) = list.as_array() else {
                    continue;
                };
                for entry in list.iter().filter_map(Value::as_str) {
                    let Some((dep, feature)) = entry.split_once('/') else {
                        continue;
                    };
                    let dep = dep.trim_end_matches('?');
                    if !sea_keys.iter().any(|k| k == dep) {
                        continue;
                    }
                    if let Some(r) = backend_feature(feature) {
                        reach = reach | r;
                        evidence.push(format!("feature `{name}` enables {dep}/{feature}"));
                    }
                }
            }
        }
        if reach.is_empty() {
            return None;
        }
        Some(Targets {
            reach,
            reason: format!("{}: {}", self.shown, evidence.join("; ")),
        })
    }

    /// Where the crate's path dependencies keep their sources, by the name code uses for
    /// them (`entity`), for finding entities.
    pub(crate) fn path_dependencies(&self) -> Vec<(String, PathBuf)> {
        let mut out = Vec::new();
        for (key, real, v) in self.dependencies() {
            if SEA_CRATES.contains(&real.as_str()) {
                continue;
            }
            let path = match v.get("path").and_then(Value::as_str) {
                Some(p) => Some(self.dir.join(p)),
                None if v.get("workspace").is_some() => {
                    self.workspace.as_ref().and_then(|(root, _)| {
                        self.inherited(key)
                            .and_then(|w| w.get("path"))
                            .and_then(Value::as_str)
                            .map(|p| root.join(p))
                    })
                }
                None => None,
            };
            if let Some(p) = path {
                out.push((key.replace('-', "_"), p.join("src")));
            }
        }
        out
    }
}

fn features(v: &Value) -> Vec<String> {
    v.get("features")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// The backend a `sea-orm`/`sea-orm-migration` feature builds in.
fn backend_feature(f: &str) -> Option<Reach> {
    match f {
        "sqlx-postgres" => Some(Reach::of(&[validator_base::Backend::Postgres])),
        "sqlx-sqlite" | "rusqlite" => Some(Reach::of(&[validator_base::Backend::Sqlite])),
        "sqlx-mysql" => Some(Reach::MYSQL),
        "sqlx-all" => Some(Reach::ALL),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, rel: &str, text: &str) {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    #[test]
    fn reads_inherited_and_forwarded_features() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        write(
            root,
            "Cargo.toml",
            "[workspace]\nmembers = [\"migration\"]\n[workspace.dependencies]\nsea-orm-migration = { version = \"1\", features = [\"sqlx-postgres\"] }\nentity = { path = \"entity\" }\n",
        );
        write(
            root,
            "migration/Cargo.toml",
            "[package]\nname = \"migration\"\n[dependencies]\nsea-orm-migration = { workspace = true, features = [\"runtime-tokio-rustls\"] }\nentity.workspace = true\n[features]\nlite = [\"sea-orm-migration/sqlx-sqlite\"]\n",
        );
        let m = Manifest::find(&root.join("migration/src"), root).unwrap();
        let t = m.targets().unwrap();
        assert_eq!(
            t.reach,
            Reach::of(&[
                validator_base::Backend::Postgres,
                validator_base::Backend::Sqlite
            ])
        );
        assert!(t.reason.contains("from the workspace"), "{}", t.reason);
        assert!(t.reason.contains("feature `lite`"), "{}", t.reason);
        assert_eq!(
            m.path_dependencies(),
            [("entity".to_owned(), root.join("entity").join("src"))]
        );
    }
}
