//! Property test: generated consistent entity crates (hundreds of entities, the three
//! formats mixed, random foreign keys) give no finding, and each defect planted in one is
//! found by its rule.

#[path = "support/gen.rs"]
mod generator;

use generator::{DEFECTS, Rng, Schema};
use proptest::prelude::*;
use validator_core::{Config, SourceInput, check_sources};

fn check(schema: &Schema) -> validator_core::Report {
    let inputs = schema
        .render()
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
        .collect();
    check_sources(inputs, &Config::default())
}

fn describe(report: &validator_core::Report) -> String {
    report
        .findings
        .iter()
        .map(|f| {
            format!(
                "{} {}:{} {}",
                f.rule,
                f.primary
                    .file
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
                f.primary.span.map(|s| s.start.line).unwrap_or(0),
                f.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn consistent_crates_are_clean_and_every_defect_is_found(n in 100usize..300, seed in any::<u64>()) {
        let mut rng = Rng::new(seed);
        let schema = Schema::generate(n, &mut rng);
        let clean = check(&schema);
        prop_assert!(clean.problems.is_empty(), "{:?}", clean.problems);
        prop_assert_eq!(clean.summary.entities, n);
        prop_assert!(clean.findings.is_empty(), "clean crate has findings:\n{}", describe(&clean));

        for (defect, rule) in DEFECTS {
            let mut broken = schema.clone();
            if !broken.inject(defect, &mut rng) {
                continue;
            }
            let report = check(&broken);
            prop_assert!(
                report.findings.iter().any(|f| f.rule == *rule),
                "defect `{}` not reported by `{}`; findings:\n{}", defect, rule, describe(&report)
            );
        }
    }
}

/// Every defect kind gets planted at least once over a fixed set of seeds (a crate may
/// have no room for some kinds, e.g. no expanded child).
#[test]
fn every_defect_kind_is_exercised() {
    let mut seen = std::collections::HashSet::new();
    for seed in 1..=20u64 {
        let mut rng = Rng::new(seed);
        let schema = Schema::generate(60, &mut rng);
        for (defect, rule) in DEFECTS {
            let mut broken = schema.clone();
            if broken.inject(defect, &mut rng) {
                let report = check(&broken);
                assert!(
                    report.findings.iter().any(|f| f.rule == *rule),
                    "seed {seed}: `{defect}` not found:\n{}",
                    describe(&report)
                );
                seen.insert(*defect);
            }
        }
    }
    assert_eq!(
        seen.len(),
        DEFECTS.len(),
        "some defects were never planted: {seen:?}"
    );
}
