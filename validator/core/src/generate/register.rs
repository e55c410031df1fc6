//! Registers a new migration in the migrator's `lib.rs` with the smallest edit that does
//! it: a `mod` line after the last migration module, and a `Box::new(..)` entry at the
//! end of the `vec![..]` that `migrations()` returns, each in the file's own layout. The
//! file is read with syn, which also finds the places; a file that does not parse, or a
//! `migrations()` that is not a `vec![..]`, is left alone.

use proc_macro2::LineColumn;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, ImplItem, Item, Macro, Stmt, Token};

/// Why `lib.rs` was not edited.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RegisterError {
    #[error("it does not parse (line {line}, column {column}): {message}")]
    Parse {
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "it has no `fn migrations()` returning `vec![..]`; add `Box::new({0}::Migration)` by hand"
    )]
    NoMigrationList(String),
    #[error("it already declares `mod {0}`")]
    AlreadyRegistered(String),
}

/// `lib_rs` with `module` declared and registered as the last migration.
pub fn register_migration(lib_rs: &str, module: &str) -> Result<String, RegisterError> {
    let file = syn::parse_file(lib_rs).map_err(|e| parse_error(&e))?;
    let mut mods: Vec<(&syn::ItemMod, LineColumn)> = Vec::new();
    let mut list: Option<&Macro> = None;
    for item in &file.items {
        match item {
            Item::Mod(m) if m.content.is_none() => {
                if m.ident == module {
                    return Err(RegisterError::AlreadyRegistered(module.to_owned()));
                }
                mods.push((m, m.semi.span().end()));
            }
            Item::Impl(imp) => {
                for inner in &imp.items {
                    if let ImplItem::Fn(f) = inner
                        && f.sig.ident == "migrations"
                    {
                        list = list.or_else(|| returned_vec(&f.block));
                    }
                }
            }
            _ => {}
        }
    }
    let list = list.ok_or_else(|| RegisterError::NoMigrationList(module.to_owned()))?;
    let lines = LineIndex::new(lib_rs);
    let mut edits: Vec<(usize, String)> = Vec::new();

    // `mod <module>;` after the last migration module (`m` and a digit), else after the
    // last `mod` line, else before the first item.
    let is_migration = |name: &str| {
        name.starts_with('m') && name.chars().nth(1).is_some_and(|c| c.is_ascii_digit())
    };
    let anchor = mods
        .iter()
        .rev()
        .find(|(m, _)| is_migration(&m.ident.to_string()))
        .or_else(|| mods.last());
    match anchor {
        Some((m, end)) => {
            let indent = lines.indent_of(m.span().start().line);
            let at = lines.offset(*end);
            edits.push((at, format!("\n{indent}mod {module};")));
        }
        None => {
            let first = file
                .items
                .first()
                .map(|i| lines.line_start(first_line(i)))
                .unwrap_or(lib_rs.len());
            edits.push((first, format!("mod {module};\n\n")));
        }
    }

    // `Box::new(<module>::Migration),` as the last element of the list.
    let entry = format!("Box::new({module}::Migration)");
    let syn::MacroDelimiter::Bracket(bracket) = &list.delimiter else {
        return Err(RegisterError::NoMigrationList(module.to_owned()));
    };
    let close = bracket.span.close().start();
    let elements = list
        .parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated)
        .map_err(|_| RegisterError::NoMigrationList(module.to_owned()))?;
    match elements.last() {
        None => edits.push((lines.offset(close), entry)),
        Some(last) => {
            let last_start = last.span().start();
            let last_end = last.span().end();
            let trailing = elements.trailing_punct();
            if last_start.line == close.line {
                // One line: `vec![a, b]`.
                let at = lines.offset(last_end);
                let comma = if trailing { 1 } else { 0 };
                edits.push((at + comma, format!(", {entry}")));
            } else {
                let indent = lines.indent_of(last_start.line);
                let mut after = lines.offset(last_end);
                let mut text = String::new();
                if trailing {
                    after += 1;
                } else {
                    text.push(',');
                }
                text.push_str(&format!("\n{indent}{entry},"));
                edits.push((after, text));
            }
        }
    }

    edits.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    let mut out = lib_rs.to_owned();
    for (at, text) in edits {
        if at > out.len() || !out.is_char_boundary(at) {
            return Err(RegisterError::NoMigrationList(module.to_owned()));
        }
        out.insert_str(at, &text);
    }
    syn::parse_file(&out).map_err(|e| parse_error(&e))?;
    Ok(out)
}

fn parse_error(e: &syn::Error) -> RegisterError {
    let start = e.span().start();
    RegisterError::Parse {
        line: start.line,
        column: start.column + 1,
        message: e.to_string(),
    }
}

