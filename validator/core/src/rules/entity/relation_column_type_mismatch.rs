use super::context::{Context, is_belongs_to};
use crate::diagnostic::{Applicability, Edit, Finding, Fix, Label};
use crate::model::{Column, Entity, EntityFormat, Relation, rust_ident};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Finds a `belongs_to` whose `from` column has a different Rust type from the `to`
    /// column it references (`Option` aside): `user_id: i32` against `id: i64`, or
    /// `String` against `Uuid`. Type aliases declared in the checked files
    /// (`type UserId = i64;`) are expanded first. Types are compared only when both are
    /// known: Rust and SeaORM value types, and types the checked files define (newtypes,
    /// ActiveEnums). A type from another crate (`TableId` glob-imported from a shared ids
    /// crate) may be an alias of the other side, so it is not compared.
    ///
    /// ## Why is this bad?
    /// SeaORM does not compare the two types. The foreign key is created between columns
    /// of different SQL types (PostgreSQL rejects it, SQLite silently compares text with
    /// numbers), and values that do not fit are truncated or fail at run time.
    ///
    /// ## Fix
    /// With `--unsafe-fixes`, when both types are plain (integers, `bool`, `String`) and
    /// the entity derives its columns from the `Model` (no `column_type`), `--fix`
    /// declares the foreign key with the referenced key's type, keeping `Option<..>`.
    /// It is unsafe because the column's SQL type changes: a migration must follow, and
    /// code that builds the model with the old type no longer compiles.
    ///
    /// ## Example
    /// ```rust
    /// pub user_id: i32, // user.id is i64
    /// #[sea_orm(belongs_to, from = "user_id", to = "id")]
    /// pub user: BelongsTo<super::user::Entity>,
    /// ```
    /// Use instead:
    /// ```rust
    /// pub user_id: i64,
    /// #[sea_orm(belongs_to, from = "user_id", to = "id")]
    /// pub user: BelongsTo<super::user::Entity>,
    /// ```
    pub(crate) static RULE = ("relation-column-type-mismatch", Entity, Error, fix = Unsafe);
}

fn finding(e: &Entity, rel: &Relation, from: &Column, target: &Entity, to: &Column) -> Finding {
    let message = format!(
        "`from` column `{}` is `{}`, but `to` column `{}.{}` is `{}`",
        from.field,
        from.base_type,
        target.module_name(),
        to.field,
        to.base_type
    );
    let wanted = if from.nullable {
        format!("Option<{}>", to.base_type)
    } else {
        to.base_type.to_string()
    };
    let f = Finding::new(
        &RULE,
        message,
        Label::new(
            &e.file,
            rel.from_span().unwrap_or(rel.span),
            format!("`{}` is `{}`", from.field, from.base_type),
        ),
    )
    .with_related(Label::new(
        &target.file,
        to.span,
        format!("`{}` is `{}`", to.field, to.base_type),
    ))
    .with_related(Label::new(&e.file, from.span, "the foreign key column"))
    .with_help(format!(
        "declare `pub {}: {wanted},`",
        rust_ident(&from.field)
    ))
    .with_anchor(rel.item);
    match fix(e, from, to) {
        Some(fix) => f.with_fix(fix),
        None => f,
    }
}

/// Types that mean the same in every module (no import, no alias): the fix writes only
/// these.
const PLAIN: &[&str] = &[
    "bool", "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "f32", "f64", "String",
];

/// The foreign key's type rewritten to the referenced key's, where the `Model` field's
/// type alone decides the column type (derived entities without `column_type`).
fn fix(e: &Entity, from: &Column, to: &Column) -> Option<Fix> {
    let derived = matches!(
        e.format,
        EntityFormat::Dense | EntityFormat::Compact | EntityFormat::CompactModel
    );
    let plain = PLAIN.contains(&to.base_type.as_str()) && PLAIN.contains(&from.base_type.as_str());
    if !derived || !plain || from.column_type.is_some() {
        return None;
    }
    let span = from.type_span?.span();
    let text = if from.rust_type.starts_with("Option<") {
        format!("Option<{}>", to.base_type)
    } else {
        to.base_type.to_string()
    };
    Some(Fix {
        message: format!("declare `{}` as `{text}`", from.field),
        applicability: Applicability::Unsafe,
        edits: vec![Edit {
            file: e.file.clone(),
            span,
            text,
        }],
    })
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for (_, e) in cx.entities() {
        for rel in e.relations.iter().filter(|r| is_belongs_to(r)) {
            let Some((_, target)) = cx.target(rel) else {
                continue;
            };
            if rel.from.len() != rel.to.len() {
                continue;
            }
            for (f, t) in rel.from.iter().zip(&rel.to) {
                let (Some(fc), Some(tc)) = (e.column(f), target.column(t)) else {
                    continue;
                };
                // `type UserId = i64;` makes `UserId` and `i64` the same type.
                let (ft, tt) = (
                    cx.model.unalias(&fc.base_type),
                    cx.model.unalias(&tc.base_type),
                );
                if ft.is_empty() || tt.is_empty() || ft == tt {
                    continue;
                }
                if !known(cx, ft) || !known(cx, tt) {
                    continue;
                }
                out.push(finding(e, rel, fc, target, tc));
            }
        }
    }
}

/// Value types SeaORM maps (by their last path segment, as `base_type` keeps them).
const VALUE_TYPES: &[&str] = &[
    "bool",
    "char",
    "i8",
    "i16",
    "i32",
    "i64",
    "i128",
    "isize",
    "u8",
    "u16",
    "u32",
    "u64",
    "u128",
    "usize",
    "f32",
    "f64",
    "String",
    "str",
    "Vec",
    "Uuid",
    "Json",
    "JsonValue",
    "Value",
    "Decimal",
    "BigDecimal",
    "Date",
    "Time",
    "DateTime",
    "DateTimeUtc",
    "DateTimeLocal",
    "DateTimeWithTimeZone",
    "NaiveDate",
    "NaiveTime",
    "NaiveDateTime",
    "TimeDate",
    "TimeTime",
    "TimeDateTime",
    "TimeDateTimeWithTimeZone",
    "OffsetDateTime",
    "PrimitiveDateTime",
    "IpNetwork",
    "MacAddress",
];

/// Whether a base type is one whose identity is known: a value type, or a type the
/// checked files define (generic arguments included).
fn known(cx: &Context<'_>, ty: &str) -> bool {
    ty.split(['<', '>', ',', '[', ']', ';', '(', ')'])
        .map(str::trim)
        .filter(|part| !part.is_empty() && !part.chars().all(|c| c.is_ascii_digit()))
        .all(|part| {
            let part = part.rsplit("::").next().unwrap_or(part);
            VALUE_TYPES.contains(&part)
                || cx.model.local_types.contains(part)
                || cx.model.active_enums.iter().any(|e| e.name == part)
        })
}
