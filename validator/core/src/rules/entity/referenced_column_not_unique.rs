use super::context::{Context, is_belongs_to, is_unique_set};
use crate::diagnostic::{Finding, Label};
use crate::model::{Entity, Relation};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Finds a `belongs_to` whose `to` columns are neither the target's primary key nor
    /// declared unique (`unique`, or a whole `unique_key` group).
    ///
    /// ## Why is this bad?
    /// A foreign key must reference a unique key: PostgreSQL refuses to create it
    /// (`there is no unique constraint matching given keys`), SQLite fails on the first
    /// insert, and a join on a non-unique column multiplies rows. SeaORM compiles it.
    ///
    /// ## Example
    /// ```rust
    /// #[sea_orm(belongs_to, from = "user_email", to = "email")] // email is not unique
    /// pub user: BelongsTo<super::user::Entity>,
    /// ```
    /// Use instead:
    /// ```rust
    /// // user.rs
    /// #[sea_orm(unique)]
    /// pub email: String,
    /// ```
    pub(crate) static RULE = ("referenced-column-not-unique", Entity, Error);
}

fn finding(e: &Entity, rel: &Relation, target: &Entity) -> Finding {
    let cols = rel.to.join("`, `");
    let first = rel.to.first().and_then(|c| target.column(c));
    let help = match (rel.to.as_slice(), first) {
        ([_], Some(c)) => format!(
            "mark `{}.{}` `#[sea_orm(unique)]`, or point `to` at the primary key",
            target.module_name(),
            c.field
        ),
        _ => format!(
            "give `{}` a `unique_key` over exactly these columns, or point `to` at the primary key",
            target.module_name()
        ),
    };
    let mut f = Finding::new(
        &RULE,
        format!(
            "`to` column `{cols}` of `{}` is neither the primary key nor unique",
            target.module_name()
        ),
        Label::new(
            &e.file,
            rel.to_span().unwrap_or(rel.span),
            "referenced here",
        ),
    );
    if let Some(c) = first {
        f = f.with_related(Label::new(&target.file, c.span, "not unique"));
    }
    f.with_help(help).with_anchor(rel.item)
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for (_, e) in cx.entities() {
        for rel in e
            .relations
            .iter()
            .filter(|r| is_belongs_to(r) && !r.to.is_empty())
        {
            let Some((_, target)) = cx.target(rel) else {
                continue;
            };
            if !is_unique_set(target, &rel.to) {
                out.push(finding(e, rel, target));
            }
        }
    }
}
