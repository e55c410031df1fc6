use std::path::PathBuf;

use crate::diagnostic::{Finding, Label};
use crate::rule::declare_rule;
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Flags a migration whose `up` changes the schema while its `down` is missing
    /// (sea-orm-migration's default `down` returns an error), `todo!()`,
    /// `unimplemented!()`, or does nothing.
    ///
    /// ## Why is this bad?
    /// `down`, `refresh` and `reset` fail (or panic) on it, and a bad deploy cannot be
    /// rolled back with the tool.
    ///
    /// ## Example
    /// ```rust
    /// async fn down(&self, _: &SchemaManager) -> Result<(), DbErr> {
    ///     todo!()
    /// }
    /// ```
    /// Use instead:
    /// ```rust
    /// async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
    ///     manager.drop_table(Table::drop().table(Users::Table).to_owned()).await
    /// }
    /// ```
    pub(crate) static RULE = ("missing-down", Migration, Warning);
}

pub(crate) fn finding(file: PathBuf, span: Span, migration: &str, how: &str) -> Finding {
    Finding::new(
        &RULE,
        format!("migration `{migration}` changes the schema but its `down` {how}"),
        Label::new(file, span, "cannot be rolled back"),
    )
    .with_help("write a `down` that undoes `up` (drop what it creates, re-create what it drops)")
}
