//! One column as a sea-query `ColumnDef` renders it for PostgreSQL: its type, nullability,
//! keys and default. A default computed at run time becomes a placeholder that quotes the
//! code ([`placeholder::default`]), never a guess.

use syn::{Expr, Lit};

use crate::sql::placeholder;

/// The PostgreSQL type a sea-query column type method renders.
pub(crate) fn type_of(method: &str) -> Option<&'static str> {
    Some(match method {
        "integer" | "unsigned" => "integer",
        "big_integer" | "big_unsigned" => "bigint",
        "small_integer" | "tiny_integer" | "small_unsigned" | "tiny_unsigned" => "smallint",
        "string" | "string_len" => "varchar",
        "text" => "text",
        "char" | "char_len" => "char",
        "boolean" => "bool",
        "float" => "real",
        "double" => "double precision",
        "decimal" | "decimal_len" | "money" => "decimal",
        "date_time" | "timestamp" => "timestamp without time zone",
        "timestamp_with_time_zone" => "timestamp with time zone",
        "date" => "date",
        "time" => "time",
        "year" => "integer",
        "interval" => "interval",
        "uuid" => "uuid",
        "json" => "json",
        "json_binary" => "jsonb",
        "binary" | "binary_len" | "var_binary" | "blob" | "bit" | "varbit" | "var_bit" => "bytea",
        "enumeration" | "custom" => "text",
        "array" => "text[]",
        "inet" | "cidr" | "mac_address" => "inet",
        _ => return None,
    })
}

/// The SQL of a `.default(..)`: literals and the expressions sea-query renders to known
/// SQL as they are; anything computed at run time as a placeholder that quotes the code
/// ([`placeholder::default`]), never a guess.
pub(crate) fn default_sql(e: &Expr) -> String {
    known_default(e).unwrap_or_else(|| placeholder::default(&code_text(e)))
}

/// An expression's code as the user wrote it, near enough (`Status::Active.to_string()`).
pub(crate) fn code_text(e: &Expr) -> String {
    quote::ToTokens::to_token_stream(e)
        .to_string()
        .replace(" . ", ".")
        .replace(" (", "(")
        .replace("( ", "(")
        .replace(" )", ")")
        .replace(" :: ", "::")
}

fn known_default(e: &Expr) -> Option<String> {
    match e {
        Expr::Lit(l) => match &l.lit {
            Lit::Str(s) => Some(format!("'{}'", s.value().replace('\'', "''"))),
            Lit::Int(i) => Some(i.base10_digits().to_owned()),
            Lit::Float(f) => Some(f.base10_digits().to_owned()),
            Lit::Bool(b) => Some(b.value.to_string()),
            _ => None,
        },
        Expr::Unary(u) if matches!(u.op, syn::UnOp::Neg(_)) => {
            known_default(&u.expr).map(|v| format!("-{v}"))
        }
        Expr::Reference(r) => known_default(&r.expr),
        Expr::Paren(p) => known_default(&p.expr),
        Expr::Group(g) => known_default(&g.expr),
        Expr::Call(c) => {
            let f = path_text(&c.func);
            let last = f.rsplit("::").next().unwrap_or("");
            match last {
                "cust" | "custom_keyword" => match c.args.first() {
                    Some(Expr::Lit(l)) => match &l.lit {
                        Lit::Str(s) => Some(s.value()),
                        _ => None,
                    },
                    _ => None,
                },
                "current_timestamp" => Some("CURRENT_TIMESTAMP".to_owned()),
                "current_date" => Some("CURRENT_DATE".to_owned()),
                "current_time" => Some("CURRENT_TIME".to_owned()),
                "val" | "value" | "from" => c.args.first().and_then(known_default),
                _ => None,
            }
        }
        Expr::MethodCall(m) if m.method == "into" && m.args.is_empty() => {
            known_default(&m.receiver)
        }
        Expr::Path(p) => match p.path.segments.last()?.ident.to_string().as_str() {
            "CurrentTimestamp" => Some("CURRENT_TIMESTAMP".to_owned()),
            "CurrentDate" => Some("CURRENT_DATE".to_owned()),
            "CurrentTime" => Some("CURRENT_TIME".to_owned()),
            "Null" => Some("NULL".to_owned()),
            _ => None,
        },
        _ => None,
    }
}

#[derive(Default)]
pub(crate) struct Column {
    pub(crate) name: String,
    pub(crate) ty: String,
    pub(crate) not_null: Option<bool>,
    pub(crate) primary_key: bool,
    pub(crate) unique: bool,
    pub(crate) auto_increment: bool,
    pub(crate) default: Option<String>,
    pub(crate) generated: bool,
}

impl Column {
    pub(crate) fn sql(&self) -> String {
        let ty = match (self.auto_increment, self.ty.as_str()) {
            (true, "bigint") => "bigserial",
            (true, "smallint") => "smallserial",
            (true, _) => "serial",
            (false, "") => "text",
            (false, t) => t,
        };
        let mut s = format!("{} {ty}", quote(&self.name));
        if self.not_null == Some(true) {
            s.push_str(" NOT NULL");
        } else if self.not_null == Some(false) {
            s.push_str(" NULL");
        }
        if let Some(d) = &self.default {
            s.push_str(" DEFAULT ");
            s.push_str(d);
        }
        if self.generated {
            s.push_str(" GENERATED ALWAYS AS (NULL) STORED");
        }
        if self.primary_key {
            s.push_str(" PRIMARY KEY");
        }
        if self.unique {
            s.push_str(" UNIQUE");
        }
        s
    }
}

/// A path's text (`Expr::val`), segments joined by `::`.
pub(crate) fn path_text(e: &Expr) -> String {
    match e {
        Expr::Path(p) => p
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect::<Vec<_>>()
            .join("::"),
        _ => String::new(),
    }
}

/// A double-quoted SQL identifier.
pub(crate) fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
