//! The plain model of a set of SeaORM entities: entities, columns, relations, `Related`
//! and `Linked` impls, ActiveEnums. It holds no syn types, so the migration linter and the
//! drift check can reuse it (and it serialises to JSON).

use std::path::PathBuf;

use serde::Serialize;

use crate::source::{LineRange, Span, TightSpan};

mod attrs;
mod expanded;
mod fields;
mod items;
mod layout;
mod name;
mod parsed;
mod paths;
mod pieces;
mod relexpr;
mod resolve;
mod tree;

pub(crate) use attrs::{COLUMN_FLAGS, COLUMN_KEYS};
pub(crate) use items::parse_file;
pub use layout::{EditPoints, Indent, ItemEnd, ListEnd, Newline, Replace};
pub use name::Name;
pub(crate) use name::sharing;
pub(crate) use parsed::ParsedFile;
pub use paths::{rust_ident, rust_path};
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
    /// Names of the types (structs, enums, aliases) the checked files define.
    pub local_types: std::collections::BTreeSet<String>,
    /// Names that re-export an entity (`prelude::User`, `entities::UserEntity`), as
    /// `module::Name`, with the entity they name.
    pub aliases: std::collections::BTreeMap<String, EntityId>,
    /// What the reader saw but could not interpret.
    pub unread: Vec<Unread>,
    /// Item-level macro calls, which may define entities or relations the reader cannot
    /// see.
    pub macros: Vec<MacroCall>,
    /// Relation syntax that only SeaORM's release candidates accepted.
    pub rc_syntax: Vec<RcSyntax>,
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

    /// The entity defined in a module (path relative to the checked root, `::`-separated).
    pub fn by_module(&self, module: &str) -> Option<EntityId> {
        self.entities.iter().position(|e| e.module == module)
    }

    /// The entity a path names from outside the checked modules (a migration, another
    /// crate): `user`, `user::Entity`, `entity::user::Entity`, `crate::entities::user`,
    /// `super::r#type::Entity`, or a re-export such as `prelude::User`. Leading
    /// `crate`/`super`/`self` segments are dropped, then the path is matched against
    /// module paths and re-exports, exactly or by a unique suffix (so the name of the
    /// entity crate itself may lead the path). `None` when nothing or several match.
    pub fn lookup(&self, path: &str) -> Option<&Entity> {
        let mut segs = paths::segments_of(path);
        segs.retain(|s| !matches!(s.as_str(), "crate" | "super" | "self"));
        if segs.last().is_some_and(|s| s == "Entity") {
            segs.pop();
        }
        if segs.is_empty() {
            return None;
        }
        // The path may start with names the checked root does not know (the crate's
        // name, a parent module): the longest suffix that names a module or re-export wins.
        for k in 0..segs.len() {
            let tail = segs.get(k..).unwrap_or_default().join("::");
            if let Some(id) = self
                .by_module(&tail)
                .or_else(|| self.aliases.get(&tail).copied())
            {
                return self.entity(id);
            }
        }
        let joined = segs.join("::");
        let ends = |name: &str| name == joined || name.ends_with(&format!("::{joined}"));
        let mut found = self
            .entities
            .iter()
            .enumerate()
            .filter(|(_, e)| ends(&e.module))
            .map(|(id, _)| id)
            .chain(
                self.aliases
                    .iter()
                    .filter(|(name, _)| ends(name))
                    .map(|(_, id)| *id),
            )
            .collect::<Vec<_>>();
        found.sort_unstable();
        found.dedup();
        match found.as_slice() {
            [id] => self.entity(*id),
            _ => None,
        }
    }

    /// The table (`schema.table` or `table`) of the entity a path names: see
    /// [`Model::lookup`].
    pub fn table_of(&self, path: &str) -> Option<String> {
        self.lookup(path).map(Entity::qualified_table)
    }
}

