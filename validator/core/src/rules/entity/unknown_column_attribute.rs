use super::context::Context;
use crate::diagnostic::{Applicability, Edit, Finding, Fix, Label};
use crate::model::{COLUMN_FLAGS, COLUMN_KEYS, Entity, UnknownKey};
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
    /// ## Fix
    /// When exactly one known key is close to the one written (at most two edits apart,
    /// and written with a value exactly when the known key takes one), `--fix` replaces
    /// the key with it, unless the field already has that key. With no close key, or
    /// several, nothing is changed.
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
    pub(crate) static RULE = ("unknown-column-attribute", Entity, Warning, fix = Safe);
}

fn finding(e: &Entity, k: &UnknownKey) -> Finding {
    let close = close_keys(k);
    let help = match close.as_slice() {
        [known] if k.known_keys.iter().any(|x| x == known) => {
            format!("remove `{}`: `{}` already has `{known}`", k.key, k.field)
        }
        [known] => format!("did you mean `{known}`? write `#[sea_orm({known})]`"),
        [] => format!(
            "remove `{}`; SeaORM column keys are {}",
            k.key,
            COLUMN_KEYS
                .iter()
                .take(17)
                .map(|x| format!("`{x}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        several => format!(
            "write one of {}, or remove `{}`",
            several
                .iter()
                .map(|x| format!("`{x}`"))
                .collect::<Vec<_>>()
                .join(", "),
            k.key
        ),
    };
    let mut f = Finding::new(
        &RULE,
        format!(
            "`#[sea_orm({})]` on `{}` is not a column attribute, and SeaORM ignores it silently",
            k.key, k.field
        ),
        Label::new(&e.file, k.span, "unknown key"),
    )
    .with_help(help)
    .with_anchor(k.item);
    // Writing a key the field already has would say it twice.
    if let [known] = close.as_slice()
        && !k.known_keys.iter().any(|x| x == known)
    {
        f = f.with_fix(Fix {
            message: format!("replace `{}` with `{known}`", k.key),
            applicability: Applicability::Safe,
            edits: vec![Edit {
                file: e.file.clone(),
                span: k.span,
                text: (*known).to_owned(),
            }],
        });
    }
    f
}

/// The known keys within two edits of the one written (transpositions count once).
/// Only keys written the same way (flag, or with a value) qualify for the fix.
fn close_keys(k: &UnknownKey) -> Vec<&'static str> {
    COLUMN_KEYS
        .iter()
        .filter(|known| strsim::osa_distance(known, &k.key) <= 2)
        .filter(|known| COLUMN_FLAGS.contains(known) != k.has_value)
        .copied()
        .collect()
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for (_, e) in cx.entities() {
        for k in &e.unknown_column_keys {
            out.push(finding(e, k));
        }
    }
}
