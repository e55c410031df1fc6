use std::path::PathBuf;

use crate::diagnostic::{Finding, Label};
use crate::rule::declare_rule;
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Flags two migrations with the same name: two `#[derive(DeriveMigrationName)]`
    /// structs in one file (the derive names a migration after its file's stem), two
    /// hand-written `name()`s returning the same string, or one migration listed twice in
    /// `migrations()`.
    ///
    /// ## Why is this bad?
    /// sea-orm-migration records applied migrations by name. Once the first is applied,
    /// the second counts as applied too and never runs, silently.
    ///
    /// ## Example
    /// ```rust
    /// // m20250101_000001_create_users.rs
    /// #[derive(DeriveMigrationName)] pub struct Migration;
    /// #[derive(DeriveMigrationName)] pub struct AddIndex; // also "m20250101_000001_create_users"
    /// ```
    /// Use instead:
    /// ```rust
    /// // one migration per file: move `AddIndex` to m20250101_000002_add_users_index.rs
    /// ```
    pub(crate) static RULE = ("duplicate-migration-name", Migration, Error);
}

pub(crate) fn finding(
    file: PathBuf,
    span: Span,
    name: &str,
    first: Option<(PathBuf, Span)>,
) -> Finding {
    let mut f = Finding::new(
        &RULE,
        format!("two migrations are named `{name}`; the second is treated as already applied"),
        Label::new(file, span, "same name as another migration"),
    )
    .with_help("give each migration its own file (`DeriveMigrationName` uses the file stem), or a unique `name()`");
    if let Some((file, span)) = first {
        f = f.with_related(Label::new(file, span, "first migration with this name"));
    }
    f
}
