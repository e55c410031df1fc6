//! Rules on the entities against a live database (`validator drift`). The metadata of
//! every rule is always compiled, so `validator rules`, `explain` and `validator.toml`
//! know them without it; the checks need the `drift` feature (sea-query's column types).

use crate::rule::RuleMeta;

#[cfg(feature = "drift")]
pub(crate) mod context;

/// Compiles the items only with the `drift` feature (a rule's finding and check use the
/// live schema).
macro_rules! drift_only {
    ($($item:item)*) => { $(#[cfg(feature = "drift")] $item)* };
}

/// A drift rule: its metadata and its check.
#[cfg(feature = "drift")]
pub(crate) struct DriftRule {
    pub(crate) meta: &'static RuleMeta,
    pub(crate) check: fn(&context::Context<'_>, &mut context::Findings),
}

macro_rules! drift_rules {
    ($($rule:ident),* $(,)?) => {
        $(mod $rule;)*

        /// The drift rules, in registry order.
        pub(crate) static RULES: &[&RuleMeta] = &[$(&$rule::RULE),*];

        /// Their checks.
        #[cfg(feature = "drift")]
        pub(crate) static CHECKS: &[DriftRule] = &[$(DriftRule { meta: &$rule::RULE, check: $rule::check }),*];
    };
}

drift_rules!(
    missing_table,
    extra_table,
    missing_column,
    extra_column,
    column_type_drift,
    nullability_drift,
    primary_key_drift,
    unique_drift,
    missing_index,
    missing_foreign_key,
    foreign_key_target_drift,
    foreign_key_action_drift,
    extra_foreign_key,
);
