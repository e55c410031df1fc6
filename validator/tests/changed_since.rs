//! `check --changed-since <ref>` on a real temporary git repository: a finding is reported
//! when its primary or its related location is in a changed file, and only then.

use std::path::Path;
use std::process::{Command, Output};

const PARENT: &str = r#"use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "user")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
}

impl ActiveModelBehavior for ActiveModel {}
"#;

const CHILD: &str = r#"use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "credit_transaction")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    #[sea_orm(belongs_to, from = "user_id", to = "id")]
    pub user: BelongsTo<super::user::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
"#;

const UNRELATED: &str = r#"use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "setting")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
}

impl ActiveModelBehavior for ActiveModel {}
"#;

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .current_dir(dir)
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

fn check(dir: &Path, git_ref: &str) -> (Option<i32>, String) {
    let Output { status, stdout, .. } = Command::new(env!("CARGO_BIN_EXE_validator"))
        .args([
            "check",
            "src",
            "--format",
            "json",
            "--changed-since",
            git_ref,
        ])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (status.code(), String::from_utf8_lossy(&stdout).into_owned())
}

/// A repository whose first commit has the seed bug: `credit_transaction` belongs to
/// `user`, and `user` declares nothing back.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir(&src).unwrap();
    std::fs::write(
        src.join("lib.rs"),
        "pub mod credit_transaction;\npub mod setting;\npub mod user;\n",
    )
    .unwrap();
    std::fs::write(src.join("user.rs"), PARENT).unwrap();
    std::fs::write(src.join("credit_transaction.rs"), CHILD).unwrap();
    std::fs::write(src.join("setting.rs"), UNRELATED).unwrap();
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "seed"]);
    dir
}

#[test]
fn without_changes_nothing_is_reported() {
    let repo = repository();
    let (code, json) = check(repo.path(), "HEAD");
    assert_eq!(code, Some(0), "{json}");
    assert!(!json.contains("missing-back-reference"), "{json}");
}

#[test]
fn a_change_to_an_unrelated_file_reports_nothing() {
    let repo = repository();
    let file = repo.path().join("src/setting.rs");
    std::fs::write(&file, format!("// tweaked\n{UNRELATED}")).unwrap();
    let (code, json) = check(repo.path(), "HEAD");
    assert_eq!(code, Some(0), "{json}");
}

#[test]
fn a_change_on_the_other_side_reports_the_finding() {
    let repo = repository();
    // The parent changed (unstaged): the finding's primary is on the child, its related
    // label on the parent, so it is reported.
    std::fs::write(
        repo.path().join("src/user.rs"),
        format!("// tweaked\n{PARENT}"),
    )
    .unwrap();
    let (code, json) = check(repo.path(), "HEAD");
    assert_eq!(code, Some(1), "{json}");
    assert!(json.contains("missing-back-reference"), "{json}");
}

#[test]
fn committed_changes_since_the_ref_count() {
    let repo = repository();
    std::fs::write(
        repo.path().join("src/credit_transaction.rs"),
        format!("// v2\n{CHILD}"),
    )
    .unwrap();
    git(repo.path(), &["commit", "-q", "-am", "touch the child"]);
    let (code, json) = check(repo.path(), "HEAD~1");
    assert_eq!(code, Some(1), "{json}");
    let (code, _) = check(repo.path(), "HEAD");
    assert_eq!(code, Some(0));
}

#[test]
fn an_unknown_ref_is_an_input_error() {
    let repo = repository();
    let (code, _) = check(repo.path(), "no-such-branch");
    assert_eq!(code, Some(2));
    let (code, _) = check(repo.path(), "--output=/tmp/x");
    assert_eq!(code, Some(2));
}

#[test]
fn completions_are_generated() {
    let output = Command::new(env!("CARGO_BIN_EXE_validator"))
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let script = String::from_utf8_lossy(&output.stdout);
    assert!(script.contains("_validator") && script.contains("changed-since"));
}
