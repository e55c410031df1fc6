use super::context::Context;
use crate::diagnostic::{Applicability, Edit, Finding, Fix, Label};
use crate::model::{Entity, EntityId, RelExpr, RelatedImpl, Relation};
use crate::rule::declare_rule;
use crate::source::TightSpan;

declare_rule! {
    /// ## What it does
    /// Finds an `impl Related<X> for Entity` whose `to()`/`via()` chain does not lead to
    /// `X`, and a `via_rel` that names a relation of the other entity which does not point
    /// back at this one.
    ///
    /// ## Why is this bad?
    /// The compiler never checks which relation a `Related` impl or a `via_rel` uses. The
    /// code compiles, then `find_related` joins the wrong table, and the database rejects
    /// the query at run time (`no such column: user.id`) or, worse, returns wrong rows.
    /// Relation definitions join tables, so a chain through another module over the same
    /// table (`cake_expanded` beside `cake`) is not reported.
    ///
    /// ## Fix
    /// When the impl has no `via()` and exactly one relation of the entity leads to `X`,
    /// `--fix` makes `to()` return it (`Relation::User.def()`). With none or several, or a
    /// `via()` chain, nothing is changed. A `via_rel` naming the wrong relation is
    /// rewritten when exactly one relation of the other entity `belongs_to` this one.
    ///
    /// ## Example
    /// ```rust
    /// impl Related<super::user::Entity> for Entity {
    ///     fn to() -> RelationDef {
    ///         Relation::Subscription.def()
    ///     }
    /// }
    /// ```
    /// Use instead:
    /// ```rust
    /// impl Related<super::user::Entity> for Entity {
    ///     fn to() -> RelationDef {
    ///         Relation::User.def()
    ///     }
    /// }
    /// ```
    pub(crate) static RULE = ("related-impl-mismatch", Entity, Error, fix = Safe);
}

enum Mismatch {
    /// `to()` (no `via`) leads from `.0` to `.1`.
    To(EntityId, EntityId),
    /// `via()` then `to()` do not chain from self to the target.
    Chain,
}

fn name(cx: &Context<'_>, id: EntityId) -> String {
    cx.entity(id)
        .map_or_else(|| "?".to_owned(), |e| e.module_name().to_owned())
}

fn finding_impl(
    cx: &Context<'_>,
    e: &Entity,
    ri: &RelatedImpl,
    target: EntityId,
    m: &Mismatch,
) -> Finding {
    let t = name(cx, target);
    // `Related<X>`, or `RelatedSelfVia<J>` for a self many-to-many through `J`.
    let written = match &ri.self_via {
        Some(j) => format!("RelatedSelfVia<{}>", j.path),
        None => format!("Related<{}>", ri.target.path),
    };
    let message = match m {
        Mismatch::To(a, b) => format!(
            "`impl {written}` for `{}` returns a relation from `{}` to `{}`, not to `{t}`",
            e.module_name(),
            name(cx, *a),
            name(cx, *b)
        ),
        _ => format!(
            "`impl {written}` for `{}`: `via()` and `to()` do not chain from `{}` to `{t}`",
            e.module_name(),
            e.module_name()
        ),
    };
    let mut f = Finding::new(
        &RULE,
        message,
        Label::new(&e.file, ri.span, format!("`{written}`")),
    )
    .with_anchor(ri.item);
    let direct: Vec<&Relation> = e
        .relations
        .iter()
        .filter(|r| r.target.resolved == Some(target) && r.delegate.is_none())
        .collect();
    if let RelExpr::Variant {
        owner: o, variant, ..
    } = &ri.to
        && let Some(used) = o.resolved.and_then(|id| cx.relation(id, variant))
        && let Some(file) = o
            .resolved
            .and_then(|id| cx.entity(id))
            .map(|x| x.file.clone())
    {
        f = f.with_related(Label::new(
            file,
            used.span,
            format!("`{variant}` leads to `{}`", used.target.path),
        ));
    }
    if let [r] = direct.as_slice() {
        let body = format!("Relation::{}.def()", r.name);
        if let (Mismatch::To(..), Some(span), false, None) = (
            m,
            ri.to_span.map(TightSpan::span),
            ri.generated,
            &ri.self_via,
        ) {
            f = f.with_fix(Fix {
                message: format!("return `{body}` from `to()`"),
                applicability: Applicability::Safe,
                edits: vec![Edit {
                    file: e.file.clone(),
                    span,
                    text: body.clone(),
                }],
            });
        }
        f.with_help(format!(
            "return the relation to `{t}`: `fn to() -> RelationDef {{ {body} }}`"
        ))
    } else {
        f.with_help(format!(
            "make `to()` return a relation of `{}` that leads to `{t}`",
            e.module_name()
        ))
    }
}

