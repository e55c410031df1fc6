use super::Context;
use crate::diagnostic::{Finding, Label};
use crate::model::{Unread, UnreadKind, rust_ident};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Says which SeaORM item the validator saw but could not read: a
    /// `fn def(&self)` that is not a `match`, a `RelationTrait` arm that builds its
    /// `RelationDef` by hand or in a helper, a `Related`/`Linked` body that is not a
    /// relation expression, a `DeriveRelation` variant without a kind, a `Model` without
    /// `table_name`, a relation attribute on a field that is not a relation type.
    ///
    /// ## Why is this bad?
    /// It may be correct code, but no rule looked at it: its relations are neither
    /// followed nor checked. A clean run must not look like a full one, so each is listed
    /// (info), and the summary counts them ("1 item not understood").
    ///
    /// ## Example
    /// ```rust
    /// impl RelationTrait for Relation {
    ///     fn def(&self) -> RelationDef {
    ///         match self {
    ///             Self::Owner => owner_relation(),
    ///         }
    ///     }
    /// }
    /// ```
    /// Use instead:
    /// ```rust
    /// impl RelationTrait for Relation {
    ///     fn def(&self) -> RelationDef {
    ///         match self {
    ///             Self::Owner => Entity::belongs_to(super::owner::Entity)
    ///                 .from(Column::OwnerId)
    ///                 .to(super::owner::Column::Id)
    ///                 .into(),
    ///         }
    ///     }
    /// }
    /// ```
    pub(crate) static RULE = ("unreadable-item", Entity, Info);
}

const BUILDER: &str =
    "Entity::belongs_to(super::x::Entity).from(Column::XId).to(super::x::Column::Id).into()";

fn finding(u: &Unread) -> Finding {
    let (message, help) = match &u.kind {
        UnreadKind::RelationTraitBody => (
            "`fn def(&self)` of `impl RelationTrait` is not a `match` on the variants, so its relations are not read".to_owned(),
            format!("write `match self {{ Self::X => {BUILDER}, .. }}`"),
        ),
        UnreadKind::RelationTraitArm { variant } => (
            format!(
                "the arm for `Relation::{variant}` is neither a builder chain nor another relation's `.def()`, so it is not read"
            ),
            format!("write it as `{BUILDER}`"),
        ),
        UnreadKind::RelationVariant { variant } => (
            format!(
                "`Relation::{variant}` has no `belongs_to`, `has_one` or `has_many` in its first `#[sea_orm(..)]`, so it is not read"
            ),
            "write `#[sea_orm(belongs_to = \"super::x::Entity\", from = \"Column::XId\", to = \"super::x::Column::Id\")]`".to_owned(),
        ),
        UnreadKind::RelationEnum => (
            "`enum Relation` has variants, but neither `DeriveRelation` nor an `impl RelationTrait` in this module defines them".to_owned(),
            "add `DeriveRelation` to its derives and a `#[sea_orm(..)]` to each variant, or write `impl RelationTrait for Relation` next to it".to_owned(),
        ),
        UnreadKind::RelatedBody { target, function } => (
            format!(
                "`{function}()` of `impl Related<{target}>` is not a relation expression the validator reads, so the impl is not checked"
            ),
            "return `Relation::X.def()`, `super::x::Relation::Y.def().rev()` or `<super::x::Entity as Related<Entity>>::to()`".to_owned(),
        ),
        UnreadKind::ImplSelf {
            trait_name,
            self_type,
        } => (
            format!(
                "`impl {trait_name}` for `{self_type}`, which is no entity in the checked files, so it is not read"
            ),
            format!("write the impl for the entity module's own `Entity` (`impl {trait_name}<..> for Entity` in its module)"),
        ),
        UnreadKind::LinkedBody { name } => (
            format!(
                "`link()` of `Linked` `{name}` is not `vec![..]` of relation definitions, so its chain is not checked"
            ),
            "return `vec![super::x::Relation::Y.def().rev(), Relation::Z.def()]`".to_owned(),
        ),
        UnreadKind::ModelWithoutTable => (
            "this entity has no `table_name`, so SeaORM generates no `Entity` and the validator reads none".to_owned(),
            "add `#[sea_orm(table_name = \"..\")]`".to_owned(),
        ),
        UnreadKind::RelationField { field, ty } => (
            format!(
                "relation field `{field}` has type `{ty}`, which is not `BelongsTo<..>`, `HasOne<..>` or `HasMany<..>`, so it is not read"
            ),
            format!(
                "declare it as `pub {}: HasMany<super::x::Entity>` (or `BelongsTo<..>`, `HasOne<..>`)",
                rust_ident(field)
            ),
        ),
    };
    Finding::new(
        &RULE,
        message,
        Label::new(&u.file, u.span, "not understood"),
    )
    .with_help(help)
    .with_anchor(u.item)
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    out.extend(cx.model.unread.iter().map(finding));
}
