//! Rules on migrations (`validator lint`). Statement rules see one migration's SQL (from
//! a `.sql` file, from a migration crate read with syn, or captured while the migration
//! ran) with the schema as it stood before it; crate rules see the migration crate as a
//! whole. Rules that delegate to squawk list squawk's rule names as their aliases, so
//! squawk's names also work in configuration and suppressions.

use crate::diagnostic::Finding;
pub(crate) mod context;

use crate::rule::RuleMeta;
use crate::sql::facts::{Range, Statement};
use context::Context;

pub(crate) mod blocking_maintenance;
pub(crate) mod char_column;
pub(crate) mod column_type_change;
pub(crate) mod concurrently_in_transaction;
pub(crate) mod constraint_without_not_valid;
pub(crate) mod domain_with_constraint;
pub(crate) mod drop_column;
pub(crate) mod drop_database_or_schema;
pub(crate) mod drop_default;
pub(crate) mod drop_index_not_concurrent;
pub(crate) mod drop_not_null;
pub(crate) mod drop_object;
pub(crate) mod drop_table;
pub(crate) mod duplicate_column_assignment;
pub(crate) mod duplicate_migration_name;
pub(crate) mod enum_value_without_position;
pub(crate) mod foreign_key_on_existing_table;
pub(crate) mod identifier_too_long;
pub(crate) mod identity_change;
pub(crate) mod index_not_concurrent;
pub(crate) mod manual_transaction;
pub(crate) mod migration_fails;
pub(crate) mod migration_out_of_order;
pub(crate) mod missing_down;
pub(crate) mod missing_lock_timeout;
pub(crate) mod missing_statement_timeout;
pub(crate) mod narrow_integer_column;
pub(crate) mod non_idempotent_statement;
pub(crate) mod pragma_foreign_keys_in_transaction;
pub(crate) mod primary_key_on_existing_table;
pub(crate) mod rename_column;
pub(crate) mod rename_object;
pub(crate) mod rename_table;
pub(crate) mod required_column_on_existing_table;
pub(crate) mod serial_column;
pub(crate) mod set_not_null_scan;
pub(crate) mod sql_syntax_error;
pub(crate) mod sqlite_add_column_restriction;
pub(crate) mod sqlite_non_atomic_migration;
pub(crate) mod sqlite_unsupported_statement;
pub(crate) mod suppression_without_reason;
pub(crate) mod timestamp_without_time_zone;
pub(crate) mod truncate_cascade;
pub(crate) mod unanalysable_migration;
pub(crate) mod unique_constraint_on_existing_table;
pub(crate) mod unregistered_migration;
pub(crate) mod varchar_length_limit;
pub(crate) mod volatile_default;

/// A rule on one migration's statements.
pub(crate) struct MigrationRule {
    pub(crate) meta: &'static RuleMeta,
    pub(crate) check: fn(&Context<'_>, &mut Vec<Finding>),
}

macro_rules! rule {
    ($m:ident) => {
        MigrationRule {
            meta: &$m::RULE,
            check: $m::check,
        }
    };
}

/// The statement rules, in registry order.
pub(crate) static STATEMENT_RULES: &[MigrationRule] = &[
    rule!(concurrently_in_transaction),
    rule!(index_not_concurrent),
    rule!(drop_index_not_concurrent),
    rule!(constraint_without_not_valid),
    rule!(foreign_key_on_existing_table),
    rule!(unique_constraint_on_existing_table),
    rule!(primary_key_on_existing_table),
    rule!(set_not_null_scan),
    rule!(column_type_change),
    rule!(volatile_default),
    rule!(missing_lock_timeout),
    rule!(missing_statement_timeout),
    rule!(blocking_maintenance),
    rule!(required_column_on_existing_table),
    rule!(rename_table),
    rule!(rename_column),
    rule!(rename_object),
    rule!(drop_not_null),
    rule!(drop_default),
    rule!(identity_change),
    rule!(drop_table),
    rule!(drop_column),
    rule!(drop_database_or_schema),
    rule!(truncate_cascade),
    rule!(drop_object),
    rule!(manual_transaction),
    rule!(duplicate_column_assignment),
    rule!(identifier_too_long),
    rule!(domain_with_constraint),
    rule!(enum_value_without_position),
    rule!(non_idempotent_statement),
    rule!(narrow_integer_column),
    rule!(serial_column),
    rule!(varchar_length_limit),
    rule!(timestamp_without_time_zone),
    rule!(char_column),
    rule!(sqlite_unsupported_statement),
    rule!(sqlite_add_column_restriction),
    rule!(sqlite_non_atomic_migration),
    rule!(pragma_foreign_keys_in_transaction),
];

/// Rules emitted by the engines themselves (crate hygiene, failures, meta).
pub(crate) static OTHER_RULES: &[&RuleMeta] = &[
    &duplicate_migration_name::RULE,
    &unregistered_migration::RULE,
    &migration_out_of_order::RULE,
    &missing_down::RULE,
    &unanalysable_migration::RULE,
    &migration_fails::RULE,
    &sql_syntax_error::RULE,
    &suppression_without_reason::RULE,
];

/// Every migration rule.
pub(crate) fn all() -> impl Iterator<Item = &'static RuleMeta> {
    STATEMENT_RULES
        .iter()
        .map(|r| r.meta)
        .chain(OTHER_RULES.iter().copied())
}

/// The byte range of a squawk violation.
pub(crate) fn range_of(v: &squawk_linter::Violation) -> Range {
    usize::from(v.text_range.start())..usize::from(v.text_range.end())
}

/// Reports each of squawk's violations for `rule` whose statement `keep` accepts, with
/// the wording of `build`.
pub(crate) fn delegate(
    cx: &Context<'_>,
    rule: &'static RuleMeta,
    out: &mut Vec<Finding>,
    keep: impl Fn(&Context<'_>, usize, &Statement) -> bool,
    build: impl Fn(&Context<'_>, &Range) -> Finding,
) {
    for v in cx.squawk(rule) {
        let range = range_of(v);
        let Some((i, s)) = cx.statement_at(range.start) else {
            continue;
        };
        if keep(cx, i, s) {
            out.push(build(cx, &range));
        }
    }
}

/// [`delegate`], where `keep` also sees the violation's range.
pub(crate) fn delegate_ranges(
    cx: &Context<'_>,
    rule: &'static RuleMeta,
    out: &mut Vec<Finding>,
    keep: impl Fn(&Context<'_>, usize, &Statement, &Range) -> bool,
    build: impl Fn(&Context<'_>, &Range) -> Finding,
) {
    for v in cx.squawk(rule) {
        let range = range_of(v);
        let Some((i, s)) = cx.statement_at(range.start) else {
            continue;
        };
        if keep(cx, i, s, &range) {
            out.push(build(cx, &range));
        }
    }
}
