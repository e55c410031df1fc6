use std::path::PathBuf;

use crate::diagnostic::{Finding, Label};
use crate::rule::declare_rule;
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Flags a `migrations()` list whose names are not in ascending order (the
    /// `mYYYYMMDD_HHMMSS_` prefix sorts by creation time).
    ///
    /// ## Why is this bad?
    /// sea-orm-migration runs migrations in list order, not name order. A migration listed
    /// before an older one, typically after a merge, runs in a different order on fresh
    /// databases than it did on the ones that already applied the older one.
    ///
    /// ## Example
    /// ```rust
    /// vec![
    ///     Box::new(m20250102_000001_add_index::Migration),
    ///     Box::new(m20250101_000001_create_users::Migration),
    /// ]
    /// ```
    /// Use instead:
    /// ```rust
    /// vec![
    ///     Box::new(m20250101_000001_create_users::Migration),
    ///     Box::new(m20250102_000001_add_index::Migration),
    /// ]
    /// ```
    pub(crate) static RULE = ("migration-out-of-order", Migration, Warning);
}

pub(crate) fn finding(file: PathBuf, span: Span, name: &str, previous: &str) -> Finding {
    Finding::new(
        &RULE,
        format!("migration `{name}` is listed after `{previous}`, which sorts later"),
        Label::new(file, span, "out of order"),
    )
    .with_help(format!(
        "list `{name}` before `{previous}`, or rename it with a later timestamp"
    ))
}
