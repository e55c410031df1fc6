//! Rules on entity sources (`validator check`).

use crate::diagnostic::Finding;
use crate::rule::RuleMeta;

pub(crate) mod context;

pub(crate) use context::Context;

mod ambiguous_relation;
mod back_reference;
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
