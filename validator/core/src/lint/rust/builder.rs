//! Turns sea-query builder chains written in a migration (`Table::alter().table(..)
//! .add_column(..)`) into the PostgreSQL-flavoured SQL they render to, so the SQL rules
//! are written once. Only what changes a rule's verdict is rendered faithfully: names,
//! column nullability, defaults, keys, `IF [NOT] EXISTS`, `UNIQUE`. What cannot be read
//! is reported, never guessed.

use std::collections::HashMap;

use heck::ToSnakeCase;
use syn::{Expr, ExprCall, ExprMethodCall, ExprPath, Lit};

use super::column::{Column, code_text, default_sql, path_text, quote, type_of};
use super::entities::{Entities, Uses};
use crate::sql::placeholder;

/// `(enum, variant)` to the identifier `DeriveIden` gives it.
pub(crate) type Idens = HashMap<(String, String), String>;

/// The type each column was last given by a builder statement, by (table, column): a
/// `modify_column` that keeps the type is not a type change.
pub(crate) type Types = HashMap<(String, String), String>;

/// What names resolve against: `DeriveIden` enums, entities, the file's `use` lines.
#[derive(Clone, Copy)]
pub(crate) struct Scope<'a> {
    pub(crate) idens: &'a Idens,
    pub(crate) entities: &'a Entities,
    pub(crate) uses: &'a Uses,
    /// The file the code is in.
    pub(crate) file: &'a std::path::Path,
    /// The crate's `const` items holding literals (names of tables, columns, SQL).
    pub(crate) consts: &'a Consts,
}

/// The crate's `const`/`static` items holding a literal or an array of literals.
#[derive(Default)]
pub(crate) struct Consts {
    /// By the file defining them and their name.
    pub(crate) by_file: HashMap<(std::path::PathBuf, String), Expr>,
    /// By name, for names defined once in the crate.
    pub(crate) unique: HashMap<String, Expr>,
}

impl Consts {
    /// The value of `name` as code in `file` (with `uses`) sees it: its own file's item,
    /// else the crate's only item of that name when the file imports it.
    pub(crate) fn get(&self, file: &std::path::Path, uses: &Uses, name: &str) -> Option<&Expr> {
        self.by_file
            .get(&(file.to_path_buf(), name.to_owned()))
            .or_else(|| uses.imports(name).then(|| self.unique.get(name)).flatten())
    }
}

/// What a builder call became.
pub(crate) struct Rendered {
    pub(crate) sql: String,
    /// Parts that could not be read (each a short description).
    pub(crate) unknown: Vec<String>,
}

struct Ctx<'a> {
    scope: Scope<'a>,
    locals: &'a HashMap<String, Expr>,
    types: &'a mut Types,
    unknown: Vec<String>,
}

