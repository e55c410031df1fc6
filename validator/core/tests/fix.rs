//! `--fix` on the rule fixtures: every `fixtures/<rule>/flag/<case>/` of a rule that can
//! fix is fixed in memory; the fixed text is a snapshot, the fixed rule's fixable findings
//! are gone, the fixed files parse, a second run changes nothing, and the findings without
//! a fix are the same before and after. `pass/` cases change nothing.

#[path = "support/fixture.rs"]
mod fixture;

use std::path::{Path, PathBuf};

use fixture::{config, rule_of};
use validator_core::fix::{FixOutcome, FixSelection, fix_paths, fix_sources};
use validator_core::rules;
use validator_core::{Config, SourceInput, check_sources};

fn can_fix(case: &Path) -> bool {
    rules::find(&rule_of(case)).is_some_and(|r| r.fix.is_some())
}

fn all() -> FixSelection {
    FixSelection {
        only: Vec::new(),
        unsafe_fixes: true,
    }
}

/// The files of a case, as `fix_paths` read them, with the fixed texts.
fn inputs_after(outcome: &FixOutcome, case: &Path) -> Vec<SourceInput> {
    let mut files = Vec::new();
    collect(case, case, &mut files);
    files
        .into_iter()
        .map(|(path, module)| {
            let shown = path.strip_prefix(case).unwrap_or(&path).to_path_buf();
            let text = outcome.files.iter().find(|f| f.shown == shown).map_or_else(
                || std::fs::read_to_string(&path).expect("read"),
                |f| f.after.clone(),
            );
            SourceInput {
                path: shown,
                module,
                text,
                report: true,
            }
        })
        .collect()
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, Vec<String>)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(root, &p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            let rel = p.strip_prefix(root).expect("under root").with_extension("");
            let mut module: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if module.last().is_some_and(|l| l == "mod" || l == "lib") {
                module.pop();
            }
            out.push((p, module));
        }
    }
}

/// The changed files, `\r` shown as `␍` so that line endings are part of the snapshot.
fn fixed_text(outcome: &FixOutcome) -> String {
    let mut s = String::new();
    for f in &outcome.files {
        s.push_str(&format!("=== {} ===\n", f.shown.display()));
        s.push_str(&f.after.replace('\r', "␍"));
    }
    s
}

fn unfixable(findings: &[validator_core::Finding]) -> Vec<String> {
    let mut v: Vec<String> = findings
        .iter()
        .filter(|f| f.fix.is_none())
        .map(|f| format!("{} {}", f.rule, f.message))
        .collect();
    v.sort();
    v
}

#[test]
fn flag_cases_are_fixed_once_and_for_all() {
    insta::glob!("fixtures/*/flag/*", |case| {
        if !can_fix(case) {
            return;
        }
        let rule = rule_of(case);
        let cfg = config(case);
        let before = validator_core::check_paths(&[case.to_path_buf()], &cfg, case).expect("check");
        let outcome = fix_paths(&[case.to_path_buf()], &cfg, case, &all()).expect("fix");
        let fixable_before = before
            .findings
            .iter()
            .filter(|f| f.rule == rule && f.fix.is_some())
            .count();
        if fixable_before == 0 {
            assert!(
                outcome.files.is_empty(),
                "{}: no fix, yet changed",
                case.display()
            );
            return;
        }
        assert!(
            !outcome.files.is_empty(),
            "{}: nothing fixed",
            case.display()
        );
        for f in &outcome.files {
            // `path` is where to write, `shown` what findings say (relative to the case).
            assert_eq!(f.path, case.join(&f.shown));
            syn::parse_file(&f.after)
                .unwrap_or_else(|e| panic!("{}: {e}\n{}", f.shown.display(), f.after));
        }
        let left: Vec<_> = outcome
            .report
            .findings
            .iter()
            .filter(|f| f.fix.is_some())
            .collect();
        assert!(
            left.is_empty(),
            "{}: fixable findings left: {left:#?}",
            case.display()
        );
        assert!(
            outcome.unfixed_files.is_empty(),
            "{:?}",
            outcome.unfixed_files
        );
        // What had no fix is still there, no more and no less (but what the fixes repaired
        // may take findings without a fix of their own along, such as a second finding
        // about the same missing relation).
        let after = unfixable(&outcome.report.findings);
        for a in &after {
            assert!(
                unfixable(&before.findings).contains(a),
                "{}: new finding {a}",
                case.display()
            );
        }
        insta::assert_snapshot!("fixed", fixed_text(&outcome));
        let again = fix_sources(inputs_after(&outcome, case), &cfg, &all());
        assert!(
            again.files.is_empty(),
            "{}: second run changed {:#?}",
            case.display(),
            again.files
        );
        assert_eq!(again.applied, 0);
    });
}

#[test]
fn pass_cases_change_nothing() {
    insta::glob!("fixtures/*/pass/*", |case| {
        if !can_fix(case) {
            return;
        }
        let outcome = fix_paths(&[case.to_path_buf()], &config(case), case, &all()).expect("fix");
        assert!(
            outcome.files.is_empty(),
            "{}: {:#?}",
            case.display(),
            outcome.files
        );
    });
}

