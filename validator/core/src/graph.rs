//! The entity graph: one node per entity, one edge per resolved relation or `Related`
//! impl. Rules ask it who points at whom; `validator graph` can render it.

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::model::{EntityId, Model, RelationKind};

/// What an edge stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    /// `entities[source].relations[i]`.
    Relation(usize),
    /// `entities[source].related[i]`.
    Related(usize),
}

/// Entities and their resolved relations.
#[derive(Debug)]
pub struct EntityGraph {
    /// Node weights are entity ids; node `i` is entity `i`.
    pub graph: DiGraph<EntityId, Edge>,
}

impl EntityGraph {
    /// Build the graph of a resolved model.
    pub fn build(model: &Model) -> Self {
        let mut graph = DiGraph::with_capacity(model.entities.len(), model.entities.len() * 3);
        for id in 0..model.entities.len() {
            graph.add_node(id);
        }
        for (id, e) in model.entities.iter().enumerate() {
            for (i, r) in e.relations.iter().enumerate() {
                if let Some(t) = r.target.resolved {
                    graph.add_edge(NodeIndex::new(id), NodeIndex::new(t), Edge::Relation(i));
                }
            }
            for (i, r) in e.related.iter().enumerate() {
                if let Some(t) = r.target.resolved {
                    graph.add_edge(NodeIndex::new(id), NodeIndex::new(t), Edge::Related(i));
                }
            }
        }
        EntityGraph { graph }
    }

    /// Edges from `a` to `b`.
    pub fn edges(&self, a: EntityId, b: EntityId) -> impl Iterator<Item = Edge> + '_ {
        self.graph
            .edges_connecting(NodeIndex::new(a), NodeIndex::new(b))
            .map(|e| *e.weight())
    }

    /// Edges leaving `a`, with their targets.
    pub fn outgoing(&self, a: EntityId) -> impl Iterator<Item = (EntityId, Edge)> + '_ {
        self.graph
            .edges(NodeIndex::new(a))
            .map(|e| (e.target().index(), *e.weight()))
    }

    /// `belongs_to` relations of `a` that target `b`.
    pub fn belongs_to<'m>(
        &self,
        model: &'m Model,
        a: EntityId,
        b: EntityId,
    ) -> Vec<(usize, &'m crate::model::Relation)> {
        let Some(e) = model.entity(a) else {
            return Vec::new();
        };
        self.edges(a, b)
            .filter_map(|edge| match edge {
                Edge::Relation(i) => e.relations.get(i).map(|r| (i, r)),
                Edge::Related(_) => None,
            })
            .filter(|(_, r)| r.kind == RelationKind::BelongsTo && r.delegate.is_none())
            .collect()
    }
}