/// How an entity declares its relations; a fix adds a relation the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationStyle {
    /// Relation fields of a `#[sea_orm::model]` struct.
    DenseFields,
    /// `#[derive(DeriveRelation)] enum Relation` with `#[sea_orm(..)]` variants.
    DeriveRelation,
    /// A hand-written `impl RelationTrait for Relation`.
    RelationTrait,
    /// No relation declaration at all.
    None,
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
    pub module: Name,
    /// The file that defines it.
    pub file: PathBuf,
    /// How it is written.
    pub format: EntityFormat,
    /// `table_name`.
    pub table: Name,
    /// `schema_name`, if set.
    pub schema: Option<Name>,
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
    /// Where relations are declared: `enum Relation`, the first relation field, or the
    /// `impl RelationTrait` header.
    pub relations_span: Option<Span>,
    /// How relations are declared.
    pub relation_style: RelationStyle,
    /// Where fixes put new code, and the file's layout there.
    #[serde(skip)]
    pub edit: Option<Box<EditPoints>>,
}

impl Entity {
    pub(crate) fn shrink(&mut self) {
        self.columns.shrink_to_fit();
        self.relations.shrink_to_fit();
        self.related.shrink_to_fit();
        self.unknown_column_keys.shrink_to_fit();
    }

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
            None => self.table.to_string(),
        }
    }
}

/// One column.
#[derive(Clone, Debug, Serialize)]
pub struct Column {
    /// The `Model` field (`user_id`), or the `Column` variant in snake case when there is
    /// no field.
    pub field: Name,
    /// The `Column` enum variant (`UserId`, or `enum_name`).
    pub variant: Name,
    /// The database column name (`column_name`, `rename_all`, or the field in snake case).
    pub column_name: Name,
    /// The Rust type as written, without spaces (`Option<i64>`); empty when unknown.
    pub rust_type: Name,
    /// The Rust type without `Option` and without path prefixes (`i64`, `Uuid`).
    pub base_type: Name,
    /// `Option<T>` or `nullable`.
    pub nullable: bool,
    /// Part of the primary key.
    pub primary_key: bool,
    /// `auto_increment = ..`, when given.
    pub auto_increment: Option<bool>,
    /// `unique`.
    pub unique: bool,
    /// `unique_key = "name"`.
    pub unique_key: Option<Name>,
    /// `indexed`.
    pub indexed: bool,
    /// `column_type = ".."` override, as written.
    pub column_type: Option<Name>,
    /// `default_value` / `default_expr`.
    pub default: Option<ColumnDefault>,
    /// `renamed_from = "old_name"`: the column's name before a rename.
    pub renamed_from: Option<Name>,
    /// The field (or `Column` variant).
    pub span: Span,
    /// The field's type (`None` without a `Model` field).
    #[serde(skip)]
    pub type_span: Option<TightSpan>,
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
    /// Whether it is written with a value (`key = ..` or `key(..)`).
    #[serde(skip)]
    pub has_value: bool,
    /// The known keys the same field already has.
    #[serde(skip)]
    pub known_keys: Vec<String>,
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
    pub path: Name,
    /// The entity it names, once resolved.
    pub resolved: Option<EntityId>,
    /// Whether the path can only mean something in the checked files (`super::`,
    /// `crate::`, `Entity`, or a name imported from them). Unresolved local paths are
    /// dangling; other paths may name another crate's entity.
    pub local: bool,
}