/// Renders the argument of a `SchemaManager` method (`create_table`, `alter_table`, ...).
pub(crate) fn render(
    method: &str,
    arg: &Expr,
    scope: Scope<'_>,
    locals: &HashMap<String, Expr>,
    types: &mut Types,
) -> Option<Rendered> {
    let mut cx = Ctx {
        scope,
        locals,
        types,
        unknown: Vec::new(),
    };
    let (mut root, mut calls) = chain(arg, locals);
    // `backend.build(&stmt)`, `builder.build(stmt)`: the statement is the argument.
    if let Some((_, args)) = calls.iter().find(|(m, _)| m == "build")
        && let [stmt] = args.as_slice()
    {
        let (inner_root, inner_calls) = chain(stmt, locals);
        if !inner_root.is_empty() || has(&inner_calls, "create_table_from_entity") {
            (root, calls) = (inner_root, inner_calls);
        }
    }
    calls.retain(|(m, _)| m != "build");
    if let Some(entity) = first_arg(&calls, "create_table_from_entity") {
        // `Schema::new(backend).create_table_from_entity(user::Entity)`: the entity's
        // table, with columns the reader does not list.
        let table = cx.table(entity);
        let if_not_exists = has(&calls, "if_not_exists");
        return Some(Rendered {
            sql: format!(
                "CREATE TABLE {}{} ()",
                if if_not_exists { "IF NOT EXISTS " } else { "" },
                quote(&table)
            ),
            unknown: cx.unknown,
        });
    }
    let sql = match (method, root.as_str()) {
        ("create_table" | "exec_stmt" | "execute", "Table::create" | "table_auto") => {
            create_table(&mut cx, &root, &calls)
        }
        ("alter_table" | "exec_stmt" | "execute", "Table::alter") => alter_table(&mut cx, &calls),
        ("drop_table" | "exec_stmt" | "execute", "Table::drop") => drop_table(&mut cx, &calls),
        ("rename_table" | "exec_stmt" | "execute", "Table::rename") => {
            rename_table(&mut cx, &calls)
        }
        ("truncate_table" | "exec_stmt" | "execute", "Table::truncate") => {
            let tables: Vec<String> = args_of(&calls, "table")
                .filter_map(|a| a.first().map(|e| cx.table(e)))
                .collect();
            format!("TRUNCATE TABLE {}", tables.join(", "))
        }
        ("create_index" | "exec_stmt" | "execute", "Index::create") => {
            create_index(&mut cx, &calls)
        }
        ("drop_index" | "exec_stmt" | "execute", "Index::drop") => {
            let name = first_arg(&calls, "name").map_or_else(|| "?".to_owned(), |e| cx.name(e));
            let if_exists = has(&calls, "if_exists");
            format!(
                "DROP INDEX {}{}{}",
                if has(&calls, "concurrently") {
                    "CONCURRENTLY "
                } else {
                    ""
                },
                if if_exists { "IF EXISTS " } else { "" },
                quote(&name)
            )
        }
        ("create_foreign_key" | "exec_stmt" | "execute", "ForeignKey::create") => {
            let fk = foreign_key(&mut cx, &calls);
            format!("ALTER TABLE {} ADD {}", quote(&fk.from_table), fk.sql)
        }
        ("drop_foreign_key" | "exec_stmt" | "execute", "ForeignKey::drop") => {
            let name = first_arg(&calls, "name").map_or_else(|| "?".to_owned(), |e| cx.name(e));
            let table = cx.table_arg(&calls);
            format!(
                "ALTER TABLE {} DROP CONSTRAINT {}",
                quote(&table),
                quote(&name)
            )
        }
        ("create_type" | "exec_stmt" | "execute", "Type::create") => {
            let name = first_arg(&calls, "as_enum").map_or_else(|| "?".to_owned(), |e| cx.name(e));
            format!("CREATE TYPE {} AS ENUM ()", quote(&name))
        }
        ("drop_type" | "exec_stmt" | "execute", "Type::drop") => {
            let names: Vec<String> = args_of(&calls, "name")
                .filter_map(|a| a.first().map(|e| quote(&cx.name(e))))
                .collect();
            format!("DROP TYPE {}", names.join(", "))
        }
        ("alter_type" | "exec_stmt" | "execute", "Type::alter") => {
            let name = first_arg(&calls, "name").map_or_else(|| "?".to_owned(), |e| cx.name(e));
            match first_arg(&calls, "add_value") {
                Some(v) => format!("ALTER TYPE {} ADD VALUE '{}'", quote(&name), cx.name(v)),
                None => format!("ALTER TYPE {} OWNER TO CURRENT_USER", quote(&name)),
            }
        }
        ("exec_stmt" | "execute", "Query::insert") => insert(&mut cx, &calls)?,
        ("exec_stmt" | "execute", "Query::update") => update(&mut cx, &calls),
        ("exec_stmt" | "execute", "Query::delete") => {
            let table = first_arg(&calls, "from_table")
                .map_or_else(|| placeholder::table("?"), |e| cx.table(e));
            format!("DELETE FROM {}{}", quote(&table), where_clause(&calls))
        }
        _ => return None,
    };
    Some(Rendered {
        sql,
        unknown: cx.unknown,
    })
}

type Calls = Vec<(String, Vec<Expr>)>;

/// How many `let` bindings a name is followed through.
const MAX_HOPS: usize = 8;

