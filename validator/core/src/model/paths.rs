//! Small helpers on paths, types and names, shared by the format parsers.

use heck::ToUpperCamelCase;
use quote::ToTokens;

/// The `Column` variant SeaORM derives from a name: the last `::` segment, `r#` removed,
/// in UpperCamelCase (`user_id`, `UserId` and `Column::UserId` all give `UserId`).
pub(crate) fn variant_name(name: &str) -> String {
    let last = name.rsplit("::").next().unwrap_or(name).trim();
    let last = last.strip_prefix("r#").unwrap_or(last);
    last.to_upper_camel_case()
}

/// A name without its raw-identifier prefix: `r#match` is the module `match` (file
/// `match.rs`), and resolves like it.
pub(crate) fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// An identifier's name without `r#`.
pub(crate) fn ident_name(ident: &proc_macro2::Ident) -> String {
    let s = ident.to_string();
    match s.strip_prefix("r#") {
        Some(rest) => rest.to_owned(),
        None => s,
    }
}

/// The segments of a written path, `r#` removed and generic arguments dropped:
/// `super::r#match::Entity` gives `["super", "match", "Entity"]`.
pub(crate) fn segments_of(path: &str) -> Vec<String> {
    let path = path.split('<').next().unwrap_or(path);
    path.split("::")
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(|x| unraw(x).to_owned())
        .collect()
}

/// Words that a module or field name must be written as a raw identifier for
/// (`r#type`); `crate`, `self`, `super` and `Self` cannot be raw and never name modules.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// A name as Rust code must write it: `match` gives `r#match`.
pub fn rust_ident(name: &str) -> String {
    if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_owned()
    }
}

/// A `::`-separated module path as Rust code must write it (`a::r#type`).
pub fn rust_path(path: &str) -> String {
    path.split("::")
        .map(rust_ident)
        .collect::<Vec<_>>()
        .join("::")
}

/// Tokens as text without spaces: `Option < i32 >` becomes `Option<i32>`.
pub(crate) fn compact_tokens<T: ToTokens + ?Sized>(node: &T) -> String {
    node.to_token_stream()
        .to_string()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// An expression as compact text; paths and tuples of paths (the usual relation
/// arguments) are written directly instead of through a token stream.
pub(crate) fn expr_text(e: &syn::Expr) -> String {
    match e {
        syn::Expr::Path(p) if p.qself.is_none() => path_string(&p.path),
        syn::Expr::Tuple(t) => format!(
            "({})",
            t.elems.iter().map(expr_text).collect::<Vec<_>>().join(",")
        ),
        syn::Expr::Paren(p) => expr_text(&p.expr),
        other => compact_tokens(other),
    }
}

/// A path as written, `::`-joined, generic arguments dropped.
pub(crate) fn path_string(path: &syn::Path) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    if path.leading_colon.is_some() {
        out.push_str("::");
    }
    for (i, seg) in path.segments.iter().enumerate() {
        if i > 0 {
            out.push_str("::");
        }
        let _ = write!(out, "{}", seg.ident);
    }
    out
}

/// The last segment of a path.
pub(crate) fn last_ident(path: &syn::Path) -> Option<String> {
    path.segments.last().map(|s| s.ident.to_string())
}

/// The single generic type argument of a path's last segment (`Option<T>` gives `T`).
pub(crate) fn generic_arg(path: &syn::Path) -> Option<&syn::Type> {
    let seg = path.segments.last()?;
    let syn::PathArguments::AngleBracketed(args) = &seg.arguments else {
        return None;
    };
    args.args.iter().find_map(|a| match a {
        syn::GenericArgument::Type(t) => Some(t),
        _ => None,
    })
}

/// `(written type, base type, nullable)`: `Option<sea_orm::prelude::Uuid>` gives
/// `("Option<sea_orm::prelude::Uuid>", "Uuid", true)`. The base type keeps generics of
/// the last segment (`Vec<u8>`) but drops path prefixes, so aliases compare equal.
pub(crate) fn analyse_type(ty: &syn::Type) -> (String, String, bool) {
    let written = type_text(ty);
    let (inner, nullable) = match ty {
        syn::Type::Path(p) if last_ident(&p.path).as_deref() == Some("Option") => {
            (generic_arg(&p.path).unwrap_or(ty), true)
        }
        _ => (ty, false),
    };
    (written, base_type(inner), nullable)
}

