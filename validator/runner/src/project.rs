//! Where a migrator's source files and its project's entities live, for the runner
//! commands that read sources (`lint` names a migration's file; `verify` compares the
//! migrated schema with the entities).
//!
//! A compiled runner does not know where its sources are, so they are found at run time:
//! `--migration-dir` / `--entity-dir` when given; else, from the Cargo workspace that
//! contains the working directory, its `migration/src` and `entity/src` (the layout
//! `sea-orm-cli` generates); else nothing, and the command says what it could not find.

use std::path::{Path, PathBuf};

/// The directories a runner command may read. `None` means "not found".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProjectPaths {
    /// The migration crate's `src/`, holding one file per migration.
    pub migration_src: Option<PathBuf>,
    /// The directory of SeaORM entity sources.
    pub entity_src: Option<PathBuf>,
}

impl ProjectPaths {
    /// Uses the given directories, and looks the others up from `cwd`'s workspace.
    pub fn discover(
        cwd: &Path,
        migration_dir: Option<PathBuf>,
        entity_dir: Option<PathBuf>,
    ) -> Self {
        let root = validator_base::path::workspace_root(cwd);
        let conventional = |relative: &str| {
            root.as_ref()
                .map(|root| root.join(relative))
                .filter(|dir| dir.is_dir())
        };
        ProjectPaths {
            migration_src: migration_dir.or_else(|| conventional("migration/src")),
            entity_src: entity_dir.or_else(|| conventional("entity/src")),
        }
    }

    /// The file a migration named `name` was compiled from: `DeriveMigrationName` names a
    /// migration after its file's stem, so it is `<migration_src>/<name>.rs` when present.
    pub fn migration_file(&self, name: &str) -> Option<PathBuf> {
        let file = self.migration_src.as_ref()?.join(format!("{name}.rs"));
        file.is_file().then_some(file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_conventional_layout_of_this_workspace() {
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        let paths = ProjectPaths::discover(here, None, None);
        let root = here.ancestors().nth(2).unwrap_or(here);
        assert_eq!(paths.migration_src, Some(root.join("migration/src")));
        assert_eq!(paths.entity_src, Some(root.join("entity/src")));
        assert!(
            paths
                .migration_file("m20261126_000001_create_users")
                .is_some()
        );
        assert_eq!(paths.migration_file("m_nope"), None);
    }

    #[test]
    fn given_directories_win() {
        let given = PathBuf::from("/elsewhere/entities");
        let paths = ProjectPaths::discover(Path::new("/"), None, Some(given.clone()));
        assert_eq!(paths.entity_src, Some(given));
        assert_eq!(paths.migration_src, None);
    }
}
