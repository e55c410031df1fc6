//! `validator check --fix` and `--diff` as a user runs them, on copies of this workspace's
//! entities with the seed bug (`User` without its `credit_transactions`) and a misspelt
//! column attribute: the diff applies with `git apply` and gives what `--fix` writes;
//! `--fix` then `check` is clean and a second `--fix` changes nothing; a file that does not
//! parse is never written; CRLF stays CRLF; permissions are kept; `--fix-only` and
//! `[check] fix` choose the rules; and the exit codes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use insta_cmd::get_cargo_bin;

const CREDIT_TRANSACTIONS: &str = "    #[sea_orm(has_many)]\n    pub credit_transactions: HasMany<super::credit_transaction::Entity>,\n";

fn validator(dir: &Path) -> Command {
    let mut c = Command::new(get_cargo_bin("validator"));
    c.current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "80")
        .env_remove("CLICOLOR_FORCE");
    c
}

fn run(dir: &Path, args: &[&str]) -> Output {
    validator(dir).args(args).output().expect("run validator")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// miette's text on one line: its wrapping and gutter removed.
fn flat(text: &str) -> String {
    text.replace('│', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace")
        .to_path_buf()
}

/// A throwaway workspace holding a copy of this workspace's `entity/src`, with the seed
/// bug: `User` no longer declares its credit transactions.
fn seed_bug() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("Cargo.toml"), "[workspace]\nmembers = []\n").expect("manifest");
    let src = dir.path().join("entity/src");
    std::fs::create_dir_all(&src).expect("mkdir");
    for entry in std::fs::read_dir(workspace().join("entity/src")).expect("entity/src") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), src.join(entry.file_name())).expect("copy");
    }
    edit(dir.path(), "entity/src/user.rs", CREDIT_TRANSACTIONS, "");
    dir
}

fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{file} no longer contains {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
}

