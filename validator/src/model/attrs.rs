//! Reading attributes: `#[sea_orm(..)]` key lists and `#[derive(..)]` names, leniently,
//! because the input may not compile.

use syn::punctuated::Punctuated;
use syn::{Attribute, Expr, Lit, Meta, Token};

use crate::source::Span;

/// One `key` or `key = value` inside `#[sea_orm(..)]`.
#[derive(Clone, Debug)]
pub(crate) struct AttrItem {
    pub(crate) key: String,
    /// A string literal's value, or the value's tokens as text.
    pub(crate) value: Option<String>,
    /// The key alone.
    pub(crate) key_span: Span,
    /// The key and its value.
    pub(crate) span: Span,
}

/// Every `#[sea_orm(..)]` item on a node, in order. Unparsable attributes are skipped:
/// SeaORM rejects them at compile time anyway.
pub(crate) fn sea_orm_items(attrs: &[Attribute]) -> Vec<AttrItem> {
    let mut out = Vec::new();
    for attr in attrs {
        if !attr.path().is_ident("sea_orm") {
            continue;
        }
        let Ok(metas) = attr.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
        else {
            continue;
        };
        for meta in metas {
            let key = match meta.path().get_ident() {
                Some(i) => i.to_string(),
                None => super::paths::path_string(meta.path()),
            };
            let key_span = Span::path(meta.path());
            let value = match &meta {
                Meta::Path(_) => None,
                Meta::NameValue(nv) => Some(expr_text(&nv.value)),
                Meta::List(l) => Some(l.tokens.to_string()),
            };
            let span = match &meta {
                Meta::Path(_) => key_span,
                Meta::NameValue(nv) => key_span.to(Span::expr_end(&nv.value)),
                Meta::List(l) => key_span.to(Span::from_pm2(l.delimiter.span().close())),
            };
            out.push(AttrItem { key, value, key_span, span });
        }
    }
    out
}

/// A string literal's value, or any other expression as compact text.
pub(crate) fn expr_text(expr: &Expr) -> String {
    match expr {
        Expr::Lit(l) => match &l.lit {
            Lit::Str(s) => s.value(),
            Lit::Bool(b) => b.value.to_string(),
            other => super::paths::compact_tokens(other),
        },
        other => super::paths::compact_tokens(other),
    }
}

/// The first value of `key` in a list of items.
pub(crate) fn value<'a>(items: &'a [AttrItem], key: &str) -> Option<&'a str> {
    items.iter().find(|i| i.key == key).and_then(|i| i.value.as_deref())
}

/// The item for `key`, if present.
pub(crate) fn item<'a>(items: &'a [AttrItem], key: &str) -> Option<&'a AttrItem> {
    items.iter().find(|i| i.key == key)
}

/// Whether a key is present (flag or with a value).
pub(crate) fn has(items: &[AttrItem], key: &str) -> bool {
    items.iter().any(|i| i.key == key)
}

/// The last path segment of every derive (`sea_orm::DeriveEntityModel` gives
/// `DeriveEntityModel`).
pub(crate) fn derives(attrs: &[Attribute]) -> Vec<String> {
    let mut out = Vec::new();
    for attr in attrs {
        if !attr.path().is_ident("derive") {
            continue;
        }
        if let Ok(paths) =
            attr.parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
        {
            out.extend(paths.iter().filter_map(super::paths::last_ident));
        }
    }
    out
}

/// Whether an outer attribute's path ends in `name` (`#[sea_orm::model]`, `#[model]`).
pub(crate) fn has_marker(attrs: &[Attribute], name: &str) -> bool {
    attrs.iter().any(|a| {
        matches!(a.meta, Meta::Path(_)) && super::paths::last_ident(a.path()).as_deref() == Some(name)
    })
}

/// The lines from the first attribute to `end` (for suppression anchors).
pub(crate) fn item_lines(attrs: &[Attribute], end: Span) -> crate::source::LineRange {
    let start = attrs
        .iter()
        .map(|a| Span::from_pm2(a.pound_token.span).start.line)
        .min()
        .unwrap_or(end.start.line)
        .min(end.start.line);
    crate::source::LineRange { start, end: end.end.line.max(start) }
}

/// Keys SeaORM 2.0.4 reads on a column field (`DeriveEntityModel`, `arrow_schema`).
/// Anything else inside `#[sea_orm(..)]` on a column is silently ignored by SeaORM.
pub(crate) const COLUMN_KEYS: &[&str] = &[
    "primary_key",
    "auto_increment",
    "column_type",
    "nullable",
    "unique",
    "unique_key",
    "indexed",
    "default_value",
    "default_expr",
    "column_name",
    "enum_name",
    "ignore",
    "select_as",
    "save_as",
    "comment",
    "renamed_from",
    "extra",
    "arrow_skip",
    "arrow_field",
    "arrow_precision",
    "arrow_scale",
    "arrow_timestamp_unit",
    "arrow_timezone",
    "arrow_comment",
    "arrow_byte_width",
];
