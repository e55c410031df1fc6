//! Writes a migration as sea-orm-migration code: `SchemaManager` calls with sea-query
//! builders, `DeriveIden` enums for every table and column it names, a `down` that undoes
//! every step of `up` in reverse order, and backend branches only where PostgreSQL and
//! SQLite need different statements. The code builds exactly the statements of
//! [`super::step`]; its layout is rustfmt's ([`super::layout`]).

use std::collections::BTreeMap;

use heck::{ToSnakeCase, ToUpperCamelCase};
use sea_query::{ColumnType, StringLen};

use super::layout::{Node, atom, call, statement};
use super::lower::{Action, Body, Emit, Mode};
use super::spec::{ColumnSpec, DefaultSpec, ForeignKeySpec, IndexSpec, Literal, TableSpec};
use super::step::{
    Step, add_foreign_key_not_valid_sql, add_unique_sql, drop_default_sql, validate_sql,
};
use crate::schema::ReferentialAction;

/// `DeriveIden` enums: one per table, with a variant per column the migration names.
#[derive(Default)]
pub(crate) struct Idents {
    tables: BTreeMap<String, TableIdent>,
}

struct TableIdent {
    ident: String,
    columns: BTreeMap<String, String>,
}

impl Idents {
    fn table_ident(&mut self, table: &str) -> &mut TableIdent {
        let taken: Vec<String> = self.tables.values().map(|t| t.ident.clone()).collect();
        self.tables.entry(table.to_owned()).or_insert_with(|| {
            let mut ident = rust_ident(&table.to_upper_camel_case(), "T");
            while taken.contains(&ident) {
                ident.push('_');
            }
            TableIdent {
                ident,
                columns: BTreeMap::new(),
            }
        })
    }

    /// `Users::Table`.
    fn table(&mut self, table: &str) -> String {
        format!("{}::Table", self.table_ident(table).ident)
    }

    /// `Users::DisplayName`.
    fn column(&mut self, table: &str, column: &str) -> String {
        let t = self.table_ident(table);
        let taken: Vec<String> = t.columns.values().cloned().collect();
        let variant = t
            .columns
            .entry(column.to_owned())
            .or_insert_with(|| {
                let mut v = rust_ident(&column.to_upper_camel_case(), "C");
                if v == "Table" {
                    v = "TableColumn".to_owned();
                }
                while taken.contains(&v) {
                    v.push('_');
                }
                v
            })
            .clone();
        format!("{}::{variant}", t.ident)
    }

    /// The enums, in table order.
    fn render(&self) -> String {
        let mut out = String::new();
        for (table, t) in &self.tables {
            let variants: Vec<(&String, &String)> = t.columns.iter().collect();
            let repeats_name = variants
                .iter()
                .any(|(_, v)| v.starts_with(&t.ident) || v.ends_with(&t.ident));
            out.push('\n');
            if repeats_name {
                out.push_str("#[allow(clippy::enum_variant_names)]\n");
            }
            out.push_str("#[derive(DeriveIden)]\n");
            out.push_str(&format!("enum {} {{\n", t.ident));
            if t.ident.to_snake_case() != *table {
                out.push_str(&format!("    #[sea_orm(iden = {table:?})]\n"));
            }
            out.push_str("    Table,\n");
            let mut sorted = variants;
            sorted.sort_by(|a, b| a.1.cmp(b.1));
            for (column, variant) in sorted {
                if variant.to_snake_case() != *column {
                    out.push_str(&format!("    #[sea_orm(iden = {column:?})]\n"));
                }
                out.push_str(&format!("    {variant},\n"));
            }
            out.push_str("}\n");
        }
        out
    }
}

/// A valid Rust identifier from `name`, prefixed when it starts with a digit or is
/// empty or a keyword.
fn rust_ident(name: &str, prefix: &str) -> String {
    let cleaned: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let starts_ok = cleaned
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic());
    let out = if starts_ok {
        cleaned
    } else {
        format!("{prefix}{cleaned}")
    };
    if out == "Self" {
        format!("{out}_")
    } else {
        out
    }
}

