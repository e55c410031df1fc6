//! Arbitrary text and arbitrary `#[sea_orm(..)]` attribute soup fed to the entity parser
//! and the renderers: nothing may panic.

use proptest::prelude::*;
use validator_core::render::{Format, Options, render};
use validator_core::{Config, SourceInput, check_sources};

fn run(texts: Vec<String>) {
    let inputs = texts
        .into_iter()
        .enumerate()
        .map(|(i, text)| SourceInput {
            path: format!("m{i}.rs").into(),
            module: vec![format!("m{i}")],
            text,
            report: true,
        })
        .collect();
    let report = check_sources(inputs, &Config::default());
    for format in [Format::Human, Format::Json, Format::Sarif, Format::Github] {
        let _ = render(
            &report,
            &Options {
                format,
                color: false,
                width: 80,
            },
        );
    }
}

const FRAGMENTS: &[&str] = &[
    "#[sea_orm::model]",
    "#[derive(Clone, Debug, DeriveEntityModel)]",
    "#[derive(DeriveRelation, EnumIter)]",
    "#[sea_orm(table_name = \"t\")]",
    "#[sea_orm(",
    ")]",
    "belongs_to",
    "has_many",
    "has_one",
    "via",
    "via_rel = \"X\"",
    "relation_enum = \"Y\"",
    "self_ref",
    "from = \"a_id\"",
    "to = \"id\"",
    "from = \"(a, b)\"",
    "to = \"super::m1::Column::Id\"",
    "= \"super::m0::Entity\"",
    "on_delete = \"SetNull\"",
    "primary_key",
    "uniqe",
    "unique_key = \"k\"",
    ",",
    "pub struct Model {",
    "pub enum Relation {",
    "}",
    "{",
    "pub a_id: i32,",
    "pub id: Option<i64>,",
    "pub x: BelongsTo<super::m1::Entity>,",
    "pub y: HasMany<Entity>,",
    "pub z: HasOne<super::m0::Entity>,",
    "impl Related<super::m0::Entity> for Entity {",
    "fn to() -> RelationDef { Relation::X.def().rev() }",
    "fn via() -> Option<RelationDef> { Some(super::m1::Relation::Y.def()) }",
    "impl RelationTrait for Relation { fn def(&self) -> RelationDef { match self {",
    "Self::X => Entity::belongs_to(super::m1::Entity).from(Column::AId).into(),",
    "impl EntityName for Entity { fn table_name(&self) -> &str { \"t\" } }",
    "#[derive(DeriveEntity)] pub struct Entity;",
    "pub enum Column { Id, AId }",
    "pub enum PrimaryKey { Id }",
    "mod inner {",
    "use super::m0::Entity as E;",
    "use super::*;",
    "X,",
    "Y,",
    "// validator: allow(missing-back-reference)",
    "// validator: allow(",
    "\"",
    "é",
    "\n",
    "r#\"",
    "'",
];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..80).prop_map(|parts| parts.join(" "))
}

const KEYS: &[&str] = &[
    "belongs_to",
    "has_many",
    "has_one",
    "self_ref",
    "via",
    "via_rel",
    "from",
    "to",
    "relation_enum",
    "relation_reverse",
    "reverse",
    "on_delete",
    "on_update",
    "skip_fk",
    "primary_key",
    "unique",
    "uniqe",
    "unique_key",
    "indexed",
    "column_name",
    "column_type",
    "enum_name",
    "ignore",
    "nullable",
    "table_name",
];
const VALUES: &[&str] = &[
    "",
    " = \"\"",
    " = \"id\"",
    " = \"a_id\"",
    " = \"(a, b)\"",
    " = \"Column::AId\"",
    " = \"super::m0::Entity\"",
    " = \"super::m1::Column::Id\"",
    " = \"Entity\"",
    " = \"m1::X\"",
    " = \"SetNull\"",
    " = \"X\"",
    " = 3",
    " = true",
    "(a, b)",
    " = \"::\"",
    " = \"(\"",
];
const TYPES: &[&str] = &[
    "i32",
    "Option<i64>",
    "BelongsTo<super::m0::Entity>",
    "BelongsTo<Option<super::m1::Entity>>",
    "HasMany<Entity>",
    "HasOne<super::m2::Entity>",
    "HasMany<super::nowhere::Entity>",
    "String",
    "Vec<u8>",
    "HasMany<Option<Entity>>",
];

fn attr() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (prop::sample::select(KEYS), prop::sample::select(VALUES)),
        0..5,
    )
    .prop_map(|kv| {
        format!(
            "#[sea_orm({})]",
            kv.iter()
                .map(|(k, v)| format!("{k}{v}"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

/// Syntactically valid entities in the three formats, with random attribute contents.
fn entity() -> impl Strategy<Value = String> {
    let field = (attr(), prop::sample::select(TYPES))
        .prop_map(|(a, t)| format!("{a} pub f{}: {t},", t.len()));
    let variant = attr().prop_map(|a| format!("{a} V{},", a.len()));
    (
        prop::sample::select(&["#[sea_orm::model]", "#[sea_orm::compact_model]", ""][..]),
        attr(),
        prop::collection::vec(field, 0..6),
        prop::collection::vec(variant, 0..4),
        prop::sample::select(&["Relation::V1.def()", "super::m0::Relation::X.def().rev()", "<super::m1::Entity as Related<Entity>>::to().rev()", "Entity::has_many(super::m2::Entity).into()", "todo!()"][..]),
    )
        .prop_map(|(marker, table, fields, variants, to)| {
            format!(
                "{marker}\n#[derive(DeriveEntityModel)]\n{table}\n#[sea_orm(table_name = \"t\")]\npub struct Model {{ {} }}\n\
                 #[derive(DeriveRelation)]\npub enum Relation {{ {} }}\n\
                 impl Related<super::m0::Entity> for Entity {{ fn to() -> RelationDef {{ {to} }} fn via() -> Option<RelationDef> {{ Some({to}) }} }}\n\
                 impl RelationTrait for Relation {{ fn def(&self) -> RelationDef {{ match self {{ Self::A => {to}.from(Column::X), Self::B => Entity::belongs_to(Entity).into() }} }} }}\n",
                fields.join("\n"),
                variants.join("\n")
            )
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(a in ".{0,400}", b in "\\PC{0,200}") {
        run(vec![a, b]);
    }

    #[test]
    fn random_attributes_on_valid_entities_never_panic(a in entity(), b in entity(), c in entity()) {
        run(vec![a, b, c]);
    }

    #[test]
    fn attribute_soup_never_panics(a in soup(), b in soup(), c in soup()) {
        run(vec![a, b, c]);
    }
}