fn one(path: &str, text: &str) -> SourceInput {
    SourceInput {
        path: path.into(),
        module: vec![path.trim_end_matches(".rs").to_owned()],
        text: text.to_owned(),
        report: true,
    }
}

const MISSPELT: &str = "use sea_orm::entity::prelude::*;\n\n#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]\n#[sea_orm(table_name = \"a\")]\npub struct Model {\n    #[sea_orm(primary_key)]\n    pub id: i32,\n    #[sea_orm(uniqe)]\n    pub email: String,\n}\n\n#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]\npub enum Relation {}\n\nimpl ActiveModelBehavior for ActiveModel {}\n";

#[test]
fn a_file_that_does_not_parse_is_never_changed() {
    let broken = format!("{MISSPELT}\nfn broken( {{\n");
    let outcome = fix_sources(vec![one("a.rs", &broken)], &Config::default(), &all());
    assert!(outcome.files.is_empty());
    assert_eq!(outcome.applied, 0);
    assert_eq!(outcome.report.problems.len(), 1);
}

#[test]
fn only_the_selected_rules_are_fixed() {
    let none = FixSelection {
        only: vec!["missing-back-reference".to_owned()],
        unsafe_fixes: false,
    };
    let outcome = fix_sources(vec![one("a.rs", MISSPELT)], &Config::default(), &none);
    assert!(outcome.files.is_empty());
    let some = FixSelection {
        only: vec!["unknown-column-attribute".to_owned()],
        unsafe_fixes: false,
    };
    let outcome = fix_sources(vec![one("a.rs", MISSPELT)], &Config::default(), &some);
    assert_eq!(outcome.applied, 1);
    assert_eq!(outcome.passes, 1);
    assert!(outcome.files[0].after.contains("#[sea_orm(unique)]"));
    assert!(
        check_sources(
            vec![one("a.rs", &outcome.files[0].after)],
            &Config::default()
        )
        .findings
        .is_empty()
    );
}

/// The workspace's entities in one format, read from `tests/formats/<format>`, with
/// `user.rs` changed by `edit`.
fn format_inputs(format: &str, edit: impl Fn(&str) -> String) -> Vec<SourceInput> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/formats")
        .join(format);
    let mut files = Vec::new();
    collect(&dir, &dir, &mut files);
    files
        .into_iter()
        .map(|(path, module)| {
            let text = std::fs::read_to_string(&path).expect("read");
            let shown = path.strip_prefix(&dir).expect("under dir").to_path_buf();
            let text = if shown == Path::new("user.rs") {
                edit(&text)
            } else {
                text
            };
            SourceInput {
                path: shown,
                module,
                text,
                report: true,
            }
        })
        .collect()
}

/// `text` without `piece`, which must be there.
fn cut(text: &str, piece: &str) -> String {
    assert!(text.contains(piece), "missing {piece:?}");
    text.replacen(piece, "", 1)
}

const RELATED_CT: &str = "impl Related<super::credit_transaction::Entity> for Entity {\n    fn to() -> RelationDef {\n        Relation::CreditTransaction.def()\n    }\n}\n\n";

#[test]
fn the_seed_bug_is_repaired_in_every_format() {
    let cases: [(&str, &[&str]); 3] = [
        (
            "dense",
            &[
                "    #[sea_orm(has_many)]\n    pub credit_transactions: HasMany<super::credit_transaction::Entity>,\n",
            ],
        ),
        (
            "compact",
            &[
                "    #[sea_orm(has_many = \"super::credit_transaction::Entity\")]\n    CreditTransaction,\n",
                RELATED_CT,
            ],
        ),
        (
            "expanded",
            &[
                "    CreditTransaction,\n",
                "            Self::CreditTransaction => Entity::has_many(super::credit_transaction::Entity).into(),\n",
                RELATED_CT,
            ],
        ),
    ];
    for (format, pieces) in cases {
        let inputs = format_inputs(format, |t| {
            pieces.iter().fold(t.to_owned(), |t, p| cut(&t, p))
        });
        let broken = check_sources(inputs.clone(), &Config::default());
        let rules: Vec<&str> = broken.findings.iter().map(|f| f.rule).collect();
        assert_eq!(rules, ["missing-back-reference"], "{format}");
        let outcome = fix_sources(inputs, &Config::default(), &FixSelection::default());
        assert_eq!((outcome.applied, outcome.passes), (1, 1), "{format}");
        assert!(
            outcome.report.findings.is_empty(),
            "{format}: {:#?}",
            outcome.report.findings
        );
        assert!(outcome.report.problems.is_empty(), "{format}");
        let [user] = outcome.files.as_slice() else {
            panic!("{format}: {:#?}", outcome.files)
        };
        assert_eq!(user.shown, Path::new("user.rs"));
        insta::assert_snapshot!(format!("seed_bug_{format}"), user.after);
        let inputs = format_inputs(format, |_| user.after.clone());
        let again = fix_sources(inputs, &Config::default(), &FixSelection::default());
        assert!(again.files.is_empty(), "{format}");
    }
}
