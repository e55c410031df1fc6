//! The plain model: what the parser extracts from a dense entity with the less common
//! attributes (schema, column names, composite unique keys, ignore, skip_fk), an
//! ActiveEnum and a `Linked` impl.

use std::path::Path;

use validator_core::model::{RelExpr, RelationKind};
use validator_core::{Config, check_paths};

#[test]
fn model_holds_what_drift_needs() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/model");
    let report = check_paths(std::slice::from_ref(&dir), &Config::default(), &dir).expect("check");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let m = &report.model;
    let order = m
        .entities
        .iter()
        .find(|e| e.table == "orders")
        .expect("orders");
    assert_eq!(order.schema.as_deref(), Some("shop"));
    assert_eq!(order.qualified_table(), "shop.orders");
    let names: Vec<&str> = order
        .columns
        .iter()
        .map(|c| c.column_name.as_str())
        .collect();
    assert_eq!(
        names,
        ["id", "customer", "reference", "status"],
        "`ignore` and relation fields are not columns"
    );
    let id = order.column("id").expect("id");
    assert!(id.primary_key && id.auto_increment == Some(false));
    assert_eq!(id.base_type, "Uuid");
    let customer = order.column("customer_id").expect("by field name");
    assert!(customer.nullable && customer.indexed);
    assert_eq!(customer.rust_type, "Option<i32>");
    let reference = order.column("Reference").expect("by variant");
    assert_eq!(reference.column_type.as_deref(), Some("Text"));
    assert_eq!(reference.unique_key.as_deref(), Some("ref"));
    let rel = order.relations.first().expect("relation");
    assert_eq!(
        (rel.kind, rel.name.as_str()),
        (RelationKind::BelongsTo, "Customer")
    );
    assert!(rel.from == ["CustomerId"] && rel.to == ["Id"]);
    assert!(rel.skip_fk && rel.optional);
    assert_eq!(rel.on_delete.as_deref(), Some("SetNull"));
    let target = rel
        .target
        .resolved
        .and_then(|i| m.entities.get(i))
        .expect("resolved");
    assert_eq!(target.table, "customers");

    let status = m
        .active_enums
        .iter()
        .find(|e| e.name == "OrderStatus")
        .expect("enum");
    assert_eq!(status.enum_name.as_deref(), Some("order_status"));
    assert_eq!(status.values, ["open", "paid"]);

    let linked = m.linked.first().expect("linked");
    assert_eq!(linked.name, "CustomerToItself");
    assert_eq!(linked.link.len(), 2);
    assert!(
        matches!(&linked.link[0], RelExpr::Variant { variant, rev: true, .. } if variant == "Customer")
    );

    // `set-null-on-required-column` stays quiet: the key is an `Option`.
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    // The model serialises (drift and `graph` reuse it as data).
    let json = serde_json::to_value(m).expect("serialise");
    assert_eq!(json["entities"][0]["format"], "dense");
}

fn read(case: &str) -> validator_core::Report {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/reading")
        .join(case);
    let report = check_paths(std::slice::from_ref(&dir), &Config::default(), &dir).expect("check");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    report
}

#[test]
fn syntax_of_every_version_is_read_as_what_it_declares() {
    use validator_core::model::{RelationOrigin, RelationStyle};
    let report = read("syntax");
    let m = &report.model;
    let rel = |module: &str, name: &str| {
        m.lookup(module)
            .and_then(|e| e.relations.iter().find(|r| r.name == name))
            .unwrap_or_else(|| panic!("{module}::{name}"))
    };
    let table = |r: &validator_core::model::Relation| {
        r.target
            .resolved
            .and_then(|id| m.entity(id))
            .map(|e| e.table.clone())
    };

    // A `RelationTrait` arm that reuses another relation declares what it declares:
    // reversed, a `belongs_to` becomes the `has_many` back.
    let fillings = rel("cake", "Fillings");
    assert_eq!(fillings.kind, RelationKind::HasMany);
    assert_eq!(table(fillings).as_deref(), Some("cake_filling"));
    let again = rel("cake_filling", "CakeAgain");
    assert_eq!(again.kind, RelationKind::BelongsTo);
    assert_eq!(table(again).as_deref(), Some("cake"));
    // Builder chains keep their keys, and where they are written (for `--fix`).
    let cake = rel("cake_filling", "Cake");
    assert!(cake.skip_fk && cake.on_delete.as_deref() == Some("Cascade"));
    assert!(matches!(
        cake.origin,
        RelationOrigin::RelationTraitArm {
            has_from: true,
            has_to: true
        }
    ));
    assert_eq!(cake.span.start.line, 22);
    assert_eq!(
        m.lookup("cake").map(|e| e.relation_style),
        Some(RelationStyle::RelationTrait)
    );

    // rc.5-rc.10 `via = "Relation::X"` is the `via_rel` it became; `via_rel` on a
    // `has_one` is ignored, as `DeriveRelation` ignores it.
    assert_eq!(
        rel("worker", "ManagedBakery").via_rel.as_deref(),
        Some("Manager")
    );
    assert_eq!(rel("worker", "CashierOf").via_rel, None);
    // Only the first `#[sea_orm(..)]` of a variant is read, as bae reads it.
    assert_eq!(rel("bakery", "Manager").on_delete, None);

    // `#[sea_orm_macros::sea_orm_model]`, a raw-identifier module, `belongs_to` + `via`
    // (a `Related` through the junction), and `self_ref` + `via` (`RelatedSelfVia`).
    let person = m.lookup("person").expect("person");
    assert_eq!(person.format, validator_core::model::EntityFormat::Dense);
    let kind = rel("person", "RType");
    assert_eq!(table(kind).as_deref(), Some("kind"));
    assert!(
        person
            .related
            .iter()
            .any(|r| r.via.is_some() && r.self_via.is_none())
    );
    let self_via = person
        .related
        .iter()
        .find(|r| r.self_via.is_some())
        .expect("RelatedSelfVia");
    assert_eq!(
        self_via
            .self_via
            .as_ref()
            .and_then(|j| j.resolved)
            .and_then(|id| m.entity(id))
            .map(|e| e.table.as_str()),
        Some("membership")
    );
    assert_eq!(
        self_via.target.resolved,
        m.by_module("person"),
        "a self many-to-many"
    );
}

#[test]
fn entities_are_looked_up_by_module_path() {
    let report = read("syntax");
    let m = &report.model;
    // Module paths, with or without `::Entity`, `crate::`/`super::`, raw identifiers,
    // a crate name in front, and re-exports.
    for path in [
        "cake",
        "cake::Entity",
        "crate::cake::Entity",
        "super::cake::Entity",
        "entity::cake::Entity",
        "prelude::Cake",
        "entity::prelude::Cake",
    ] {
        assert_eq!(m.table_of(path).as_deref(), Some("cake"), "{path}");
    }
    assert_eq!(
        m.table_of("super::r#type::Entity").as_deref(),
        Some("app.kind")
    );
    assert_eq!(m.table_of("prelude::Type").as_deref(), Some("app.kind"));
    assert_eq!(m.table_of("orders::Entity"), None);
}