/// Flattens `Root::f().a(x).b(y)` into (`Root::f`, [(a, [x]), (b, [y])]); follows
/// local `let` bindings and ignores `.to_owned()`, `.take()`, `&mut`.
fn chain(expr: &Expr, locals: &HashMap<String, Expr>) -> (String, Calls) {
    let mut calls = Vec::new();
    let mut cur = expr.clone();
    let mut hops = 0;
    loop {
        match cur {
            Expr::MethodCall(ExprMethodCall {
                receiver,
                method,
                args,
                ..
            }) => {
                calls.push((method.to_string(), args.into_iter().collect()));
                cur = *receiver;
            }
            Expr::Reference(r) => cur = *r.expr,
            Expr::Paren(p) => cur = *p.expr,
            Expr::Path(ref p) => match bound(p, locals) {
                // `let table = table.to_owned();` binds a name to itself: stop.
                Some(e) if hops < MAX_HOPS => {
                    hops += 1;
                    cur = e.clone();
                }
                _ => break,
            },
            _ => break,
        }
    }
    calls.reverse();
    calls.retain(|(m, _)| !matches!(m.as_str(), "to_owned" | "take" | "clone" | "into"));
    let root = match &cur {
        Expr::Call(ExprCall { func, args, .. }) => {
            let path = path_text(func);
            let tail: Vec<&str> = path.rsplit("::").take(2).collect();
            let root = match tail.as_slice() {
                [f, ty] => format!("{ty}::{f}"),
                [f] => (*f).to_owned(),
                _ => path.clone(),
            };
            if root == "table_auto" {
                calls.insert(0, ("table".to_owned(), args.iter().cloned().collect()));
            }
            root
        }
        _ => String::new(),
    };
    (root, calls)
}

fn has(calls: &Calls, m: &str) -> bool {
    calls.iter().any(|(n, _)| n == m)
}

fn args_of<'a>(calls: &'a Calls, m: &'a str) -> impl Iterator<Item = &'a Vec<Expr>> + 'a {
    calls.iter().filter(move |(n, _)| n == m).map(|(_, a)| a)
}

fn first_arg<'a>(calls: &'a Calls, m: &str) -> Option<&'a Expr> {
    calls
        .iter()
        .find(|(n, _)| n == m)
        .and_then(|(_, a)| a.first())
}

