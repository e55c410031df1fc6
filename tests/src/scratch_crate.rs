//! Scratch copies of this workspace's crates, built for real: a test edits the copy
//! (generated migrations, fixed entities) and proves the result compiles and runs.
//!
//! A scratch workspace holds copies of the chosen member crates (`entity`, `migration`)
//! beside a `Cargo.toml` derived from this workspace's (same dependency table, same
//! profiles; the other workspace crates become path dependencies on the originals) and
//! this workspace's `Cargo.lock`, so `cargo build --offline` uses the locked versions
//! and needs no network. Every scratch build uses ONE target directory,
//! `<workspace target>/scratch-crates/target`: the dependencies compile once, and each
//! build after that compiles only the copied crates.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

/// A temporary workspace with copies of some of this workspace's crates.
pub struct ScratchWorkspace {
    dir: TempDir,
}

/// The workspace root (the directory holding `Cargo.lock`).
pub fn workspace_root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.ancestors()
        .find(|d| d.join("Cargo.lock").is_file())
        .unwrap_or(here)
        .to_path_buf()
}

/// The workspace's target directory: `CARGO_TARGET_DIR` when set, else `target/`.
pub fn workspace_target() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|p| {
            if p.is_absolute() {
                p
            } else {
                workspace_root().join(p)
            }
        })
        .unwrap_or_else(|| workspace_root().join("target"))
}

/// Where scratch builds live: `<target>/scratch-crates`, with ONE `target/` inside that
/// every scratch build shares.
pub fn scratch_dir() -> PathBuf {
    workspace_target().join("scratch-crates")
}

/// The target directory of every scratch build.
pub fn target_dir() -> PathBuf {
    scratch_dir().join("target")
}

impl ScratchWorkspace {
    /// Copies `crates` (directories of workspace members, such as `"entity"`) into a new
    /// scratch workspace.
    ///
    /// # Panics
    /// When the files cannot be copied or the manifest cannot be read.
    pub fn new(crates: &[&str]) -> ScratchWorkspace {
        let root = workspace_root();
        let dir = tempfile::Builder::new()
            .prefix("scratch-workspace-")
            .tempdir()
            .unwrap_or_else(|e| panic!("cannot create a scratch workspace: {e}"));
        for name in crates {
            // Tests and dev-dependencies stay behind: they would pull the originals of the
            // copied crates (through `workspace-tests`) into the same build.
            let to = dir.path().join(name);
            copy_dir(&root.join(name), &to, &["target", "tests", "benches"]);
            let manifest = to.join("Cargo.toml");
            let text = std::fs::read_to_string(&manifest)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", manifest.display()));
            std::fs::write(&manifest, without_dev_dependencies(&text))
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", manifest.display()));
        }
        let manifest = std::fs::read_to_string(root.join("Cargo.toml"))
            .unwrap_or_else(|e| panic!("cannot read the workspace manifest: {e}"));
        std::fs::write(
            dir.path().join("Cargo.toml"),
            scratch_manifest(&manifest, crates, &root),
        )
        .unwrap_or_else(|e| panic!("cannot write the scratch manifest: {e}"));
        std::fs::copy(root.join("Cargo.lock"), dir.path().join("Cargo.lock"))
            .unwrap_or_else(|e| panic!("cannot copy Cargo.lock: {e}"));
        ScratchWorkspace { dir }
    }

    /// The scratch workspace's root.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `cargo <args>` in the scratch workspace, offline, in the shared target directory.
    pub fn cargo(&self, args: &[&str]) -> Output {
        Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
            .args(args)
            .arg("--offline")
            .current_dir(self.path())
            // The test's own build settings must not leak into this build.
            .env("CARGO_TARGET_DIR", target_dir())
            .env_remove("CARGO_BUILD_TARGET_DIR")
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .output()
            .unwrap_or_else(|e| panic!("cannot run cargo: {e}"))
    }

    /// Builds `package` (all of its targets' binaries and libraries); panics with cargo's
    /// output when it does not compile.
    pub fn build(&self, package: &str) {
        let output = self.cargo(&["build", "--quiet", "-p", package]);
        assert!(
            output.status.success(),
            "`{package}` does not compile in {}:\n{}",
            self.path().display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// The path of a binary built by [`ScratchWorkspace::build`].
    pub fn binary(&self, name: &str) -> PathBuf {
        target_dir()
            .join("debug")
            .join(format!("{name}{}", std::env::consts::EXE_SUFFIX))
    }
}

/// The workspace manifest with only `crates` as members, and every other workspace crate
/// a path dependency on the original.
fn scratch_manifest(manifest: &str, crates: &[&str], root: &Path) -> String {
    let members: Vec<String> = crates.iter().map(|c| format!("{c:?}")).collect();
    let mut out = String::new();
    let mut in_workspace = false;
    for line in manifest.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            in_workspace = trimmed == "[workspace]";
        }
        if in_workspace && trimmed.starts_with("members") {
            out.push_str(&format!("members = [{}]\n", members.join(", ")));
            continue;
        }
        if in_workspace && trimmed.starts_with("default-members") {
            continue;
        }
        // `name = { path = "dir", .. }`: copied crates stay relative, the rest point back.
        if let Some(start) = line.find("path = \"") {
            let rest = &line[start + 8..];
            if let Some(end) = rest.find('"') {
                let path = &rest[..end];
                if !crates.contains(&path) {
                    let absolute = root.join(path);
                    out.push_str(&line[..start + 8]);
                    out.push_str(&absolute.display().to_string());
                    out.push_str(&rest[end..]);
                    out.push('\n');
                    continue;
                }
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// A package manifest without its `[dev-dependencies]` table.
fn without_dev_dependencies(manifest: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in manifest.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            skipping = trimmed == "[dev-dependencies]";
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Copies a directory tree, skipping `skip` names.
fn copy_dir(from: &Path, to: &Path, skip: &[&str]) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("cannot create {}: {e}", to.display()));
    let entries =
        std::fs::read_dir(from).unwrap_or_else(|e| panic!("cannot read {}: {e}", from.display()));
    for entry in entries.flatten() {
        let name = entry.file_name();
        if skip.iter().any(|s| name == *s) {
            continue;
        }
        let source = entry.path();
        let target = to.join(&name);
        if source.is_dir() {
            copy_dir(&source, &target, skip);
        } else {
            std::fs::copy(&source, &target)
                .unwrap_or_else(|e| panic!("cannot copy {}: {e}", source.display()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manifest_keeps_copies_relative_and_points_the_rest_back() {
        let manifest = "[workspace]\nmembers = [\"entity\", \"validator\"]\ndefault-members = [\"validator\"]\n\n[workspace.dependencies]\nentity = { path = \"entity\" }\nvalidator-runner = { path = \"validator/runner\" }\n";
        let out = scratch_manifest(manifest, &["entity", "migration"], Path::new("/ws"));
        assert!(
            out.contains("members = [\"entity\", \"migration\"]\n"),
            "{out}"
        );
        assert!(!out.contains("default-members"), "{out}");
        assert!(out.contains("entity = { path = \"entity\" }"), "{out}");
        assert!(
            out.contains("validator-runner = { path = \"/ws/validator/runner\" }"),
            "{out}"
        );
    }
}
