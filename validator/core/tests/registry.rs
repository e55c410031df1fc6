//! The rule registry: documentation sections, fixtures for every rule, stable names.

use std::path::Path;

use validator_core::rules;

#[test]
fn every_rule_is_documented() {
    for rule in rules::all() {
        let doc = rule.doc();
        for section in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "Use instead:",
        ] {
            assert!(
                doc.contains(section),
                "`{}` lacks `{section}`:\n{doc}",
                rule.name
            );
        }
        assert!(!rule.summary().is_empty(), "`{}` has no summary", rule.name);
        assert!(
            rule.name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '-')
                && !rule.name.starts_with("no-"),
            "`{}` is not a kebab-case defect name",
            rule.name
        );
    }
}

#[test]
fn every_rule_has_flag_and_pass_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for rule in rules::all() {
        for kind in ["flag", "pass"] {
            let dir = root.join(rule.name).join(kind);
            let cases = std::fs::read_dir(&dir)
                .map(|d| {
                    d.filter_map(Result::ok)
                        .filter(|e| e.path().is_dir())
                        .count()
                })
                .unwrap_or(0);
            assert!(
                cases > 0,
                "`{}` has no {kind} case in {}",
                rule.name,
                dir.display()
            );
        }
    }
    // And no fixture directory names a rule that does not exist.
    for entry in std::fs::read_dir(&root)
        .expect("fixtures")
        .filter_map(Result::ok)
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(
            rules::find(&name).is_some(),
            "fixtures/{name} is not a rule"
        );
    }
}

#[test]
fn rule_names_are_stable() {
    let mut names: Vec<String> = rules::all()
        .map(|r| {
            format!(
                "{} ({}, {})",
                r.name,
                r.group.as_str(),
                r.default_severity.as_str()
            )
        })
        .collect();
    names.sort();
    insta::assert_snapshot!(names.join("\n"));
}

#[test]
fn lookup_by_name_and_suggestion() {
    assert!(rules::find("missing-back-reference").is_some());
    assert_eq!(
        rules::suggest("missing-back-refrence"),
        Some("missing-back-reference")
    );
}
