//! `validator graph`: snapshots of the ER diagrams, and the README's diagram kept current.

use std::path::{Path, PathBuf};

use validator_core::Config;
use validator_core::diagram::{DiagramFormat, render};

fn root() -> PathBuf {
    validator_base::path::workspace_root(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap_or_default()
}

fn diagram(dir: &Path, format: DiagramFormat) -> String {
    let report = validator_core::check_paths(&[dir.to_path_buf()], &Config::default(), &root())
        .unwrap_or_else(|err| panic!("{err}"));
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    render(&report.model, format)
}

#[test]
fn workspace_entities_as_mermaid() {
    insta::assert_snapshot!(diagram(&root().join("entity/src"), DiagramFormat::Mermaid));
}

#[test]
fn workspace_entities_as_dot() {
    insta::assert_snapshot!(diagram(&root().join("entity/src"), DiagramFormat::Dot));
}

#[test]
fn optional_unique_self_and_composite_keys_as_mermaid() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/graph/keys");
    insta::assert_snapshot!(diagram(&dir, DiagramFormat::Mermaid));
}

#[test]
fn optional_unique_self_and_composite_keys_as_dot() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/graph/keys");
    insta::assert_snapshot!(diagram(&dir, DiagramFormat::Dot));
}

/// The README embeds this workspace's diagram between two markers; regenerate it with
/// `cargo run -p validator -- graph` when the entities change.
#[test]
fn readme_diagram_is_current() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap_or_default();
    let (start, end) = ("<!-- graph:start -->\n", "<!-- graph:end -->");
    let embedded = readme
        .split_once(start)
        .and_then(|(_, rest)| rest.split_once(end))
        .map(|(inside, _)| inside)
        .unwrap_or_else(|| panic!("README.md has no {start:?} ... {end:?} section"));
    let expected = format!(
        "```mermaid\n{}```\n",
        diagram(&root().join("entity/src"), DiagramFormat::Mermaid)
    );
    assert_eq!(
        embedded, expected,
        "README.md's diagram is stale: replace it with the output of `cargo run -p validator -- graph`"
    );
}
