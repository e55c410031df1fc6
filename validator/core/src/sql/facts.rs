//! Typed facts about each SQL statement, read once from squawk's syntax tree. Our own
//! rules work on these facts (and on the schema state), never on text.

use squawk_syntax::ast::{self, AstNode};
use squawk_syntax::{SyntaxKind, SyntaxNode};

/// A byte range in the unit's combined SQL text.
pub(crate) type Range = std::ops::Range<usize>;

/// What one statement does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    CreateTable {
        table: String,
    },
    AlterTable {
        table: String,
        actions: Vec<Action>,
    },
    CreateIndex {
        table: String,
        concurrently: bool,
        unique: bool,
    },
    DropIndex {
        concurrently: bool,
    },
    DropTable {
        tables: Vec<String>,
        /// `DROP TABLE IF EXISTS`.
        if_exists: bool,
    },
    Truncate {
        tables: Vec<String>,
    },
    /// `BEGIN`, `START TRANSACTION`, `COMMIT`, `ROLLBACK`.
    TransactionControl,
    /// `SET lock_timeout` / `SET statement_timeout`.
    SetTimeout {
        lock: bool,
        statement: bool,
    },
    /// SQLite `PRAGMA foreign_keys = ..`.
    PragmaForeignKeys,
    /// `INSERT`, `UPDATE`, `DELETE` on a table.
    Dml {
        table: Option<String>,
    },
    Other,
}

/// One action of an `ALTER TABLE`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Action {
    pub(crate) range: Range,
    pub(crate) what: ActionKind,
}

/// How a new column's default is computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DefaultKind {
    /// A literal (or `NULL`).
    Constant,
    /// `NULL` itself.
    Null,
    /// Anything else: a function call, `CURRENT_TIMESTAMP`, an expression.
    Expression,
    /// Computed by the migration's Rust code at run time ([`super::placeholder::default`]):
    /// neither constant nor volatile as far as any rule can tell.
    Unknown,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ActionKind {
    AddColumn {
        column: String,
        not_null: bool,
        default: Option<DefaultKind>,
        primary_key: bool,
        unique: bool,
        references: bool,
        generated: bool,
    },
    DropColumn {
        column: String,
    },
    /// `ALTER COLUMN` (type, nullability, default, identity...).
    AlterColumn {
        column: String,
    },
    AddConstraint {
        foreign_key: bool,
        /// The table a foreign key references.
        references: Option<String>,
    },
    DropConstraint,
    /// `RENAME COLUMN from TO to`.
    RenameColumn {
        from: String,
        to: String,
    },
    /// `RENAME TO`: the new name.
    RenameTable {
        to: String,
    },
    Other,
}

/// One statement of a unit.
#[derive(Clone, Debug)]
pub(crate) struct Statement {
    /// Where it is in the unit's combined text, without leading trivia.
    pub(crate) range: Range,
    pub(crate) kind: Kind,
    /// Whether it starts with a DDL keyword (`CREATE`, `ALTER`, `DROP`, ...).
    pub(crate) ddl_keyword: bool,
    /// Whether it may take a lock for long (squawk's own judgement).
    pub(crate) slow: bool,
    /// Whether it opens a transaction (`BEGIN`), closes one, or neither.
    pub(crate) transaction: Option<bool>,
    /// `CREATE TABLE .. AS SELECT`: created with rows copied in.
    pub(crate) copies: bool,
    /// Whether it creates an object that is not a table (extension, type, function,
    /// view, schema, sequence, ...): it waits for no lock on an existing table.
    pub(crate) creates_other_object: bool,
}

impl Statement {
    /// The tables this statement changes or locks.
    pub(crate) fn tables(&self) -> Vec<&str> {
        match &self.kind {
            Kind::CreateTable { table }
            | Kind::AlterTable { table, .. }
            | Kind::CreateIndex { table, .. } => vec![table.as_str()],
            Kind::DropTable { tables, .. } | Kind::Truncate { tables } => {
                tables.iter().map(String::as_str).collect()
            }
            Kind::Dml { table: Some(t) } => vec![t.as_str()],
            _ => Vec::new(),
        }
    }

    /// Whether it changes the schema (DDL).
    pub(crate) fn is_ddl(&self) -> bool {
        match self.kind {
            Kind::TransactionControl
            | Kind::SetTimeout { .. }
            | Kind::PragmaForeignKeys
            | Kind::Dml { .. } => false,
            Kind::Other => self.ddl_keyword,
            _ => true,
        }
    }
}

