//! Reading relation expressions: `Relation::X.def()`, `super::j::Relation::X.def().rev()`,
//! `<super::j::Entity as Related<Entity>>::to()`, and the expanded builder chains
//! `Entity::belongs_to(T).from(..).to(..).on_delete(..).into()`.

use syn::{Expr, ExprCall, ExprMethodCall};

use super::paths::{compact_tokens, expr_text, path_string};
use super::{EntityRef, Name, RelExpr, RelationKind};
use crate::source::Span;

/// One step of a method chain: `name(args)`.
pub(crate) struct Call<'a> {
    /// The method.
    pub(crate) name: &'a syn::Ident,
    pub(crate) args: &'a syn::punctuated::Punctuated<Expr, syn::Token![,]>,
    /// The closing parenthesis (positions are computed only for the calls a finding
    /// may point at: most chains are only read).
    close: proc_macro2::Span,
}

impl Call<'_> {
    /// From the method name to the closing parenthesis.
    pub(crate) fn span(&self) -> Span {
        Span::ident(self.name).to(Span::from_pm2(self.close))
    }
}

/// A method chain split into its root expression and the calls on it, innermost first.
pub(crate) fn chain(expr: &Expr) -> (&Expr, Vec<Call<'_>>) {
    let mut calls = Vec::new();
    let mut cur = strip(expr);
    while let Expr::MethodCall(ExprMethodCall {
        receiver,
        method,
        args,
        paren_token,
        ..
    }) = cur
    {
        calls.push(Call {
            name: method,
            args,
            close: paren_token.span.close(),
        });
        cur = strip(receiver);
    }
    calls.reverse();
    (cur, calls)
}

/// Remove parentheses, groups, blocks with a single expression, `Some(..)` and `return`.
pub(crate) fn strip(expr: &Expr) -> &Expr {
    match expr {
        Expr::Paren(p) => strip(&p.expr),
        Expr::Group(g) => strip(&g.expr),
        Expr::Return(r) => r.expr.as_deref().map_or(expr, strip),
        Expr::Block(b) => match b.block.stmts.as_slice() {
            [syn::Stmt::Expr(e, None)] => strip(e),
            _ => expr,
        },
        Expr::Call(ExprCall { func, args, .. }) if args.len() == 1 => match strip(func) {
            Expr::Path(p) if p.path.is_ident("Some") => args.first().map_or(expr, strip),
            _ => expr,
        },
        _ => expr,
    }
}

/// The `::Entity` path of the module a `...::Relation::X` path lives in: `Relation::X`
/// gives `Entity`, `super::j::Relation::X` gives `super::j::Entity`.
fn owner_of_relation_path(segments: &[String]) -> Option<(String, String)> {
    let n = segments.len();
    if n < 2 || segments.get(n - 2)? != "Relation" {
        return None;
    }
    let variant = segments.get(n - 1)?.clone();
    let module = segments.get(..n - 2)?;
    let owner = if module.is_empty() || module == ["Self"] {
        "Entity".to_owned()
    } else {
        format!("{}::Entity", module.join("::"))
    };
    Some((owner, variant))
}

fn segments(path: &syn::Path) -> Vec<String> {
    path.segments.iter().map(|s| s.ident.to_string()).collect()
}