impl Ctx<'_> {
    /// The identifier an expression names: a string literal, `Alias::new("x")`, or a
    /// `DeriveIden` enum variant (`Users::Table` is `users`).
    fn name(&mut self, e: &Expr) -> String {
        match self.try_name(e) {
            Some(n) => n,
            None => {
                self.unknown.push(format!(
                    "a name given as `{}`",
                    quote::ToTokens::to_token_stream(e)
                ));
                "?".to_owned()
            }
        }
    }

    /// The table an expression names: as [`Ctx::name`], or an entity's table
    /// (`user::Entity`); a placeholder that no rule takes for an existing table when it
    /// cannot be resolved.
    fn table(&mut self, e: &Expr) -> String {
        if let Some(n) = self.try_name(e) {
            return n;
        }
        let code = quote::ToTokens::to_token_stream(e)
            .to_string()
            .replace(' ', "");
        if entity_path(e).is_some() {
            self.unknown.push(format!(
                "the table of `{code}` (its entity source was not found)"
            ));
        } else {
            self.unknown.push(format!("a table given as `{code}`"));
        }
        placeholder::table(&code)
    }

    /// The `.table(..)` of a statement, or an unknown table.
    fn table_arg(&mut self, calls: &Calls) -> String {
        match first_arg(calls, "table") {
            Some(e) => self.table(e),
            None => placeholder::table("?"),
        }
    }

    fn try_name(&self, e: &Expr) -> Option<String> {
        self.try_name_within(e, 0)
    }

    fn try_name_within(&self, e: &Expr, hops: usize) -> Option<String> {
        if hops > MAX_HOPS {
            return None;
        }
        let next = hops + 1;
        match e {
            Expr::Lit(l) => match &l.lit {
                Lit::Str(s) => Some(s.value()),
                _ => None,
            },
            Expr::Reference(r) => self.try_name_within(&r.expr, next),
            Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => {
                self.try_name_within(&u.expr, next)
            }
            Expr::Paren(p) => self.try_name_within(&p.expr, next),
            Expr::Tuple(t) => t.elems.first().and_then(|x| self.try_name_within(x, next)),
            Expr::MethodCall(m) => self.try_name_within(&m.receiver, next),
            Expr::Call(c) => {
                let f = path_text(&c.func);
                if f.ends_with("new") || f.ends_with("from") {
                    c.args.first().and_then(|a| self.try_name_within(a, next))
                } else {
                    None
                }
            }
            Expr::Path(p) => {
                let segs: Vec<String> = p
                    .path
                    .segments
                    .iter()
                    .map(|s| s.ident.to_string())
                    .collect();
                if let Some(path) = entity_path(e) {
                    return self
                        .scope
                        .entities
                        .table(&path, self.scope.uses, self.scope.file);
                }
                match segs.as_slice() {
                    [.., ty, variant] => {
                        if let Some(n) = self.scope.idens.get(&(ty.clone(), variant.clone())) {
                            return Some(n.clone());
                        }
                        Some(if variant == "Table" {
                            ty.to_snake_case()
                        } else {
                            variant.to_snake_case()
                        })
                    }
                    [one] => match self
                        .locals
                        .get(one)
                        .or_else(|| self.scope.consts.get(self.scope.file, self.scope.uses, one))
                    {
                        Some(x) => self.try_name_within(x, next),
                        // A re-exported entity (`use entity::prelude::*; .table(Cake)`).
                        None => self
                            .scope
                            .entities
                            .table(&segs, self.scope.uses, self.scope.file),
                    },
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// A column definition: `ColumnDef::new(c).integer().not_null()` or a
    /// `sea_orm_migration::schema` helper (`string_null(c)`), plus modifiers.
    fn column(&mut self, e: &Expr) -> Column {
        let (root, calls) = chain(e, self.locals);
        let mut col = Column::default();
        let helper = root.rsplit("::").next().unwrap_or("").to_owned();
        let root_args: Vec<Expr> = match strip(e, self.locals) {
            Expr::Call(c) => c.args.iter().cloned().collect(),
            _ => Vec::new(),
        };
        // The column's name: the first argument that names one (a helper of the
        // project's may take the manager first). A column whose name is unknown gets a
        // placeholder of its own, never a name another column could share.
        let named = root_args.iter().find_map(|a| self.try_name(a));
        match named {
            Some(n) => col.name = n,
            None => {
                let code = quote::ToTokens::to_token_stream(e)
                    .to_string()
                    .replace(' ', "");
                self.unknown
                    .push(format!("the name of the column built by `{code}`"));
                col.name = placeholder::table(&code);
            }
        }
        if root != "ColumnDef::new" {
            self.helper(&helper, &mut col);
        }
        // Both `.null()` and `.not_null()`: calls from the two branches of an `if` on a
        // value known only at run time were added to the same builder; which one runs is
        // unknown.
        let both = has(&calls, "null") && has(&calls, "not_null");
        if both {
            self.unknown.push(format!(
                "whether `{}` is nullable (decided at run time)",
                col.name
            ));
        }
        for (m, args) in &calls {
            match m.as_str() {
                "not_null" | "null" if both => col.not_null = None,
                "not_null" => col.not_null = Some(true),
                "null" => col.not_null = Some(false),
                "primary_key" => col.primary_key = true,
                "unique_key" => col.unique = true,
                "auto_increment" => col.auto_increment = true,
                "default" => col.default = args.first().map(default_sql),
                "generated" => col.generated = true,
                "extra" | "comment" | "check" | "get_column_def" => {}
                other => {
                    if let Some(ty) = type_of(other) {
                        col.ty = ty.to_owned();
                    } else {
                        self.unknown.push(format!("column method `.{other}()`"));
                    }
                }
            }
        }
        col
    }

    /// Remembers the type a statement gives a column.
    fn remember(&mut self, table: &str, col: &Column) {
        if !col.ty.is_empty() {
            self.types
                .insert((table.to_owned(), col.name.clone()), col.ty.clone());
        }
    }

    fn helper(&mut self, helper: &str, col: &mut Column) {
        let (base, suffix) = if let Some(b) = helper.strip_suffix("_null") {
            (b, "null")
        } else if let Some(b) = helper.strip_suffix("_uniq") {
            (b, "uniq")
        } else if let Some(b) = helper.strip_suffix("_default_now") {
            (b, "now")
        } else {
            (helper, "")
        };
        match base {
            "pk_auto" => {
                col.ty = "integer".into();
                col.auto_increment = true;
                col.primary_key = true;
            }
            "big_pk_auto" => {
                col.ty = "bigint".into();
                col.auto_increment = true;
                col.primary_key = true;
            }
            "pk_uuid" => {
                col.ty = "uuid".into();
                col.primary_key = true;
            }
            other => match type_of(other.strip_suffix("_len").unwrap_or(other)) {
                Some(ty) => col.ty = ty.to_owned(),
                None => {
                    self.unknown.push(format!("column helper `{helper}`"));
                    return;
                }
            },
        }
        match suffix {
            "null" => col.not_null = Some(false),
            "uniq" => {
                col.not_null = Some(true);
                col.unique = true;
            }
            "now" => {
                col.not_null = Some(true);
                col.default = Some("CURRENT_TIMESTAMP".into());
            }
            _ if !col.primary_key => col.not_null = Some(true),
            _ => {}
        }
    }
}

/// Whether `e` (through `let` bindings) is a sea-query statement builder
/// (`Index::create()`, `Table::alter()`, ..), which later statements may add to.
pub(crate) fn is_builder(e: &Expr, locals: &HashMap<String, Expr>) -> bool {
    let (root, _) = chain(e, locals);
    matches!(
        root.as_str(),
        "Table::create"
            | "Query::insert"
            | "Query::update"
            | "Query::delete"
            | "Query::select"
            | "Table::alter"
            | "Table::drop"
            | "Table::rename"
            | "Table::truncate"
            | "Index::create"
            | "Index::drop"
            | "ForeignKey::create"
            | "ForeignKey::drop"
            | "Type::create"
            | "Type::alter"
            | "Type::drop"
            | "ColumnDef::new"
    )
}

/// The segments of a path naming an entity (`user::Entity`, `Entity`).
fn entity_path(e: &Expr) -> Option<Vec<String>> {
    match e {
        Expr::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Entity") => Some(
            p.path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect(),
        ),
        Expr::Reference(r) => entity_path(&r.expr),
        Expr::Paren(p) => entity_path(&p.expr),
        _ => None,
    }
}

/// What a plain local name (`table`, not `a::b`) was bound to by a `let`.
fn bound<'a>(path: &ExprPath, locals: &'a HashMap<String, Expr>) -> Option<&'a Expr> {
    let name = path.path.get_ident()?;
    locals.get(&name.to_string())
}

