use petgraph::graph::{DiGraph, NodeIndex};

use super::context::{Context, is_belongs_to};
use crate::diagnostic::{Finding, Label};
use crate::model::{EntityId, Relation, rust_ident};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Finds a cycle of `belongs_to` relations whose foreign key columns are all required
    /// (not `Option`, not `skip_fk`), including a required self-reference. Reported once
    /// per cycle (strongly connected component).
    ///
    /// ## Why is this bad?
    /// Every row in the cycle needs an existing row in the next table, so no row can be
    /// inserted first (short of deferred constraints, which SeaORM does not create), and
    /// `Schema::create_table_from_entity` cannot order the tables.
    ///
    /// ## Example
    /// ```rust
    /// // team.rs: pub owner_id: i32,  belongs_to user
    /// // user.rs: pub team_id: i32,   belongs_to team
    /// ```
    /// Use instead:
    /// ```rust
    /// // user.rs: one side of the cycle is optional
    /// pub team_id: Option<i32>,
    /// #[sea_orm(belongs_to, from = "team_id", to = "id")]
    /// pub team: BelongsTo<Option<super::team::Entity>>,
    /// ```
    pub(crate) static RULE = ("required-foreign-key-cycle", Entity, Error);
}

fn finding(cx: &Context<'_>, edges: &[(EntityId, &Relation)]) -> Option<Finding> {
    let (first_id, first) = *edges.first()?;
    let e = cx.entity(first_id)?;
    let mut names: Vec<&str> = edges
        .iter()
        .filter_map(|(id, _)| cx.entity(*id).map(|x| x.module_name()))
        .collect();
    names.dedup();
    let cycle = if let [one] = names.as_slice() {
        format!("`{one}` references itself")
    } else {
        format!(
            "`{}` → `{}`",
            names.join("` → `"),
            names.first().copied().unwrap_or("")
        )
    };
    let mut f = Finding::new(
        &RULE,
        format!("required foreign keys form a cycle ({cycle}), so no row can be inserted first"),
        Label::new(&e.file, first.span, "required `belongs_to`"),
    )
    .with_anchor(first.item);
    for (id, r) in edges.iter().skip(1) {
        if let Some(x) = cx.entity(*id) {
            f = f.with_related(Label::new(
                &x.file,
                r.span,
                format!("required `belongs_to` `{}`", r.target.path),
            ));
        }
    }
    let col = first.from.first().and_then(|c| e.column(c));
    Some(f.with_help(match col {
        Some(c) => format!("make one foreign key optional, e.g. `pub {}: Option<{}>,` with `BelongsTo<Option<..>>`", rust_ident(&c.field), c.base_type),
        None => "make one foreign key in the cycle optional (`Option<..>`)".to_owned(),
    }))
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let mut g: DiGraph<EntityId, usize> = DiGraph::new();
    let nodes: Vec<NodeIndex> = cx.entities().map(|(id, _)| g.add_node(id)).collect();
    for (id, e) in cx.entities() {
        for (i, rel) in e.relations.iter().enumerate() {
            if !is_belongs_to(rel) || rel.skip_fk || rel.optional || rel.from.is_empty() {
                continue;
            }
            let required = rel
                .from
                .iter()
                .all(|c| e.column(c).is_some_and(|c| !c.nullable));
            if let (true, Some(t)) = (required, rel.target.resolved)
                && let (Some(a), Some(b)) = (nodes.get(id), nodes.get(t))
            {
                g.add_edge(*a, *b, i);
            }
        }
    }
    for scc in petgraph::algo::tarjan_scc(&g) {
        let self_loop = scc.len() == 1 && scc.first().is_some_and(|n| g.contains_edge(*n, *n));
        if scc.len() < 2 && !self_loop {
            continue;
        }
        let mut edges: Vec<(EntityId, &Relation)> = Vec::new();
        for n in &scc {
            for edge in g.edges(*n) {
                use petgraph::visit::EdgeRef;
                if scc.contains(&edge.target())
                    && let Some(r) = cx
                        .entity(n.index())
                        .and_then(|e| e.relations.get(*edge.weight()))
                {
                    edges.push((n.index(), r));
                }
            }
        }
        edges.sort_by(|a, b| {
            let fa = cx.entity(a.0).map(|e| (&e.file, a.1.span));
            let fb = cx.entity(b.0).map(|e| (&e.file, b.1.span));
            fa.cmp(&fb)
        });
        if let Some(f) = finding(cx, &edges) {
            out.push(f);
        }
    }
}
