use super::context::Context;
use crate::diagnostic::{Finding, Label};
use crate::model::{EntityId, RelExpr, RelationKind, RelationOrigin};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Finds relation definitions that call each other in a loop: typically an
    /// `impl Related<Parent>` whose `to()` is the parent's `has_many` reversed
    /// (`super::user::Relation::CreditTransaction.def().rev()`), while that `has_many` is
    /// itself built from `Related<Parent>::to()`.
    ///
    /// ## Why is this bad?
    /// It compiles, and the first call to `find_related`, a loader or
    /// `create_table_from_entity` recurses until the stack overflows and the process
    /// aborts.
    ///
    /// ## Example
    /// ```rust
    /// // credit_transaction.rs
    /// impl Related<super::user::Entity> for Entity {
    ///     fn to() -> RelationDef {
    ///         super::user::Relation::CreditTransaction.def().rev()
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
    pub(crate) static RULE = ("recursive-related", Entity, Error);
}

/// A relation definition that SeaORM evaluates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Node {
    /// `entities[e].relations[i].def()`.
    Variant(EntityId, usize),
    /// `<entities[e] as Related<entities[t]>>::to()`, `related[i]`.
    RelatedTo(EntityId, usize),
}

fn finding(cx: &Context<'_>, cycle: &[Node]) -> Option<Finding> {
    // Anchor on a `Related` impl: that is where the loop is usually closed by hand.
    let first = cycle
        .iter()
        .copied()
        .filter(|n| matches!(n, Node::RelatedTo(..)))
        .min()
        .or_else(|| cycle.iter().copied().min())?;
    let describe = |n: Node| -> Option<(
        std::path::PathBuf,
        crate::source::Span,
        String,
        crate::source::LineRange,
    )> {
        match n {
            Node::Variant(e, i) => {
                let ent = cx.entity(e)?;
                let r = ent.relations.get(i)?;
                Some((
                    ent.file.clone(),
                    r.span,
                    format!(
                        "`{}::Relation::{}` ({})",
                        ent.module_name(),
                        r.name,
                        r.kind.as_str()
                    ),
                    r.item,
                ))
            }
            Node::RelatedTo(e, i) => {
                let ent = cx.entity(e)?;
                let r = ent.related.get(i)?;
                Some((
                    ent.file.clone(),
                    r.span,
                    format!(
                        "`Related<{}>::to()` of `{}`",
                        r.target.path,
                        ent.module_name()
                    ),
                    r.item,
                ))
            }
        }
    };
    let (file, span, what, item) = describe(first)?;
    let chain: Vec<String> = cycle
        .iter()
        .filter_map(|n| describe(*n).map(|d| d.2))
        .collect();
    let mut f = Finding::new(
        &RULE,
        format!(
            "{what} is defined through itself ({}): a stack overflow at run time",
            chain.join(" → ")
        ),
        Label::new(file, span, "this definition calls itself back"),
    )
    .with_anchor(item);
    for n in cycle.iter().filter(|n| **n != first) {
        if let Some((file, span, what, _)) = describe(*n) {
            f = f.with_related(Label::new(
                file,
                span,
                format!("{what} is part of the loop"),
            ));
        }
    }
    let help = match first {
        Node::RelatedTo(e, i) => cx.entity(e).and_then(|ent| {
            let target = ent.related.get(i)?.target.resolved;
            let own = ent
                .relations
                .iter()
                .find(|r| super::context::is_belongs_to(r) && r.target.resolved == target)?;
            Some(format!(
                "define `to()` with `{}`'s own relation: `Relation::{}.def()`",
                ent.module_name(),
                own.name
            ))
        }),
        Node::Variant(..) => None,
    };
    Some(f.with_help(help.unwrap_or_else(|| {
        "define one relation in the loop with `belongs_to` and explicit `from`/`to` columns"
            .to_owned()
    })))
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    // Dense node numbering: every relation variant, then every `Related` impl.
    let mut var_base = Vec::with_capacity(cx.model.entities.len());
    let mut rel_base = Vec::with_capacity(cx.model.entities.len());
    let mut n = 0;
    for (_, e) in cx.entities() {
        var_base.push(n);
        n += e.relations.len();
    }
    for (_, e) in cx.entities() {
        rel_base.push(n);
        n += e.related.len();
    }
    let node_of = |node: Node| match node {
        Node::Variant(e, i) => var_base.get(e).map(|b| b + i),
        Node::RelatedTo(e, i) => rel_base.get(e).map(|b| b + i),
    };
    // `Related<target>` of `owner`, by a short scan of the owner's impls.
    let related = |owner: EntityId, target: EntityId| -> Option<Node> {
        let e = cx.entity(owner)?;
        e.related
            .iter()
            .position(|r| r.target.resolved == Some(target))
            .map(|i| Node::RelatedTo(owner, i))
    };
    let expr_node = |writer: EntityId, x: &RelExpr| -> Option<Node> {
        match x {
            RelExpr::Variant { owner, variant, .. } => {
                let o = owner.resolved?;
                let i = cx
                    .entity(o)?
                    .relations
                    .iter()
                    .position(|r| &r.name == variant)?;
                Some(Node::Variant(o, i))
            }
            RelExpr::RelatedTo { owner, target, .. } => related(owner.resolved?, target.resolved?),
            RelExpr::Builder { kind, target, .. } if *kind != RelationKind::BelongsTo => {
                related(target.resolved?, writer)
            }
            _ => None,
        }
    };
    // Each definition calls at most one other, so the dependencies form a functional
    // graph: following the single edge from every node finds every loop in linear time.
    let mut next: Vec<Option<Node>> = vec![None; n];
    let mut nodes: Vec<Node> = Vec::with_capacity(n);
    for (id, e) in cx.entities() {
        for (i, r) in e.relations.iter().enumerate() {
            let dep = if let Some(d) = &r.delegate {
                expr_node(id, d)
            } else if r.kind == RelationKind::BelongsTo {
                None
            } else if let (Some(via), Some(t)) = (&r.via_rel, r.target.resolved) {
                cx.entity(t)
                    .and_then(|te| te.relations.iter().position(|x| &x.name == via))
                    .map(|j| Node::Variant(t, j))
            } else if r.from.is_empty()
                && !matches!(
                    r.origin,
                    RelationOrigin::RelationTraitArm { has_from: true, .. }
                )
            {
                // `has_many(T)` is `<T as Related<Self>>::to().rev()`.
                r.target.resolved.and_then(|t| related(t, id))
            } else {
                None
            };
            nodes.push(Node::Variant(id, i));
            if let (Some(slot), Some(dep)) = (
                node_of(Node::Variant(id, i)).and_then(|k| next.get_mut(k)),
                dep,
            ) {
                *slot = Some(dep);
            }
        }
    }
    for (id, e) in cx.entities() {
        for (i, r) in e.related.iter().enumerate() {
            nodes.push(Node::RelatedTo(id, i));
            if let (Some(slot), Some(dep)) = (
                node_of(Node::RelatedTo(id, i)).and_then(|k| next.get_mut(k)),
                expr_node(id, &r.to),
            ) {
                *slot = Some(dep);
            }
        }
    }
    // 0 = unseen, 1 = on the current path, 2 = done.
    let mut state = vec![0u8; n];
    for start in nodes {
        let mut path = Vec::new();
        let mut cur = Some(start);
        while let Some(node) = cur {
            let Some(k) = node_of(node) else { break };
            match state.get(k).copied() {
                Some(0) => {
                    if let Some(s) = state.get_mut(k) {
                        *s = 1;
                    }
                    path.push(node);
                    cur = next.get(k).copied().flatten();
                }
                Some(1) => {
                    // Back on the current path: the loop is the path from `node` on.
                    if let Some(pos) = path.iter().position(|p| *p == node) {
                        let cycle: Vec<Node> =
                            path.get(pos..).map(<[Node]>::to_vec).unwrap_or_default();
                        if let Some(f) = finding(cx, &cycle) {
                            out.push(f);
                        }
                    }
                    break;
                }
                _ => break,
            }
        }
        for node in path {
            if let Some(s) = node_of(node).and_then(|k| state.get_mut(k)) {
                *s = 2;
            }
        }
    }
}
