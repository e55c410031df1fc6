//! The column type SeaORM 2.0.4 gives a field, as a sea-query [`ColumnType`]: the
//! `column_type = ".."` override when written, else `<T as ValueType>::column_type()` of the
//! field's Rust type (`DeriveEntityModel` expands to exactly that). The table below follows
//! sea-query 1.0.2's `type_to_value!` lines, its chrono/time/uuid/json impls, sea-orm's
//! prelude aliases, and `DeriveActiveEnum`, whose `column_type()` is its `db_type`.
//!
//! A type we cannot resolve (a newtype with `DeriveValueType`, an alias from another crate)
//! is unknown, and drift does not compare it.

use heck::ToUpperCamelCase;
use sea_query::{Alias, ColumnType, IntoIden, RcOrArc, StringLen};
use syn::{Expr, Lit};

use crate::model::{ActiveEnum, Column, Entity, Model};

/// Where a column's expected type comes from, for messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum TypeSource {
    /// The Rust type as written (`i64`, `Option<DateTimeUtc>`).
    Rust(String),
    /// `column_type = ".."`, as written.
    Override(String),
    /// A `DeriveActiveEnum` and its `db_type`.
    ActiveEnum { name: String, db_type: String },
}

/// A column's expected type.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ExpectedType {
    pub(crate) column_type: ColumnType,
    pub(crate) source: TypeSource,
}

/// The type SeaORM maps `column` to, or `None` when it cannot be known from the sources.
pub(crate) fn expected_type(
    model: &Model,
    entity: &Entity,
    column: &Column,
) -> Option<ExpectedType> {
    if let Some(text) = &column.column_type {
        return Some(ExpectedType {
            column_type: parse_column_type(text)?,
            source: TypeSource::Override(text.to_string()),
        });
    }
    let base = model.unalias(&column.base_type);
    if let Some(column_type) = rust_type(base) {
        return Some(ExpectedType {
            column_type,
            source: TypeSource::Rust(column.rust_type.to_string()),
        });
    }
    let active = active_enum(model, entity, base)?;
    let db_type = active.db_type.clone()?;
    let column_type = if db_type.trim() == "Enum" {
        ColumnType::Enum {
            name: Alias::new(
                active
                    .enum_name
                    .clone()
                    .unwrap_or_else(|| active.name.to_upper_camel_case()),
            )
            .into_iden(),
            variants: active
                .values
                .iter()
                .map(|v| Alias::new(v.as_str()).into_iden())
                .collect(),
        }
    } else {
        parse_column_type(&db_type)?
    };
    Some(ExpectedType {
        column_type,
        source: TypeSource::ActiveEnum {
            name: active.name.clone(),
            db_type,
        },
    })
}

/// `ValueType::column_type()` of a Rust type, by its last path segment (generic arguments
/// kept: `Vec<u8>`, `DateTime<Utc>`).
pub(crate) fn rust_type(base: &str) -> Option<ColumnType> {
    use ColumnType as T;
    Some(match base {
        "bool" => T::Boolean,
        "i8" => T::TinyInteger,
        "i16" => T::SmallInteger,
        "i32" => T::Integer,
        "i64" => T::BigInteger,
        "u8" => T::TinyUnsigned,
        "u16" => T::SmallUnsigned,
        "u32" => T::Unsigned,
        "u64" => T::BigUnsigned,
        "f32" => T::Float,
        "f64" => T::Double,
        "char" => T::Char(None),
        "String" | "TextUuid" => T::String(StringLen::None),
        "Vec<u8>" => T::VarBinary(StringLen::None),
        // `sea_orm::prelude::Json` is `serde_json::Value`.
        "Json" | "Value" => T::Json,
        "Date" | "NaiveDate" | "ChronoDate" | "TimeDate" => T::Date,
        "Time" | "NaiveTime" | "ChronoTime" | "TimeTime" => T::Time,
        // The prelude's `DateTime` is chrono's `NaiveDateTime`.
        "DateTime" | "NaiveDateTime" | "ChronoDateTime" | "PrimitiveDateTime" | "TimeDateTime" => {
            T::DateTime
        }
        "DateTimeUtc"
        | "DateTimeLocal"
        | "DateTimeWithTimeZone"
        | "ChronoDateTimeUtc"
        | "ChronoDateTimeLocal"
        | "ChronoDateTimeWithTimeZone"
        | "DateTime<Utc>"
        | "DateTime<Local>"
        | "DateTime<FixedOffset>"
        | "OffsetDateTime"
        | "TimeDateTimeWithTimeZone" => T::TimestampWithTimeZone,
        "ChronoUnixTimestamp"
        | "ChronoUnixTimestampMillis"
        | "TimeUnixTimestamp"
        | "TimeUnixTimestampMillis" => T::BigInteger,
        "Decimal" | "BigDecimal" => T::Decimal(None),
        "Uuid" => T::Uuid,
        "IpNetwork" => T::Inet,
        "MacAddress" => T::MacAddr,
        "PgVector" => T::Vector(None),
        other if other.starts_with("Cow<") => T::String(StringLen::None),
        other => {
            let inner = other.strip_prefix("Vec<")?.strip_suffix('>')?;
            let inner = inner
                .strip_prefix("Option<")
                .and_then(|i| i.strip_suffix('>'))
                .unwrap_or(inner);
            T::Array(RcOrArc::new(rust_type(inner)?))
        }
    })
}