/// What the file says about itself.
pub(crate) struct FileHeader<'a> {
    /// The command that wrote it (`migration generate add_nickname`).
    pub(crate) command: &'a str,
    /// What it changes, one line each.
    pub(crate) changes: Vec<String>,
    /// Notes for the reader (why a second migration, what runs where).
    pub(crate) notes: Vec<String>,
}

/// The file of one migration.
pub(crate) fn migration_file(body: &Body, header: &FileHeader<'_>) -> String {
    let mut idents = Idents::default();
    let up = function_body(body, &mut idents, Direction::Up);
    let down = function_body(body, &mut idents, Direction::Down);
    let branches = up.contains("DbBackend::") || down.contains("DbBackend::");
    let statement_used = body.mode == Mode::ForeignKeysOff;
    let mut out = String::new();
    out.push_str(&wrap_doc(
        &format!(
            "Written by `{}` from the entities: review it, then commit it.",
            header.command
        ),
        "//! ",
        "//! ",
    ));
    if !header.changes.is_empty() {
        out.push_str("//!\n");
        for change in &header.changes {
            out.push_str(&wrap_doc(&format!("- {change}"), "//! ", "//!   "));
        }
    }
    for note in &header.notes {
        out.push_str("//!\n");
        out.push_str(&wrap_doc(note, "//! ", "//! "));
    }
    out.push('\n');
    let mut imports = vec!["prelude::*"];
    match (branches, statement_used) {
        (true, true) => imports.push("sea_orm::{DbBackend, Statement}"),
        (true, false) => imports.push("sea_orm::DbBackend"),
        (false, true) => imports.push("sea_orm::Statement"),
        (false, false) => {}
    }
    if imports.len() == 1 {
        out.push_str("use sea_orm_migration::prelude::*;\n");
    } else if imports.iter().any(|i| i.contains('{')) {
        // rustfmt puts a list with a nested group one item per line.
        out.push_str("use sea_orm_migration::{\n");
        for import in &imports {
            out.push_str(&format!("    {import},\n"));
        }
        out.push_str("};\n");
    } else {
        out.push_str(&format!(
            "use sea_orm_migration::{{{}}};\n",
            imports.join(", ")
        ));
    }
    out.push_str("\n#[derive(DeriveMigrationName)]\npub struct Migration;\n\n");
    out.push_str("#[async_trait::async_trait]\nimpl MigrationTrait for Migration {\n");
    out.push_str("    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {\n");
    out.push_str(&up);
    out.push_str("    }\n\n");
    out.push_str("    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {\n");
    out.push_str(&down);
    out.push_str("    }\n\n");
    let (transaction, why) = match body.mode {
        Mode::Transaction => ("Some(true)", None),
        Mode::Concurrent => (
            "Some(false)",
            Some("// PostgreSQL cannot build an index `CONCURRENTLY` inside a transaction."),
        ),
        Mode::ForeignKeysOff => (
            "Some(false)",
            Some("// The steps run in the transaction `up` and `down` open themselves."),
        ),
    };
    out.push_str("    fn use_transaction(&self) -> Option<bool> {\n");
    if let Some(why) = why {
        out.push_str(&format!("        {why}\n"));
    }
    out.push_str(&format!("        {transaction}\n    }}\n}}\n"));
    out.push_str(&idents.render());
    out
}

