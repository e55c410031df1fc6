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
    assert_eq!(
        (rel.from.as_slice(), rel.to.as_slice()),
        (&["CustomerId".to_owned()][..], &["Id".to_owned()][..])
    );
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
