//! What entity rules see: the model, its graph, and the helpers their checks share. An
//! entity is its module: two modules over one table are two entities.

use crate::graph::EntityGraph;
use crate::model::{
    Column, Entity, EntityFormat, EntityId, Model, RelExpr, Relation, RelationKind,
};

/// What entity rules see. An entity is its module: two modules over one table are two
/// entities, and a relation to one is no relation to the other.
pub(crate) struct Context<'a> {
    pub(crate) model: &'a Model,
    pub(crate) graph: &'a EntityGraph,
}

impl<'a> Context<'a> {
    pub(crate) fn new(model: &'a Model, graph: &'a EntityGraph) -> Self {
        Context { model, graph }
    }

    /// Whether two entities map the same table. Entity identity is the module, but a
    /// `RelationDef` joins tables: a chain through another module over the same table
    /// (`cake_expanded` next to `cake`) runs the same SQL.
    pub(crate) fn same_table(&self, a: EntityId, b: EntityId) -> bool {
        a == b
            || matches!((self.entity(a), self.entity(b)), (Some(x), Some(y))
                if x.table == y.table && x.schema == y.schema)
    }

    pub(crate) fn entities(&self) -> impl Iterator<Item = (EntityId, &'a Entity)> {
        self.model.entities.iter().enumerate()
    }

    pub(crate) fn entity(&self, id: EntityId) -> Option<&'a Entity> {
        self.model.entity(id)
    }

    /// A relation's target entity, if resolved.
    pub(crate) fn target(&self, r: &Relation) -> Option<(EntityId, &'a Entity)> {
        let id = r.target.resolved?;
        Some((id, self.entity(id)?))
    }

    /// The relation a `via_rel`/variant name points at.
    pub(crate) fn relation(&self, owner: EntityId, name: &str) -> Option<&'a Relation> {
        self.entity(owner)?
            .relations
            .iter()
            .find(|r| r.name == name)
    }

    /// Where a relation expression starts and ends, when known: `Relation::User.def()`
    /// on `credit_transaction` goes from `credit_transaction` to `user`; `.rev()` swaps.
    pub(crate) fn endpoints(&self, writer: EntityId, x: &RelExpr) -> Option<(EntityId, EntityId)> {
        let (from, to, rev) = match x {
            RelExpr::Variant {
                owner,
                variant,
                rev,
            } => {
                let o = owner.resolved?;
                let r = self.relation(o, variant)?;
                let t = match &r.delegate {
                    Some(d) => self.endpoints(o, d)?.1,
                    None => r.target.resolved?,
                };
                (o, t, *rev)
            }
            RelExpr::RelatedTo { owner, target, rev } => (owner.resolved?, target.resolved?, *rev),
            RelExpr::Builder { target, rev, .. } => (writer, target.resolved?, *rev),
            RelExpr::Other { .. } => return None,
        };
        Some(if rev { (to, from) } else { (from, to) })
    }
}

/// Whether a set of columns of `e` is guaranteed unique: the whole primary key, a
/// `unique` column (or a single-column primary key) alone, or a whole `unique_key` group.
pub(crate) fn is_unique_set(e: &Entity, names: &[crate::model::Name]) -> bool {
    let cols: Vec<&Column> = names.iter().filter_map(|n| e.column(n)).collect();
    if cols.len() != names.len() || cols.is_empty() {
        return true; // unknown columns are another rule's business
    }
    let pk = e.primary_key();
    if !pk.is_empty()
        && pk.len() == cols.len()
        && pk
            .iter()
            .all(|p| cols.iter().any(|c| c.variant == p.variant))
    {
        return true;
    }
    if let [c] = cols.as_slice()
        && (c.unique || (c.primary_key && pk.len() == 1))
    {
        return true;
    }
    if let Some(key) = cols.first().and_then(|c| c.unique_key.as_deref()) {
        let group: Vec<&Column> = e
            .columns
            .iter()
            .filter(|c| c.unique_key.as_deref() == Some(key))
            .collect();
        return group.len() == cols.len()
            && cols.iter().all(|c| c.unique_key.as_deref() == Some(key));
    }
    false
}

/// Whether a relation is a plain (non-delegating) `belongs_to`.
pub(crate) fn is_belongs_to(r: &Relation) -> bool {
    r.kind == RelationKind::BelongsTo && r.delegate.is_none()
}

/// `a::b` written from module `from` as a relative Rust path (`super::b`), with raw
/// identifiers where Rust needs them (`super::r#type`).
pub(crate) fn relative_path(from: &str, to: &str) -> String {
    let a: Vec<&str> = from.split("::").filter(|s| !s.is_empty()).collect();
    let b: Vec<&str> = to.split("::").filter(|s| !s.is_empty()).collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let ups = a.len().saturating_sub(common).max(1);
    let mut parts: Vec<String> = std::iter::repeat_n("super".to_owned(), ups).collect();
    parts.extend(
        b.iter()
            .skip(common.min(a.len().saturating_sub(1)))
            .map(|s| crate::model::rust_ident(s)),
    );
    parts.join("::")
}

/// `entity::Model` or `entity::Relation`, whichever holds the relations.
pub(crate) fn relations_holder(e: &Entity) -> String {
    match e.format {
        EntityFormat::Dense => format!("`{}::Model`", e.module_name()),
        _ => format!("`{}::Relation`", e.module_name()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn relative_paths() {
        assert_eq!(
            super::relative_path("user", "credit_transaction"),
            "super::credit_transaction"
        );
        assert_eq!(super::relative_path("a::user", "a::ct"), "super::ct");
        assert_eq!(
            super::relative_path("a::user", "b::ct"),
            "super::super::b::ct"
        );
        assert_eq!(super::relative_path("user", "return"), "super::r#return");
    }
}