/// A name as the database sees it: unquoted names fold to lower case, the schema goes.
pub(crate) fn normalize(text: &str) -> String {
    let last = split_last_dotted(text.trim());
    if let Some(inner) = last.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        inner.replace("\"\"", "\"")
    } else if let Some(inner) = last.strip_prefix('`').and_then(|s| s.strip_suffix('`')) {
        inner.to_owned()
    } else {
        last.to_ascii_lowercase()
    }
}

/// The last part of `schema.table`, respecting quotes.
fn split_last_dotted(text: &str) -> &str {
    let mut in_quotes = false;
    let mut last_dot = None;
    for (i, c) in text.char_indices() {
        match c {
            '"' => in_quotes = !in_quotes,
            '.' if !in_quotes => last_dot = Some(i),
            _ => {}
        }
    }
    match last_dot {
        Some(i) => text.get(i + 1..).unwrap_or(text),
        None => text,
    }
}

fn node_name(node: &SyntaxNode) -> String {
    normalize(&node.text().to_string())
}

fn range_of(node: &SyntaxNode) -> Range {
    let start = node
        .children_with_tokens()
        .find(|x| !x.kind().is_trivia())
        .map_or(node.text_range().start(), |x| x.text_range().start());
    usize::from(start)..usize::from(node.text_range().end())
}

fn relation_table(rel: Option<ast::TableRelationName>) -> String {
    rel.and_then(|r| r.table_name_ref())
        .map(|t| node_name(t.syntax()))
        .unwrap_or_default()
}

/// Reads the facts of every statement in a parsed unit. Text the PostgreSQL grammar
/// does not accept (SQLite's `PRAGMA`) becomes a statement of its own up to the next `;`.
pub(crate) fn read(file: &ast::SourceFile) -> Vec<Statement> {
    let mut out = Vec::new();
    let mut pending: Option<(Range, String)> = None;
    let flush = |pending: &mut Option<(Range, String)>, out: &mut Vec<Statement>| {
        if let Some((range, text)) = pending.take() {
            out.push(unparsed(range, &text));
        }
    };
    for el in file.syntax().children_with_tokens() {
        if let Some(stmt) = el.as_node().and_then(|n| ast::Stmt::cast(n.clone())) {
            flush(&mut pending, &mut out);
            out.push(read_one(&stmt));
            continue;
        }
        let kind = el.kind();
        if matches!(kind, SyntaxKind::EMPTY_STMT | SyntaxKind::SEMICOLON) {
            flush(&mut pending, &mut out);
            continue;
        }
        let text = match (el.as_node(), el.as_token()) {
            (Some(n), _) => n.text().to_string(),
            (_, Some(t)) => t.text().to_owned(),
            _ => String::new(),
        };
        let r = el.text_range();
        let range = usize::from(r.start())..usize::from(r.end());
        match &mut pending {
            Some((pr, pt)) => {
                pr.end = range.end;
                pt.push_str(&text);
            }
            None if !kind.is_trivia() => pending = Some((range, text)),
            None => {}
        }
    }
    flush(&mut pending, &mut out);
    merge_sqlite_insert(&mut out);
    out
}

/// SQLite's `INSERT OR IGNORE INTO t ..` parses as an `INSERT` that stops at `OR`, and
/// text up to the `;`: one `INSERT` into `t`.
fn merge_sqlite_insert(statements: &mut Vec<Statement>) {
    let mut i = 0;
    while i + 1 < statements.len() {
        let (head, tail) = statements.split_at_mut(i + 1);
        if let (Some(a), Some(b)) = (head.last_mut(), tail.first())
            && a.kind == (Kind::Dml { table: None })
            && a.range.end <= b.range.start
            && let Kind::Dml { table: Some(t) } = &b.kind
        {
            a.kind = Kind::Dml {
                table: Some(t.clone()),
            };
            a.range.end = b.range.end;
            statements.remove(i + 1);
            continue;
        }
        i += 1;
    }
}