impl EntityRef {
    pub(crate) fn new(path: impl Into<Name>) -> Self {
        EntityRef {
            path: path.into(),
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
        field: Name,
    },
    /// A `DeriveRelation` enum variant.
    Variant,
    /// A match arm of a hand-written `impl RelationTrait`, whatever format the `Model`
    /// uses.
    RelationTraitArm {
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
    pub name: Name,
    /// `belongs_to`, `has_one`, `has_many`.
    pub kind: RelationKind,
    /// The other entity.
    pub target: EntityRef,
    /// `from` columns (`Column` variant names) on the owner for `belongs_to`; explicit
    /// `from` for `has_*` (rare).
    pub from: Vec<Name>,
    /// `to` columns on the target.
    pub to: Vec<Name>,
    /// `on_delete`, as written (`Cascade`).
    pub on_delete: Option<Name>,
    /// `on_update`, as written.
    pub on_update: Option<Name>,
    /// `via_rel`: a relation variant of the target used (reversed) for this relation.
    pub via_rel: Option<Name>,
    /// `on_condition`: an extra join condition, which tells otherwise identical
    /// relations apart.
    pub on_condition: Option<Name>,
    /// `skip_fk`: no foreign key constraint.
    pub skip_fk: bool,
    /// `self_ref`, or the target is the owner itself.
    pub self_ref: bool,
    /// `BelongsTo<Option<..>>` (dense only).
    pub optional: bool,
    /// For expanded arms that reuse another relation (`super::x::Relation::Y.def().rev()`).
    pub delegate: Option<Box<RelExpr>>,
    /// Where it is declared.
    pub origin: RelationOrigin,
    /// The relation attribute or builder call.
    pub span: Span,
    /// Where `from = ..` and `to = ..` (or the `.from(..)`/`.to(..)` calls) are written,
    /// when either is: [`Relation::from_span`], [`Relation::to_span`].
    pub key_spans: Option<Box<KeySpans>>,
    /// The whole field, variant or arm (for suppressions).
    pub item: LineRange,
}

/// Where a relation's `from` and `to` are written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct KeySpans {
    /// `from = ..` or `.from(..)`.
    pub from: Option<Span>,
    /// `to = ..` or `.to(..)`.
    pub to: Option<Span>,
    /// The value of `from` as written, for fixes.
    #[serde(skip)]
    pub from_value: Option<Written>,
    /// The value of `to` as written, for fixes.
    #[serde(skip)]
    pub to_value: Option<Written>,
    /// The value of `via_rel` as written, for fixes.
    #[serde(skip)]
    pub via_rel_value: Option<Written>,
}

/// A value as written in the source: a string literal's contents (`Column::UserId`) or
/// an expression's tokens.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Written {
    /// The literal or expression.
    pub span: TightSpan,
    /// Its text (a string literal's contents, without quotes).
    pub text: Name,
    /// Written as a string literal.
    pub quoted: bool,
}

/// Where a `from`/`to` key is, and its value.
pub(crate) type KeyAt = (Span, Option<Written>);

impl KeySpans {
    /// Boxed when either is known (most relations of a `has_many` have neither).
    pub(crate) fn new(from: Option<KeyAt>, to: Option<KeyAt>) -> Option<Box<KeySpans>> {
        (from.is_some() || to.is_some()).then(|| {
            let (from, from_value) = from.map_or((None, None), |(s, v)| (Some(s), v));
            let (to, to_value) = to.map_or((None, None), |(s, v)| (Some(s), v));
            Box::new(KeySpans {
                from,
                to,
                from_value,
                to_value,
                via_rel_value: None,
            })
        })
    }

    /// `keys` with where `via_rel`'s value is written (boxed when anything is known).
    pub(crate) fn with_via_rel(
        keys: Option<Box<KeySpans>>,
        via_rel: Option<Written>,
    ) -> Option<Box<KeySpans>> {
        let Some(via_rel) = via_rel else { return keys };
        let mut k = keys.unwrap_or_default();
        k.via_rel_value = Some(via_rel);
        Some(k)
    }
}

impl Relation {
    /// `from = ..` (or the `.from(..)` call), when present.
    pub fn from_span(&self) -> Option<Span> {
        self.key_spans.as_ref().and_then(|k| k.from)
    }

    /// `to = ..` (or the `.to(..)` call), when present.
    pub fn to_span(&self) -> Option<Span> {
        self.key_spans.as_ref().and_then(|k| k.to)
    }
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
        variant: Name,
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
        text: Name,
    },
}

impl RelExpr {
    /// Whether the reader could not interpret the expression.
    pub fn is_other(&self) -> bool {
        matches!(self, RelExpr::Other { .. })
    }
}

