//! Reading attributes: `#[sea_orm(..)]` key lists and `#[derive(..)]` names, leniently,
//! because the input may not compile.

use proc_macro2::TokenTree;
use syn::{Attribute, Lit, Meta};

use crate::source::Span;

/// One `key` or `key = value` inside `#[sea_orm(..)]`.
#[derive(Clone, Debug)]
pub(crate) struct AttrItem {
    pub(crate) key: String,
    /// A string literal's value, or the value's tokens as text.
    pub(crate) value: Option<String>,
    /// The value as written: a string literal keeps its quotes (`"new user"`, `0`).
    pub(crate) raw: Option<String>,
    /// The key alone.
    pub(crate) key_span: Span,
    /// The key and its value.
    pub(crate) span: Span,
    /// The value alone (`key = value`).
    pub(crate) value_span: Option<Span>,
}

impl AttrItem {
    /// The key's span and its value as written, for fixes.
    pub(crate) fn key_at(&self) -> super::KeyAt {
        let written = match (&self.value_span, &self.value, &self.raw) {
            (Some(span), Some(text), Some(raw)) => Some(super::Written {
                span: (*span).into(),
                text: text.as_str().into(),
                quoted: raw.starts_with('"'),
            }),
            _ => None,
        };
        (self.span, written)
    }
}

/// Every `#[sea_orm(..)]` item on a node, in order. Read straight from the attribute's
/// tokens (no re-parsing into syn's `Meta`, which dominated the cost on large crates).
/// Malformed items are skipped: SeaORM rejects them at compile time anyway.
pub(crate) fn sea_orm_items(attrs: &[Attribute]) -> Vec<AttrItem> {
    items_of(attrs.iter())
}

/// The items of the first `#[sea_orm(..)]` only: `DeriveRelation` (bae) reads no other
/// on a variant.
pub(crate) fn first_sea_orm_items(attrs: &[Attribute]) -> Vec<AttrItem> {
    items_of(
        attrs
            .iter()
            .filter(|a| a.path().is_ident("sea_orm"))
            .take(1),
    )
}

fn items_of<'a>(attrs: impl Iterator<Item = &'a Attribute>) -> Vec<AttrItem> {
    let mut out = Vec::new();
    for attr in attrs {
        let Meta::List(list) = &attr.meta else {
            continue;
        };
        if !list.path.is_ident("sea_orm") {
            continue;
        }
        let mut tokens = list.tokens.clone().into_iter().peekable();
        loop {
            // key: `a` or `a::b`
            let mut key = String::new();
            let mut key_span: Option<Span> = None;
            while let Some(t) = tokens.peek() {
                match t {
                    TokenTree::Ident(i) => {
                        key.push_str(&i.to_string());
                        let sp = Span::ident(i);
                        key_span = Some(key_span.map_or(sp, |k| k.to(sp)));
                        tokens.next();
                    }
                    TokenTree::Punct(p) if p.as_char() == ':' => {
                        key.push(':');
                        tokens.next();
                    }
                    _ => break,
                }
            }
            let Some(key_span) = key_span else {
                // Not a key: skip to the next comma (or stop at the end).
                if !skip_to_comma(&mut tokens) {
                    break;
                }
                continue;
            };
            let mut value = None;
            let mut raw = None;
            let mut span = key_span;
            let mut value_span = None;
            match tokens.peek() {
                Some(TokenTree::Punct(p)) if p.as_char() == '=' => {
                    tokens.next();
                    let mut parts: Vec<TokenTree> = Vec::new();
                    while let Some(t) = tokens.peek() {
                        if matches!(t, TokenTree::Punct(p) if p.as_char() == ',') {
                            break;
                        }
                        parts.extend(tokens.next());
                    }
                    if let (Some(first), Some(last)) = (parts.first(), parts.last()) {
                        span = key_span.to(Span::from_pm2(last.span()));
                        value_span =
                            Some(Span::from_pm2(first.span()).to(Span::from_pm2(last.span())));
                    }
                    raw = Some(parts.iter().map(ToString::to_string).collect::<String>());
                    value = Some(value_text(parts));
                }
                Some(TokenTree::Group(g)) => {
                    span = key_span.to(Span::from_pm2(g.span_close()));
                    value = Some(g.stream().to_string());
                    tokens.next();
                }
                _ => {}
            }
            out.push(AttrItem {
                key,
                value,
                raw,
                key_span,
                span,
                value_span,
            });
            if !skip_to_comma(&mut tokens) {
                break;
            }
        }
    }
    out
}