/// A type as compact text. Paths (nearly every column type) are written directly, without
/// going through a token stream, which matters on crates with thousands of columns.
pub(crate) fn type_text(ty: &syn::Type) -> String {
    let syn::Type::Path(p) = ty else {
        return compact_tokens(ty);
    };
    if p.qself.is_some() {
        return compact_tokens(ty);
    }
    use std::fmt::Write as _;
    let mut out = String::new();
    if p.path.leading_colon.is_some() {
        out.push_str("::");
    }
    for (i, seg) in p.path.segments.iter().enumerate() {
        if i > 0 {
            out.push_str("::");
        }
        let _ = write!(out, "{}", seg.ident);
        match &seg.arguments {
            syn::PathArguments::None => {}
            syn::PathArguments::AngleBracketed(args) => {
                out.push('<');
                for (j, a) in args.args.iter().enumerate() {
                    if j > 0 {
                        out.push(',');
                    }
                    match a {
                        syn::GenericArgument::Type(t) => out.push_str(&type_text(t)),
                        other => out.push_str(&compact_tokens(other)),
                    }
                }
                out.push('>');
            }
            other => out.push_str(&compact_tokens(other)),
        }
    }
    out
}

fn base_type(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(p) => match p.path.segments.last() {
            Some(seg) => {
                let mut s = seg.ident.to_string();
                if let syn::PathArguments::AngleBracketed(args) = &seg.arguments {
                    let inner: Vec<String> = args
                        .args
                        .iter()
                        .map(|a| match a {
                            syn::GenericArgument::Type(t) => base_type(t),
                            other => compact_tokens(other),
                        })
                        .collect();
                    s.push('<');
                    s.push_str(&inner.join(","));
                    s.push('>');
                }
                s
            }
            None => compact_tokens(ty),
        },
        syn::Type::Group(g) => base_type(&g.elem),
        syn::Type::Paren(p) => base_type(&p.elem),
        other => compact_tokens(other),
    }
}

/// The columns of a `from`/`to` value: `"Column::UserId"`, `"user_id"`,
/// `"super::user::Column::Id"` or a tuple `"(Column::A, Column::B)"`.
pub(crate) fn split_columns(value: &str) -> Vec<super::Name> {
    let inner = value.trim();
    let inner = inner
        .strip_prefix('(')
        .and_then(|s| s.strip_suffix(')'))
        .unwrap_or(inner);
    inner
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| variant_name(s).into())
        .collect()
}

/// Simple English plural for a suggested field name (`category` gives `categories`).
pub(crate) fn plural(word: &str) -> String {
    if word.ends_with('s') || word.ends_with('x') || word.ends_with("ch") || word.ends_with("sh") {
        format!("{word}es")
    } else if let Some(stem) = word.strip_suffix('y')
        && !stem.ends_with(['a', 'e', 'i', 'o', 'u'])
    {
        format!("{stem}ies")
    } else {
        format!("{word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(variant_name("user_id"), "UserId");
        assert_eq!(variant_name("Column::UserId"), "UserId");
        assert_eq!(variant_name("r#type"), "Type");
        assert_eq!(split_columns("(Column::A, Column::BId)"), vec!["A", "BId"]);
        assert_eq!(plural("category"), "categories");
        assert_eq!(plural("day"), "days");
        assert_eq!(plural("box"), "boxes");
        assert_eq!(
            segments_of("super::r#match::Entity"),
            ["super", "match", "Entity"]
        );
        assert_eq!(rust_path("super::match"), "super::r#match");
        assert_eq!(rust_ident("user"), "user");
    }

    #[test]
    fn types() {
        let t: syn::Type = syn::parse_quote!(Option<sea_orm::prelude::Uuid>);
        assert_eq!(
            analyse_type(&t),
            ("Option<sea_orm::prelude::Uuid>".into(), "Uuid".into(), true)
        );
        let t: syn::Type = syn::parse_quote!(Vec<u8>);
        assert_eq!(analyse_type(&t).1, "Vec<u8>");
    }
}
