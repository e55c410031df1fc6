//! Columns of a `Model` struct, and the relation fields of the dense format.

use std::collections::HashMap;

use heck::{ToLowerCamelCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use syn::{Fields, ItemEnum, ItemStruct, Type};

use super::attrs::{self, AttrItem, COLUMN_KEYS};
use super::paths::{analyse_type, last_ident, path_string, split_columns, variant_name};
use super::{
    Column, ColumnDefault, Entity, EntityFormat, EntityRef, RelExpr, RelatedImpl, Relation,
    RelationKind, RelationOrigin, UnknownKey,
};
use crate::source::Span;

/// `BelongsTo<E>`, `BelongsTo<Option<E>>`, `HasOne<E>`, `HasMany<E>`: kind, optional,
/// and the entity path.
fn compound(ty: &Type) -> Option<(&'static str, bool, String)> {
    let Type::Path(p) = ty else { return None };
    let kind = match last_ident(&p.path)?.as_str() {
        "BelongsTo" => "belongs_to",
        "HasOne" => "has_one",
        "HasMany" => "has_many",
        _ => return None,
    };
    let arg = super::paths::generic_arg(&p.path)?;
    let Type::Path(inner) = arg else { return None };
    if last_ident(&inner.path).as_deref() == Some("Option") {
        let Some(Type::Path(e)) = super::paths::generic_arg(&inner.path) else {
            return None;
        };
        return Some((kind, true, path_string(&e.path)));
    }
    Some((kind, false, path_string(&inner.path)))
}

pub(super) fn model_fields(e: &mut Entity, model: &ItemStruct) {
    let Fields::Named(named) = &model.fields else {
        return;
    };
    e.columns.reserve(named.named.len());
    let dense = e.format == EntityFormat::Dense;
    let mut targets: HashMap<String, usize> = HashMap::new();
    let mut relation_fields = Vec::new();
    for field in &named.named {
        let Some(ident) = &field.ident else { continue };
        let items = attrs::sea_orm_items(&field.attrs);
        if matches!(e.format, EntityFormat::Dense | EntityFormat::CompactModel)
            && let Some((kind, optional, target)) = compound(&field.ty)
        {
            if dense && !items.is_empty() {
                *targets.entry(target.clone()).or_default() += 1;
                relation_fields.push((field, ident, kind, optional, target, items));
            }
            continue;
        }
        let span = Span::ident(ident);
        let item = attrs::item_lines(&field.attrs, span.to(Span::type_end(&field.ty)));
        if attrs::has(&items, "ignore") {
            continue;
        }
        let field_name = ident.to_string();
        let field_name = field_name
            .strip_prefix("r#")
            .unwrap_or(&field_name)
            .to_owned();
        for it in &items {
            if !COLUMN_KEYS.contains(&it.key.as_str()) {
                e.unknown_column_keys.push(UnknownKey {
                    key: it.key.clone(),
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
                .map(str::to_owned)
                .unwrap_or_else(|| variant_name(&field_name)),
            field: field_name,
            column_name,
            rust_type,
            base_type,
            nullable: optional || attrs::has(&items, "nullable"),
            primary_key: attrs::has(&items, "primary_key"),
            auto_increment: attrs::value(&items, "auto_increment").map(|v| v == "true"),
            unique: attrs::has(&items, "unique"),
            unique_key: attrs::value(&items, "unique_key").map(str::to_owned),
            indexed: attrs::has(&items, "indexed"),
            column_type: attrs::value(&items, "column_type").map(str::to_owned),
            default: attrs::item(&items, "default_value")
                .and_then(|i| i.raw.clone())
                .map(ColumnDefault::Value)
                .or_else(|| {
                    attrs::value(&items, "default_expr").map(|e| ColumnDefault::Expr(e.to_owned()))
                }),
            renamed_from: attrs::value(&items, "renamed_from").map(str::to_owned),
            span,
        });
    }
    if dense {
        for (field, ident, kind, optional, target, items) in relation_fields {
            let unique = targets.get(&target).is_some_and(|n| *n == 1);
            dense_relation(
                e,
                field,
                &ident.to_string(),
                kind,
                optional,
                &target,
                &items,
                unique,
            );
        }
        if let Some(first) = e.relations.first() {
            e.relations_span = Some(first.span);
        }
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

#[allow(clippy::too_many_arguments)]
fn dense_relation(
    e: &mut Entity,
    field: &syn::Field,
    name: &str,
    type_kind: &str,
    optional: bool,
    target: &str,
    items: &[AttrItem],
    unique_target: bool,
) {
    let v = |k: &str| attrs::value(items, k);
    let self_ref = attrs::has(items, "self_ref");
    let via = v("via");
    let (from, to) = (v("from"), v("to"));
    let kind = if attrs::has(items, "belongs_to")
        || (self_ref && via.is_none() && from.is_some() && to.is_some())
    {
        "belongs_to"
    } else if attrs::has(items, "has_one") {
        "has_one"
    } else if attrs::has(items, "has_many") || (self_ref && via.is_some()) {
        "has_many"
    } else {
        type_kind
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
        name: variant.clone(),
        kind: RelationKind::BelongsTo,
        target: EntityRef::new(target_path.clone()),
        from: Vec::new(),
        to: Vec::new(),
        on_delete: v("on_delete").map(str::to_owned),
        on_update: v("on_update").map(str::to_owned),
        via_rel: v("via_rel").map(variant_name),
        on_condition: None,
        skip_fk: attrs::has(items, "skip_fk"),
        self_ref: self_ref || target == "Entity",
        optional,
        delegate: None,
        origin: RelationOrigin::DenseField {
            field: name.to_owned(),
        },
        span: attr_span,
        from_span: attrs::item(items, "from").map(|i| i.span),
        to_span: attrs::item(items, "to").map(|i| i.span),
        item,
    };
    let related = |to: RelExpr, via: Option<RelExpr>| RelatedImpl {
        target: EntityRef::new(target.to_owned()),
        to,
        via,
        generated: true,
        span: attr_span,
        item,
    };
    let own = |variant: &str| RelExpr::Variant {
        owner: EntityRef::new("Entity".into()),
        variant: variant.to_owned(),
        rev: false,
    };
    let through = |via: &str| -> (RelExpr, RelExpr) {
        let (module, rel) = match via.split_once("::") {
            Some((m, r)) => (m.trim(), Some(r.trim())),
            None => (via.trim(), None),
        };
        let owner = EntityRef::new(format!("super::{module}::Entity"));
        let to = RelExpr::Variant {
            owner: owner.clone(),
            variant: variant.clone(),
            rev: false,
        };
        let via = match rel {
            Some(r) => RelExpr::Variant {
                owner,
                variant: r.to_owned(),
                rev: true,
            },
            None => RelExpr::RelatedTo {
                owner,
                target: EntityRef::new("Entity".into()),
                rev: true,
            },
        };
        (to, via)
    };
    match kind {
        "belongs_to" => {
            let declared = attrs::has(items, "belongs_to");
            if declared || (self_ref && from.is_some() && to.is_some()) {
                rel.from = from.map(split_columns).unwrap_or_default();
                rel.to = to.map(split_columns).unwrap_or_default();
                rel.via_rel = None;
                e.relations.push(rel);
            }
            if unique_target && declared && !self_ref {
                e.related.push(related(own(&variant), None));
            }
        }
        "has_one" => {
            let declared = attrs::has(items, "has_one");
            if declared {
                rel.kind = RelationKind::HasOne;
                e.relations.push(rel);
            }
            if unique_target && declared && !self_ref {
                let r = match via {
                    Some(via) => {
                        let (to, via) = through(via);
                        related(to, Some(via))
                    }
                    None => related(own(&variant), None),
                };
                e.related.push(r);
            }
        }
        _ => {
            if self_ref && via.is_some() {
                return; // `RelatedSelfVia`, not a relation variant
            }
            let declared = attrs::has(items, "has_many");
            rel.kind = RelationKind::HasMany;
            if self_ref {
                if let Some(reverse) = v("relation_reverse") {
                    rel.via_rel = Some(reverse.to_owned());
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
                let r = match via {
                    Some(via) => {
                        let (to, via) = through(via);
                        related(to, Some(via))
                    }
                    None => related(own(&variant), None),
                };
                e.related.push(r);
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

pub(super) fn compact_relations(rel: &ItemEnum) -> Vec<Relation> {
    let mut out = Vec::new();
    for variant in &rel.variants {
        let items = attrs::sea_orm_items(&variant.attrs);
        let (kind, target) = if let Some(t) = attrs::value(&items, "belongs_to") {
            (RelationKind::BelongsTo, t)
        } else if let Some(t) = attrs::value(&items, "has_one") {
            (RelationKind::HasOne, t)
        } else if let Some(t) = attrs::value(&items, "has_many") {
            (RelationKind::HasMany, t)
        } else {
            continue;
        };
        let attr_span = variant
            .attrs
            .iter()
            .find(|a| a.path().is_ident("sea_orm"))
            .map_or_else(|| Span::ident(&variant.ident), Span::attr);
        let v = |k: &str| attrs::value(&items, k);
        let target = target.trim().to_owned();
        out.push(Relation {
            name: variant.ident.to_string(),
            kind,
            self_ref: target == "Entity",
            target: EntityRef::new(target),
            from: v("from").map(split_columns).unwrap_or_default(),
            to: v("to").map(split_columns).unwrap_or_default(),
            on_delete: v("on_delete").map(str::to_owned),
            on_update: v("on_update").map(str::to_owned),
            via_rel: v("via_rel").map(variant_name),
            on_condition: v("on_condition").map(str::to_owned),
            skip_fk: attrs::has(&items, "skip_fk"),
            optional: false,
            delegate: None,
            origin: RelationOrigin::Variant,
            span: attr_span,
            from_span: attrs::item(&items, "from").map(|i| i.span),
            to_span: attrs::item(&items, "to").map(|i| i.span),
            item: attrs::item_lines(&variant.attrs, Span::ident(&variant.ident)),
        });
    }
    out
}