fn strip(e: &Expr, locals: &HashMap<String, Expr>) -> Expr {
    let mut cur = e.clone();
    let mut hops = 0;
    loop {
        match cur {
            Expr::MethodCall(m) => cur = *m.receiver,
            Expr::Reference(r) => cur = *r.expr,
            Expr::Paren(p) => cur = *p.expr,
            Expr::Path(ref p) => match bound(p, locals) {
                Some(x) if hops < MAX_HOPS => {
                    hops += 1;
                    cur = x.clone();
                }
                _ => return cur,
            },
            other => return other,
        }
    }
}

struct ForeignKey {
    from_table: String,
    sql: String,
}

fn foreign_key(cx: &mut Ctx<'_>, calls: &Calls) -> ForeignKey {
    let name = first_arg(calls, "name").map(|e| cx.name(e));
    let (mut from_table, mut from_cols) = (placeholder::table("?"), Vec::new());
    let (mut to_table, mut to_cols) = (placeholder::table("?"), Vec::new());
    let mut actions = String::new();
    for (m, args) in calls {
        match (m.as_str(), args.as_slice()) {
            ("from" | "from_tbl" | "from_col", _) | ("to" | "to_tbl" | "to_col", _) => {
                let from = m.starts_with("from");
                let (table, cols) = if from {
                    (&mut from_table, &mut from_cols)
                } else {
                    (&mut to_table, &mut to_cols)
                };
                match (m.as_str(), args.as_slice()) {
                    ("from_tbl" | "to_tbl", [t]) => *table = cx.table(t),
                    ("from_col" | "to_col", [c]) => cols.push(cx.name(c)),
                    (_, [t, c]) => {
                        *table = cx.table(t);
                        cols.push(cx.name(c));
                    }
                    _ => {}
                }
            }
            ("on_delete" | "on_update", [a]) => {
                let action = path_text(a);
                let action = action
                    .rsplit("::")
                    .next()
                    .unwrap_or("NoAction")
                    .to_snake_case()
                    .replace('_', " ")
                    .to_uppercase();
                actions.push_str(&format!(
                    " ON {} {action}",
                    if m == "on_delete" { "DELETE" } else { "UPDATE" }
                ));
            }
            _ => {}
        }
    }
    // Columns the code does not name statically (a helper's parameters) stay unknown, as
    // a placeholder that still parses: never an empty, unparsable column list.
    for cols in [&mut from_cols, &mut to_cols] {
        if cols.is_empty() {
            cols.push(placeholder::table("?"));
        }
    }
    let cols = |v: &Vec<String>| v.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "{}FOREIGN KEY ({}) REFERENCES {} ({}){actions}",
        name.map(|n| format!("CONSTRAINT {} ", quote(&n)))
            .unwrap_or_default(),
        cols(&from_cols),
        quote(&to_table),
        cols(&to_cols)
    );
    ForeignKey { from_table, sql }
}