/// A statement the parser did not recognise.
fn unparsed(range: Range, text: &str) -> Statement {
    let lower = text.to_ascii_lowercase();
    let words: Vec<&str> = lower.split_whitespace().take(2).collect();
    let kind = match words.as_slice() {
        ["pragma", rest, ..] if rest.starts_with("foreign_keys") => Kind::PragmaForeignKeys,
        // SQLite's `INSERT OR IGNORE INTO t ..` (the part after `INSERT`), `REPLACE INTO t ..`.
        ["insert" | "replace", ..] | ["or", ..] if lower.contains(" into ") => Kind::Dml {
            table: sqlite_insert_table(text),
        },
        _ => Kind::Other,
    };
    let first = words.first().copied().unwrap_or("");
    Statement {
        range,
        kind,
        ddl_keyword: matches!(first, "create" | "alter" | "drop" | "truncate"),
        slow: false,
        transaction: None,
        copies: false,
        creates_other_object: false,
    }
}

fn read_one(stmt: &ast::Stmt) -> Statement {
    let syntax = stmt.syntax();
    let kind = match stmt {
        ast::Stmt::CreateTable(c) => Kind::CreateTable {
            table: c
                .table_name()
                .map(|t| node_name(t.syntax()))
                .unwrap_or_default(),
        },
        // `CREATE TABLE .. AS SELECT`: a new table too (a copy, in a rebuild).
        ast::Stmt::CreateTableAs(c) => Kind::CreateTable {
            table: c
                .table_name()
                .map(|t| node_name(t.syntax()))
                .unwrap_or_default(),
        },
        ast::Stmt::AlterTable(a) => Kind::AlterTable {
            table: relation_table(a.table_relation_name()),
            actions: a.actions().map(|x| action(&x)).collect(),
        },
        ast::Stmt::CreateIndex(c) => Kind::CreateIndex {
            table: relation_table(c.table_relation_name()),
            concurrently: c.concurrently_token().is_some(),
            unique: c.unique_token().is_some(),
        },
        ast::Stmt::DropIndex(d) => Kind::DropIndex {
            concurrently: d.concurrently_token().is_some(),
        },
        ast::Stmt::DropTable(d) => Kind::DropTable {
            tables: d.table_name_refs().map(|t| node_name(t.syntax())).collect(),
            if_exists: d.if_exists().is_some(),
        },
        ast::Stmt::Truncate(t) => Kind::Truncate {
            tables: t
                .table_list()
                .map(|l| {
                    l.table_relation_names()
                        .map(|r| relation_table(Some(r)))
                        .collect()
                })
                .unwrap_or_default(),
        },
        ast::Stmt::Begin(_) | ast::Stmt::Commit(_) | ast::Stmt::Rollback(_) => {
            Kind::TransactionControl
        }
        ast::Stmt::Set(s) => {
            let text = s.syntax().text().to_string().to_ascii_lowercase();
            let lock = text.contains("lock_timeout");
            let statement = text.contains("statement_timeout");
            if lock || statement {
                Kind::SetTimeout { lock, statement }
            } else {
                Kind::Other
            }
        }
        ast::Stmt::Insert(_) | ast::Stmt::Update(_) | ast::Stmt::Delete(_) => Kind::Dml {
            table: dml_table(syntax),
        },
        _ => classify_text(syntax),
    };
    let ddl_keyword = starts_with_ddl_keyword(syntax);
    let transaction = match stmt {
        ast::Stmt::Begin(_) => Some(true),
        ast::Stmt::Commit(_) | ast::Stmt::Rollback(_) => Some(false),
        _ => None,
    };
    Statement {
        range: range_of(syntax),
        kind,
        ddl_keyword,
        slow: squawk_linter::analyze::possibly_slow_stmt(stmt),
        transaction,
        copies: matches!(stmt, ast::Stmt::CreateTableAs(_)),
        creates_other_object: creates_other_object(stmt),
    }
}