fn finding_via_rel(
    cx: &Context<'_>,
    e: &Entity,
    rel: &Relation,
    target: &Entity,
    other: &Relation,
    points_at: EntityId,
) -> Finding {
    let via = rel.via_rel.as_deref().unwrap_or("");
    let message = format!(
        "`via_rel = \"{via}\"` names `{}::Relation::{via}`, which leads to `{}`, not to `{}`",
        target.module_name(),
        name(cx, points_at),
        e.module_name()
    );
    let back: Vec<&Relation> = target
        .relations
        .iter()
        .filter(|r| {
            super::context::is_belongs_to(r)
                && r.target
                    .resolved
                    .and_then(|id| cx.entity(id))
                    .is_some_and(|x| std::ptr::eq(x, e))
        })
        .collect();
    let help = match back.as_slice() {
        [r] => format!("use `via_rel = \"{}\"`", r.name),
        _ => format!(
            "name a relation of `{}` that `belongs_to` `{}`",
            target.module_name(),
            e.module_name()
        ),
    };
    let fix = match back.as_slice() {
        [r] => via_rel_fix(e, rel, &r.name),
        _ => None,
    };
    let f = Finding::new(
        &RULE,
        message,
        Label::new(&e.file, rel.span, format!("`via_rel = \"{via}\"`")),
    )
    .with_related(Label::new(
        &target.file,
        other.span,
        format!("`{}` leads to `{}`", other.name, other.target.path),
    ))
    .with_help(help)
    .with_anchor(rel.item);
    match fix {
        Some(fix) => f.with_fix(fix),
        None => f,
    }
}

/// `via_rel`'s value naming `name` instead, spelt as written (`"Relation::X"` keeps its
/// prefix), when where it is written is known.
fn via_rel_fix(e: &Entity, rel: &Relation, name: &str) -> Option<Fix> {
    let w = rel.key_spans.as_deref()?.via_rel_value.as_ref()?;
    let text = w.text.trim();
    let (prefix, last) = text.rsplit_once("::").map_or(("", text), |(p, l)| (p, l));
    // What the model read must be what is written (dense fields may rewrite `via_rel`).
    let key = |s: &str| s.to_lowercase().replace('_', "");
    if rel.via_rel.as_deref().map(key) != Some(key(last)) {
        return None;
    }
    let value = if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}::{name}")
    };
    let text = if w.quoted {
        format!("\"{value}\"")
    } else {
        value
    };
    Some(Fix {
        message: format!("use `via_rel = \"{name}\"`"),
        applicability: Applicability::Safe,
        edits: vec![Edit {
            file: e.file.clone(),
            span: w.span.span(),
            text,
        }],
    })
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for (id, e) in cx.entities() {
        for ri in &e.related {
            let Some(target) = ri.target.resolved else {
                continue;
            };
            if let Some(m) = impl_mismatch(cx, id, ri, target) {
                out.push(finding_impl(cx, e, ri, target, &m));
            }
        }
        for rel in &e.relations {
            let (Some(via), Some((tid, t))) = (rel.via_rel.as_deref(), cx.target(rel)) else {
                continue;
            };
            let Some(other) = cx.relation(tid, via) else {
                continue;
            };
            let Some(points_at) = other.target.resolved else {
                continue;
            };
            if !cx.same_table(points_at, id) {
                out.push(finding_via_rel(cx, e, rel, t, other, points_at));
            }
        }
    }
}

fn impl_mismatch(
    cx: &Context<'_>,
    id: EntityId,
    ri: &RelatedImpl,
    target: EntityId,
) -> Option<Mismatch> {
    let to = cx.endpoints(id, &ri.to)?;
    match &ri.via {
        None => (!(cx.same_table(to.0, id) && cx.same_table(to.1, target)))
            .then_some(Mismatch::To(to.0, to.1)),
        Some(via) => {
            let via = cx.endpoints(id, via)?;
            let chained = cx.same_table(via.0, id)
                && cx.same_table(via.1, to.0)
                && cx.same_table(to.1, target);
            (!chained).then_some(Mismatch::Chain)
        }
    }
}
