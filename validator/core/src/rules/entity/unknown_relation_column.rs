use heck::ToSnakeCase;

use super::context::Context;
use crate::diagnostic::{Applicability, Edit, Finding, Fix, Label};
use crate::model::{Column, Entity, Relation, Written};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Finds a relation whose `from` or `to` names a column that does not exist: `from`
    /// on the entity that declares the relation (for `belongs_to`), `to` on the entity it
    /// points at.
    ///
    /// ## Why is this bad?
    /// In the dense and compact formats this is a compile error with a message that
    /// points into macro output; in hand-written code it can also be a column that was
    /// renamed on one side only. Either way the relation cannot work.
    ///
    /// ## Fix
    /// When the relation names one column and exactly one column of that entity is
    /// within two edits of it, `--fix` names that column instead, spelt as the original
    /// was (`usr_id` gives `user_id`, `Column::UsrId` gives `Column::UserId`). With no
    /// close column, or several, nothing is changed.
    ///
    /// ## Example
    /// ```rust
    /// #[sea_orm(belongs_to, from = "usr_id", to = "id")]
    /// pub user: BelongsTo<super::user::Entity>,
    /// ```
    /// Use instead:
    /// ```rust
    /// #[sea_orm(belongs_to, from = "user_id", to = "id")]
    /// pub user: BelongsTo<super::user::Entity>,
    /// ```
    pub(crate) static RULE = ("unknown-relation-column", Entity, Error, fix = Safe);
}

fn finding(e: &Entity, rel: &Relation, side: &str, column: &str, on: &Entity) -> Finding {
    let span = if side == "from" {
        rel.from_span()
    } else {
        rel.to_span()
    }
    .unwrap_or(rel.span);
    let known: Vec<&str> = on.columns.iter().map(|c| c.field.as_str()).collect();
    let close = close_columns(column, on);
    let help = match close.as_slice() {
        [c] => format!("did you mean `{}`? use `{side} = \"{}\"`", c.field, c.field),
        [] => format!(
            "name a column of `{}`: {}",
            on.module_name(),
            known
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        several => format!(
            "name one of the columns of `{}` close to `{column}`: {}",
            on.module_name(),
            several
                .iter()
                .map(|c| format!("`{}`", c.field))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let f = Finding::new(
        &RULE,
        format!(
            "`{side}` names `{column}`, which is not a column of `{}`",
            on.module_name()
        ),
        Label::new(
            &e.file,
            span,
            format!("no column `{column}` on `{}`", on.module_name()),
        ),
    )
    .with_related(Label::new(
        &on.file,
        on.span,
        format!("`{}` is defined here", on.module_name()),
    ))
    .with_help(help)
    .with_anchor(rel.item);
    match (close.as_slice(), written_value(rel, side)) {
        ([c], Some(written)) => match rewrite(written, c) {
            Some(edit) => f.with_fix(Fix {
                message: format!("use the column `{}`", c.field),
                applicability: Applicability::Safe,
                edits: vec![Edit {
                    file: e.file.clone(),
                    span: written.span.span(),
                    text: edit,
                }],
            }),
            None => f,
        },
        _ => f,
    }
}

/// The columns of `on` within two edits of `column` (compared in snake case).
fn close_columns<'a>(column: &str, on: &'a Entity) -> Vec<&'a Column> {
    let wanted = column.to_snake_case();
    on.columns
        .iter()
        .filter(|c| strsim::osa_distance(&wanted, &c.field) <= 2)
        .collect()
}

/// The value of a single-column `from`/`to`, as written.
fn written_value<'a>(rel: &'a Relation, side: &str) -> Option<&'a Written> {
    let columns = if side == "from" { &rel.from } else { &rel.to };
    if columns.len() != 1 {
        return None;
    }
    let k = rel.key_spans.as_deref()?;
    if side == "from" {
        k.from_value.as_ref()
    } else {
        k.to_value.as_ref()
    }
}

/// The written value with its column replaced, in the same spelling: a path keeps its
/// prefix (`Column::UsrId` gives `Column::UserId`), a field name stays a field name.
fn rewrite(w: &Written, c: &Column) -> Option<String> {
    let text = w.text.trim();
    if text.contains(['(', ',', ' ']) {
        return None;
    }
    let (prefix, last) = match text.rsplit_once("::") {
        Some((p, l)) => (format!("{p}::"), l),
        None => (String::new(), text),
    };
    let name = if last.starts_with(|ch: char| ch.is_ascii_uppercase()) {
        c.variant.as_str()
    } else {
        c.field.as_str()
    };
    let value = format!("{prefix}{name}");
    Some(if w.quoted {
        format!("\"{value}\"")
    } else {
        value
    })
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for (_, e) in cx.entities() {
        for rel in e.relations.iter().filter(|r| r.delegate.is_none()) {
            // `RelationBuilder::from` takes a column of the declaring entity and `to` one of
            // the target, whatever the relation kind.
            let target = cx.target(rel).map(|(_, t)| t);
            let (from_on, to_on) = (Some(e), target);
            if e.columns.is_empty() {
                continue;
            }
            for c in &rel.from {
                if let Some(on) = from_on
                    && on.column(c).is_none()
                {
                    out.push(finding(e, rel, "from", c, on));
                }
            }
            for c in &rel.to {
                if let Some(on) = to_on
                    && !on.columns.is_empty()
                    && on.column(c).is_none()
                {
                    out.push(finding(e, rel, "to", c, on));
                }
            }
        }
    }
}