/// `impl Related<X> for Entity`.
#[derive(Clone, Debug, Serialize)]
pub struct RelatedImpl {
    /// `X`.
    pub target: EntityRef,
    /// The body of `to()`.
    pub to: RelExpr,
    /// Where the body of `to()` is written (a hand-written impl's).
    #[serde(skip)]
    pub to_span: Option<TightSpan>,
    /// The body of `via()`, if any.
    pub via: Option<Box<RelExpr>>,
    /// Generated by `#[sea_orm::model]` from a field rather than written by hand.
    pub generated: bool,
    /// `impl RelatedSelfVia<J> for Entity` (or a dense `self_ref, via = "j"` field): a
    /// self many-to-many through the junction `J`; `target` is the entity itself.
    pub self_via: Option<Box<EntityRef>>,
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
    /// Where each hop of `link` is written.
    pub hop_spans: Vec<Span>,
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

/// Something the reader saw and could not interpret: each becomes an `unreadable-item`
/// finding, so that "no findings" never means "not read".
#[derive(Clone, Debug, Serialize)]
pub struct Unread {
    /// What it is and why it could not be read.
    pub kind: UnreadKind,
    /// The file.
    pub file: PathBuf,
    /// The item, attribute or expression.
    pub span: Span,
    /// The whole item (for suppressions).
    pub item: LineRange,
}

/// What the reader could not interpret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum UnreadKind {
    /// `fn def(&self)` of an `impl RelationTrait` is not a `match` on the variants.
    RelationTraitBody,
    /// A `RelationTrait` arm that is neither a builder chain
    /// (`Entity::belongs_to(..)..into()`) nor another relation's `.def()` (a
    /// `RelationDef { .. }` literal, a helper call).
    RelationTraitArm {
        /// The variant.
        variant: String,
    },
    /// A `DeriveRelation` variant whose `#[sea_orm(..)]` has no `belongs_to`, `has_one`
    /// or `has_many`.
    RelationVariant {
        /// The variant.
        variant: String,
    },
    /// An `enum Relation` with variants, but neither `DeriveRelation` nor an
    /// `impl RelationTrait` in its module.
    RelationEnum,
    /// A `Related`/`RelatedSelfVia` impl whose `to()` or `via()` is not a relation
    /// expression the reader knows.
    RelatedBody {
        /// The `Related<..>` parameter as written.
        target: String,
        /// `to` or `via`.
        function: &'static str,
    },
    /// A `Related`/`RelationTrait`/`Linked` impl for a type that is no entity of the
    /// checked files.
    ImplSelf {
        /// The trait.
        trait_name: String,
        /// The type as written.
        self_type: String,
    },
    /// An `impl Linked` whose `link()` is not `vec![..]` of relation expressions.
    LinkedBody {
        /// The implementing type.
        name: String,
    },
    /// A `Model` with SeaORM's derive or attribute macro but no `table_name`, so no
    /// entity.
    ModelWithoutTable,
    /// A relation key (`belongs_to`, `has_one`, `has_many`) on a field whose type is
    /// not a relation type.
    RelationField {
        /// The field.
        field: String,
        /// Its type as written.
        ty: String,
    },
}

/// An item-level macro call (`with_every_entity!(declare_modules);`).
#[derive(Clone, Debug, Serialize)]
pub struct MacroCall {
    /// The macro's name, the last segment of its path (`impl_safe_operation`).
    pub name: String,
    /// The directory of the crate (checked root) the file is in.
    pub crate_dir: PathBuf,
    /// The file.
    pub file: PathBuf,
    /// The call.
    pub span: Span,
    /// The whole call (for suppressions).
    pub item: LineRange,
}

/// A release-candidate-only spelling.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RcForm {
    /// A `#[sea_orm::model]` relation field typed `Option<super::x::Entity>`
    /// (2.0.0-rc.11 to rc.42).
    OptionEntityField,
    /// A `#[sea_orm::model]` relation field typed `Vec<super::x::Entity>`
    /// (2.0.0-rc.11 to rc.42).
    VecEntityField,
    /// `via = "Relation::X"` on a `DeriveRelation` variant (2.0.0-rc.5 to rc.10).
    DeriveRelationVia,
}

/// One use of release-candidate syntax.
#[derive(Clone, Debug, Serialize)]
pub struct RcSyntax {
    /// Which spelling.
    pub form: RcForm,
    /// The relation kind it declares, when it declares one.
    pub kind: Option<RelationKind>,
    /// The target entity path as written (`super::author::Entity`).
    pub target: String,
    /// The `from` columns are nullable (for `Option<..>` fields: `BelongsTo<Option<..>>`).
    pub nullable: bool,
    /// For `via = "Relation::X"`: the variant (`X`).
    pub via_rel: Option<String>,
    /// The directory of the crate (checked root) the file is in.
    pub crate_dir: PathBuf,
    /// The file.
    pub file: PathBuf,
    /// The field type or the `via` key.
    pub span: Span,
    /// The whole field or variant (for suppressions).
    pub item: LineRange,
}

/// The field name suggested for a `has_many` to a module (`category` gives `categories`).
pub fn plural_name(module: &str) -> String {
    paths::plural(module)
}
