use crate::diagnostic::{Finding, Label};
use crate::rule::declare_rule;
use crate::suppress::Suppression;

declare_rule! {
    /// ## What it does
    /// Reports a `// validator: allow(rule)` comment that silences nothing: no finding of
    /// that rule starts on the item it annotates, or the rule name is unknown.
    ///
    /// ## Why is this bad?
    /// A stale suppression hides the next real defect on that item, and a misspelt rule
    /// name silences nothing while looking as if it did.
    ///
    /// ## Example
    /// ```rust
    /// // validator: allow(missing-back-refrence)
    /// #[sea_orm(belongs_to, from = "user_id", to = "id")]
    /// pub user: BelongsTo<super::user::Entity>,
    /// ```
    /// Use instead:
    /// ```rust
    /// // validator: allow(missing-back-reference) -- users never list their audit rows
    /// #[sea_orm(belongs_to, from = "user_id", to = "id")]
    /// pub user: BelongsTo<super::user::Entity>,
    /// ```
    pub(crate) static RULE = ("unused-suppression", Meta, Warning);
}

/// The finding for one suppression comment; `unknown` is set when the rule name is not a
/// rule at all.
pub(crate) fn finding(s: &Suppression, rule: &str, unknown: bool) -> Finding {
    let (message, help) = if unknown {
        let help = match crate::rules::suggest(rule) {
            Some(n) => format!("did you mean `{n}`?"),
            None => "run `validator rules` for the list of rule names".to_owned(),
        };
        (
            format!("`{rule}` is not a rule, so this suppression silences nothing"),
            help,
        )
    } else {
        (
            format!("suppression of `{rule}` matches no finding"),
            "remove the suppression, or move it onto the line the finding points at".to_owned(),
        )
    };
    Finding::new(
        &RULE,
        message,
        Label::new(s.file.clone(), s.span, "suppression comment"),
    )
    .with_help(help)
}
