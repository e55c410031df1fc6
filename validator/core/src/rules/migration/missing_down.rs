use std::path::PathBuf;

use crate::diagnostic::{Finding, Label};
use crate::rule::declare_rule;
use crate::source::Span;
use crate::sql::facts::Kind;

declare_rule! {
    /// ## What it does
    /// Flags a migration whose `up` changes the schema while its `down` is missing
    /// (sea-orm-migration's default `down` returns an error), `todo!()`,
    /// `unimplemented!()`, or does nothing. A data-only migration (`UPDATE`, `DELETE`,
    /// `INSERT`, no schema change) is flagged when its `down` is missing or a `todo!()`,
    /// with a message that says so, but not for a `down` that does nothing: many data
    /// changes cannot be undone, and `Ok(())` lets a rollback pass them.
    ///
    /// ## Why is this bad?
    /// `down`, `refresh` and `reset` fail (or panic) on it, and a bad deploy cannot be
    /// rolled back with the tool: not this migration, and not any before it.
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

/// The finding for a migration whose `down` `how` (is missing, is `todo!()`...), or none:
/// a data-only `up` (`UPDATE`/`DELETE`/`INSERT`, no schema change) may well have a `down`
/// that does nothing, and is told that its data, not its schema, changes.
pub(crate) fn finding(
    file: PathBuf,
    span: Span,
    migration: &str,
    how: &str,
    up: Option<&syn::Block>,
) -> Option<Finding> {
    let data_only = up.is_some_and(data_only);
    if data_only && how == DOES_NOTHING {
        return None;
    }
    let (message, help) = if data_only {
        (
            format!(
                "migration `{migration}` changes data (no schema change) but its `down` {how}: rolling back past it fails"
            ),
            "write a `down` that undoes the data change, or `Ok(())` when it cannot be undone, so that rolling back past it works",
        )
    } else {
        (
            format!("migration `{migration}` changes the schema but its `down` {how}"),
            "write a `down` that undoes `up` (drop what it creates, re-create what it drops)",
        )
    };
    Some(
        Finding::new(
            &RULE,
            message,
            Label::new(file, span, "cannot be rolled back"),
        )
        .with_help(help),
    )
}

/// How the static reader words a `down` of just `Ok(())`.
const DOES_NOTHING: &str = "does nothing";

/// The `SchemaManager` calls that change the schema (the static reader renders them too).
pub(crate) const SCHEMA_METHODS: &[&str] = &[
    "create_table",
    "alter_table",
    "drop_table",
    "rename_table",
    "truncate_table",
    "create_index",
    "drop_index",
    "create_foreign_key",
    "drop_foreign_key",
    "create_type",
    "alter_type",
    "drop_type",
];

/// Whether `up` changes data only: no schema-changing `SchemaManager` call, no DDL in
/// its SQL strings, and at least one `INSERT`/`UPDATE`/`DELETE` (raw SQL or sea-query's
/// `Query::insert()`/`update()`/`delete()`).
fn data_only(up: &syn::Block) -> bool {
    use syn::visit::Visit;

    #[derive(Default)]
    struct Scan {
        schema: bool,
        data: bool,
    }
    impl<'ast> Visit<'ast> for Scan {
        fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
            if SCHEMA_METHODS.contains(&m.method.to_string().as_str()) {
                self.schema = true;
            }
            syn::visit::visit_expr_method_call(self, m);
        }
        fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
            if let syn::Expr::Path(p) = &*c.func {
                let names: Vec<String> = p
                    .path
                    .segments
                    .iter()
                    .map(|s| s.ident.to_string())
                    .collect();
                if let [.., q, f] = names.as_slice()
                    && q == "Query"
                    && matches!(f.as_str(), "insert" | "update" | "delete")
                {
                    self.data = true;
                }
            }
            syn::visit::visit_expr_call(self, c);
        }
        fn visit_lit_str(&mut self, l: &'ast syn::LitStr) {
            let sql = l.value();
            let parse = squawk_syntax::SourceFile::parse(&sql);
            for s in crate::sql::facts::read(&parse.tree()) {
                if matches!(s.kind, Kind::Dml { .. }) {
                    self.data = true;
                } else if s.is_ddl() {
                    self.schema = true;
                }
            }
        }
    }
    let mut scan = Scan::default();
    scan.visit_block(up);
    scan.data && !scan.schema
}