/// Doc-comment lines of at most 100 characters.
fn wrap_doc(text: &str, first: &str, rest: &str) -> String {
    let mut out = String::new();
    let mut line = first.to_owned();
    let mut empty = true;
    for word in text.split(' ') {
        if !empty && line.len() + 1 + word.len() > 100 {
            out.push_str(line.trim_end());
            out.push('\n');
            line = rest.to_owned();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Up,
    Down,
}

/// The statements of `up` or `down`, ending in `Ok(())` (or the outcome of the
/// migration's own transaction).
fn function_body(body: &Body, idents: &mut Idents, direction: Direction) -> String {
    let up = direction == Direction::Up;
    let actions: Vec<&Action> = if up {
        body.actions.iter().collect()
    } else {
        body.actions.iter().rev().collect()
    };
    let lock = body.lock_timeout(up);
    let fail_fast = "// Fail fast instead of queueing every query behind this migration's locks.";
    if body.mode == Mode::Concurrent {
        // Every step is PostgreSQL's: one block.
        let pad = " ".repeat(12);
        let mut inner = String::new();
        if lock {
            inner.push_str(&format!("{pad}{fail_fast}\n"));
            inner.push_str(&statement(
                &raw_sql("manager", lock_timeout_sql(body.mode)),
                12,
            ));
            inner.push('\n');
        }
        for action in &actions {
            let steps = action.steps(up);
            if steps.postgres.is_empty() {
                continue;
            }
            inner.push_str(&comments(action, direction, 12));
            let mut first = false;
            inner.push_str(&emits(
                &steps.postgres,
                "manager",
                12,
                idents,
                &mut first,
                up,
            ));
        }
        if lock {
            inner.push_str(&format!(
                "{pad}// Outside a transaction `SET` lasts for the session.\n"
            ));
            inner.push_str(&statement(&raw_sql("manager", "RESET lock_timeout"), 12));
            inner.push('\n');
        }
        if inner.is_empty() {
            return "        // Nothing to undo here: validating a foreign key changes no schema, and the\n        // main migration's `down` drops the key.\n        let _ = manager;\n        Ok(())\n".to_owned();
        }
        return format!(
            "        // SQLite built these indexes in the main migration's transaction.\n        if manager.get_database_backend() == DbBackend::Postgres {{\n{inner}        }}\n        Ok(())\n"
        );
    }
    let own_transaction = body.mode == Mode::ForeignKeysOff;
    let receiver = if own_transaction {
        "transaction"
    } else {
        "manager"
    };
    let indent = if own_transaction { 12 } else { 8 };
    let pad = " ".repeat(indent);
    let any_branch = own_transaction
        || lock
        || actions.iter().any(|a| {
            let s = a.steps(up);
            s.postgres != s.sqlite
        });
    let mut inner = String::new();
    if lock {
        inner.push_str(&format!(
            "{pad}if backend == DbBackend::Postgres {{\n{pad}    {fail_fast}\n{}\n{pad}}}\n",
            statement(&raw_sql(receiver, lock_timeout_sql(body.mode)), indent + 4),
        ));
    }
    let mut first_sqlite_ddl = own_transaction;
    for action in &actions {
        let s = action.steps(up);
        if s.postgres.is_empty() && s.sqlite.is_empty() {
            continue;
        }
        inner.push_str(&comments(action, direction, indent));
        if s.postgres == s.sqlite {
            inner.push_str(&emits(
                &s.postgres,
                receiver,
                indent,
                idents,
                &mut first_sqlite_ddl,
                up,
            ));
        } else {
            let mut pg_first = false;
            let pg = emits(&s.postgres, receiver, indent + 4, idents, &mut pg_first, up);
            let lite = emits(
                &s.sqlite,
                receiver,
                indent + 4,
                idents,
                &mut first_sqlite_ddl,
                up,
            );
            match (pg.is_empty(), lite.is_empty()) {
                (false, true) => inner.push_str(&format!(
                    "{pad}if backend == DbBackend::Postgres {{\n{pg}{pad}}}\n"
                )),
                (true, false) => inner.push_str(&format!(
                    "{pad}if backend == DbBackend::Sqlite {{\n{lite}{pad}}}\n"
                )),
                _ => inner.push_str(&format!(
                    "{pad}if backend == DbBackend::Sqlite {{\n{lite}{pad}}} else {{\n{pg}{pad}}}\n"
                )),
            }
        }
    }
    let mut out = String::new();
    if any_branch {
        out.push_str("        let backend = manager.get_database_backend();\n");
    }
    if own_transaction {
        out.push_str(&foreign_keys_off_body(&inner));
    } else {
        out.push_str(&inner);
        out.push_str("        Ok(())\n");
    }
    out
}

/// What an action does, as comments: `// Add column ..` in `up`, `// Undo: ..` in `down`.
fn comments(action: &Action, direction: Direction, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let lines: Vec<String> = match direction {
        Direction::Up => action.lines.iter().map(|l| capitalise(l)).collect(),
        Direction::Down => action
            .lines
            .iter()
            .rev()
            .map(|l| format!("Undo: {l}."))
            .collect(),
    };
    lines
        .iter()
        .map(|l| wrap_doc(l, &format!("{pad}// "), &format!("{pad}// ")))
        .collect()
}

/// `SET LOCAL` inside a transaction; outside one, `SET` for the session.
pub(crate) fn lock_timeout_sql(mode: Mode) -> &'static str {
    match mode {
        Mode::Concurrent => "SET lock_timeout = '5s'",
        Mode::Transaction | Mode::ForeignKeysOff => "SET LOCAL lock_timeout = '5s'",
    }
}

/// The body of a migration that runs its steps in its own transaction, with SQLite's
/// foreign keys off around it.
fn foreign_keys_off_body(steps: &str) -> String {
    let pragma = |on: &str| {
        statement(
            &raw_sql("manager", &format!("PRAGMA foreign_keys = {on}")),
            12,
        )
    };
    let check = "            let broken = transaction
                .get_connection()
                .query_all_raw(Statement::from_string(backend, \"PRAGMA foreign_key_check\"))
                .await?;
            if !broken.is_empty() {
                return Err(DbErr::Migration(format!(
                    \"{} rows would break a foreign key; nothing was changed\",
                    broken.len()
                )));
            }
";
    let guard = "            let enforced = transaction
                .get_connection()
                .query_one_raw(Statement::from_string(backend, \"PRAGMA foreign_keys\"))
                .await?
                .map(|row| row.try_get_by_index::<i32>(0))
                .transpose()?;
            if enforced != Some(0) {
                return Err(DbErr::Migration(
                    \"foreign keys are still enforced in this transaction (the runner has more \\
                     than one connection), so the rebuild would delete referencing rows\"
                        .to_owned(),
                ));
            }
";
    format!(
        "        // SQLite ignores `PRAGMA foreign_keys` inside a transaction, and with foreign keys on,
        // dropping a table during its rebuild deletes the rows that reference it.
        if backend == DbBackend::Sqlite {{
{off}
        }}
        let transaction = manager.begin().await?;
        let steps = async {{
            if backend == DbBackend::Sqlite {{
{guard_indented}            }}
{steps}            if backend == DbBackend::Sqlite {{
{check_indented}            }}
            Ok::<(), DbErr>(())
        }}
        .await;
        let outcome = match steps {{
            Ok(()) => transaction.commit().await,
            Err(err) => {{
                drop(transaction);
                Err(err)
            }}
        }};
        if backend == DbBackend::Sqlite {{
{on}
        }}
        outcome
",
        off = pragma("OFF"),
        on = pragma("ON"),
        guard_indented = indent_lines(guard, 4),
        check_indented = indent_lines(check, 4),
    )
}

fn indent_lines(text: &str, by: usize) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                "\n".to_owned()
            } else {
                format!("{}{l}\n", " ".repeat(by))
            }
        })
        .collect()
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}

