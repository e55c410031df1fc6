use super::context::{Context, is_belongs_to};
use crate::diagnostic::{Finding, Label};
use crate::model::{Column, Entity, Relation};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Finds a `belongs_to` whose `from` column has a different Rust type from the `to`
    /// column it references (`Option` aside): `user_id: i32` against `id: i64`, or
    /// `String` against `Uuid`. Type aliases declared in the checked files
    /// (`type UserId = i64;`) are expanded first.
    ///
    /// ## Why is this bad?
    /// SeaORM does not compare the two types. The foreign key is created between columns
    /// of different SQL types (PostgreSQL rejects it, SQLite silently compares text with
    /// numbers), and values that do not fit are truncated or fail at run time.
    ///
    /// ## Example
    /// ```rust
    /// pub user_id: i32, // user.id is i64
    /// #[sea_orm(belongs_to, from = "user_id", to = "id")]
    /// pub user: BelongsTo<super::user::Entity>,
    /// ```
    /// Use instead:
    /// ```rust
    /// pub user_id: i64,
    /// #[sea_orm(belongs_to, from = "user_id", to = "id")]
    /// pub user: BelongsTo<super::user::Entity>,
    /// ```
    pub(crate) static RULE = ("relation-column-type-mismatch", Entity, Error);
}

fn finding(e: &Entity, rel: &Relation, from: &Column, target: &Entity, to: &Column) -> Finding {
    let message = format!(
        "`from` column `{}` is `{}`, but `to` column `{}.{}` is `{}`",
        from.field,
        from.base_type,
        target.module_name(),
        to.field,
        to.base_type
    );
    let wanted = if from.nullable {
        format!("Option<{}>", to.base_type)
    } else {
        to.base_type.clone()
    };
    Finding::new(
        &RULE,
        message,
        Label::new(
            &e.file,
            rel.from_span.unwrap_or(rel.span),
            format!("`{}` is `{}`", from.field, from.base_type),
        ),
    )
    .with_related(Label::new(
        &target.file,
        to.span,
        format!("`{}` is `{}`", to.field, to.base_type),
    ))
    .with_related(Label::new(&e.file, from.span, "the foreign key column"))
    .with_help(format!("declare `pub {}: {wanted},`", from.field))
    .with_anchor(rel.item)
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for (_, e) in cx.entities() {
        for rel in e.relations.iter().filter(|r| is_belongs_to(r)) {
            let Some((_, target)) = cx.target(rel) else {
                continue;
            };
            if rel.from.len() != rel.to.len() {
                continue;
            }
            for (f, t) in rel.from.iter().zip(&rel.to) {
                let (Some(fc), Some(tc)) = (e.column(f), target.column(t)) else {
                    continue;
                };
                // `type UserId = i64;` makes `UserId` and `i64` the same type.
                let (ft, tt) = (
                    cx.model.unalias(&fc.base_type),
                    cx.model.unalias(&tc.base_type),
                );
                if ft.is_empty() || tt.is_empty() || ft == tt {
                    continue;
                }
                out.push(finding(e, rel, fc, target, tc));
            }
        }
    }
}