/// Every file under `dir` (not `.git`), by relative path, as bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("read_dir").flatten() {
            let path = entry.path();
            if entry.file_name() == ".git" {
                continue;
            }
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).expect("under root").to_path_buf();
                out.insert(rel, std::fs::read(&path).expect("read"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn copy_tree(from: &Path, to: &Path) {
    for (rel, bytes) in files(from) {
        let path = to.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write");
    }
}

fn git(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .output()
        .expect("git")
}

/// The two fixable defects of these tests: the seed bug, and `uniqe` for `unique`.
fn two_defects() -> tempfile::TempDir {
    let dir = seed_bug();
    edit(
        dir.path(),
        "entity/src/user.rs",
        "#[sea_orm(unique)]",
        "#[sea_orm(uniqe)]",
    );
    dir
}

#[test]
fn the_diff_applies_with_git_apply_and_gives_what_fix_writes() {
    let diffed = two_defects();
    let fixed = tempfile::tempdir().expect("tempdir");
    copy_tree(diffed.path(), fixed.path());
    let before = files(diffed.path());

    let out = run(diffed.path(), &["check", "--diff"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let diff = stdout(&out);
    assert!(
        diff.starts_with("diff --git a/entity/src/user.rs b/entity/src/user.rs\n"),
        "{diff}"
    );
    assert!(
        stderr(&out).contains("Would fix 2 findings (0 remaining)"),
        "{}",
        stderr(&out)
    );
    // `--diff` writes nothing.
    assert_eq!(files(diffed.path()), before);

    for args in [
        &["init", "-q"][..],
        &["add", "-A"],
        &["commit", "-qm", "seed"],
    ] {
        let out = git(diffed.path(), args);
        assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
    }
    std::fs::write(diffed.path().join("fixes.diff"), &diff).expect("write diff");
    let applied = git(diffed.path(), &["apply", "--verbose", "fixes.diff"]);
    assert!(
        applied.status.success(),
        "git apply refused the diff:\n{}\n{diff}",
        stderr(&applied)
    );
    std::fs::remove_file(diffed.path().join("fixes.diff")).expect("rm");

    let out = run(fixed.path(), &["check", "--fix"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(files(diffed.path()), files(fixed.path()));
    let user = std::fs::read_to_string(fixed.path().join("entity/src/user.rs")).expect("read");
    assert!(user.contains(CREDIT_TRANSACTIONS), "{user}");
    assert!(user.contains("#[sea_orm(unique)]"), "{user}");
}

#[test]
fn a_diff_of_a_file_without_a_final_newline_applies() {
    let dir = seed_bug();
    let user = dir.path().join("entity/src/user.rs");
    let text = std::fs::read_to_string(&user).expect("read");
    // The field goes in the struct, three lines above the last one: the diff carries the
    // last line as context, then git's marker.
    std::fs::write(&user, text.trim_end()).expect("write");
    for args in [
        &["init", "-q"][..],
        &["add", "-A"],
        &["commit", "-qm", "seed"],
    ] {
        assert!(git(dir.path(), args).status.success());
    }
    let out = run(dir.path(), &["check", "--diff"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let diff = stdout(&out);
    let expected = {
        let copy = tempfile::tempdir().expect("tempdir");
        copy_tree(dir.path(), copy.path());
        let out = run(copy.path(), &["check", "--fix"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        std::fs::read(copy.path().join("entity/src/user.rs")).expect("read")
    };
    assert!(!expected.ends_with(b"\n"), "the fix added a final newline");
    std::fs::write(dir.path().join("fixes.diff"), &diff).expect("write");
    let applied = git(dir.path(), &["apply", "fixes.diff"]);
    assert!(applied.status.success(), "{}\n{diff}", stderr(&applied));
    assert_eq!(std::fs::read(&user).expect("read"), expected);
}

#[test]
fn fix_then_check_is_clean_and_a_second_fix_changes_nothing() {
    let dir = two_defects();
    let out = run(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains("fix available"), "{}", stdout(&out));

    let out = run(dir.path(), &["check", "--fix"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("no findings"), "{}", stdout(&out));
    assert_eq!(stderr(&out), "Fixed 2 findings (0 remaining)\n");

    let out = run(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("no findings"), "{}", stdout(&out));

    let once = files(dir.path());
    let out = run(dir.path(), &["check", "--fix"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr(&out), "Fixed 0 findings (0 remaining)\n");
    assert_eq!(files(dir.path()), once, "a second --fix changed files");
    let out = run(dir.path(), &["check", "--diff"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
}

/// The report of what is left comes in the chosen format; the summary line is only for
/// people (human format).
#[test]
fn fix_reports_what_is_left_in_the_chosen_format() {
    let dir = two_defects();
    // `has_one` to a non-unique key: a finding without a fix, left as it is.
    edit(
        dir.path(),
        "entity/src/user.rs",
        "    #[sea_orm(has_many)]\n    pub secrets: HasMany<super::secret::Entity>,",
        "    #[sea_orm(has_one)]\n    pub secrets: HasOne<super::secret::Entity>,",
    );
    let out = run(
        dir.path(),
        &["check", "--fix", "--format", "json", "--fail-on", "warning"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let rules: Vec<&str> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().expect("rule"))
        .collect();
    assert_eq!(rules, ["has-one-on-non-unique-foreign-key"]);
    let user = std::fs::read_to_string(dir.path().join("entity/src/user.rs")).expect("read");
    assert!(user.contains(CREDIT_TRANSACTIONS), "{user}");

    let dir = two_defects();
    edit(
        dir.path(),
        "entity/src/user.rs",
        "    #[sea_orm(has_many)]\n    pub secrets: HasMany<super::secret::Entity>,",
        "    #[sea_orm(has_one)]\n    pub secrets: HasOne<super::secret::Entity>,",
    );
    let out = run(dir.path(), &["check", "--fix"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(stderr(&out), "Fixed 2 findings (1 remaining)\n");
    assert!(
        stdout(&out).contains("has-one-on-non-unique-foreign-key"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_file_that_does_not_parse_is_never_written() {
    let dir = two_defects();
    let broken = dir.path().join("entity/src/broken.rs");
    let text = "pub struct Model {\n    pub id: i32\n";
    std::fs::write(&broken, text).expect("write");
    let out = run(dir.path(), &["check", "--fix"]);
    // A file that cannot be read is an input error: exit 2, whatever else was fixed.
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let shown = stdout(&out);
    assert!(shown.contains("validator::parse"), "{shown}");
    assert!(shown.contains("entity/src/broken.rs:1:18"), "{shown}");
    assert_eq!(std::fs::read_to_string(&broken).expect("read"), text);
    // The files that parse are still fixed.
    let user = std::fs::read_to_string(dir.path().join("entity/src/user.rs")).expect("read");
    assert!(user.contains(CREDIT_TRANSACTIONS), "{user}");

    // The parent itself does not parse: nothing is written to it, the child is untouched.
    let dir = seed_bug();
    let user = dir.path().join("entity/src/user.rs");
    let text = std::fs::read_to_string(&user).expect("read") + "\nfn broken( {\n";
    std::fs::write(&user, &text).expect("write");
    let before = files(dir.path());
    let out = run(dir.path(), &["check", "--fix"]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("entity/src/user.rs"),
        "{}",
        stdout(&out)
    );
    assert_eq!(files(dir.path()), before);
}

#[test]
fn crlf_files_stay_crlf() {
    let dir = seed_bug();
    let src = dir.path().join("entity/src");
    for entry in std::fs::read_dir(&src).expect("read_dir").flatten() {
        let text = std::fs::read_to_string(entry.path()).expect("read");
        std::fs::write(entry.path(), text.replace('\n', "\r\n")).expect("write");
    }
    // The diff of a CRLF file carries the carriage returns, and `git apply` takes it.
    let diffed = tempfile::tempdir().expect("tempdir");
    copy_tree(dir.path(), diffed.path());
    for args in [
        &["init", "-q"][..],
        &["add", "-A"],
        &["commit", "-qm", "seed"],
    ] {
        assert!(git(diffed.path(), args).status.success());
    }
    let diff = stdout(&run(diffed.path(), &["check", "--diff"]));
    assert!(diff.contains("+    #[sea_orm(has_many)]\r\n"), "{diff:?}");
    std::fs::write(diffed.path().join("fixes.diff"), &diff).expect("write");
    let applied = git(diffed.path(), &["apply", "fixes.diff"]);
    assert!(applied.status.success(), "{}", stderr(&applied));
    std::fs::remove_file(diffed.path().join("fixes.diff")).expect("rm");

    let out = run(dir.path(), &["check", "--fix"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(files(diffed.path()), files(dir.path()));
    let user = std::fs::read_to_string(src.join("user.rs")).expect("read");
    assert!(
        user.contains(&CREDIT_TRANSACTIONS.replace('\n', "\r\n")),
        "{user:?}"
    );
    assert_eq!(
        user.matches('\n').count(),
        user.matches("\r\n").count(),
        "a bare LF in {user:?}"
    );
}

#[cfg(unix)]
#[test]
fn fix_keeps_the_file_mode_and_leaves_no_temporary_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = seed_bug();
    let user = dir.path().join("entity/src/user.rs");
    std::fs::set_permissions(&user, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let names = |dir: &Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("read_dir")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let listed = names(&dir.path().join("entity/src"));
    let out = run(dir.path(), &["check", "--fix"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let mode = std::fs::metadata(&user).expect("stat").permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
    assert_eq!(names(&dir.path().join("entity/src")), listed);
}

#[test]
fn fix_only_and_check_fix_choose_the_rules() {
    let only_typo = |dir: &Path| {
        let user = std::fs::read_to_string(dir.join("entity/src/user.rs")).expect("read");
        assert!(user.contains("#[sea_orm(unique)]"), "{user}");
        assert!(!user.contains("credit_transactions"), "{user}");
    };
    // `--fix-only`: the typo is fixed, the seed bug is left (an error: exit 1).
    let dir = two_defects();
    let out = run(
        dir.path(),
        &["check", "--fix", "--fix-only", "unknown-column-attribute"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert_eq!(stderr(&out), "Fixed 1 finding (1 remaining)\n");
    only_typo(dir.path());

    // `[check] fix` in validator.toml does the same ...
    let dir = two_defects();
    std::fs::write(
        dir.path().join("validator.toml"),
        "[check]\nfix = [\"unknown-column-attribute\"]\n",
    )
    .expect("config");
    let out = run(dir.path(), &["check", "--diff"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        !stdout(&out).contains("credit_transactions"),
        "{}",
        stdout(&out)
    );
    let out = run(dir.path(), &["check", "--fix"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    only_typo(dir.path());
    // ... and the command line wins over it.
    let out = run(
        dir.path(),
        &["check", "--fix", "--fix-only", "missing-back-reference"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let user = std::fs::read_to_string(dir.path().join("entity/src/user.rs")).expect("read");
    assert!(user.contains(CREDIT_TRANSACTIONS), "{user}");
}

#[test]
fn wrong_fix_options_are_usage_errors_and_write_nothing() {
    let dir = two_defects();
    let before = files(dir.path());
    let cases: [(&[&str], &str); 5] = [
        (
            &["check", "--fix", "--fix-only", "missing-back-refrence"],
            "unknown rule `missing-back-refrence`; did you mean `missing-back-reference`?",
        ),
        (
            &[
                "check",
                "--fix",
                "--fix-only",
                "set-null-on-required-column",
            ],
            "has no automatic fix",
        ),
        (
            &["check", "--fix-only", "missing-back-reference"],
            "<--fix|--diff>",
        ),
        (&["check", "--unsafe-fixes"], "<--fix|--diff>"),
        (&["check", "--fix", "--diff"], "cannot be used with"),
    ];
    for (args, message) in cases {
        let out = run(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            flat(&stderr(&out)).contains(message),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    std::fs::write(
        dir.path().join("validator.toml"),
        "[check]\nfix = [\"uniqe\"]\n",
    )
    .expect("config");
    let out = run(dir.path(), &["check", "--fix"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        flat(&stderr(&out)).contains("validator.toml")
            && flat(&stderr(&out)).contains("unknown rule `uniqe`"),
        "{}",
        stderr(&out)
    );
    std::fs::remove_file(dir.path().join("validator.toml")).expect("rm");
    assert_eq!(files(dir.path()), before);
}

/// Exit codes: `--fix` as `check` on what is left; `--diff` 1 when there would be a
/// change, else 0; 2 for input errors.
#[test]
fn exit_codes() {
    let dir = seed_bug();
    assert_eq!(run(dir.path(), &["check", "--diff"]).status.code(), Some(1));
    let out = run(
        dir.path(),
        &["check", "--fix", "--warn", "missing-back-reference"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    // `--allow`: the finding is off, so nothing is fixed.
    let dir = seed_bug();
    let out = run(
        dir.path(),
        &["check", "--diff", "--allow", "missing-back-reference"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    let out = run(dir.path(), &["check", "--fix", "no/such/dir"]);
    assert_eq!(out.status.code(), Some(2));
}

/// The README's before/after of the seed case shows the diff `--diff` prints for it.
#[test]
fn the_readme_shows_the_seed_repair_as_it_is() {
    let dir = seed_bug();
    let out = run(dir.path(), &["check", "--diff"]);
    let diff = stdout(&out);
    let readme = std::fs::read_to_string(workspace().join("README.md")).expect("README");
    let shown = format!(
        "$ cargo run -p validator -- check --diff\n{diff}Would fix 1 finding (0 remaining)\n$ cargo run -p validator -- check --fix\nno findings in 6 files (4 entities, 6 relations)\nFixed 1 finding (0 remaining)\n"
    );
    assert!(
        readme.contains(&shown),
        "README.md's `check --fix` example is stale; it is now:\n{shown}"
    );
    assert_eq!(stderr(&out), "Would fix 1 finding (0 remaining)\n");
    let out = run(dir.path(), &["check", "--fix"]);
    assert_eq!(
        format!("{}{}", stdout(&out), stderr(&out)),
        "no findings in 6 files (4 entities, 6 relations)\nFixed 1 finding (0 remaining)\n"
    );
}

/// An unsafe fix (a foreign key's type) is shown as such and applied only with
/// `--unsafe-fixes`; the summary says it is left.
#[test]
fn unsafe_fixes_wait_for_the_flag() {
    let dir = seed_bug();
    edit(
        dir.path(),
        "entity/src/credit_transaction.rs",
        "    pub user_id: i64,",
        "    pub user_id: i32,",
    );
    let out = run(dir.path(), &["check"]);
    assert!(
        flat(&stdout(&out))
            .contains("unsafe fix available: `validator check --fix --unsafe-fixes`"),
        "{}",
        stdout(&out)
    );
    let out = run(dir.path(), &["check", "--fix"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert_eq!(
        stderr(&out),
        "Fixed 1 finding (1 remaining; 1 with an unsafe fix, applied by `--unsafe-fixes`)\n"
    );
    assert!(
        stdout(&out).contains("relation-column-type-mismatch"),
        "{}",
        stdout(&out)
    );
    let out = run(dir.path(), &["check", "--fix", "--unsafe-fixes"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(stderr(&out), "Fixed 1 finding (0 remaining)\n");
    let child =
        std::fs::read_to_string(dir.path().join("entity/src/credit_transaction.rs")).expect("read");
    assert!(child.contains("    pub user_id: i64,"), "{child}");
}

/// The byte offset of a 1-based line and character column in `text`.
fn offset(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    let rest = &text[start..];
    start
        + rest
            .char_indices()
            .nth(column - 1)
            .map_or(rest.len(), |(i, _)| i)
}

/// One JSON edit: start line and column, end line and column, new text.
type JsonEdit = (usize, usize, usize, usize, String);

/// The fixes of `check --format json` are what `--fix` applies: an editor that applies
/// each safe fix's edits (from the last to the first) gets the same files.
#[test]
fn the_json_edits_give_what_fix_writes() {
    let dir = two_defects();
    let out = run(dir.path(), &["check", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let mut edits: BTreeMap<String, Vec<JsonEdit>> = BTreeMap::new();
    for finding in doc["findings"].as_array().expect("findings") {
        let fix = &finding["fix"];
        assert_eq!(fix["applicability"], "safe", "{finding}");
        for e in fix["edits"].as_array().expect("edits") {
            let n = |k: &str| e[k].as_u64().expect("position") as usize;
            edits
                .entry(e["file"].as_str().expect("file").to_owned())
                .or_default()
                .push((
                    n("line"),
                    n("column"),
                    n("end_line"),
                    n("end_column"),
                    e["text"].as_str().expect("text").to_owned(),
                ));
        }
    }
    assert_eq!(edits.values().map(Vec::len).sum::<usize>(), 2, "{doc}");
    let mut by_hand = BTreeMap::new();
    for (file, mut list) in edits {
        let mut text = std::fs::read_to_string(dir.path().join(&file)).expect("read");
        list.sort();
        for (line, column, end_line, end_column, new) in list.into_iter().rev() {
            let start = offset(&text, line, column);
            let end = offset(&text, end_line, end_column);
            text.replace_range(start..end, &new);
        }
        by_hand.insert(file, text);
    }
    let out = run(dir.path(), &["check", "--fix"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    for (file, text) in by_hand {
        assert_eq!(
            std::fs::read_to_string(dir.path().join(&file)).expect("read"),
            text,
            "{file}"
        );
    }
}