fn create_table(cx: &mut Ctx<'_>, root: &str, calls: &Calls) -> String {
    let table = cx.table_arg(calls);
    let if_not_exists = has(calls, "if_not_exists") || root == "table_auto";
    let mut parts = Vec::new();
    for (m, args) in calls {
        match m.as_str() {
            "col" | "column" => {
                if let Some(a) = args.first() {
                    let col = cx.column(a);
                    cx.remember(&table, &col);
                    parts.push(col.sql());
                }
            }
            "primary_key" => {
                if let Some(a) = args.first() {
                    let (_, idx) = chain(a, cx.locals);
                    let cols: Vec<String> = args_of(&idx, "col")
                        .filter_map(|x| x.first().map(|e| quote(&cx.name(e))))
                        .collect();
                    parts.push(format!("PRIMARY KEY ({})", cols.join(", ")));
                }
            }
            "foreign_key" => {
                if let Some(a) = args.first() {
                    let (_, fk) = chain(a, cx.locals);
                    parts.push(foreign_key(cx, &fk).sql);
                }
            }
            "table" | "if_not_exists" | "index" | "comment" | "temporary" | "extra" | "engine"
            | "collate" | "character_set" => {}
            other => cx.unknown.push(format!("table method `.{other}()`")),
        }
    }
    if root == "table_auto" {
        parts.push("\"created_at\" timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP".to_owned());
        parts.push("\"updated_at\" timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP".to_owned());
    }
    format!(
        "CREATE TABLE {}{} ( {} )",
        if if_not_exists { "IF NOT EXISTS " } else { "" },
        quote(&table),
        parts.join(", ")
    )
}

fn alter_table(cx: &mut Ctx<'_>, calls: &Calls) -> String {
    let table = cx.table_arg(calls);
    let mut actions = Vec::new();
    for (m, args) in calls {
        match (m.as_str(), args.as_slice()) {
            ("table", _) => {}
            ("add_column" | "add_column_if_not_exists", [c]) => {
                let col = cx.column(c);
                cx.remember(&table, &col);
                actions.push(format!(
                    "ADD COLUMN {}{}",
                    if m == "add_column" {
                        ""
                    } else {
                        "IF NOT EXISTS "
                    },
                    col.sql()
                ));
            }
            ("modify_column", [c]) => {
                // As sea-query renders it for PostgreSQL: the type, then nullability,
                // default, `UNIQUE` and primary key, each its own action. A type the
                // column already had (from an earlier builder statement) is no change.
                let col = cx.column(c);
                let name = quote(&col.name);
                let mut parts = Vec::new();
                if !col.ty.is_empty() {
                    let key = (table.clone(), col.name.clone());
                    if cx.types.get(&key) != Some(&col.ty) {
                        parts.push(format!("ALTER COLUMN {name} TYPE {}", col.ty));
                    }
                    cx.types.insert(key, col.ty.clone());
                }
                match col.not_null {
                    Some(true) => parts.push(format!("ALTER COLUMN {name} SET NOT NULL")),
                    Some(false) => parts.push(format!("ALTER COLUMN {name} DROP NOT NULL")),
                    None => {}
                }
                if let Some(d) = &col.default {
                    parts.push(format!("ALTER COLUMN {name} SET DEFAULT {d}"));
                }
                if col.unique {
                    parts.push(format!("ADD UNIQUE ({name})"));
                }
                if col.primary_key {
                    parts.push(format!("ADD PRIMARY KEY ({name})"));
                }
                actions.extend(parts);
            }
            ("rename_column", [a, b]) => actions.push(format!(
                "RENAME COLUMN {} TO {}",
                quote(&cx.name(a)),
                quote(&cx.name(b))
            )),
            ("drop_column", [c]) => actions.push(format!("DROP COLUMN {}", quote(&cx.name(c)))),
            ("drop_column_if_exists", [c]) => {
                actions.push(format!("DROP COLUMN IF EXISTS {}", quote(&cx.name(c))))
            }
            ("add_foreign_key", [fk]) => {
                let (_, calls) = chain(fk, cx.locals);
                actions.push(format!("ADD {}", foreign_key(cx, &calls).sql));
            }
            ("drop_foreign_key", [n]) => {
                actions.push(format!("DROP CONSTRAINT {}", quote(&cx.name(n))))
            }
            (other, _) => cx.unknown.push(format!("alter method `.{other}()`")),
        }
    }
    if actions.is_empty() {
        // Nothing changes (a `modify_column` to the type the column has).
        return String::new();
    }
    format!("ALTER TABLE {} {}", quote(&table), actions.join(", "))
}

