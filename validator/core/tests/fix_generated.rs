//! Property test: generated crates (the three formats mixed) with fixable defects planted
//! (a dropped back-reference, a misspelt column key, a `Related` impl returning the wrong
//! relation, a builder without `.to(..)`) and some that have no fix (or only an unsafe
//! one). After `fix_sources`: no finding with a fix to apply is left, the findings of rules
//! without one are the same as before, every file parses, and a second run changes nothing.

#[path = "support/gen.rs"]
mod generator;

use generator::{Rng, Schema};
use proptest::prelude::*;
use validator_core::diagnostic::Applicability;
use validator_core::fix::{FixSelection, fix_sources};
use validator_core::rules;
use validator_core::{Config, Finding, SourceInput, check_sources};

const FIXABLE: &[&str] = &["drop-back-reference", "attr-typo", "wrong-related", "no-to"];
const UNFIXABLE: &[&str] = &[
    "set-null",
    "no-primary-key",
    "to-non-unique",
    "from-typo",
    "fk-type",
];

fn inputs(files: Vec<(String, String)>) -> Vec<SourceInput> {
    files
        .into_iter()
        .map(|(file, text)| {
            let stem = file.trim_end_matches(".rs");
            let module = if stem == "lib" {
                Vec::new()
            } else {
                vec![stem.to_owned()]
            };
            SourceInput {
                path: file.into(),
                module,
                text,
                report: true,
            }
        })
        .collect()
}

/// The findings of rules with no fix to apply, without positions (fixes move lines). A
/// fixable rule's finding may have no fix yet and get one once another fix is made.
fn left_alone(findings: &[Finding], selection: &FixSelection) -> Vec<String> {
    let fixes = |rule: &str| {
        rules::find(rule)
            .and_then(|r| r.fix)
            .is_some_and(|a| a == Applicability::Safe || selection.unsafe_fixes)
    };
    let mut v: Vec<String> = findings
        .iter()
        .filter(|f| !fixes(f.rule))
        .map(|f| {
            let file = f.primary.file.as_ref().map(|p| p.display().to_string());
            format!("{} {} {}", f.rule, file.unwrap_or_default(), f.message)
        })
        .collect();
    v.sort();
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn fixable_defects_are_fixed_and_the_rest_is_left(
        n in 20usize..60,
        seed in any::<u64>(),
        fixable in 1usize..6,
        unfixable in 0usize..3,
    ) {
        let mut rng = Rng::new(seed);
        let mut schema = Schema::generate(n, &mut rng);
        let mut planted = 0;
        for _ in 0..fixable {
            let kind = FIXABLE[rng.below(FIXABLE.len())];
            planted += usize::from(schema.inject(kind, &mut rng));
        }
        for _ in 0..unfixable {
            schema.inject(UNFIXABLE[rng.below(UNFIXABLE.len())], &mut rng);
        }
        let config = Config::default();
        let selection = FixSelection::default();
        let files = inputs(schema.render());
        let before = check_sources(files.clone(), &config);
        prop_assert!(before.problems.is_empty(), "{:?}", before.problems);
        let wanted = before.findings.iter().filter(|f| selection.wants(f)).count();
        prop_assert!(planted == 0 || wanted > 0, "planted {} defects, none fixable", planted);

        let outcome = fix_sources(files.clone(), &config, &selection);
        prop_assert!(outcome.applied >= wanted.min(1), "{} fixable, {} applied", wanted, outcome.applied);
        prop_assert!(outcome.unfixed_files.is_empty(), "{:?}", outcome.unfixed_files);
        prop_assert!(outcome.report.problems.is_empty(), "{:?}", outcome.report.problems);
        for f in &outcome.files {
            prop_assert!(syn::parse_file(&f.after).is_ok(), "{} does not parse:\n{}", f.shown.display(), f.after);
        }
        let left: Vec<&Finding> = outcome.report.findings.iter().filter(|f| selection.wants(f)).collect();
        prop_assert!(left.is_empty(), "fixable findings left: {:#?}", left);
        prop_assert_eq!(
            left_alone(&before.findings, &selection),
            left_alone(&outcome.report.findings, &selection)
        );

        let fixed: Vec<SourceInput> = files
            .into_iter()
            .map(|mut i| {
                if let Some(f) = outcome.files.iter().find(|f| f.shown == i.path) {
                    i.text.clone_from(&f.after);
                }
                i
            })
            .collect();
        let again = fix_sources(fixed, &config, &selection);
        prop_assert!(again.files.is_empty(), "second run changed {:?}", again.files.iter().map(|f| &f.shown).collect::<Vec<_>>());
        prop_assert_eq!(again.applied, 0);
    }
}