/// A statement on an object that is not a table (`CREATE EXTENSION`, `CREATE TYPE`,
/// `ALTER ROLE`...): it takes no lock on an existing table.
fn creates_other_object(stmt: &ast::Stmt) -> bool {
    matches!(
        stmt,
        ast::Stmt::CreateExtension(_)
            | ast::Stmt::CreateType(_)
            | ast::Stmt::CreateFunction(_)
            | ast::Stmt::CreateProcedure(_)
            | ast::Stmt::CreateAggregate(_)
            | ast::Stmt::CreateView(_)
            | ast::Stmt::CreateSchema(_)
            | ast::Stmt::CreateSequence(_)
            | ast::Stmt::CreateDomain(_)
            | ast::Stmt::CreateCollation(_)
            | ast::Stmt::CreateCast(_)
            | ast::Stmt::CreateConversion(_)
            | ast::Stmt::CreateLanguage(_)
            | ast::Stmt::CreateOperator(_)
            | ast::Stmt::CreateOperatorClass(_)
            | ast::Stmt::CreateOperatorFamily(_)
            | ast::Stmt::CreateRole(_)
            | ast::Stmt::CreateUser(_)
            | ast::Stmt::CreateGroup(_)
            | ast::Stmt::CreateTextSearchConfiguration(_)
            | ast::Stmt::CreateTextSearchDictionary(_)
            | ast::Stmt::CreateTextSearchParser(_)
            | ast::Stmt::CreateTextSearchTemplate(_)
            // Roles, privileges and routines: no table is locked.
            | ast::Stmt::AlterRole(_)
            | ast::Stmt::AlterUser(_)
            | ast::Stmt::AlterGroup(_)
            | ast::Stmt::AlterDefaultPrivileges(_)
            | ast::Stmt::AlterFunction(_)
            | ast::Stmt::AlterProcedure(_)
            | ast::Stmt::AlterRoutine(_)
            | ast::Stmt::AlterAggregate(_)
            | ast::Stmt::AlterExtension(_)
            | ast::Stmt::AlterLanguage(_)
            | ast::Stmt::AlterCollation(_)
            | ast::Stmt::AlterConversion(_)
    )
}

/// Statements squawk's PostgreSQL parser does not know (SQLite's `PRAGMA`).
fn classify_text(syntax: &SyntaxNode) -> Kind {
    let text = syntax.text().to_string().to_ascii_lowercase();
    let words: Vec<&str> = text.split_whitespace().take(2).collect();
    match words.as_slice() {
        ["pragma", rest, ..] if rest.starts_with("foreign_keys") => Kind::PragmaForeignKeys,
        _ => Kind::Other,
    }
}

fn starts_with_ddl_keyword(syntax: &SyntaxNode) -> bool {
    let text = syntax.text().to_string();
    let first = text
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    matches!(
        first.as_str(),
        "create" | "alter" | "drop" | "truncate" | "comment" | "reindex" | "cluster" | "vacuum"
    )
}

/// The table of SQLite's `INSERT OR <action> INTO t` / `REPLACE INTO t`.
fn sqlite_insert_table(text: &str) -> Option<String> {
    let mut words = text.split_whitespace();
    while let Some(w) = words.next() {
        if w.eq_ignore_ascii_case("into") {
            let name = words.next()?;
            return Some(normalize(name.split('(').next().unwrap_or(name)));
        }
    }
    None
}

/// The table after `INSERT INTO`, `UPDATE` or `DELETE FROM`.
fn dml_table(syntax: &SyntaxNode) -> Option<String> {
    let text = syntax.text().to_string();
    let mut words = text.split_whitespace();
    let first = words.next()?.to_ascii_lowercase();
    let name = match first.as_str() {
        "insert" => return sqlite_insert_table(&text),
        "delete" => {
            words.next()?;
            words.next()?
        }
        "update" => words.next()?,
        _ => return None,
    };
    let name = name.split('(').next().unwrap_or(name);
    Some(normalize(name))
}

fn action(a: &ast::AlterTableAction) -> Action {
    let what = match a {
        ast::AlterTableAction::AddColumn(c) => add_column(c),
        ast::AlterTableAction::DropColumn(d) => ActionKind::DropColumn {
            column: d
                .column_name_ref()
                .map(|c| node_name(c.syntax()))
                .unwrap_or_default(),
        },
        ast::AlterTableAction::AlterColumn(c) => ActionKind::AlterColumn {
            column: c
                .column_name_ref()
                .map(|c| node_name(c.syntax()))
                .unwrap_or_default(),
        },
        ast::AlterTableAction::AddConstraint(c) => {
            let references = match c.constraint() {
                Some(ast::Constraint::ForeignKeyConstraint(f)) => {
                    f.table_name_ref().map(|t| node_name(t.syntax()))
                }
                Some(ast::Constraint::ReferencesConstraint(r)) => {
                    r.table().map(|t| node_name(t.syntax()))
                }
                _ => None,
            };
            ActionKind::AddConstraint {
                foreign_key: matches!(
                    c.constraint(),
                    Some(ast::Constraint::ForeignKeyConstraint(_))
                        | Some(ast::Constraint::ReferencesConstraint(_))
                ),
                references,
            }
        }
        ast::AlterTableAction::DropConstraint(_) => ActionKind::DropConstraint,
        ast::AlterTableAction::RenameColumn(r) => ActionKind::RenameColumn {
            from: r
                .column_name_ref()
                .map(|c| node_name(c.syntax()))
                .unwrap_or_default(),
            to: r
                .column_name()
                .map(|c| node_name(c.syntax()))
                .unwrap_or_default(),
        },
        ast::AlterTableAction::TableRenameTo(r) => ActionKind::RenameTable {
            to: r
                .table_name()
                .map(|n| node_name(n.syntax()))
                .unwrap_or_default(),
        },
        _ => ActionKind::Other,
    };
    Action {
        range: range_of(a.syntax()),
        what,
    }
}