fn first_line(item: &Item) -> usize {
    let attrs = match item {
        Item::Mod(m) => &m.attrs,
        Item::Use(u) => &u.attrs,
        Item::Struct(s) => &s.attrs,
        Item::Impl(i) => &i.attrs,
        Item::Fn(f) => &f.attrs,
        _ => return item.span().start().line,
    };
    attrs
        .first()
        .map_or(item.span().start().line, |a| a.span().start().line)
}

/// The `vec![..]` a function body returns.
fn returned_vec(block: &syn::Block) -> Option<&Macro> {
    match block.stmts.last()? {
        Stmt::Expr(Expr::Macro(m), None) if m.mac.path.is_ident("vec") => Some(&m.mac),
        Stmt::Macro(m) if m.mac.path.is_ident("vec") && m.semi_token.is_none() => Some(&m.mac),
        _ => None,
    }
}

/// Byte offsets of lines and columns (proc-macro2 columns count characters).
struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    fn line_start(&self, line: usize) -> usize {
        self.starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len())
    }

    fn line_text(&self, line: usize) -> &'a str {
        let start = self.line_start(line);
        let end = self.starts.get(line).map_or(self.text.len(), |e| e - 1);
        self.text.get(start..end).unwrap_or("")
    }

    fn offset(&self, at: LineColumn) -> usize {
        let start = self.line_start(at.line);
        let line = self.line_text(at.line);
        start
            + line
                .char_indices()
                .nth(at.column)
                .map_or(line.len(), |(i, _)| i)
    }

    fn indent_of(&self, line: usize) -> String {
        self.line_text(line)
            .chars()
            .take_while(|c| c.is_whitespace())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIB: &str = "//! The migrator.

pub use sea_orm_migration::prelude::*;

mod m20261126_000001_create_users;
mod m20261126_000002_create_posts;
mod tables;

/// Applies the migrations in the order listed here.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000001_create_users::Migration),
            Box::new(m20261126_000002_create_posts::Migration),
        ]
    }
}
";

    #[test]
    fn adds_the_module_and_the_entry_in_the_files_layout() {
        let out = register_migration(LIB, "m20261128_101500_add_nickname").unwrap();
        let expected = LIB
            .replace(
                "mod m20261126_000002_create_posts;\n",
                "mod m20261126_000002_create_posts;\nmod m20261128_101500_add_nickname;\n",
            )
            .replace(
                "            Box::new(m20261126_000002_create_posts::Migration),\n",
                "            Box::new(m20261126_000002_create_posts::Migration),\n            Box::new(m20261128_101500_add_nickname::Migration),\n",
            );
        assert_eq!(out, expected);
    }

    #[test]
    fn handles_one_line_lists_and_missing_trailing_commas() {
        let lib = "mod m1_a;\npub struct Migrator;\nimpl MigratorTrait for Migrator {\n    fn migrations() -> Vec<Box<dyn MigrationTrait>> {\n        vec![Box::new(m1_a::Migration)]\n    }\n}\n";
        let out = register_migration(lib, "m2_b").unwrap();
        assert!(out.contains("mod m1_a;\nmod m2_b;\n"), "{out}");
        assert!(
            out.contains("vec![Box::new(m1_a::Migration), Box::new(m2_b::Migration)]"),
            "{out}"
        );
        let lib = "mod m1_a;\nimpl MigratorTrait for Migrator {\n    fn migrations() -> Vec<Box<dyn MigrationTrait>> {\n        vec![\n            Box::new(m1_a::Migration)\n        ]\n    }\n}\n";
        let out = register_migration(lib, "m2_b").unwrap();
        assert!(
            out.contains(
                "Box::new(m1_a::Migration),\n            Box::new(m2_b::Migration),\n        ]"
            ),
            "{out}"
        );
        let lib = "impl MigratorTrait for Migrator {\n    fn migrations() -> Vec<Box<dyn MigrationTrait>> {\n        vec![]\n    }\n}\n";
        let out = register_migration(lib, "m2_b").unwrap();
        assert!(out.starts_with("mod m2_b;\n\nimpl"), "{out}");
        assert!(out.contains("vec![Box::new(m2_b::Migration)]"), "{out}");
    }

    #[test]
    fn leaves_files_it_cannot_read_alone() {
        assert!(matches!(
            register_migration("mod m1_a;\nfn broken( {", "m2_b"),
            Err(RegisterError::Parse { line: 2, .. })
        ));
        let lib = "impl MigratorTrait for Migrator {\n    fn migrations() -> Vec<Box<dyn MigrationTrait>> {\n        let mut v = Vec::new();\n        v\n    }\n}\n";
        assert!(matches!(
            register_migration(lib, "m2_b"),
            Err(RegisterError::NoMigrationList(_))
        ));
        assert!(matches!(
            register_migration(LIB, "m20261126_000001_create_users"),
            Err(RegisterError::AlreadyRegistered(_))
        ));
    }
}
