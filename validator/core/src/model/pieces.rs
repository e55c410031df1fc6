//! What an entity is assembled from: the items of one module that belong to it
//! ([`Pieces`]), and the helpers both readers use (items.rs for the derive formats,
//! expanded.rs for the hand-written one).

use std::path::Path;

use syn::{ImplItem, ItemEnum, ItemImpl, ItemStruct};

use super::attrs;
use super::parsed::ParsedFile;
use super::relexpr::{rel_expr, strip};
use super::{Entity, EntityFormat, EntityRef, RelExpr, RelatedImpl, RelationStyle, UnreadKind};
use crate::source::Span;

/// Pieces of an entity found in one module.
#[derive(Default)]
pub(super) struct Pieces<'a> {
    pub(super) model: Option<&'a ItemStruct>,
    pub(super) entity_struct: Option<&'a ItemStruct>,
    pub(super) relation_enum: Option<&'a ItemEnum>,
    pub(super) column_enum: Option<&'a ItemEnum>,
    pub(super) pk_enum: Option<&'a ItemEnum>,
    pub(super) entity_name_impl: Option<&'a ItemImpl>,
    pub(super) column_trait_impl: Option<&'a ItemImpl>,
    pub(super) relation_trait_impl: Option<&'a ItemImpl>,
    pub(super) related_impls: Vec<&'a ItemImpl>,
}

pub(super) fn new_entity(
    path: &Path,
    module: &str,
    format: EntityFormat,
    table: &str,
    item: &ItemStruct,
) -> Entity {
    let span = Span::ident(&item.ident);
    Entity {
        module: module.into(),
        file: path.to_path_buf(),
        format,
        table: table.into(),
        schema: None,
        rename_all: None,
        columns: Vec::new(),
        relations: Vec::new(),
        related: Vec::new(),
        unknown_column_keys: Vec::new(),
        span,
        header: attrs::item_lines(&item.attrs, span),
        relations_span: None,
        relation_style: if format == EntityFormat::Dense {
            RelationStyle::DenseFields
        } else {
            RelationStyle::None
        },
        edit: None,
    }
}

/// The trailing expression of a fn body.
pub(super) fn fn_body<'a>(i: &'a ItemImpl, name: &str) -> Option<&'a syn::Expr> {
    i.items.iter().find_map(|it| match it {
        ImplItem::Fn(f) if f.sig.ident == name => f.block.stmts.last().and_then(|s| match s {
            syn::Stmt::Expr(e, None) => Some(strip(e)),
            _ => None,
        }),
        _ => None,
    })
}

/// An `impl Related<T> for ..` (or `RelatedSelfVia<J>`), read. A `to()`/`via()` the
/// reader does not understand is recorded as unread (the impl is kept, with
/// [`RelExpr::Other`], so that it still counts as a declared side).
pub(super) fn related_impl(
    out: &mut ParsedFile,
    i: &ItemImpl,
    self_via: bool,
) -> Option<RelatedImpl> {
    let (_, trait_path, _) = i.trait_.as_ref()?;
    let param = super::paths::type_text(super::paths::generic_arg(trait_path)?);
    let header = Span::from_pm2(i.impl_token.span).to(Span::type_end(&i.self_ty));
    let item = attrs::item_lines(
        &i.attrs,
        header.to(Span::from_pm2(i.brace_token.span.close())),
    );
    let to_body = fn_body(i, "to");
    let to_span = to_body.map(|e| Span::covering(e).into());
    let to = match to_body {
        Some(e) => rel_expr(e),
        None => RelExpr::Other {
            text: super::Name::default(),
        },
    };
    let via = fn_body(i, "via").and_then(|e| match e {
        syn::Expr::Path(p) if p.path.is_ident("None") => None,
        e => Some(rel_expr(e)),
    });
    for (function, x) in [("to", Some(&to)), ("via", via.as_ref())] {
        if x.is_some_and(RelExpr::is_other) {
            out.unread(
                UnreadKind::RelatedBody {
                    target: param.clone(),
                    function,
                },
                header,
                item,
            );
        }
    }
    let (target, self_via) = if self_via {
        ("Entity".to_owned(), Some(EntityRef::new(param)))
    } else {
        (param, None)
    };
    Some(RelatedImpl {
        target: EntityRef::new(target),
        to,
        to_span,
        via: via.map(Box::new),
        generated: false,
        self_via: self_via.map(Box::new),
        span: header,
        item,
    })
}