/// Read a relation expression. Unknown shapes become [`RelExpr::Other`].
pub(crate) fn rel_expr(expr: &Expr) -> RelExpr {
    let (root, calls) = chain(expr);
    let rev = calls.iter().filter(|c| c.name == "rev").count() % 2 == 1;
    let other = || RelExpr::Other {
        text: compact_tokens(expr).into(),
    };
    match root {
        // `Relation::X.def()`
        Expr::Path(p) => {
            let segs = segments(&p.path);
            match owner_of_relation_path(&segs) {
                Some((owner, variant)) if calls.iter().any(|c| c.name == "def") => {
                    RelExpr::Variant {
                        owner: EntityRef::new(owner),
                        variant: variant.into(),
                        rev,
                    }
                }
                _ => other(),
            }
        }
        Expr::Call(call) => match strip(&call.func) {
            Expr::Path(p) => {
                let segs = segments(&p.path);
                let last = segs.last().map(String::as_str).unwrap_or("");
                // `<j::Entity as Related<Entity>>::to()`
                if last == "to"
                    && let Some(q) = &p.qself
                {
                    let owner = match q.ty.as_ref() {
                        syn::Type::Path(tp) => path_string(&tp.path),
                        other => compact_tokens(other),
                    };
                    let target = p
                        .path
                        .segments
                        .iter()
                        .find(|s| s.ident == "Related")
                        .and_then(|s| match &s.arguments {
                            syn::PathArguments::AngleBracketed(a) => a.args.first(),
                            _ => None,
                        })
                        .map(compact_tokens);
                    return match target {
                        Some(target) => RelExpr::RelatedTo {
                            owner: EntityRef::new(owner),
                            target: EntityRef::new(target),
                            rev,
                        },
                        None => other(),
                    };
                }
                // `Entity::has_many(T)`
                let kind = match last {
                    "belongs_to" => Some(RelationKind::BelongsTo),
                    "has_one" => Some(RelationKind::HasOne),
                    "has_many" | "has_many_via" => Some(RelationKind::HasMany),
                    _ => None,
                };
                match (kind, call.args.first()) {
                    (Some(kind), Some(arg)) => RelExpr::Builder {
                        kind,
                        target: EntityRef::new(expr_text(arg)),
                        rev,
                    },
                    _ => other(),
                }
            }
            _ => other(),
        },
        _ => other(),
    }
}

/// An expanded `RelationTrait` arm read as a builder.
pub(crate) struct BuilderArm {
    pub(crate) kind: RelationKind,
    pub(crate) target: String,
    /// `has_many_via(T, T::Relation::X)`: the variant.
    pub(crate) via_rel: Option<Name>,
    pub(crate) from: Option<(Vec<Name>, super::KeyAt)>,
    pub(crate) to: Option<(Vec<Name>, super::KeyAt)>,
    pub(crate) on_delete: Option<Name>,
    pub(crate) on_update: Option<Name>,
    pub(crate) on_condition: Option<Name>,
    pub(crate) skip_fk: bool,
    /// The `Entity::belongs_to(..)` call.
    pub(crate) span: Span,
}

/// A call's only argument as written.
fn written(c: &Call<'_>) -> Option<super::Written> {
    match c.args.iter().collect::<Vec<_>>().as_slice() {
        [a] => Some(super::Written {
            span: Span::covering(*a).into(),
            text: expr_text(a).into(),
            quoted: false,
        }),
        _ => None,
    }
}

/// Read `Entity::belongs_to(T).from(..).to(..)...into()`; `None` for other shapes.
pub(crate) fn builder_arm(expr: &Expr) -> Option<BuilderArm> {
    let (root, calls) = chain(expr);
    let Expr::Call(call) = root else { return None };
    let Expr::Path(func) = strip(&call.func) else {
        return None;
    };
    let kind = match super::paths::last_ident(&func.path)?.as_str() {
        "belongs_to" => RelationKind::BelongsTo,
        "has_one" => RelationKind::HasOne,
        "has_many" | "has_many_via" => RelationKind::HasMany,
        _ => return None,
    };
    let mut args = call.args.iter();
    let target = expr_text(args.next()?);
    let via_rel = args.next().and_then(|e| match strip(e) {
        Expr::Path(p) => super::paths::last_ident(&p.path).map(Name::from),
        _ => None,
    });
    let mut arm = BuilderArm {
        kind,
        target,
        via_rel,
        from: None,
        to: None,
        on_delete: None,
        on_update: None,
        on_condition: None,
        skip_fk: false,
        span: match strip(&call.func) {
            Expr::Path(p) => Span::path(&p.path),
            other => Span::covering(other),
        }
        .to(Span::expr_end(root)),
    };
    let column_list = |c: &Call<'_>| -> Vec<Name> {
        c.args
            .first()
            .map(|a| super::paths::split_columns(&expr_text(a)))
            .unwrap_or_default()
    };
    let action = |c: &Call<'_>| {
        c.args
            .first()
            .map(|a| Name::from(super::paths::variant_name(&expr_text(a))))
    };
    for c in &calls {
        match c.name.to_string().as_str() {
            "from" => arm.from = Some((column_list(c), (c.span(), written(c)))),
            "to" => arm.to = Some((column_list(c), (c.span(), written(c)))),
            "on_delete" => arm.on_delete = action(c),
            "on_update" => arm.on_update = action(c),
            "skip_fk" => arm.skip_fk = true,
            "on_condition" => {
                arm.on_condition = c.args.first().map(|a| compact_tokens(a).into());
            }
            _ => {}
        }
    }
    Some(arm)
}