/// The `DeriveActiveEnum` called `name`: the one in the entity's module, else the only
/// one of that name (or several that agree on `db_type`).
fn active_enum<'m>(model: &'m Model, entity: &Entity, name: &str) -> Option<&'m ActiveEnum> {
    let candidates: Vec<&ActiveEnum> = model
        .active_enums
        .iter()
        .filter(|a| a.name == name)
        .collect();
    if let Some(local) = candidates.iter().find(|a| a.module == entity.module) {
        return Some(local);
    }
    let first = candidates.first()?;
    candidates
        .iter()
        .all(|a| {
            a.db_type == first.db_type && a.enum_name == first.enum_name && a.values == first.values
        })
        .then_some(*first)
}

/// Parses a `ColumnType` expression as written in `column_type = ".."` or `db_type = ".."`:
/// `Text`, `String(StringLen::N(64))`, `Decimal(Some((16, 4)))`, `custom("citext")`,
/// `ColumnType::Integer`, `Array(RcOrArc::new(ColumnType::Text))`. `None` for anything else.
pub(crate) fn parse_column_type(text: &str) -> Option<ColumnType> {
    let expr: Expr = syn::parse_str(text.trim()).ok()?;
    column_type_expr(&expr)
}

fn column_type_expr(expr: &Expr) -> Option<ColumnType> {
    use ColumnType as T;
    match expr {
        Expr::Paren(p) => column_type_expr(&p.expr),
        Expr::Path(p) => Some(match last(&p.path)?.as_str() {
            "Text" => T::Text,
            "Blob" => T::Blob,
            "TinyInteger" => T::TinyInteger,
            "SmallInteger" => T::SmallInteger,
            "Integer" => T::Integer,
            "BigInteger" => T::BigInteger,
            "TinyUnsigned" => T::TinyUnsigned,
            "SmallUnsigned" => T::SmallUnsigned,
            "Unsigned" => T::Unsigned,
            "BigUnsigned" => T::BigUnsigned,
            "Float" => T::Float,
            "Double" => T::Double,
            "DateTime" => T::DateTime,
            "Timestamp" => T::Timestamp,
            "TimestampWithTimeZone" => T::TimestampWithTimeZone,
            "Time" => T::Time,
            "Date" => T::Date,
            "Year" => T::Year,
            "Boolean" => T::Boolean,
            "Json" => T::Json,
            "JsonBinary" => T::JsonBinary,
            "Uuid" => T::Uuid,
            "Cidr" => T::Cidr,
            "Inet" => T::Inet,
            "MacAddr" => T::MacAddr,
            "LTree" => T::LTree,
            _ => return None,
        }),
        Expr::Call(call) => {
            let Expr::Path(func) = call.func.as_ref() else {
                return None;
            };
            let args: Vec<&Expr> = call.args.iter().collect();
            let one = || match args.as_slice() {
                [a] => Some(*a),
                _ => None,
            };
            Some(match last(&func.path)?.as_str() {
                "String" => T::String(string_len(one()?)?),
                "VarBinary" => T::VarBinary(string_len(one()?)?),
                "Char" => T::Char(option_u32(one()?)?),
                "Bit" => T::Bit(option_u32(one()?)?),
                "Vector" => T::Vector(option_u32(one()?)?),
                "Binary" => T::Binary(u32_lit(one()?)?),
                "VarBit" => T::VarBit(u32_lit(one()?)?),
                "Decimal" => T::Decimal(precision(one()?)?),
                "Money" => T::Money(precision(one()?)?),
                // Fields and precision do not change the PostgreSQL type's name.
                "Interval" => T::Interval(None, None),
                "custom" | "Custom" => T::custom(string_lit(one()?)?),
                "Array" => T::Array(RcOrArc::new(array_element(one()?)?)),
                _ => return None,
            })
        }
        _ => None,
    }
}

/// `RcOrArc::new(ColumnType::Text)`, `Arc::new(..)`, or the type itself.
fn array_element(expr: &Expr) -> Option<ColumnType> {
    if let Expr::Call(call) = expr
        && let Expr::Path(func) = call.func.as_ref()
        && last(&func.path).as_deref() == Some("new")
        && let [inner] = call.args.iter().collect::<Vec<_>>().as_slice()
    {
        return column_type_expr(inner);
    }
    column_type_expr(expr)
}

fn last(path: &syn::Path) -> Option<String> {
    path.segments.last().map(|s| s.ident.to_string())
}

