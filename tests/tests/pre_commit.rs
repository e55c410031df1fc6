//! The pre-commit hooks as another repository uses them: `pre-commit` (from PyPI) installs
//! this repository's `.pre-commit-hooks.yaml` into a fixture repository's git hooks. A
//! commit that brings the seed bug into the entities is refused by `validator-check`; a
//! migration left out of `migrations()` is refused by `validator-lint`; the fixed commits
//! go through. With `validator-check-fix` instead, the hook writes the missing
//! back-reference itself: the commit is refused because the hook changed a file (as with
//! ruff's `--fix`), and once the change is staged the commit goes through.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use workspace_tests::tools;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn run(program: &str, args: &[&str], dir: &Path) -> Output {
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        // pre-commit's cache, and the hook's cargo build, stay inside this workspace's
        // target directory, so later runs reuse the dependency builds.
        .env(
            "PRE_COMMIT_HOME",
            workspace().join("target/pre-commit-home"),
        )
        .env(
            "CARGO_TARGET_DIR",
            workspace().join("target/pre-commit-hook"),
        )
        .env("VALIDATOR_HOOK_PROFILE", "dev")
        .output()
        .unwrap_or_else(|err| panic!("{program}: {err}"))
}

fn ok(output: &Output) -> bool {
    output.status.success()
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// A git repository holding this workspace's files as they are now (tracked and new,
/// committed or not), so pre-commit can clone the hooks being tested.
fn hook_repository() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let listing = run(
        "git",
        &[
            "ls-files",
            "--cached",
            "--others",
            "--exclude-standard",
            "-z",
        ],
        &workspace(),
    );
    assert!(ok(&listing), "{}", text(&listing));
    for name in String::from_utf8_lossy(&listing.stdout).split('\0') {
        let from = workspace().join(name);
        if name.is_empty() || !from.is_file() {
            continue;
        }
        let to = dir.path().join(name);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&from, &to).unwrap();
    }
    for args in [
        &["init", "-q"][..],
        &["add", "-A"],
        &["commit", "-q", "-m", "hooks"],
    ] {
        let output = run("git", args, dir.path());
        assert!(ok(&output), "{}", text(&output));
    }
    let head = run("git", &["rev-parse", "HEAD"], dir.path());
    let sha = String::from_utf8_lossy(&head.stdout).trim().to_owned();
    (dir, sha)
}

fn fixture(rule: &str, case: &str) -> PathBuf {
    workspace()
        .join("validator/core/tests/fixtures")
        .join(rule)
        .join(case)
}

fn commit(repo: &Path) -> Output {
    assert!(ok(&run("git", &["add", "-A"], repo)));
    run("git", &["commit", "-m", "change"], repo)
}

#[test]
fn the_hooks_refuse_defects_accept_the_fixes_and_the_fix_hook_repairs() {
    if tools::require("pre-commit", "pip install pre-commit").is_none() {
        return;
    }
    let (hooks, sha) = hook_repository();
    let repo = tempfile::tempdir().unwrap();
    let entities = seed_bug(repo.path());
    let config = format!(
        "repos:\n  - repo: {}\n    rev: {sha}\n    hooks:\n      \
         - id: validator-check\n        files: ^entity/src/\n      \
         - id: validator-lint\n        files: ^migration/\n        args: [migration/src]\n",
        hooks.path().display()
    );
    std::fs::write(repo.path().join(".pre-commit-config.yaml"), config).unwrap();
    assert!(ok(&run("git", &["init", "-q"], repo.path())));
    let install = run("pre-commit", &["install"], repo.path());
    assert!(ok(&install), "{}", text(&install));

    let refused = commit(repo.path());
    let shown = text(&refused);
    assert!(!ok(&refused), "the commit must be refused:\n{shown}");
    assert!(shown.contains("missing-back-reference"), "{shown}");
    assert!(
        shown.contains("credit_transaction.rs") && shown.contains("user.rs"),
        "{shown}"
    );

    // Declare the way back, as the finding's help says, and commit again.
    let user = std::fs::read_to_string(entities.join("user.rs")).unwrap();
    let fixed = user.replace(
        "    pub subscriptions: HasMany<super::subscription::Entity>,\n",
        "    pub subscriptions: HasMany<super::subscription::Entity>,\n    \
         #[sea_orm(has_many)]\n    \
         pub credit_transactions: HasMany<super::credit_transaction::Entity>,\n",
    );
    assert_ne!(user, fixed, "the fixture's user.rs changed shape");
    std::fs::write(entities.join("user.rs"), fixed).unwrap();
    let accepted = commit(repo.path());
    assert!(
        ok(&accepted),
        "the fixed commit must pass:\n{}",
        text(&accepted)
    );

    // A migration crate whose second migration is not in `migrations()`.
    let migrations = repo.path().join("migration/src");
    std::fs::create_dir_all(&migrations).unwrap();
    let forgotten = fixture("unregistered-migration", "flag/forgotten/src");
    for entry in std::fs::read_dir(&forgotten).unwrap() {
        let from = entry.unwrap().path();
        std::fs::copy(&from, migrations.join(from.file_name().unwrap())).unwrap();
    }
    let refused = commit(repo.path());
    let shown = text(&refused);
    assert!(!ok(&refused), "the commit must be refused:\n{shown}");
    assert!(shown.contains("unregistered-migration"), "{shown}");

    let registered = fixture("unregistered-migration", "pass/registered/src/lib.rs");
    std::fs::copy(registered, migrations.join("lib.rs")).unwrap();
    let accepted = commit(repo.path());
    assert!(
        ok(&accepted),
        "the fixed commit must pass:\n{}",
        text(&accepted)
    );

    // The fix hook, from the same hook repository (the validator is built once).
    let repo = tempfile::tempdir().unwrap();
    let entities = seed_bug(repo.path());
    let config = format!(
        "repos:\n  - repo: {}\n    rev: {sha}\n    hooks:\n      \
         - id: validator-check-fix\n        files: ^entity/src/\n",
        hooks.path().display()
    );
    std::fs::write(repo.path().join(".pre-commit-config.yaml"), config).unwrap();
    assert!(ok(&run("git", &["init", "-q"], repo.path())));
    let install = run("pre-commit", &["install"], repo.path());
    assert!(ok(&install), "{}", text(&install));

    let refused = commit(repo.path());
    let shown = text(&refused);
    assert!(!ok(&refused), "the hook changed a file: refused\n{shown}");
    assert!(
        shown.contains("files were modified by this hook"),
        "{shown}"
    );
    assert!(shown.contains("Fixed 1 finding (0 remaining)"), "{shown}");
    let user = std::fs::read_to_string(entities.join("user.rs")).unwrap();
    assert!(
        user.contains("pub credit_transactions: HasMany<super::credit_transaction::Entity>,"),
        "{user}"
    );
    let accepted = commit(repo.path());
    assert!(
        ok(&accepted),
        "the fixed commit must pass:\n{}",
        text(&accepted)
    );
}

/// The dense seed-bug fixture (`User` without its credit transactions) as `entity/src`.
fn seed_bug(repo: &Path) -> PathBuf {
    let entities = repo.join("entity/src");
    std::fs::create_dir_all(&entities).unwrap();
    for file in [
        "lib.rs",
        "user.rs",
        "credit_transaction.rs",
        "subscription.rs",
    ] {
        let from = fixture("missing-back-reference", "flag/dense").join(file);
        std::fs::copy(from, entities.join(file)).unwrap();
    }
    entities
}
