use super::context::Context;
use crate::diagnostic::{Finding, Label};
use crate::model::{Entity, UnknownKey};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Finds a key inside a column's `#[sea_orm(..)]` that SeaORM does not know, such as
    /// `uniqe` or `indexd`, and suggests the key that was probably meant.
    ///
    /// ## Why is this bad?
    /// SeaORM ignores unknown column keys without a word (unlike struct-level and
    /// relation keys, which are compile errors). A misspelt `unique` means the table is
    /// created without its unique constraint, and nothing tells you.
    ///
    /// ## Example
    /// ```rust
    /// #[sea_orm(uniqe)]
    /// pub email: String,
    /// ```
    /// Use instead:
    /// ```rust
    /// #[sea_orm(unique)]
    /// pub email: String,
    /// ```
    pub(crate) static RULE = ("unknown-column-attribute", Entity, Warning);
}

fn finding(e: &Entity, k: &UnknownKey) -> Finding {
    let close = crate::model::COLUMN_KEYS
        .iter()
        .map(|known| (strsim::levenshtein(known, &k.key), *known))
        .filter(|(d, _)| *d <= 2)
        .min();
    let help = match close {
        Some((_, known)) => format!("did you mean `{known}`? write `#[sea_orm({known})]`"),
        None => format!(
            "remove `{}`; SeaORM column keys are {}",
            k.key,
            crate::model::COLUMN_KEYS
                .iter()
                .take(17)
                .map(|x| format!("`{x}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Finding::new(
        &RULE,
        format!(
            "`#[sea_orm({})]` on `{}` is not a column attribute, and SeaORM ignores it silently",
            k.key, k.field
        ),
        Label::new(&e.file, k.span, "unknown key"),
    )
    .with_help(help)
    .with_anchor(k.item)
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for (_, e) in cx.entities() {
        for k in &e.unknown_column_keys {
            out.push(finding(e, k));
        }
    }
}