/// The statements, with each suppression on the line above its statement.
fn emits(
    list: &[Emit],
    receiver: &str,
    indent: usize,
    idents: &mut Idents,
    first_sqlite_ddl: &mut bool,
    lint_read: bool,
) -> String {
    let mut out = String::new();
    for emit in list {
        if *first_sqlite_ddl && lint_read && !matches!(emit.step, Step::Sql(_)) {
            *first_sqlite_ddl = false;
            out.push_str(&format!(
                "{}// validator: allow(sqlite-non-atomic-migration) -- the steps run in the transaction this migration opens after turning foreign keys off\n",
                " ".repeat(indent)
            ));
        }
        // `down` is not linted: a suppression there would silence nothing.
        if let Some(allow) = emit.allow.as_ref().filter(|_| lint_read) {
            out.push_str(&format!(
                "{}// validator: allow({}) -- {}\n",
                " ".repeat(indent),
                allow.rule,
                allow.reason
            ));
        }
        out.push_str(&statement(&step_node(&emit.step, receiver, idents), indent));
        out.push('\n');
    }
    out
}

/// `<receiver>.get_connection().execute_unprepared(<sql>).await?`.
fn raw_sql(receiver: &str, sql: &str) -> Node {
    atom(receiver)
        .method("get_connection", vec![])
        .method("execute_unprepared", vec![string_literal(sql)])
        .awaited()
}

/// A string literal: plain when it needs no escape, raw (`r#"..."#`) otherwise.
fn string_literal(text: &str) -> Node {
    if text.contains('"') || text.contains('\\') || text.contains('\n') {
        let mut hashes = "#".to_owned();
        while text.contains(&format!("\"{hashes}")) {
            hashes.push('#');
        }
        atom(format!("r{hashes}\"{text}\"{hashes}"))
    } else {
        atom(format!("\"{text}\""))
    }
}

