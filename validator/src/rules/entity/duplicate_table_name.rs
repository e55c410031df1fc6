use std::collections::HashMap;

use super::Context;
use crate::diagnostic::{Finding, Label};
use crate::model::Entity;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Finds two entity modules side by side (in the same parent module) that map the same
    /// `table_name` in the same `schema_name`.
    ///
    /// ## Why is this bad?
    /// Usually a copy-paste: one module's `table_name` was never changed. Relations to
    /// either module hit the same table, schema creation tries to create it twice, and
    /// the two column lists drift apart. Entities for the same table in different modules
    /// trees (separate schemas, test fixtures) are not reported.
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
        format!("`{}` maps table `{}`, which `{}` already maps", e.module_name(), e.qualified_table(), first.module_name()),
        Label::new(&e.file, e.span, format!("table `{}`", e.qualified_table())),
    )
    .with_related(Label::new(&first.file, first.span, format!("`{}` maps it first", first.module_name())))
    .with_help(format!("give `{}` its own `table_name`, or remove one of the two modules", e.module_name()))
    .with_anchor(e.header)
}

fn parent(module: &str) -> &str {
    module.rsplit_once("::").map_or("", |(p, _)| p)
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let mut seen: HashMap<(&str, Option<&str>, &str), &Entity> = HashMap::new();
    for (_, e) in cx.entities() {
        let key = (parent(&e.module), e.schema.as_deref(), e.table.as_str());
        match seen.get(&key) {
            Some(first) => out.push(finding(e, first)),
            None => {
                seen.insert(key, e);
            }
        }
    }
}
