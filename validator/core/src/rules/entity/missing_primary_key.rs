use super::context::Context;
use crate::diagnostic::{Finding, Label};
use crate::model::{Entity, EntityFormat};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Finds an entity with no primary key column: no field marked
    /// `#[sea_orm(primary_key)]`, or an empty `enum PrimaryKey` in the expanded format.
    ///
    /// ## Why is this bad?
    /// SeaORM needs a primary key to find, update and delete rows and to resolve
    /// relations. Without one the derive fails with an error far from the cause, or,
    /// when written by hand, updates and deletes cannot address a row.
    ///
    /// ## Example
    /// ```rust
    /// pub struct Model {
    ///     pub id: i32,
    ///     pub name: String,
    /// }
    /// ```
    /// Use instead:
    /// ```rust
    /// pub struct Model {
    ///     #[sea_orm(primary_key)]
    ///     pub id: i32,
    ///     pub name: String,
    /// }
    /// ```
    pub(crate) static RULE = ("missing-primary-key", Entity, Error);
}

fn finding(e: &Entity) -> Finding {
    let first = e.columns.first().map_or("id", |c| c.field.as_str());
    let help = match e.format {
        EntityFormat::Expanded => format!(
            "add the key column to `enum PrimaryKey`, e.g. `{}`",
            e.columns.first().map_or("Id", |c| c.variant.as_str())
        ),
        _ => format!("mark the key column: `#[sea_orm(primary_key)] pub {first}: ..`"),
    };
    Finding::new(
        &RULE,
        format!(
            "entity `{}` (table `{}`) has no primary key",
            e.module_name(),
            e.qualified_table()
        ),
        Label::new(&e.file, e.span, "no column is `primary_key`"),
    )
    .with_help(help)
    .with_anchor(e.header)
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for (_, e) in cx.entities() {
        if !e.columns.is_empty() && !e.columns.iter().any(|c| c.primary_key) {
            out.push(finding(e));
        }
    }
}
