//! The rule registry. Each rule lives in `rules/<group>/<rule_name>.rs` and declares its
//! metadata with `declare_rule!` ([`crate::rule`]); each group module lists its rules
//! once. Adding a rule is one new file plus one line in its group's list.

pub use crate::rule::{Group, RuleMeta};

pub(crate) mod drift;
pub(crate) mod entity;
pub(crate) mod meta;
pub(crate) mod migration;

/// Every rule, grouped, in registry order.
pub fn all() -> impl Iterator<Item = &'static RuleMeta> {
    entity::RULES
        .iter()
        .map(|r| r.meta)
        .chain(meta::RULES.iter().copied())
        .chain(drift::RULES.iter().copied())
        .chain(migration::all())
}

/// A rule by name or alias.
pub fn find(name: &str) -> Option<&'static RuleMeta> {
    all().find(|r| r.is_named(name))
}

/// Rule names closest to `name`, for "did you mean".
pub fn suggest(name: &str) -> Option<&'static str> {
    all()
        .map(|r| (strsim::levenshtein(r.name, name), r.name))
        .filter(|(d, _)| *d <= 3)
        .min()
        .map(|(_, n)| n)
}
