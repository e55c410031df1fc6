//! The plain model of a set of SeaORM entities: entities, columns, relations, `Related`
//! and `Linked` impls, ActiveEnums. It holds no syn types, so the migration linter and the
//! drift check can reuse it (and it serialises to JSON).

use std::path::PathBuf;

use serde::Serialize;

use crate::source::{LineRange, Span};

mod attrs;
mod expanded;
mod fields;
mod items;
mod paths;
mod pieces;
mod relexpr;
mod resolve;

pub(crate) use attrs::COLUMN_KEYS;
pub(crate) use items::{ParsedFile, parse_file};
pub(crate) use resolve::resolve;

/// Index of an entity in [`Model::entities`].
pub type EntityId = usize;

/// Every entity, enum and `Linked` impl found in the checked files.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Model {
    /// Entities in file order.
    pub entities: Vec<Entity>,
    /// `DeriveActiveEnum` enums.
    pub active_enums: Vec<ActiveEnum>,
    /// `impl Linked` blocks.
    pub linked: Vec<Linked>,
    /// `type Name = Type;` aliases (name to base type) that mean the same everywhere in
    /// the checked files; a name defined differently in two places is left out.
    pub type_aliases: std::collections::BTreeMap<String, String>,
}

impl Model {
    /// The entity at `id`.
    pub fn entity(&self, id: EntityId) -> Option<&Entity> {
        self.entities.get(id)
    }

    /// A base type with local aliases expanded (`UserId` for `type UserId = i64;` gives
    /// `i64`).
    pub fn unalias<'a>(&'a self, mut ty: &'a str) -> &'a str {
        for _ in 0..4 {
            match self.type_aliases.get(ty) {
                Some(t) => ty = t,
                None => break,
            }
        }
        ty
    }
}

/// How an entity is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityFormat {
    /// `#[sea_orm::model]`: relations are fields.
    Dense,
    /// `#[sea_orm::compact_model]`: fields for loading, a hand-written `enum Relation`.
    CompactModel,
    /// `DeriveEntityModel` + `DeriveRelation` + hand-written `impl Related`.
    Compact,
    /// Hand-written `EntityName`, `ColumnTrait`, `RelationTrait` impls.
    Expanded,
}

/// One SeaORM entity (one module with an `Entity`).
#[derive(Clone, Debug, Serialize)]
pub struct Entity {
    /// Module path relative to the checked root, `::`-separated (`entities::user`).
    pub module: String,
    /// The file that defines it.
    pub file: PathBuf,
    /// How it is written.
    pub format: EntityFormat,
    /// `table_name`.
    pub table: String,
    /// `schema_name`, if set.
    pub schema: Option<String>,
    /// `rename_all` for column names, if set.
    pub rename_all: Option<String>,
    /// Columns in declaration order (relation fields and `ignore`d fields excluded).
    pub columns: Vec<Column>,
    /// Relation enum variants (written, or generated from dense fields).
    pub relations: Vec<Relation>,
    /// `impl Related<X> for Entity` (written, or generated from dense fields).
    pub related: Vec<RelatedImpl>,
    /// `#[sea_orm(...)]` keys on columns that SeaORM ignores.
    pub unknown_column_keys: Vec<UnknownKey>,
    /// The `Model` struct (or the `Entity` struct for the expanded format).
    pub span: Span,
    /// The lines from the item's first attribute to its name (for suppressions).
    pub header: LineRange,
    /// Where relations are declared: `enum Relation`, or the dense `Model` struct.
    pub relations_span: Option<Span>,
}

impl Entity {
    /// The last segment of the module path (`credit_transaction`).
    pub fn module_name(&self) -> &str {
        self.module.rsplit("::").next().unwrap_or(&self.module)
    }

    /// A column by its `Column` variant name (`UserId`), field name or column name.
    pub fn column(&self, name: &str) -> Option<&Column> {
        // Relation columns are stored as variant names already; convert only on a miss.
        self.columns.iter().find(|c| c.variant == name).or_else(|| {
            let wanted = paths::variant_name(name);
            self.columns.iter().find(|c| c.variant == wanted)
        })
    }

    /// The primary-key columns in declaration order.
    pub fn primary_key(&self) -> Vec<&Column> {
        self.columns.iter().filter(|c| c.primary_key).collect()
    }

