//! Comparing a column default the entity declares with the one the database shows.
//!
//! Both sides are reduced to a value when they are one of the common forms: the current
//! timestamp (`Expr::current_timestamp()`; `CURRENT_TIMESTAMP`, `now()`), a number, a
//! string (PostgreSQL shows `'free'::character varying`), a boolean or `NULL`. Anything
//! else (a function call, an expression) is compared only for being there: a default
//! the entity declares and the column lacks differs, two unreadable defaults do not.

use crate::model::ColumnDefault;

/// How a declared default compares with the database's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DefaultComparison {
    Same,
    Differs,
    /// Both present, at least one not readable as a value.
    Unknown,
}

/// A default reduced to a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum DefaultValue {
    CurrentTimestamp,
    Number(String),
    Text(String),
    Bool(bool),
    Null,
}

/// Compares the entity's `declared` default with the database's (`None`: no default).
pub(crate) fn compare(declared: &ColumnDefault, live: Option<&str>) -> DefaultComparison {
    let Some(live) = live else {
        return DefaultComparison::Differs;
    };
    match (declared_value(declared), sql_value(live)) {
        (Some(a), Some(b)) if same(&a, &b) => DefaultComparison::Same,
        (Some(_), Some(_)) => DefaultComparison::Differs,
        _ => DefaultComparison::Unknown,
    }
}

fn same(a: &DefaultValue, b: &DefaultValue) -> bool {
    match (a, b) {
        (DefaultValue::Bool(x), DefaultValue::Number(n))
        | (DefaultValue::Number(n), DefaultValue::Bool(x)) => n == if *x { "1" } else { "0" },
        (DefaultValue::Number(x), DefaultValue::Number(y)) => number(x) == number(y),
        // PostgreSQL shows `DEFAULT '0'` on a number column as `'0'::bigint`.
        (DefaultValue::Number(n), DefaultValue::Text(t))
        | (DefaultValue::Text(t), DefaultValue::Number(n)) => number(n) == number(t),
        _ => a == b,
    }
}

/// A number without a redundant fraction (`1.0` and `1` are the same default).
fn number(text: &str) -> String {
    match text.split_once('.') {
        Some((int, frac)) if frac.chars().all(|c| c == '0') => int.to_owned(),
        _ => text.to_owned(),
    }
}

/// The value of an entity default: `default_value`'s literal, or a `default_expr` of a
/// known form (`Expr::current_timestamp()`, `Expr::val(..)`, `Expr::cust("..")`).
pub(crate) fn declared_value(declared: &ColumnDefault) -> Option<DefaultValue> {
    match declared {
        ColumnDefault::Value(literal) => rust_literal(literal),
        ColumnDefault::Expr(expr) => {
            let compact: String = expr.chars().filter(|c| !c.is_whitespace()).collect();
            if compact.ends_with("current_timestamp()")
                || compact.ends_with("Keyword::CurrentTimestamp)")
            {
                return Some(DefaultValue::CurrentTimestamp);
            }
            for prefix in ["Expr::val(", "Expr::value("] {
                if let Some(inner) = compact
                    .strip_prefix(prefix)
                    .and_then(|r| r.strip_suffix(')'))
                {
                    return rust_literal(inner);
                }
            }
            let inner = compact
                .strip_prefix("Expr::cust(")
                .or_else(|| compact.strip_prefix("Expr::custom_keyword("))
                .and_then(|r| r.strip_suffix(')'))?;
            let quoted = syn::parse_str::<syn::LitStr>(inner).ok()?;
            sql_value(&quoted.value())
        }
    }
}

fn rust_literal(text: &str) -> Option<DefaultValue> {
    match syn::parse_str::<syn::Lit>(text.trim()).ok()? {
        syn::Lit::Str(s) => Some(DefaultValue::Text(s.value())),
        syn::Lit::Int(i) => Some(DefaultValue::Number(i.base10_digits().to_owned())),
        syn::Lit::Float(f) => Some(DefaultValue::Number(f.base10_digits().to_owned())),
        syn::Lit::Bool(b) => Some(DefaultValue::Bool(b.value)),
        _ => None,
    }
}

/// The value of a default as SQL shows it, casts and parentheses removed.
pub(crate) fn sql_value(text: &str) -> Option<DefaultValue> {
    let mut t = text.trim();
    loop {
        let before = t;
        if let Some(inner) = t.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
            t = inner.trim();
        }
        // `'free'::character varying`, `0::bigint`: the cast, not the value, goes.
        if let Some((value, cast)) = t.rsplit_once("::")
            && !cast.contains('\'')
        {
            t = value.trim();
        }
        if t == before {
            break;
        }
    }
    let lower = t.to_ascii_lowercase();
    match lower.as_str() {
        "current_timestamp" | "now()" | "current_timestamp()" | "localtimestamp" => {
            return Some(DefaultValue::CurrentTimestamp);
        }
        "true" => return Some(DefaultValue::Bool(true)),
        "false" => return Some(DefaultValue::Bool(false)),
        "null" => return Some(DefaultValue::Null),
        _ => {}
    }
    if let Some(inner) = t.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')) {
        return Some(DefaultValue::Text(inner.replace("''", "'")));
    }
    let numeric = t.strip_prefix('-').unwrap_or(t);
    if !numeric.is_empty()
        && numeric.chars().all(|c| c.is_ascii_digit() || c == '.')
        && numeric.chars().filter(|c| *c == '.').count() <= 1
    {
        return Some(DefaultValue::Number(t.to_owned()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(s: &str) -> ColumnDefault {
        ColumnDefault::Value(s.to_owned())
    }

    fn expr(s: &str) -> ColumnDefault {
        ColumnDefault::Expr(s.to_owned())
    }

    #[test]
    fn reads_both_sides_of_the_common_defaults() {
        let same = [
            (expr("Expr::current_timestamp()"), "CURRENT_TIMESTAMP"),
            (expr("Expr::current_timestamp()"), "now()"),
            (value("0"), "0"),
            (value("0"), "'0'::bigint"),
            (value("\"free\""), "'free'::character varying"),
            (value("\"free\""), "'free'"),
            (value("\"it's\""), "'it''s'"),
            (value("true"), "true"),
            (value("true"), "1"),
            (value("1.5"), "1.5"),
            (expr("Expr::val(3)"), "3"),
            (
                expr("Expr::cust(\"CURRENT_TIMESTAMP\")"),
                "(CURRENT_TIMESTAMP)",
            ),
        ];
        for (declared, live) in same {
            assert_eq!(
                compare(&declared, Some(live)),
                DefaultComparison::Same,
                "{declared:?} {live}"
            );
        }
        assert_eq!(compare(&value("0"), Some("1")), DefaultComparison::Differs);
        assert_eq!(
            compare(&value("\"free\""), Some("'pro'")),
            DefaultComparison::Differs
        );
        assert_eq!(compare(&value("0"), None), DefaultComparison::Differs);
        assert_eq!(
            compare(
                &expr("Expr::cust(\"gen_random_uuid()\")"),
                Some("gen_random_uuid()")
            ),
            DefaultComparison::Unknown
        );
    }
}