/// Advance past the next top-level comma; false at the end of the tokens.
fn skip_to_comma(tokens: &mut std::iter::Peekable<proc_macro2::token_stream::IntoIter>) -> bool {
    for t in tokens.by_ref() {
        if matches!(&t, TokenTree::Punct(p) if p.as_char() == ',') {
            return true;
        }
    }
    false
}

/// A value's text: a string literal's contents, or the tokens without spaces.
fn value_text(parts: Vec<TokenTree>) -> String {
    if let [TokenTree::Literal(l)] = parts.as_slice() {
        // Fast path for the usual plain `"..."`: no escapes, nothing to decode.
        let raw = l.to_string();
        if let Some(inner) = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"'))
            && !inner.contains('\\')
        {
            return inner.to_owned();
        }
        return match syn::Lit::new(l.clone()) {
            Lit::Str(s) => s.value(),
            Lit::Bool(b) => b.value.to_string(),
            other => super::paths::compact_tokens(&other),
        };
    }
    let text: String = parts.iter().map(ToString::to_string).collect();
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The first value of `key` in a list of items.
pub(crate) fn value<'a>(items: &'a [AttrItem], key: &str) -> Option<&'a str> {
    items
        .iter()
        .find(|i| i.key == key)
        .and_then(|i| i.value.as_deref())
}

/// The item for `key`, if present.
pub(crate) fn item<'a>(items: &'a [AttrItem], key: &str) -> Option<&'a AttrItem> {
    items.iter().find(|i| i.key == key)
}

/// Whether a key is present (flag or with a value).
pub(crate) fn has(items: &[AttrItem], key: &str) -> bool {
    items.iter().any(|i| i.key == key)
}

/// Whether `#[derive(..)]` lists `name` (by its last path segment), without collecting
/// the names: every enum of every file is asked whether it is an ActiveEnum.
pub(crate) fn has_derive(attrs: &[Attribute], name: &str) -> bool {
    attrs.iter().any(|attr| match &attr.meta {
        Meta::List(list) if list.path.is_ident("derive") => {
            let mut last_is = false;
            for t in list.tokens.clone() {
                match t {
                    TokenTree::Ident(i) => last_is = i == name,
                    TokenTree::Punct(p) if p.as_char() == ',' => {
                        if last_is {
                            return true;
                        }
                    }
                    _ => last_is = false,
                }
            }
            last_is
        }
        _ => false,
    })
}

/// Whether an outer attribute's path ends in one of `names` (`#[sea_orm::model]`,
/// `#[model]`, `#[sea_orm_macros::sea_orm_model]`).
pub(crate) fn has_marker(attrs: &[Attribute], names: &[&str]) -> bool {
    attrs.iter().any(|a| {
        matches!(a.meta, Meta::Path(_))
            && super::paths::last_ident(a.path()).is_some_and(|n| names.contains(&n.as_str()))
    })
}

/// `#[path = ".."]` on a `mod` item.
pub(crate) fn path_attr(attrs: &[Attribute]) -> Option<String> {
    attrs.iter().find_map(|a| match &a.meta {
        Meta::NameValue(nv) if nv.path.is_ident("path") => match &nv.value {
            syn::Expr::Lit(syn::ExprLit {
                lit: Lit::Str(s), ..
            }) => Some(s.value()),
            _ => None,
        },
        _ => None,
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
    crate::source::LineRange {
        start,
        end: end.end.line.max(start),
    }
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

/// The column keys written without a value (`#[sea_orm(unique)]`); the others take one.
pub(crate) const COLUMN_FLAGS: &[&str] = &[
    "primary_key",
    "nullable",
    "unique",
    "indexed",
    "ignore",
    "arrow_skip",
];