/// The builder call for one step.
fn step_node(step: &Step, receiver: &str, idents: &mut Idents) -> Node {
    let manager = |method: &str, arg: Node| atom(receiver).method(method, vec![arg]).awaited();
    match step {
        Step::CreateTable(table) => manager("create_table", create_table(table, idents)),
        Step::DropTable { table } => manager(
            "drop_table",
            call("Table::drop", vec![])
                .method("table", vec![atom(idents.table(table))])
                .method("to_owned", vec![]),
        ),
        Step::RenameTable { from, to } => manager(
            "rename_table",
            call("Table::rename", vec![])
                .method(
                    "table",
                    vec![atom(idents.table(from)), atom(idents.table(to))],
                )
                .method("to_owned", vec![]),
        ),
        Step::AddColumn { table, column } => {
            let def = column_def(table, column, idents, false);
            alter(table, idents, receiver, "add_column", vec![def])
        }
        Step::DropColumn { table, column } => {
            let c = atom(idents.column(table, column));
            alter(table, idents, receiver, "drop_column", vec![c])
        }
        Step::RenameColumn { table, from, to } => {
            let args = vec![
                atom(idents.column(table, from)),
                atom(idents.column(table, to)),
            ];
            alter(table, idents, receiver, "rename_column", args)
        }
        Step::AlterType { table, column, ty } => {
            let def = typed(
                call("ColumnDef::new", vec![atom(idents.column(table, column))]),
                ty,
            );
            alter(table, idents, receiver, "modify_column", vec![def])
        }
        Step::SetNotNull {
            table,
            column,
            not_null,
        } => {
            let def = call("ColumnDef::new", vec![atom(idents.column(table, column))])
                .method(if *not_null { "not_null" } else { "null" }, vec![]);
            alter(table, idents, receiver, "modify_column", vec![def])
        }
        Step::SetDefault {
            table,
            column,
            default,
        } => {
            let def = call("ColumnDef::new", vec![atom(idents.column(table, column))])
                .method("default", vec![default_node(default)]);
            alter(table, idents, receiver, "modify_column", vec![def])
        }
        Step::DropDefault { table, column } => raw_sql(receiver, &drop_default_sql(table, column)),
        Step::CreateIndex {
            index,
            concurrently,
        } => manager("create_index", create_index(index, *concurrently, idents)),
        Step::DropIndex {
            index,
            concurrently,
        } => {
            let mut node = call("Index::drop", vec![])
                .method("name", vec![string_literal(&index.name)])
                .method("table", vec![atom(idents.table(&index.table))]);
            if *concurrently {
                node = node
                    .method("concurrently", vec![])
                    .method("if_exists", vec![]);
            }
            manager("drop_index", node.method("to_owned", vec![]))
        }
        Step::AddForeignKey {
            table,
            fk,
            not_valid: true,
        } => raw_sql(receiver, &add_foreign_key_not_valid_sql(table, fk)),
        Step::AddForeignKey {
            table,
            fk,
            not_valid: false,
        } => manager(
            "create_foreign_key",
            foreign_key(table, fk, idents).method("to_owned", vec![]),
        ),
        Step::ValidateConstraint { table, name } => raw_sql(receiver, &validate_sql(table, name)),
        Step::DropForeignKey { table, name } => manager(
            "drop_foreign_key",
            call("ForeignKey::drop", vec![])
                .method("name", vec![string_literal(name)])
                .method("table", vec![atom(idents.table(table))])
                .method("to_owned", vec![]),
        ),
        Step::DropConstraint { table, name } => alter(
            table,
            idents,
            receiver,
            "drop_constraint",
            vec![string_literal(name)],
        ),
        Step::AddUniqueConstraint { index } => raw_sql(receiver, &add_unique_sql(index)),
        Step::Sql(sql) => raw_sql(receiver, sql),
    }
}

