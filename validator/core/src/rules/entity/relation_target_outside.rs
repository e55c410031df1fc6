use std::path::Path;

use super::Context;
use crate::diagnostic::{Finding, Label};
use crate::model::EntityRef;
use crate::rule::declare_rule;
use crate::source::{LineRange, Span};

declare_rule! {
    /// ## What it does
    /// Says which relations, `Related` impls and `Linked` impls point at an entity outside
    /// the checked files: another crate (`billing::invoice::Entity`), a module above the
    /// checked folder (`super::super::area::Entity`), or a module that is declared but was
    /// not checked (`crate::entities::order::Entity` when only `entities/line` is given).
    ///
    /// ## Why is this bad?
    /// It is not a defect by itself, but nothing about such a relation is checked: not the
    /// back-reference, the column types, nor the `Related` chain. A clean run must not look
    /// like a full one, so each is listed (info), and the summary counts them.
    ///
    /// ## Example
    /// ```rust
    /// // checked: `validator check crates/orders/src`
    /// #[sea_orm(belongs_to = "billing::invoice::Entity", from = "Column::InvoiceId", to = "billing::invoice::Column::Id")]
    /// Invoice,
    /// ```
    /// Use instead:
    /// ```sh
    /// validator check crates/orders/src crates/billing/src
    /// ```
    pub(crate) static RULE = ("relation-target-outside", Entity, Info);
}

/// `subject` names what points outside, target included (``` `belongs_to` target `x` ```).
fn finding(file: &Path, subject: &str, target: &EntityRef, span: Span, item: LineRange) -> Finding {
    let module = target.path.strip_suffix("::Entity").unwrap_or(&target.path);
    Finding::new(
        &RULE,
        format!("{subject} is outside the checked files, so it is not checked"),
        Label::new(file, span, "target not in the checked files"),
    )
    .with_help(format!(
        "add the directory that defines `{module}` to the paths given to `validator check`"
    ))
    .with_anchor(item)
}

/// Unresolved, and not a path that can only mean something in the checked files (those
/// are `dangling-relation-target`).
fn outside(r: &EntityRef) -> bool {
    r.resolved.is_none() && !r.local
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for (_, e) in cx.entities() {
        for rel in e.relations.iter().filter(|r| r.delegate.is_none()) {
            if outside(&rel.target) {
                let subject = format!("`{}` target `{}`", rel.kind.as_str(), rel.target.path);
                out.push(finding(&e.file, &subject, &rel.target, rel.span, rel.item));
            }
        }
        // A generated impl has the same target as its field's relation, reported above.
        for ri in e.related.iter().filter(|r| !r.generated) {
            let target = ri.self_via.as_deref().unwrap_or(&ri.target);
            if outside(target) {
                let subject = format!("`Related` target `{}`", target.path);
                out.push(finding(&e.file, &subject, target, ri.span, ri.item));
            }
        }
    }
    for l in &cx.model.linked {
        for (end, r) in [("`FromEntity`", &l.from), ("`ToEntity`", &l.to)] {
            if outside(r) {
                let subject = format!("{end} `{}` of `Linked` `{}`", r.path, l.name);
                out.push(finding(&l.file, &subject, r, l.span, l.span.lines()));
            }
        }
    }
}