    /// The table as `schema.table` or `table`.
    pub fn qualified_table(&self) -> String {
        match &self.schema {
            Some(s) => format!("{s}.{}", self.table),
            None => self.table.clone(),
        }
    }
}

/// One column.
#[derive(Clone, Debug, Serialize)]
pub struct Column {
    /// The `Model` field (`user_id`), or the `Column` variant in snake case when there is
    /// no field.
    pub field: String,
    /// The `Column` enum variant (`UserId`, or `enum_name`).
    pub variant: String,
    /// The database column name (`column_name`, `rename_all`, or the field in snake case).
    pub column_name: String,
    /// The Rust type as written, without spaces (`Option<i64>`); empty when unknown.
    pub rust_type: String,
    /// The Rust type without `Option` and without path prefixes (`i64`, `Uuid`).
    pub base_type: String,
    /// `Option<T>` or `nullable`.
    pub nullable: bool,
    /// Part of the primary key.
    pub primary_key: bool,
    /// `auto_increment = ..`, when given.
    pub auto_increment: Option<bool>,
    /// `unique`.
    pub unique: bool,
    /// `unique_key = "name"`.
    pub unique_key: Option<String>,
    /// `indexed`.
    pub indexed: bool,
    /// `column_type = ".."` override, as written.
    pub column_type: Option<String>,
    /// `default_value` / `default_expr`.
    pub default: Option<ColumnDefault>,
    /// `renamed_from = "old_name"`: the column's name before a rename.
    pub renamed_from: Option<String>,
    /// The field (or `Column` variant).
    pub span: Span,
}

/// A column's default, as the entity writes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnDefault {
    /// `default_value = ..`: a Rust literal as written (`"new user"`, `0`, `true`).
    Value(String),
    /// `default_expr = ".."`: a sea-query expression in Rust (`Expr::current_timestamp()`).
    Expr(String),
}

/// A `#[sea_orm(...)]` key that SeaORM does not know on a column.
#[derive(Clone, Debug, Serialize)]
pub struct UnknownKey {
    /// The key as written.
    pub key: String,
    /// The field it is on.
    pub field: String,
    /// The key.
    pub span: Span,
    /// The whole field, attributes included.
    pub item: LineRange,
}

/// `belongs_to`, `has_one` or `has_many`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    /// The owner holds the foreign key.
    BelongsTo,
    /// The other side holds a foreign key to the owner, at most one row.
    HasOne,
    /// The other side holds a foreign key to the owner.
    HasMany,
}

impl RelationKind {
    /// SeaORM's word for it.
    pub fn as_str(self) -> &'static str {
        match self {
            RelationKind::BelongsTo => "belongs_to",
            RelationKind::HasOne => "has_one",
            RelationKind::HasMany => "has_many",
        }
    }
}

/// A path to an entity as written, and what it resolves to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EntityRef {
    /// As written (`super::user::Entity`, `User`, `Entity`).
    pub path: String,
    /// The entity it names, once resolved.
    pub resolved: Option<EntityId>,
    /// Whether the path can only mean something in the checked files (`super::`,
    /// `crate::`, `Entity`, or a name imported from them). Unresolved local paths are
    /// dangling; other paths may name another crate's entity.
    pub local: bool,
}

impl EntityRef {
    pub(crate) fn new(path: String) -> Self {
        EntityRef {
            path,
            resolved: None,
            local: false,
        }
    }
}

/// Where a relation was declared.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum RelationOrigin {
    /// A dense `#[sea_orm::model]` field (`pub user: BelongsTo<..>`).
    DenseField {
        /// The field name.
        field: String,
    },
    /// A `DeriveRelation` enum variant.
    Variant,
    /// A match arm of a hand-written `impl RelationTrait`.
    ExpandedArm {
        /// `.from(..)` is called.
        has_from: bool,
        /// `.to(..)` is called.
        has_to: bool,
    },
}

