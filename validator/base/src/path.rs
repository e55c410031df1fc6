//! Paths as the user sees them, and the workspace they sit in.

use std::path::{Component, Path, PathBuf};

/// The path shown to the user: relative to `cwd` when under it, without `./`.
pub fn display_path(path: &Path, cwd: &Path) -> PathBuf {
    let rel = path.strip_prefix(cwd).unwrap_or(path);
    rel.components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect()
}

/// Walks up from `start` to the directory whose `Cargo.toml` declares `[workspace]`.
pub fn workspace_root(start: &Path) -> Option<PathBuf> {
    start.ancestors().find_map(|dir| {
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).ok()?;
        manifest
            .lines()
            .any(|l| l.trim() == "[workspace]")
            .then(|| dir.to_path_buf())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_under_the_working_directory_are_relative() {
        let cwd = Path::new("/work/app");
        assert_eq!(
            display_path(Path::new("/work/app/./entity/src/user.rs"), cwd),
            PathBuf::from("entity/src/user.rs")
        );
        assert_eq!(
            display_path(Path::new("/elsewhere/x.rs"), cwd),
            PathBuf::from("/elsewhere/x.rs")
        );
    }
}