fn drop_table(cx: &mut Ctx<'_>, calls: &Calls) -> String {
    let tables: Vec<String> = args_of(calls, "table")
        .filter_map(|a| a.first().map(|e| quote(&cx.table(e))))
        .collect();
    format!(
        "DROP TABLE {}{}{}",
        if has(calls, "if_exists") {
            "IF EXISTS "
        } else {
            ""
        },
        tables.join(", "),
        if has(calls, "cascade") {
            " CASCADE"
        } else {
            ""
        }
    )
}

fn rename_table(cx: &mut Ctx<'_>, calls: &Calls) -> String {
    match args_of(calls, "table").next().map(Vec::as_slice) {
        Some([a, b]) => format!(
            "ALTER TABLE {} RENAME TO {}",
            quote(&cx.table(a)),
            quote(&cx.table(b))
        ),
        _ => {
            cx.unknown.push("a rename without both names".to_owned());
            "ALTER TABLE \"<?>\" RENAME TO \"<?>\"".to_owned()
        }
    }
}

fn create_index(cx: &mut Ctx<'_>, calls: &Calls) -> String {
    let name = first_arg(calls, "name").map(|e| cx.name(e));
    let table = cx.table_arg(calls);
    let cols: Vec<String> = args_of(calls, "col")
        .filter_map(|a| a.first().map(|e| quote(&cx.name(e))))
        .collect();
    format!(
        "CREATE {}INDEX {}{}{}ON {} ({})",
        if has(calls, "unique") { "UNIQUE " } else { "" },
        if has(calls, "concurrently") {
            "CONCURRENTLY "
        } else {
            ""
        },
        if has(calls, "if_not_exists") {
            "IF NOT EXISTS "
        } else {
            ""
        },
        name.map(|n| format!("{} ", quote(&n))).unwrap_or_default(),
        quote(&table),
        cols.join(", ")
    )
}

/// The code of an expression, as a placeholder value (never a guessed literal).
fn value(e: &Expr) -> String {
    placeholder::default(&code_text(e))
}

/// ` WHERE ..` when the query has a condition (its value unknown), else nothing.
fn where_clause(calls: &Calls) -> String {
    match calls
        .iter()
        .find(|(m, _)| matches!(m.as_str(), "and_where" | "cond_where" | "and_where_option"))
    {
        Some((_, args)) => format!(
            " WHERE {}",
            args.first().map_or_else(|| "true".to_owned(), value)
        ),
        None => String::new(),
    }
}

/// The names in `.columns([a, b])`.
fn column_list(cx: &mut Ctx<'_>, calls: &Calls) -> Vec<String> {
    let mut out = Vec::new();
    for args in args_of(calls, "columns") {
        if let Some(Expr::Array(a)) = args.first() {
            out.extend(a.elems.iter().map(|e| quote(&cx.name(e))));
        }
    }
    for args in args_of(calls, "column") {
        if let Some(e) = args.first() {
            out.push(quote(&cx.name(e)));
        }
    }
    out
}