/// `<receiver>.alter_table(Table::alter().table(T::Table).<method>(args).to_owned())`.
fn alter(table: &str, idents: &mut Idents, receiver: &str, method: &str, args: Vec<Node>) -> Node {
    let stmt = call("Table::alter", vec![])
        .method("table", vec![atom(idents.table(table))])
        .method(method, args)
        .method("to_owned", vec![]);
    atom(receiver).method("alter_table", vec![stmt]).awaited()
}

fn create_table(table: &TableSpec, idents: &mut Idents) -> Node {
    let mut node =
        call("Table::create", vec![]).method("table", vec![atom(idents.table(&table.name))]);
    let single_key = match table.primary_key.as_slice() {
        [one] => Some(one.as_str()),
        _ => None,
    };
    for column in &table.columns {
        let key = single_key == Some(column.name.as_str());
        node = node.method("col", vec![column_def(&table.name, column, idents, key)]);
    }
    if table.primary_key.len() > 1 {
        let mut key = call("Index::create", vec![])
            .method("name", vec![string_literal(&format!("pk-{}", table.name))]);
        for c in &table.primary_key {
            key = key.method("col", vec![atom(idents.column(&table.name, c))]);
        }
        node = node.method("primary_key", vec![key]);
    }
    for unique in &table.unique_constraints {
        let mut index = call("Index::create", vec![])
            .method("name", vec![string_literal(&unique.name)])
            .method("unique", vec![]);
        for c in &unique.columns {
            index = index.method("col", vec![atom(idents.column(&table.name, c))]);
        }
        node = node.method("index", vec![index]);
    }
    for fk in &table.foreign_keys {
        node = node.method("foreign_key", vec![foreign_key(&table.name, fk, idents)]);
    }
    node.method("to_owned", vec![])
}

/// `ColumnDef::new(T::C).<type>().not_null()...`, as [`super::step::column_def`] builds it.
fn column_def(table: &str, column: &ColumnSpec, idents: &mut Idents, primary_key: bool) -> Node {
    let mut node = typed(
        call(
            "ColumnDef::new",
            vec![atom(idents.column(table, &column.name))],
        ),
        &column.ty,
    );
    node = node.method(if column.not_null { "not_null" } else { "null" }, vec![]);
    if column.auto_increment {
        node = node.method("auto_increment", vec![]);
    }
    if column.unique {
        node = node.method("unique_key", vec![]);
    }
    if let Some(default) = &column.default {
        node = node.method("default", vec![default_node(default)]);
    }
    if primary_key {
        node = node.method("primary_key", vec![]);
    }
    node
}

/// The builder method that sets `ty`; `ColumnDef::new_with_type` semantics for the rest.
fn typed(def: Node, ty: &ColumnType) -> Node {
    use ColumnType as T;
    let none = |m: &str| (m.to_owned(), vec![]);
    let n = |m: &str, v: u32| (m.to_owned(), vec![atom(v.to_string())]);
    let (method, args) = match ty {
        T::Char(None) => none("char"),
        T::Char(Some(len)) => n("char_len", *len),
        T::String(StringLen::N(len)) => n("string_len", *len),
        T::String(_) => none("string"),
        T::Text => none("text"),
        T::TinyInteger => none("tiny_integer"),
        T::SmallInteger => none("small_integer"),
        T::Integer => none("integer"),
        T::BigInteger => none("big_integer"),
        T::TinyUnsigned => none("tiny_unsigned"),
        T::SmallUnsigned => none("small_unsigned"),
        T::Unsigned => none("unsigned"),
        T::BigUnsigned => none("big_unsigned"),
        T::Float => none("float"),
        T::Double => none("double"),
        T::Decimal(None) => none("decimal"),
        T::Decimal(Some((p, s))) => (
            "decimal_len".to_owned(),
            vec![atom(p.to_string()), atom(s.to_string())],
        ),
        T::DateTime => none("date_time"),
        T::Timestamp => none("timestamp"),
        T::TimestampWithTimeZone => none("timestamp_with_time_zone"),
        T::Time => none("time"),
        T::Date => none("date"),
        T::Year => none("year"),
        T::Binary(len) => n("binary_len", *len),
        T::VarBinary(StringLen::N(len)) => n("var_binary", *len),
        T::Blob => none("blob"),
        T::Boolean => none("boolean"),
        T::Money(None) => none("money"),
        T::Money(Some((p, s))) => (
            "money_len".to_owned(),
            vec![atom(p.to_string()), atom(s.to_string())],
        ),
        T::Json => none("json"),
        T::JsonBinary => none("json_binary"),
        T::Uuid => none("uuid"),
        T::Custom(name) => (
            "custom".to_owned(),
            vec![call("Alias::new", vec![string_literal(&name.to_string())])],
        ),
        other => {
            // No builder method (`VarBinary(StringLen::None)`, arrays, ...): the type itself.
            let Node::Call { args, .. } = def else {
                return def;
            };
            let mut args = args;
            args.push(atom(format!("ColumnType::{}", column_type_expr(other))));
            return call("ColumnDef::new_with_type", args);
        }
    };
    def.method(&method, args)
}