fn add_column(c: &ast::AddColumn) -> ActionKind {
    let mut not_null = false;
    let mut default = None;
    let mut primary_key = false;
    let mut unique = false;
    let mut references = false;
    let mut generated = false;
    for constraint in c.constraints() {
        match constraint {
            ast::Constraint::NotNullConstraint(_) => not_null = true,
            ast::Constraint::PrimaryKeyConstraint(_) => primary_key = true,
            ast::Constraint::UniqueConstraint(_) => unique = true,
            ast::Constraint::ReferencesConstraint(_) | ast::Constraint::ForeignKeyConstraint(_) => {
                references = true
            }
            ast::Constraint::GeneratedConstraint(_) => generated = true,
            ast::Constraint::DefaultConstraint(d) => default = Some(default_kind(&d)),
            _ => {}
        }
    }
    // `AUTOINCREMENT` / `serial` types behave like a generated key.
    let ty = c
        .ty()
        .map(|t| t.syntax().text().to_string().to_ascii_lowercase())
        .unwrap_or_default();
    if ty.contains("serial") {
        default = Some(DefaultKind::Expression);
        not_null = true;
    }
    ActionKind::AddColumn {
        column: c
            .column_name()
            .map(|n| node_name(n.syntax()))
            .unwrap_or_default(),
        not_null,
        default,
        primary_key,
        unique,
        references,
        generated,
    }
}

fn default_kind(d: &ast::DefaultConstraint) -> DefaultKind {
    let Some(expr) = d.expr() else {
        return DefaultKind::Expression;
    };
    if super::placeholder::is_default(&expr.syntax().text().to_string()) {
        return DefaultKind::Unknown;
    }
    match expr {
        ast::Expr::Literal(l) => {
            if l.syntax().text().to_string().eq_ignore_ascii_case("null") {
                DefaultKind::Null
            } else {
                DefaultKind::Constant
            }
        }
        ast::Expr::PrefixExpr(p)
            if p.syntax()
                .descendants()
                .skip(1)
                .all(|n| ast::Literal::can_cast(n.kind()) || n.kind() == SyntaxKind::LITERAL) =>
        {
            DefaultKind::Constant
        }
        _ => DefaultKind::Expression,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(sql: &str) -> Vec<Statement> {
        read(&squawk_syntax::SourceFile::parse(sql).tree())
    }

    #[test]
    fn reads_alter_table_actions() {
        let f = facts(
            "ALTER TABLE \"Users\" ADD COLUMN x int NOT NULL DEFAULT 0, DROP COLUMN y;\nCREATE INDEX CONCURRENTLY i ON public.t (a);",
        );
        let Kind::AlterTable { table, actions } = &f[0].kind else {
            panic!("{f:?}")
        };
        assert_eq!(table, "Users");
        assert!(matches!(
            actions[0].what,
            ActionKind::AddColumn {
                not_null: true,
                default: Some(DefaultKind::Constant),
                ..
            }
        ));
        assert!(matches!(actions[1].what, ActionKind::DropColumn { .. }));
        assert_eq!(
            f[1].kind,
            Kind::CreateIndex {
                table: "t".into(),
                concurrently: true,
                unique: false
            }
        );
    }

    #[test]
    fn normalizes_names() {
        assert_eq!(normalize("public.\"Users\""), "Users");
        assert_eq!(normalize("FOO"), "foo");
    }
}
