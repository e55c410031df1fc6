use std::collections::HashMap;

use super::context::Context;
use crate::diagnostic::{Finding, Label};
use crate::model::Entity;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Finds two entity modules side by side (in the same parent module) that map the same
    /// `table_name` in the same `schema_name`. Deliberate variants of one table are not
    /// reported: a module named after the other module or the table (`cake_compact`,
    /// `user_v2`), or one whose columns are a subset or superset of the other's.
    ///
    /// ## Why is this bad?
    /// Usually a copy-paste: one module's `table_name` was never changed. Relations to
    /// either module hit the same table, schema creation tries to create it twice, and
    /// the two column lists drift apart. Entities for the same table in different module
    /// trees (separate schemas, test fixtures) are not reported either.
    ///
    /// ## Example
    /// ```rust
    /// // order.rs
    /// #[sea_orm(table_name = "order")]
    /// // order_item.rs
    /// #[sea_orm(table_name = "order")]
    /// ```
    /// Use instead:
    /// ```rust
    /// // order_item.rs
    /// #[sea_orm(table_name = "order_item")]
    /// ```
    pub(crate) static RULE = ("duplicate-table-name", Entity, Warning);
}

fn finding(e: &Entity, first: &Entity) -> Finding {
    Finding::new(
        &RULE,
        format!(
            "`{}` maps table `{}`, which `{}` already maps",
            e.module_name(),
            e.qualified_table(),
            first.module_name()
        ),
        Label::new(&e.file, e.span, format!("table `{}`", e.qualified_table())),
    )
    .with_related(Label::new(
        &first.file,
        first.span,
        format!("`{}` maps it first", first.module_name()),
    ))
    .with_help(format!(
        "give `{}` its own `table_name`, or remove one of the two modules",
        e.module_name()
    ))
    .with_anchor(e.header)
}

/// Deliberate variants of one table (a compact and an expanded module, a read model, a
/// `_v2` for schema sync) are named after the other module or the table, or share their
/// columns (one column set contains the other). A copy-paste whose `table_name` was never
/// changed does neither.
fn variant_of(a: &Entity, b: &Entity) -> bool {
    // `cake_compact`, `user_mono`, `active_enum_vec`: named as a variant of the other.
    let (ma, mb) = (a.module_name(), b.module_name());
    let named_after_table = |m: &str, t: &str| m != t && m.starts_with(t);
    if ma.starts_with(mb)
        || mb.starts_with(ma)
        || named_after_table(ma, &a.table)
        || named_after_table(mb, &b.table)
    {
        return true;
    }
    let names = |e: &Entity| {
        e.columns
            .iter()
            .map(|c| c.column_name.clone())
            .collect::<std::collections::HashSet<_>>()
    };
    let (x, y) = (names(a), names(b));
    x.is_subset(&y) || y.is_subset(&x)
}

fn parent(module: &str) -> &str {
    module.rsplit_once("::").map_or("", |(p, _)| p)
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let mut seen: HashMap<(&str, Option<&str>, &str), &Entity> = HashMap::new();
    for (_, e) in cx.entities() {
        let key = (parent(&e.module), e.schema.as_deref(), e.table.as_str());
        match seen.get(&key) {
            Some(first) if !variant_of(e, first) => out.push(finding(e, first)),
            Some(_) => {}
            None => {
                seen.insert(key, e);
            }
        }
    }
}