/// `Query::insert()`: the table and columns, and the rows as `SELECT` (a copy from
/// another table, as a table rebuild does) or as unknown values.
fn insert(cx: &mut Ctx<'_>, calls: &Calls) -> Option<String> {
    let table = first_arg(calls, "into_table").map(|e| cx.table(e))?;
    let cols = column_list(cx, calls);
    let rows = match first_arg(calls, "select_from") {
        Some(q) => {
            let (root, select) = chain(q, cx.locals);
            if root != "Query::select" {
                return None;
            }
            let mut items = column_list(cx, &select);
            items.extend(args_of(&select, "expr").filter_map(|a| a.first().map(value)));
            let from =
                first_arg(&select, "from").map_or_else(|| placeholder::table("?"), |e| cx.table(e));
            if items.is_empty() {
                // `.columns(columns)` with a list built elsewhere: named, never guessed.
                items.extend(args_of(&select, "columns").filter_map(|a| a.first().map(value)));
            }
            format!(
                "SELECT {} FROM {}{}",
                if items.is_empty() {
                    "*".to_owned()
                } else {
                    items.join(", ")
                },
                quote(&from),
                where_clause(&select)
            )
        }
        None => format!(
            "VALUES ({})",
            cols.iter()
                .map(|c| placeholder::default(&format!("value of {c}")))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let cols = if cols.is_empty() {
        String::new()
    } else {
        format!(" ({})", cols.join(", "))
    };
    Some(format!("INSERT INTO {}{cols} {rows}", quote(&table)))
}

/// `Query::update()`: the table, each column set to an unknown value, and whether there
/// is a condition.
fn update(cx: &mut Ctx<'_>, calls: &Calls) -> String {
    let table = cx.table_arg(calls);
    let mut sets = Vec::new();
    for args in args_of(calls, "value") {
        if let [c, v] = args.as_slice() {
            sets.push(format!("{} = {}", quote(&cx.name(c)), value(v)));
        }
    }
    if sets.is_empty() {
        sets.push(format!(
            "{} = {}",
            quote("?"),
            placeholder::default("values")
        ));
    }
    format!(
        "UPDATE {} SET {}{}",
        quote(&table),
        sets.join(", "),
        where_clause(calls)
    )
}
#[cfg(test)]
mod tests {
    use super::*;

    fn render_one(method: &str, code: &str, types: &mut Types) -> String {
        let idens = Idens::new();
        let entities = Entities::default();
        let uses = Uses::default();
        let consts = Consts::default();
        let scope = Scope {
            idens: &idens,
            entities: &entities,
            uses: &uses,
            file: std::path::Path::new("m.rs"),
            consts: &consts,
        };
        let expr: Expr = syn::parse_str(code).unwrap();
        render(method, &expr, scope, &HashMap::new(), types)
            .unwrap()
            .sql
    }

    #[test]
    fn renders_a_copy_between_tables() {
        let sql = render_one(
            "execute",
            "Query::insert().into_table(Alias::new(\"users_new\")).columns([Users::Id, Users::Name]).select_from(Query::select().column(Users::Id).column(Users::Name).from(Users::Table).to_owned()).to_owned()",
            &mut Types::new(),
        );
        assert_eq!(
            sql,
            "INSERT INTO \"users_new\" (\"id\", \"name\") SELECT \"id\", \"name\" FROM \"users\""
        );
        let sql = render_one(
            "execute",
            "Query::update().table(Users::Table).value(Users::Plan, plan).and_where(Expr::col(Users::Id).eq(id)).to_owned()",
            &mut Types::new(),
        );
        assert_eq!(
            sql,
            "UPDATE \"users\" SET \"plan\" = $rust$plan$rust$::unknown WHERE $rust$Expr::col(Users::Id).eq(id)$rust$::unknown"
        );
    }

    #[test]
    fn modify_column_renders_as_sea_query_does() {
        let mut types = Types::new();
        render_one(
            "create_table",
            "Table::create().table(Users::Table).col(ColumnDef::new(Users::Token).uuid())",
            &mut types,
        );
        let same = render_one(
            "alter_table",
            "Table::alter().table(Users::Table).modify_column(ColumnDef::new(Users::Token).uuid().not_null())",
            &mut types,
        );
        assert_eq!(
            same,
            "ALTER TABLE \"users\" ALTER COLUMN \"token\" SET NOT NULL"
        );
        let changed = render_one(
            "alter_table",
            "Table::alter().table(Users::Table).modify_column(ColumnDef::new(Users::Token).text().null().default(\"x\"))",
            &mut types,
        );
        assert_eq!(
            changed,
            "ALTER TABLE \"users\" ALTER COLUMN \"token\" TYPE text, ALTER COLUMN \"token\" DROP NOT NULL, ALTER COLUMN \"token\" SET DEFAULT 'x'"
        );
    }
}
