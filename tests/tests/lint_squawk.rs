//! Agreement with squawk: on a corpus that exercises squawk's default rules
//! (`tests/squawk-corpus`), `validator lint` and `squawk --reporter json` must report
//! the same (file, rule, line) set for every rule both tools have, but for the few
//! differences made on purpose ([`ONLY_SQUAWK`], [`ONLY_OURS`]). Our rules name the squawk
//! rules they cover as aliases; that is the mapping.
//!
//! Needs `squawk` (PyPI `squawk-cli`, the version of the embedded `squawk-linter`):
//! without it the test prints `SKIP [squawk] ..` and records the skip in the ledger,
//! except under `CI`, where `.ci/run` installs it and a missing squawk fails the test.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use validator_core::lint::{Backends, SqlOptions, TransactionMode, lint_sql_files};
use validator_core::rules::{self, Group};
use validator_core::{Config, diagnostic::Severity};
use workspace_tests::tools;

fn corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../validator/core/tests/squawk-corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    files.sort();
    files
}

/// Our rule for a squawk rule name, if we map it.
fn ours(squawk_rule: &str) -> Option<&'static str> {
    rules::all()
        .find(|r| r.group == Group::Migration && r.aliases.contains(&squawk_rule))
        .map(|r| r.name)
}

type Hits = BTreeSet<(String, &'static str, usize)>;

#[test]
fn findings_agree_with_squawk_on_every_shared_rule() {
    let Some(version) = tools::require("squawk", "pip install squawk-cli==2.68.0") else {
        return;
    };
    let bin = "squawk";
    // Every mapped rule on, opt-in ones included: we compare rules, not defaults.
    let mut config = Config::default();
    for r in rules::all().filter(|r| r.group == Group::Migration) {
        if r.default_severity == Severity::Allow {
            config.set(r.name, Severity::Warning, None).expect("rule");
        }
    }
    let mut theirs: Hits = BTreeSet::new();
    let mut mine: Hits = BTreeSet::new();
    let mut unmapped: BTreeSet<String> = BTreeSet::new();
    for file in corpus() {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let out = Command::new(bin)
            .args(["--reporter", "json"])
            .arg(&file)
            .output()
            .expect("squawk runs");
        let doc: serde_json::Value =
            serde_json::from_slice(&out.stdout).expect("squawk prints JSON");
        for v in doc.as_array().expect("a list of violations") {
            let rule = v["rule_name"].as_str().unwrap_or_default();
            // squawk's lines are 0-based.
            let line = v["line"].as_u64().unwrap_or(0) as usize + 1;
            match ours(rule) {
                Some(r) => {
                    theirs.insert((name.clone(), r, line));
                }
                None => {
                    unmapped.insert(rule.to_owned());
                }
            }
        }
        // Each file on its own, as squawk sees it.
        let report = lint_sql_files(
            std::slice::from_ref(&file),
            &config,
            SqlOptions {
                backends: Backends::Postgres,
                transaction: TransactionMode::Never,
                include_down: false,
            },
            file.parent().expect("dir"),
        )
        .expect("lints");
        for f in &report.findings {
            let mapped = rules::find(f.rule)
                .is_some_and(|r| r.aliases.iter().any(|a| squawk_linter_name(a)));
            if mapped {
                let line = f.primary.span.map_or(0, |s| s.start.line);
                mine.insert((name.clone(), f.rule, line));
            }
        }
    }
    let only_squawk: Vec<(&str, &str, usize)> = theirs
        .difference(&mine)
        .map(|(f, r, l)| (f.as_str(), *r, *l))
        .collect();
    let only_ours: Vec<(&str, &str, usize)> = mine
        .difference(&theirs)
        .map(|(f, r, l)| (f.as_str(), *r, *l))
        .collect();
    let rules_compared: BTreeSet<&str> = theirs.iter().map(|(_, r, _)| *r).collect();
    eprintln!(
        "squawk comparison ({version}): {} findings from squawk, {} from validator, {} rules compared; unmapped squawk rules: {unmapped:?}",
        theirs.len(),
        mine.len(),
        rules_compared.len()
    );
    // Every difference is one of the deliberate ones, and each of those still shows.
    let expected_squawk: Vec<_> = ONLY_SQUAWK
        .iter()
        .map(|(f, r, l, _)| (*f, *r, *l))
        .collect();
    let expected_ours: Vec<_> = ONLY_OURS.iter().map(|(f, r, l, _)| (*f, *r, *l)).collect();
    assert!(
        only_squawk == expected_squawk && only_ours == expected_ours,
        "disagreement\nonly squawk: {only_squawk:#?}\nonly validator: {only_ours:#?}"
    );
    assert!(
        unmapped.is_empty(),
        "squawk rules with no counterpart: {unmapped:?}"
    );
    assert!(rules_compared.len() >= 25, "{rules_compared:?}");
}

/// Where we differ from squawk on purpose (issue 15), sorted, with why: (file, our rule,
/// line, reason).
const ONLY_SQUAWK: &[(&str, &str, usize, &str)] = &[
    (
        "01_locks.sql",
        "constraint-without-not-valid",
        6,
        "a foreign key on an existing table is one finding, `foreign-key-on-existing-table` (squawk also reports `constraint-missing-not-valid`)",
    ),
    (
        "07_misc.sql",
        "missing-lock-timeout",
        1,
        "`CREATE DOMAIN` locks no existing table",
    ),
    (
        "07_misc.sql",
        "missing-statement-timeout",
        1,
        "`CREATE DOMAIN` locks no existing table",
    ),
];

/// The other side of [`ONLY_SQUAWK`]: the timeout rules report the first statement that
/// locks an existing table (`ALTER DOMAIN .. ADD CONSTRAINT` checks every column of the
/// domain), one line later than squawk's first DDL statement.
const ONLY_OURS: &[(&str, &str, usize, &str)] = &[
    (
        "07_misc.sql",
        "missing-lock-timeout",
        2,
        "first statement that locks a table",
    ),
    (
        "07_misc.sql",
        "missing-statement-timeout",
        2,
        "first statement that locks a table",
    ),
];

/// Whether an alias is a squawk rule name (as opposed to a former name of ours).
fn squawk_linter_name(alias: &str) -> bool {
    !alias.is_empty() && alias != "syntax-error"
}
