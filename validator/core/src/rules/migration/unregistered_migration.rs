use std::path::PathBuf;

use crate::diagnostic::{Finding, Label};
use crate::rule::declare_rule;
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Flags a migration (a module with an `impl MigrationTrait`) that is not listed in
    /// the `Migrator`'s `migrations()`.
    ///
    /// ## Why is this bad?
    /// It compiles and never runs. The schema the entities expect never arrives.
    ///
    /// ## Example
    /// ```rust
    /// mod m20250101_000002_add_index;
    /// fn migrations() -> Vec<Box<dyn MigrationTrait>> {
    ///     vec![Box::new(m20250101_000001_create_users::Migration)]
    /// }
    /// ```
    /// Use instead:
    /// ```rust
    /// vec![
    ///     Box::new(m20250101_000001_create_users::Migration),
    ///     Box::new(m20250101_000002_add_index::Migration),
    /// ]
    /// ```
    pub(crate) static RULE = ("unregistered-migration", Migration, Error);
}

pub(crate) fn finding(
    file: PathBuf,
    span: Span,
    module: &str,
    registry: Option<(PathBuf, Span)>,
) -> Finding {
    let mut f = Finding::new(
        &RULE,
        format!("migration `{module}` is not in `migrations()`, so it never runs"),
        Label::new(file, span, "never registered"),
    )
    .with_help(format!(
        "add `Box::new({module}::Migration)` to `migrations()`"
    ));
    if let Some((file, span)) = registry {
        f = f.with_related(Label::new(
            file,
            span,
            "`migrations()` lists the migrations that run",
        ));
    }
    f
}
