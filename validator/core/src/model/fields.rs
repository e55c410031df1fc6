//! Columns of a `Model` struct, the relation fields of the dense format (2.0.x and the
//! release candidates' spellings), and the variants of a `DeriveRelation` enum.

use std::collections::HashMap;

use heck::{ToLowerCamelCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use syn::{Fields, ItemEnum, ItemStruct, Type};

use super::attrs::{self, AttrItem, COLUMN_KEYS};
use super::parsed::ParsedFile;
use super::paths::{
    analyse_type, ident_name, last_ident, path_string, split_columns, variant_name,
};
use super::{
    Column, ColumnDefault, Entity, EntityFormat, EntityRef, KeySpans, Name, RcForm, RelExpr,
    RelatedImpl, Relation, RelationKind, RelationOrigin, UnknownKey, UnreadKind,
};
use crate::source::Span;

/// A relation field's type: `BelongsTo<E>`, `BelongsTo<Option<E>>`, `HasOne<E>`,
/// `HasMany<E>`, or the release candidates' `Option<..::Entity>` / `Vec<..::Entity>`.
struct Compound {
    /// The kind the type implies (`HasOne` also carries `belongs_to`).
    kind: RelationKind,
    /// `BelongsTo<Option<..>>`.
    optional: bool,
    /// The entity path as written.
    target: String,
    /// Set for the release-candidate spellings.
    rc: Option<RcForm>,
}

fn compound(ty: &Type) -> Option<Compound> {
    let Type::Path(p) = ty else { return None };
    let (kind, rc) = match last_ident(&p.path)?.as_str() {
        "BelongsTo" => (RelationKind::BelongsTo, None),
        "HasOne" => (RelationKind::HasOne, None),
        "HasMany" => (RelationKind::HasMany, None),
        "Option" => (RelationKind::HasOne, Some(RcForm::OptionEntityField)),
        "Vec" => (RelationKind::HasMany, Some(RcForm::VecEntityField)),
        _ => return None,
    };
    let arg = super::paths::generic_arg(&p.path)?;
    let Type::Path(inner) = arg else { return None };
    if rc.is_some() {
        // rc.11–rc.42 took `Option<P>`/`Vec<P>` for a relation when `P` ended in
        // `::Entity` (a path of two segments or more).
        let segs = &inner.path.segments;
        if segs.len() < 2 || last_ident(&inner.path).as_deref() != Some("Entity") {
            return None;
        }
        return Some(Compound {
            kind,
            optional: false,
            target: path_string(&inner.path),
            rc,
        });
    }
    if last_ident(&inner.path).as_deref() == Some("Option") {
        let Some(Type::Path(e)) = super::paths::generic_arg(&inner.path) else {
            return None;
        };
        return Some(Compound {
            kind,
            optional: true,
            target: path_string(&e.path),
            rc,
        });
    }
    Some(Compound {
        kind,
        optional: false,
        target: path_string(&inner.path),
        rc,
    })
}

/// Keys that make a field a relation field.
const RELATION_KEYS: &[&str] = &["belongs_to", "has_one", "has_many", "self_ref", "via"];

pub(super) fn model_fields(out: &mut ParsedFile, e: &mut Entity, model: &ItemStruct) {
    let Fields::Named(named) = &model.fields else {
        return;
    };
    e.columns.reserve(named.named.len());
    let dense = e.format == EntityFormat::Dense;
    let models = matches!(e.format, EntityFormat::Dense | EntityFormat::CompactModel);
    let mut targets: HashMap<String, usize> = HashMap::new();
    let mut relation_fields = Vec::new();
    for field in &named.named {
        let Some(ident) = &field.ident else { continue };
        let items = attrs::sea_orm_items(&field.attrs);
        if models && let Some(c) = compound(&field.ty) {
            let item = attrs::item_lines(&field.attrs, field_span(field));
            if let Some(form) = c.rc {
                // Loader-only in `compact_model`, a relation in `model`: either way the
                // spelling compiles only on the release candidates.
                let declared = dense.then(|| declared_kind(&items)).flatten();
                out.rc(form, declared, &c.target, Span::of(&field.ty), item);
            }
            if dense && !items.is_empty() {
                *targets.entry(c.target.clone()).or_default() += 1;
                relation_fields.push((field, ident, c, items, out.rc_count()));
            }
            continue;
        }
        let span = Span::ident(ident);
        let item = attrs::item_lines(&field.attrs, span.to(Span::type_end(&field.ty)));
        if models
            && items
                .iter()
                .any(|i| RELATION_KEYS.contains(&i.key.as_str()))
        {
            // A relation attribute on a type that is no relation type: neither a column
            // nor a relation SeaORM would build.
            out.unread(
                UnreadKind::RelationField {
                    field: ident_name(ident),
                    ty: super::paths::type_text(&field.ty),
                },
                span.to(Span::type_end(&field.ty)),
                item,
            );
            continue;
        }
        if attrs::has(&items, "ignore") {
            continue;
        }
        let field_name = ident_name(ident);
        for it in &items {
            if !COLUMN_KEYS.contains(&it.key.as_str()) {
                e.unknown_column_keys.push(UnknownKey {
                    key: it.key.clone(),
                    has_value: it.value.is_some(),
                    known_keys: items
                        .iter()
                        .filter(|i| COLUMN_KEYS.contains(&i.key.as_str()))
                        .map(|i| i.key.clone())
                        .collect(),
                    field: field_name.clone(),
                    span: it.key_span,
                    item,
                });
            }
        }
        let (rust_type, base_type, optional) = analyse_type(&field.ty);
        let column_name = attrs::value(&items, "column_name")
            .map(str::to_owned)
            .unwrap_or_else(|| rename(&field_name, e.rename_all.as_deref()));
        e.columns.push(Column {
            variant: attrs::value(&items, "enum_name")
                .map_or_else(|| variant_name(&field_name).into(), Name::from),
            field: field_name.into(),
            column_name: column_name.into(),
            rust_type: rust_type.into(),
            base_type: base_type.into(),
            nullable: optional || attrs::has(&items, "nullable"),
            primary_key: attrs::has(&items, "primary_key"),
            auto_increment: attrs::value(&items, "auto_increment").map(|v| v == "true"),
            unique: attrs::has(&items, "unique"),
            unique_key: attrs::value(&items, "unique_key").map(Name::from),
            indexed: attrs::has(&items, "indexed"),
            column_type: attrs::value(&items, "column_type").map(Name::from),
            default: attrs::item(&items, "default_value")
                .and_then(|i| i.raw.clone())
                .map(ColumnDefault::Value)
                .or_else(|| {
                    attrs::value(&items, "default_expr").map(|e| ColumnDefault::Expr(e.to_owned()))
                }),
            renamed_from: attrs::value(&items, "renamed_from").map(Name::from),
            span,
            type_span: Some(Span::type_whole(&field.ty).into()),
        });
    }
    if dense {
        for (field, ident, c, items, rc_index) in relation_fields {
            let unique = targets.get(&c.target).is_some_and(|n| *n == 1);
            let before = e.relations.len();
            dense_relation(e, field, &ident.to_string(), &c, &items, unique);
            // `Option<E>` + `belongs_to`: 2.0.x writes `BelongsTo<Option<E>>` when the
            // `from` columns are nullable.
            if c.rc.is_some()
                && let Some(rel) = e.relations.get(before..).and_then(<[Relation]>::first)
                && let Some(rc) = rc_index
                    .checked_sub(1)
                    .and_then(|i| out.rare().rc_syntax.get_mut(i))
            {
                rc.nullable = !rel.from.is_empty()
                    && rel
                        .from
                        .iter()
                        .all(|f| e.column(f).is_some_and(|col| col.nullable));
            }
        }
        if let Some(first) = e.relations.first() {
            e.relations_span = Some(first.span);
        }
    }
}

/// The kind a dense relation attribute declares, by SeaORM's order of keys.
fn declared_kind(items: &[AttrItem]) -> Option<RelationKind> {
    if attrs::has(items, "belongs_to") {
        Some(RelationKind::BelongsTo)
    } else if attrs::has(items, "has_one") {
        Some(RelationKind::HasOne)
    } else if attrs::has(items, "has_many") {
        Some(RelationKind::HasMany)
    } else {
        None
    }
}

pub(super) fn rename(field: &str, style: Option<&str>) -> String {
    match style {
        Some("camelCase") => field.to_lower_camel_case(),
        Some("PascalCase") => field.to_upper_camel_case(),
        Some("SCREAMING_SNAKE_CASE") => field.to_shouty_snake_case(),
        _ => field.to_snake_case(),
    }
}

/// The relation variant `#[sea_orm::model]` derives: `relation_enum`, or the module
/// segment before `Entity` (`super::credit_transaction::Entity` gives
/// `CreditTransaction`), or `Entity` for a bare `Entity`.
fn inferred_variant(relation_enum: Option<&str>, target: &str) -> String {
    if let Some(name) = relation_enum {
        return name.to_upper_camel_case();
    }
    let mut segs = target.rsplit("::");
    let last = segs.next().unwrap_or(target);
    segs.next().unwrap_or(last).to_upper_camel_case()
}

fn dense_relation(
    e: &mut Entity,
    field: &syn::Field,
    name: &str,
    c: &Compound,
    items: &[AttrItem],
    unique_target: bool,
) {
    let target = c.target.as_str();
    let v = |k: &str| attrs::value(items, k);
    let self_ref = attrs::has(items, "self_ref");
    let via = v("via");
    let (from, to) = (v("from"), v("to"));
    let kind = if attrs::has(items, "belongs_to")
        || (self_ref && via.is_none() && from.is_some() && to.is_some())
    {
        RelationKind::BelongsTo
    } else if attrs::has(items, "has_one") {
        RelationKind::HasOne
    } else if attrs::has(items, "has_many") || (self_ref && via.is_some()) {
        RelationKind::HasMany
    } else {
        c.kind
    };
    let attr_span = field
        .attrs
        .iter()
        .find(|a| a.path().is_ident("sea_orm"))
        .map_or_else(|| field_span(field), Span::attr);
    let item = attrs::item_lines(&field.attrs, field_span(field));
    let variant = inferred_variant(v("relation_enum"), target);
    let target_path = if self_ref {
        "Entity".to_owned()
    } else {
        target.to_owned()
    };
    let mut rel = Relation {
        name: variant.as_str().into(),
        kind: RelationKind::BelongsTo,
        target: EntityRef::new(target_path.clone()),
        from: Vec::new(),
        to: Vec::new(),
        on_delete: v("on_delete").map(Name::from),
        on_update: v("on_update").map(Name::from),
        via_rel: v("via_rel").map(|v| variant_name(v).into()),
        on_condition: None,
        skip_fk: attrs::has(items, "skip_fk"),
        self_ref: self_ref || target == "Entity",
        optional: c.optional,
        delegate: None,
        origin: RelationOrigin::DenseField { field: name.into() },
        span: attr_span,
        key_spans: KeySpans::with_via_rel(
            KeySpans::new(
                attrs::item(items, "from").map(AttrItem::key_at),
                attrs::item(items, "to").map(AttrItem::key_at),
            ),
            attrs::item(items, "via_rel").and_then(|i| i.key_at().1),
        ),
        item,
    };
    let related = |to: RelExpr, via: Option<RelExpr>| RelatedImpl {
        target: EntityRef::new(target),
        to,
        to_span: None,
        via: via.map(Box::new),
        generated: true,
        self_via: None,
        span: attr_span,
        item,
    };
    let own = |variant: &str| RelExpr::Variant {
        owner: EntityRef::new("Entity"),
        variant: variant.into(),
        rev: false,
    };
    let junction = |module: &str| EntityRef::new(format!("super::{}::Entity", module.trim()));
    let through = |via: &str| -> (RelExpr, RelExpr) {
        let (module, rel) = match via.split_once("::") {
            Some((m, r)) => (m.trim(), Some(r.trim())),
            None => (via.trim(), None),
        };
        let owner = junction(module);
        let to = RelExpr::Variant {
            owner: owner.clone(),
            variant: variant.as_str().into(),
            rev: false,
        };
        let via = match rel {
            Some(r) => RelExpr::Variant {
                owner,
                variant: r.into(),
                rev: true,
            },
            None => RelExpr::RelatedTo {
                owner,
                target: EntityRef::new("Entity"),
                rev: true,
            },
        };
        (to, via)
    };
    let direct_or_through = |via: Option<&str>| match via {
        Some(via) => {
            let (to, via) = through(via);
            related(to, Some(via))
        }
        None => related(own(&variant), None),
    };
    match kind {
        RelationKind::BelongsTo => {
            let declared = attrs::has(items, "belongs_to");
            if declared || (self_ref && from.is_some() && to.is_some()) {
                rel.from = from.map(split_columns).unwrap_or_default();
                rel.to = to.map(split_columns).unwrap_or_default();
                rel.via_rel = None;
                e.relations.push(rel);
            }
            if unique_target && declared && !self_ref {
                e.related.push(direct_or_through(via));
            }
        }
        RelationKind::HasOne => {
            let declared = attrs::has(items, "has_one");
            if declared {
                rel.kind = RelationKind::HasOne;
                // `DeriveRelation` acts on `via_rel` only for `has_many`.
                rel.via_rel = None;
                e.relations.push(rel);
            }
            if unique_target && declared && !self_ref {
                e.related.push(direct_or_through(via));
            }
        }
        RelationKind::HasMany => {
            if self_ref && let Some(via) = via {
                // `RelatedSelfVia<j>`: `to = j::B`, `via = j::A` reversed, for
                // `from = "A", to = "B"` (without them, or with `reverse`, loader only).
                if let (Some(a), Some(b), false) = (from, to, attrs::has(items, "reverse")) {
                    let owner = junction(via.split("::").next().unwrap_or(via));
                    e.related.push(RelatedImpl {
                        target: EntityRef::new("Entity"),
                        to_span: None,
                        to: RelExpr::Variant {
                            owner: owner.clone(),
                            variant: variant_name(b).into(),
                            rev: false,
                        },
                        via: Some(Box::new(RelExpr::Variant {
                            owner: owner.clone(),
                            variant: variant_name(a).into(),
                            rev: true,
                        })),
                        generated: true,
                        self_via: Some(Box::new(owner)),
                        span: attr_span,
                        item,
                    });
                }
                return;
            }
            let declared = attrs::has(items, "has_many");
            rel.kind = RelationKind::HasMany;
            if self_ref {
                if let Some(reverse) = v("relation_reverse") {
                    rel.via_rel = Some(reverse.into());
                    e.relations.push(rel);
                } else if declared {
                    e.relations.push(rel);
                }
                return;
            }
            if declared && via.is_none() {
                e.relations.push(rel);
            }
            if unique_target && declared {
                e.related.push(direct_or_through(via));
            }
        }
    }
}

/// A field from its name to the end of its type (cheaper than covering the whole field,
/// which clones its tokens).
fn field_span(field: &syn::Field) -> Span {
    let start = field
        .ident
        .as_ref()
        .map_or_else(|| Span::type_end(&field.ty), Span::ident);
    start.to(Span::type_end(&field.ty))
}

/// The variants of a `DeriveRelation` enum. A variant whose attribute declares no kind
/// is recorded as unread; rc.5–rc.10's `via = "Relation::X"` is read as the `via_rel` it
/// became.
pub(super) fn compact_relations(out: &mut ParsedFile, rel: &ItemEnum) -> Vec<Relation> {
    let mut relations = Vec::new();
    for variant in &rel.variants {
        let items = attrs::first_sea_orm_items(&variant.attrs);
        let name = ident_name(&variant.ident);
        let attr_span = variant
            .attrs
            .iter()
            .find(|a| a.path().is_ident("sea_orm"))
            .map_or_else(|| Span::ident(&variant.ident), Span::attr);
        let item = attrs::item_lines(&variant.attrs, Span::ident(&variant.ident));
        let (kind, target) = if let Some(t) = attrs::value(&items, "belongs_to") {
            (RelationKind::BelongsTo, t)
        } else if let Some(t) = attrs::value(&items, "has_one") {
            (RelationKind::HasOne, t)
        } else if let Some(t) = attrs::value(&items, "has_many") {
            (RelationKind::HasMany, t)
        } else {
            out.unread(
                UnreadKind::RelationVariant { variant: name },
                attr_span,
                item,
            );
            continue;
        };
        let v = |k: &str| attrs::value(&items, k);
        let target = target.trim().to_owned();
        let mut via_rel = v("via_rel").map(variant_name);
        if let Some(via) = attrs::item(&items, "via") {
            let variant = via.value.as_deref().map(variant_name);
            out.rc(
                RcForm::DeriveRelationVia,
                Some(kind),
                &target,
                via.span,
                item,
            );
            if let Some(rc) = out.rare().rc_syntax.last_mut() {
                rc.via_rel.clone_from(&variant);
            }
            via_rel = via_rel.or(variant);
        }
        if kind != RelationKind::HasMany {
            // `DeriveRelation` builds `has_many_via` only; elsewhere `via_rel` is ignored.
            via_rel = None;
        }
        relations.push(Relation {
            name: name.into(),
            kind,
            self_ref: target == "Entity",
            target: EntityRef::new(target),
            from: v("from").map(split_columns).unwrap_or_default(),
            to: v("to").map(split_columns).unwrap_or_default(),
            on_delete: v("on_delete").map(Name::from),
            on_update: v("on_update").map(Name::from),
            via_rel: via_rel.map(Name::from),
            on_condition: v("on_condition").map(Name::from),
            skip_fk: attrs::has(&items, "skip_fk"),
            optional: false,
            delegate: None,
            origin: RelationOrigin::Variant,
            span: attr_span,
            key_spans: KeySpans::with_via_rel(
                KeySpans::new(
                    attrs::item(&items, "from").map(AttrItem::key_at),
                    attrs::item(&items, "to").map(AttrItem::key_at),
                ),
                attrs::item(&items, "via_rel").and_then(|i| i.key_at().1),
            ),
            item,
        });
    }
    relations
}