/// `StringLen::N(64)`, `StringLen::None`, `StringLen::Max`; also `None`/`Some(64)`/`64`.
fn string_len(expr: &Expr) -> Option<StringLen> {
    match expr {
        Expr::Path(p) => match last(&p.path)?.as_str() {
            "None" => Some(StringLen::None),
            "Max" => Some(StringLen::Max),
            _ => None,
        },
        Expr::Call(call) => {
            let Expr::Path(func) = call.func.as_ref() else {
                return None;
            };
            match (last(&func.path)?.as_str(), call.args.first()) {
                ("N" | "Some", Some(arg)) => u32_lit(arg).map(StringLen::N),
                _ => None,
            }
        }
        other => u32_lit(other).map(StringLen::N),
    }
}

/// `None` or `Some(n)`.
fn option_u32(expr: &Expr) -> Option<Option<u32>> {
    match expr {
        Expr::Path(p) if last(&p.path).as_deref() == Some("None") => Some(None),
        Expr::Call(call) => match (call.func.as_ref(), call.args.first()) {
            (Expr::Path(func), Some(arg)) if last(&func.path).as_deref() == Some("Some") => {
                u32_lit(arg).map(Some)
            }
            _ => None,
        },
        _ => None,
    }
}

/// `None` or `Some((precision, scale))`.
fn precision(expr: &Expr) -> Option<Option<(u32, u32)>> {
    match expr {
        Expr::Path(p) if last(&p.path).as_deref() == Some("None") => Some(None),
        Expr::Call(call) => {
            let (Expr::Path(func), Some(Expr::Tuple(pair))) =
                (call.func.as_ref(), call.args.first())
            else {
                return None;
            };
            if last(&func.path).as_deref() != Some("Some") {
                return None;
            }
            let mut parts = pair.elems.iter();
            match (parts.next(), parts.next(), parts.next()) {
                (Some(p), Some(s), None) => Some(Some((u32_lit(p)?, u32_lit(s)?))),
                _ => None,
            }
        }
        _ => None,
    }
}

fn u32_lit(expr: &Expr) -> Option<u32> {
    match expr {
        Expr::Lit(l) => match &l.lit {
            Lit::Int(i) => i.base10_parse().ok(),
            _ => None,
        },
        Expr::Paren(p) => u32_lit(&p.expr),
        _ => None,
    }
}

/// The first string literal in an expression (`"citext"`, `"citext".into()`,
/// `Alias::new("citext")`).
fn string_lit(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Lit(l) => match &l.lit {
            Lit::Str(s) => Some(s.value()),
            _ => None,
        },
        Expr::MethodCall(m) => string_lit(&m.receiver),
        Expr::Call(c) => c.args.iter().find_map(string_lit),
        Expr::Paren(p) => string_lit(&p.expr),
        Expr::Reference(r) => string_lit(&r.expr),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_column_type_overrides() {
        let cases: &[(&str, ColumnType)] = &[
            ("Text", ColumnType::Text),
            ("ColumnType::Text", ColumnType::Text),
            (
                "String(StringLen::N(64))",
                ColumnType::String(StringLen::N(64)),
            ),
            (
                "String(StringLen::None)",
                ColumnType::String(StringLen::None),
            ),
            ("Decimal(Some((16, 4)))", ColumnType::Decimal(Some((16, 4)))),
            ("Decimal(None)", ColumnType::Decimal(None)),
            ("Blob", ColumnType::Blob),
            ("JsonBinary", ColumnType::JsonBinary),
            ("Char(Some(2))", ColumnType::Char(Some(2))),
            ("Binary(16)", ColumnType::Binary(16)),
            (r#"custom("citext")"#, ColumnType::custom("citext")),
            (
                "Array(RcOrArc::new(ColumnType::Integer))",
                ColumnType::Array(RcOrArc::new(ColumnType::Integer)),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_column_type(text).as_ref(), Some(expected), "{text}");
        }
        assert_eq!(parse_column_type("Nonsense(3)"), None);
        assert_eq!(parse_column_type("String("), None);
    }

    #[test]
    fn maps_rust_types_as_sea_query_does() {
        assert_eq!(rust_type("i64"), Some(ColumnType::BigInteger));
        assert_eq!(
            rust_type("Vec<u8>"),
            Some(ColumnType::VarBinary(StringLen::None))
        );
        assert_eq!(
            rust_type("DateTimeUtc"),
            Some(ColumnType::TimestampWithTimeZone)
        );
        assert_eq!(
            rust_type("DateTime<Utc>"),
            Some(ColumnType::TimestampWithTimeZone)
        );
        assert_eq!(rust_type("DateTime"), Some(ColumnType::DateTime));
        assert_eq!(
            rust_type("Vec<String>"),
            Some(ColumnType::Array(RcOrArc::new(ColumnType::String(
                StringLen::None
            ))))
        );
        assert_eq!(rust_type("MyNewtype"), None);
    }
}