/// One variant of an entity's `Relation` enum.
#[derive(Clone, Debug, Serialize)]
pub struct Relation {
    /// The `Relation` variant (`User`, or `relation_enum`).
    pub name: String,
    /// `belongs_to`, `has_one`, `has_many`.
    pub kind: RelationKind,
    /// The other entity.
    pub target: EntityRef,
    /// `from` columns (`Column` variant names) on the owner for `belongs_to`; explicit
    /// `from` for `has_*` (rare).
    pub from: Vec<String>,
    /// `to` columns on the target.
    pub to: Vec<String>,
    /// `on_delete`, as written (`Cascade`).
    pub on_delete: Option<String>,
    /// `on_update`, as written.
    pub on_update: Option<String>,
    /// `via_rel`: a relation variant of the target used (reversed) for this relation.
    pub via_rel: Option<String>,
    /// `on_condition`: an extra join condition, which tells otherwise identical
    /// relations apart.
    pub on_condition: Option<String>,
    /// `skip_fk`: no foreign key constraint.
    pub skip_fk: bool,
    /// `self_ref`, or the target is the owner itself.
    pub self_ref: bool,
    /// `BelongsTo<Option<..>>` (dense only).
    pub optional: bool,
    /// For expanded arms that reuse another relation (`super::x::Relation::Y.def().rev()`).
    pub delegate: Option<RelExpr>,
    /// Where it is declared.
    pub origin: RelationOrigin,
    /// The relation attribute or builder call.
    pub span: Span,
    /// `from = ..` (or the `.from(..)` call), when present.
    pub from_span: Option<Span>,
    /// `to = ..` (or the `.to(..)` call), when present.
    pub to_span: Option<Span>,
    /// The whole field, variant or arm (for suppressions).
    pub item: LineRange,
}

/// A relation definition expression, as used in `Related::to()`/`via()` and `Linked`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "expr")]
pub enum RelExpr {
    /// `path::Relation::Variant.def()`, possibly `.rev()`.
    Variant {
        /// The entity whose `Relation` enum is named (the module of the path).
        owner: EntityRef,
        /// The variant.
        variant: String,
        /// `.rev()` applied (an odd number of times).
        rev: bool,
    },
    /// `<path::Entity as Related<T>>::to()`, possibly `.rev()`.
    RelatedTo {
        /// The entity whose `Related` impl is called.
        owner: EntityRef,
        /// The `Related<T>` parameter.
        target: EntityRef,
        /// `.rev()` applied.
        rev: bool,
    },
    /// `Entity::has_many(T)` / `belongs_to(T)`... written inline.
    Builder {
        /// The builder kind.
        kind: RelationKind,
        /// The argument.
        target: EntityRef,
        /// `.rev()` applied.
        rev: bool,
    },
    /// Anything else (kept as text; rules skip it).
    Other {
        /// The expression.
        text: String,
    },
}

/// `impl Related<X> for Entity`.
#[derive(Clone, Debug, Serialize)]
pub struct RelatedImpl {
    /// `X`.
    pub target: EntityRef,
    /// The body of `to()`.
    pub to: RelExpr,
    /// The body of `via()`, if any.
    pub via: Option<RelExpr>,
    /// Generated by `#[sea_orm::model]` from a field rather than written by hand.
    pub generated: bool,
    /// The `impl` header (or the dense field that generates it).
    pub span: Span,
    /// The whole impl (for suppressions).
    pub item: LineRange,
}

/// `impl Linked for X`.
#[derive(Clone, Debug, Serialize)]
pub struct Linked {
    /// The implementing type.
    pub name: String,
    /// Module path of the file that holds it.
    pub module: String,
    /// The file.
    pub file: PathBuf,
    /// `type FromEntity`.
    pub from: EntityRef,
    /// `type ToEntity`.
    pub to: EntityRef,
    /// The relation chain of `link()`.
    pub link: Vec<RelExpr>,
    /// The impl header.
    pub span: Span,
}

/// A `DeriveActiveEnum` enum.
#[derive(Clone, Debug, Serialize)]
pub struct ActiveEnum {
    /// The Rust name.
    pub name: String,
    /// Module path.
    pub module: String,
    /// The file.
    pub file: PathBuf,
    /// `rs_type`.
    pub rs_type: Option<String>,
    /// `db_type`.
    pub db_type: Option<String>,
    /// `enum_name` (the PostgreSQL type name for `db_type = "Enum"`).
    pub enum_name: Option<String>,
    /// `rename_all`.
    pub rename_all: Option<String>,
    /// Stored values (`string_value`/`num_value`/discriminant, or the renamed variant).
    pub values: Vec<String>,
    /// The enum name.
    pub span: Span,
}

/// The field name suggested for a `has_many` to a module (`category` gives `categories`).
pub fn plural_name(module: &str) -> String {
    paths::plural(module)
}
