//! The same schema written in the dense, compact and expanded formats yields the same
//! model (columns, keys, relations and `Related` targets), and checks clean; so do the
//! mixed forms: a `DeriveEntityModel` crate whose relations are all in hand-written
//! `RelationTrait` impls, and the release candidates' `Option<..>`/`Vec<..>` dense fields.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::{Value, json};
use validator_core::model::{Model, RelExpr};
use validator_core::{Config, check_paths};

fn model(format: &str) -> Model {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/formats")
        .join(format);
    let report = check_paths(std::slice::from_ref(&dir), &Config::default(), &dir).expect("check");
    assert!(
        report.problems.is_empty(),
        "{format}: {:?}",
        report.problems
    );
    // The release-candidate spelling is said once, as information; nothing else.
    let findings: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule != "release-candidate-syntax")
        .collect();
    assert!(findings.is_empty(), "{format}: {findings:#?}");
    report.model
}

/// The parts of the model that do not depend on how the entity is written.
fn normalized(m: &Model) -> Value {
    let table = |id: Option<usize>| id.and_then(|i| m.entities.get(i)).map(|e| e.table.clone());
    let owner_table = |x: &RelExpr| match x {
        RelExpr::Variant { owner, .. } | RelExpr::RelatedTo { owner, .. } => table(owner.resolved),
        _ => None,
    };
    let mut entities: Vec<Value> = m
        .entities
        .iter()
        .map(|e| {
            let columns: Vec<Value> = e
                .columns
                .iter()
                .map(|c| json!([c.column_name, c.variant, c.base_type, c.nullable, c.primary_key, c.unique, c.indexed]))
                .collect();
            let relations: BTreeSet<String> = e
                .relations
                .iter()
                .map(|r| {
                    format!(
                        "{} {} {:?} {:?}->{:?} on_delete={:?}",
                        r.name,
                        r.kind.as_str(),
                        table(r.target.resolved),
                        r.from,
                        r.to,
                        r.on_delete
                    )
                })
                .collect();
            let related: BTreeSet<String> = e
                .related
                .iter()
                .map(|r| {
                    let through = r.via.as_ref().and_then(|_| owner_table(&r.to));
                    format!("{:?} via {:?}", table(r.target.resolved), through)
                })
                .collect();
            json!({ "table": e.table, "schema": e.schema, "columns": columns, "relations": relations, "related": related })
        })
        .collect();
    entities.sort_by_key(|e| e["table"].as_str().map(str::to_owned));
    Value::Array(entities)
}

#[test]
fn dense_compact_and_expanded_give_the_same_model() {
    let dense = normalized(&model("dense"));
    let compact = normalized(&model("compact"));
    let expanded = normalized(&model("expanded"));
    assert_eq!(dense, compact, "dense vs compact");
    assert_eq!(dense, expanded, "dense vs expanded");
    insta::assert_json_snapshot!(dense);
}

#[test]
fn handwritten_relation_traits_give_the_same_model_as_their_compact_twin() {
    let compact = normalized(&model("compact"));
    assert_eq!(compact, normalized(&model("handwritten")));
}

#[test]
fn release_candidate_dense_fields_give_the_same_model_as_2_0() {
    assert_eq!(normalized(&model("dense")), normalized(&model("rc-dense")));
}

#[test]
fn formats_are_recognised() {
    use validator_core::model::EntityFormat;
    for (dir, format) in [
        ("dense", EntityFormat::Dense),
        ("compact", EntityFormat::Compact),
        ("expanded", EntityFormat::Expanded),
        ("handwritten", EntityFormat::Compact),
        ("rc-dense", EntityFormat::Dense),
    ] {
        let m = model(dir);
        assert_eq!(m.entities.len(), 6);
        assert!(m.entities.iter().all(|e| e.format == format), "{dir}");
    }
}

#[test]
fn relation_styles_are_recorded() {
    use validator_core::model::{RelationOrigin, RelationStyle};
    for (dir, style) in [
        ("dense", RelationStyle::DenseFields),
        ("compact", RelationStyle::DeriveRelation),
        ("expanded", RelationStyle::RelationTrait),
        ("handwritten", RelationStyle::RelationTrait),
    ] {
        let m = model(dir);
        assert!(
            m.entities.iter().all(|e| e.relation_style == style),
            "{dir}"
        );
    }
    let m = model("handwritten");
    let user = m.lookup("user").expect("user");
    assert!(user.relations.iter().all(|r| matches!(
        r.origin,
        RelationOrigin::RelationTraitArm {
            has_from: false,
            has_to: false
        }
    )));
}
