//! Rules on entity sources (`validator check`).

use crate::diagnostic::Finding;
use crate::graph::EntityGraph;
use crate::model::{
    Column, Entity, EntityFormat, EntityId, Model, RelExpr, Relation, RelationKind,
};
use crate::rule::RuleMeta;

mod ambiguous_relation;
mod broken_linked_chain;
mod dangling_relation_target;
mod duplicate_table_name;
mod expanded_relation_missing_from_or_to;
mod foreign_key_not_indexed;
mod has_one_on_non_unique_foreign_key;
mod missing_back_reference;
mod missing_primary_key;
mod recursive_related;
mod referenced_column_not_unique;
mod related_impl_mismatch;
mod relation_column_type_mismatch;
mod relation_target_outside;
mod release_candidate_syntax;
mod required_foreign_key_cycle;
mod set_null_on_required_column;
mod unexpanded_macro;
mod unknown_column_attribute;
mod unknown_relation_column;
mod unreadable_item;

/// A rule on entities: its metadata and its check.
pub(crate) struct EntityRule {
    pub(crate) meta: &'static RuleMeta,
    pub(crate) check: fn(&Context<'_>, &mut Vec<Finding>),
}

macro_rules! rule {
    ($m:ident) => {
        EntityRule {
            meta: &$m::RULE,
            check: $m::check,
        }
    };
}

/// The entity rules, in registry order.
pub(crate) static RULES: &[EntityRule] = &[
    rule!(missing_back_reference),
    rule!(related_impl_mismatch),
    rule!(recursive_related),
    rule!(relation_column_type_mismatch),
    rule!(unknown_relation_column),
    rule!(dangling_relation_target),
    rule!(referenced_column_not_unique),
    rule!(set_null_on_required_column),
    rule!(has_one_on_non_unique_foreign_key),
    rule!(ambiguous_relation),
    rule!(required_foreign_key_cycle),
    rule!(unknown_column_attribute),
    rule!(expanded_relation_missing_from_or_to),
    rule!(duplicate_table_name),
    rule!(missing_primary_key),
    rule!(foreign_key_not_indexed),
    rule!(broken_linked_chain),
    rule!(relation_target_outside),
    rule!(unreadable_item),
    rule!(unexpanded_macro),
    rule!(release_candidate_syntax),
];

/// Count, in the summary, the findings that say what was not checked: targets outside
/// the checked files, and items not understood.
pub(crate) fn count_unchecked(summary: &mut crate::diagnostic::Summary, findings: &[Finding]) {
    let count = |names: &[&str]| findings.iter().filter(|f| names.contains(&f.rule)).count();
    summary.outside_targets = count(&[relation_target_outside::RULE.name]);
    summary.not_understood = count(&[unreadable_item::RULE.name, unexpanded_macro::RULE.name]);
}

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