/// `ColumnType` as Rust, for the types without a builder method.
fn column_type_expr(ty: &ColumnType) -> String {
    use ColumnType as T;
    let len = |l: &StringLen| match l {
        StringLen::N(n) => format!("StringLen::N({n})"),
        StringLen::Max => "StringLen::Max".to_owned(),
        StringLen::None => "StringLen::None".to_owned(),
    };
    match ty {
        T::VarBinary(l) => format!("VarBinary({})", len(l)),
        T::Bit(n) => format!("Bit({n:?})"),
        T::VarBit(n) => format!("VarBit({n})"),
        T::Cidr => "Cidr".to_owned(),
        T::Inet => "Inet".to_owned(),
        T::MacAddr => "MacAddr".to_owned(),
        T::LTree => "LTree".to_owned(),
        T::Vector(n) => format!("Vector({n:?})"),
        T::Interval(..) => "Interval(None, None)".to_owned(),
        T::Array(inner) => format!(
            "Array(RcOrArc::new(ColumnType::{}))",
            column_type_expr(inner)
        ),
        other => format!("{other:?}"),
    }
}

fn default_node(default: &DefaultSpec) -> Node {
    match default {
        DefaultSpec::Literal(Literal::Text(t)) => atom(format!("{t:?}")),
        DefaultSpec::Literal(Literal::Number(n)) => {
            if n.parse::<i64>().is_ok() || n.parse::<f64>().is_ok() {
                atom(n.clone())
            } else {
                call("Expr::cust", vec![string_literal(n)])
            }
        }
        DefaultSpec::Literal(Literal::Bool(b)) => atom(b.to_string()),
        DefaultSpec::CurrentTimestamp => call("Expr::current_timestamp", vec![]),
        DefaultSpec::Custom(sql) => call("Expr::cust", vec![string_literal(sql)]),
    }
}

fn create_index(index: &IndexSpec, concurrently: bool, idents: &mut Idents) -> Node {
    let mut node = call("Index::create", vec![])
        .method("name", vec![string_literal(&index.name)])
        .method("table", vec![atom(idents.table(&index.table))]);
    for c in &index.columns {
        node = node.method("col", vec![atom(idents.column(&index.table, c))]);
    }
    if index.unique {
        node = node.method("unique", vec![]);
    }
    if concurrently {
        node = node
            .method("concurrently", vec![])
            .method("if_not_exists", vec![]);
    }
    node.method("to_owned", vec![])
}

fn foreign_key(table: &str, fk: &ForeignKeySpec, idents: &mut Idents) -> Node {
    let mut node = call("ForeignKey::create", vec![]);
    if let Some(name) = &fk.name {
        node = node.method("name", vec![string_literal(name)]);
    }
    let list = |idents: &mut Idents, t: &str, columns: &[String]| {
        let names: Vec<String> = columns.iter().map(|c| idents.column(t, c)).collect();
        match names.as_slice() {
            [one] => atom(one.clone()),
            _ => atom(format!("({})", names.join(", "))),
        }
    };
    let from = list(idents, table, &fk.columns);
    node = node.method("from", vec![atom(idents.table(table)), from]);
    let to = list(idents, &fk.target_table, &fk.target_columns);
    node = node.method("to", vec![atom(idents.table(&fk.target_table)), to]);
    node.method("on_delete", vec![atom(action(fk.on_delete))])
        .method("on_update", vec![atom(action(fk.on_update))])
}

fn action(action: ReferentialAction) -> String {
    format!("ForeignKeyAction::{}", action.seaorm_name())
}
