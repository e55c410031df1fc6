//! Reads a migration's `up`: every `SchemaManager` call and raw SQL string, in source
//! order, each with the database backends that can reach it. Backend guards (`if`/`else
//! if`/`match` on `get_database_backend()`, early returns, helper functions of the crate
//! that take the manager or the backend) are followed; a branch no linted backend can
//! reach is not read at all, only counted. Everything it cannot turn into SQL is listed
//! with its place.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use syn::visit::Visit;
use syn::{Expr, ExprCall, ExprMethodCall, Lit};

use super::builder::{self, Consts, Idens, Scope, Types};
use super::entities::{Entities, Uses};
use super::guard::{self, Names, Reach};
use crate::rules::migration::missing_down::SCHEMA_METHODS;
use crate::source::{LineRange, Pos, SourceFile, Span};
use crate::sql::unit::{Origin, Piece, Unread};

/// One piece of SQL found, and the backends that send it.
pub(crate) struct Found {
    text: String,
    origin: Origin,
    quote: bool,
    anchor: Option<LineRange>,
    pub(crate) reach: Reach,
}

impl Found {
    /// The piece as the engine takes it.
    pub(crate) fn piece(&self) -> Piece {
        let p = Piece::new(self.text.clone(), self.origin.clone(), self.quote);
        match self.anchor {
            Some(a) => p.with_anchor(a),
            None => p,
        }
    }
}

/// What could be read of one `up`.
pub(crate) struct Read {
    pub(crate) pieces: Vec<Found>,
    pub(crate) unknown: Vec<(Span, String)>,
    /// Where a whole step could not be read (no SQL came of it): the number of pieces
    /// found before it, and the backends that reach it.
    pub(crate) gaps: Vec<(usize, Reach, Unread)>,
    /// Branches with schema changes that no linted backend reaches, not read.
    pub(crate) skipped: usize,
}

/// A function of the crate, which a migration may call with the manager or the backend.
pub(crate) struct FnDef {
    pub(crate) file: PathBuf,
    pub(crate) sig: syn::Signature,
    pub(crate) block: syn::Block,
}

/// What the reader knows of the whole crate.
pub(crate) struct CrateInfo<'a> {
    pub(crate) idens: &'a Idens,
    pub(crate) entities: &'a Entities,
    /// Each file's `use` lines, by shown path.
    pub(crate) uses: &'a HashMap<PathBuf, Uses>,
    /// Functions by name.
    pub(crate) fns: &'a HashMap<String, Vec<FnDef>>,
    /// `const`/`static` items holding a string, by name.
    pub(crate) consts: &'a Consts,
}

/// The `SchemaManager` calls the reader renders: the schema-changing ones, and
/// `exec_stmt`, which sends any statement.
const MANAGER_METHODS: [&[&str]; 2] = [SCHEMA_METHODS, &["exec_stmt"]];

fn is_manager_method(method: &str) -> bool {
    MANAGER_METHODS.iter().any(|list| list.contains(&method))
}

const RAW_METHODS: &[&str] = &["execute_unprepared", "execute_raw", "execute"];

/// How deep helper functions are followed.
const MAX_DEPTH: usize = 4;

/// Reads `up` (in `file`) for the `linted` backends; `types` carries column types from
/// one migration to the next.
pub(crate) fn read(
    up: &syn::Block,
    krate: &CrateInfo<'_>,
    file: &Path,
    linted: Reach,
    source: Option<&SourceFile>,
    types: &mut Types,
) -> Read {
    let empty = Uses::default();
    let mut v = Reader {
        krate,
        file: file.to_path_buf(),
        home: file.to_path_buf(),
        empty: &empty,
        linted,
        reach: Reach::ALL,
        last_end: Reach::ALL,
        source,
        locals: HashMap::new(),
        names: Names::default(),
        foreign: None,
        depth: 0,
        types,
        out: Read {
            pieces: Vec::new(),
            unknown: Vec::new(),
            gaps: Vec::new(),
            skipped: 0,
        },
    };
    v.visit_block(up);
    v.out
}

struct Reader<'a, 't> {
    krate: &'a CrateInfo<'a>,
    /// The file being read (a helper's, when following one).
    file: PathBuf,
    /// The migration's file.
    home: PathBuf,
    empty: &'a Uses,
    linted: Reach,
    /// The backends that reach the code being read.
    reach: Reach,
    /// The backends that reach the end of the block read last.
    last_end: Reach,
    source: Option<&'a SourceFile>,
    locals: HashMap<String, Expr>,
    names: Names,
    /// When reading a helper in another file: the call in the migration, where its SQL
    /// is shown.
    foreign: Option<(Span, LineRange)>,
    depth: usize,
    types: &'t mut Types,
    out: Read,
}

/// The method name: where a finding on the statement it sends points.
fn call_span(m: &ExprMethodCall) -> Span {
    Span::ident(&m.method)
}

/// From the receiver (`manager`) to the closing parenthesis: where a suppression
/// comment may sit.
fn call_anchor(m: &ExprMethodCall) -> LineRange {
    let start = Span::covering(&*m.receiver).start;
    LineRange {
        start: start.line,
        end: Span::from_pm2(m.paren_token.span.close()).end.line,
    }
}

/// Whether code does schema work the reader would read (for counting skipped branches).
fn has_work<T: quote::ToTokens + ?Sized>(node: &T) -> bool {
    let t = quote::ToTokens::to_token_stream(node).to_string();
    MANAGER_METHODS
        .into_iter()
        .flatten()
        .chain(RAW_METHODS)
        .any(|m| t.contains(m))
        || t.contains("create_table_from_entity")
}

/// Whether evaluating `e` never finishes normally (`return`, `panic!`).
fn diverges(e: &Expr) -> bool {
    match e {
        Expr::Return(_) => true,
        Expr::Macro(m) => ["panic", "unreachable", "todo", "unimplemented"]
            .iter()
            .any(|n| m.mac.path.is_ident(n)),
        Expr::Block(b) => block_diverges(&b.block),
        Expr::Paren(p) => diverges(&p.expr),
        _ => false,
    }
}

fn block_diverges(b: &syn::Block) -> bool {
    b.stmts.iter().any(|s| match s {
        syn::Stmt::Expr(e, _) => diverges(e),
        syn::Stmt::Macro(m) => ["panic", "unreachable", "todo", "unimplemented"]
            .iter()
            .any(|n| m.mac.path.is_ident(n)),
        _ => false,
    })
}

/// What names resolve against in `file`.
fn scope<'s>(krate: &'s CrateInfo<'s>, empty: &'s Uses, file: &'s Path) -> Scope<'s> {
    Scope {
        idens: krate.idens,
        entities: krate.entities,
        uses: krate.uses.get(file).unwrap_or(empty),
        file,
        consts: krate.consts,
    }
}

/// `let table = table.into_iden();` shadows `table` with a call on its old value: the new
/// binding is the call on what `table` was bound to, not on itself.
fn rebind(init: &Expr, name: &str, locals: &HashMap<String, Expr>) -> Expr {
    if let Expr::MethodCall(m) = init
        && root_local(m).as_deref() == Some(name)
        && let Some(previous) = locals.get(name)
    {
        return substitute(m, previous);
    }
    init.clone()
}

/// The method call a statement makes, past `?` and `.map_err(..)`/`.unwrap()`.
fn fallible_call(e: &Expr) -> Option<&ExprMethodCall> {
    match e {
        Expr::Try(t) => fallible_call(&t.expr),
        Expr::MethodCall(m)
            if ["map_err", "unwrap", "expect"]
                .iter()
                .any(|n| m.method == n) =>
        {
            fallible_call(&m.receiver)
        }
        Expr::MethodCall(m) => Some(m),
        _ => None,
    }
}

/// The local a chain of method calls starts from (`x` in `x.name(..).table(..)`).
fn root_local(m: &ExprMethodCall) -> Option<String> {
    let mut cur: &Expr = &m.receiver;
    loop {
        match cur {
            Expr::MethodCall(inner) => cur = &inner.receiver,
            Expr::Path(p) => return p.path.get_ident().map(ToString::to_string),
            _ => return None,
        }
    }
}

/// `call` with the local `name` it starts from replaced by `with`.
fn substitute(call: &ExprMethodCall, with: &Expr) -> Expr {
    let mut out = call.clone();
    let receiver = match &*call.receiver {
        Expr::MethodCall(inner) => substitute(inner, with),
        _ => with.clone(),
    };
    out.receiver = Box::new(receiver);
    Expr::MethodCall(out)
}

impl<'a> Reader<'a, '_> {
    fn push(&mut self, text: String, origin: Origin, quote: bool, anchor: LineRange) {
        let (origin, quote, anchor) = match self.foreign {
            Some((span, lines)) => (Origin::Whole(span), true, lines),
            None => (origin, quote, anchor),
        };
        self.out.pieces.push(Found {
            text,
            origin,
            quote,
            anchor: Some(anchor),
            reach: self.reach & self.linted,
        });
    }

    fn raw(&mut self, lit: &syn::LitStr, anchor: LineRange) {
        let value = lit.value();
        let span = Span::from_pm2(lit.span());
        // A literal whose source text is exactly its value (no escapes) maps offsets to
        // exact positions: `"..."` starts one column later, `r#"..."#` after its hashes.
        let origin = self
            .source
            .filter(|_| self.file == self.home)
            .and_then(|f| {
                let start = f.offset(span.start);
                let end = f.offset(span.end);
                let text = f.text.get(start..end)?;
                let (open, close) = if text.starts_with('r') {
                    let open = text.find('"')? + 1;
                    (open, open - 1)
                } else {
                    (1, 1)
                };
                let inner = text.get(open..text.len().checked_sub(close)?)?;
                (inner == value).then_some(Origin::Text {
                    start: Pos {
                        line: span.start.line,
                        column: span.start.column + open,
                    },
                })
            })
            .unwrap_or(Origin::Whole(span));
        self.push(value, origin, false, anchor);
    }

    fn unknown(&mut self, span: Span, what: impl Into<String>) {
        let span = self.foreign.map_or(span, |(s, _)| s);
        self.out.unknown.push((span, what.into()));
    }

    /// A whole step that sends SQL the reader could not read (a rebuild's copy may be in
    /// it): listed like [`Self::unknown`], and remembered at its place among the pieces.
    fn unread_step(&mut self, span: Span, what: impl Into<String>, kind: Unread) {
        self.unknown(span, what);
        self.gap(kind);
    }

    fn gap(&mut self, kind: Unread) {
        self.out
            .gaps
            .push((self.out.pieces.len(), self.reach, kind));
    }

    /// Reads a branch that the backends `reach` take; returns those that reach its end.
    /// A branch no linted backend takes is not read, only counted.
    fn branch<T: quote::ToTokens + ?Sized>(
        &mut self,
        reach: Reach,
        node: &T,
        ends: bool,
        read: impl FnOnce(&mut Self) -> Reach,
    ) -> Reach {
        if (reach & self.linted).is_empty() {
            if !reach.is_empty() && has_work(node) {
                self.out.skipped += 1;
            }
            return if ends { reach } else { Reach::NONE };
        }
        let saved = self.reach;
        self.reach = reach;
        let end = read(self);
        self.reach = saved;
        end
    }

    /// Reads an expression that is a branch (`else`, a match arm); returns the backends
    /// that reach its end.
    fn branch_expr(&mut self, e: &Expr) -> Reach {
        match e {
            Expr::Block(b) => {
                self.visit_block(&b.block);
                self.last_end
            }
            _ => {
                self.visit_expr(e);
                if diverges(e) { Reach::NONE } else { self.reach }
            }
        }
    }

    /// The SQL text passed to `execute_unprepared` and friends: a literal, a local bound
    /// to one, or one literal per backend (`let sql = match backend { .. }`).
    fn raw_arg(&mut self, e: &Expr, m: &ExprMethodCall, depth: usize) {
        let anchor = call_anchor(m);
        match e {
            Expr::Lit(l) => match &l.lit {
                Lit::Str(s) => self.raw(s, anchor),
                _ => self.unread_step(call_span(m), "SQL that is not a string", Unread::Any),
            },
            Expr::Reference(r) => self.raw_arg(&r.expr, m, depth),
            Expr::Paren(p) => self.raw_arg(&p.expr, m, depth),
            Expr::Group(g) => self.raw_arg(&g.expr, m, depth),
            Expr::MethodCall(inner)
                if inner.args.is_empty()
                    && ["as_str", "to_string", "to_owned", "as_ref", "into", "clone"]
                        .iter()
                        .any(|n| inner.method == n) =>
            {
                self.raw_arg(&inner.receiver, m, depth)
            }
            Expr::Path(p)
                if depth < MAX_DEPTH
                    && let Some(ident) = p.path.segments.last().map(|s| s.ident.to_string())
                    && let Some(init) = (if p.path.segments.len() == 1 {
                        self.locals.get(&ident).cloned()
                    } else {
                        None
                    })
                    .or_else(|| {
                        self.krate
                            .consts
                            .get(
                                &self.file,
                                self.krate.uses.get(&self.file).unwrap_or(self.empty),
                                &ident,
                            )
                            .cloned()
                    }) =>
            {
                self.raw_arg(&init, m, depth + 1)
            }
            Expr::Match(mm) if self.names.is_backend(&mm.expr) => {
                let before = self.reach;
                let mut remaining = before;
                for arm in &mm.arms {
                    let set = guard::pattern(&arm.pat).unwrap_or(Reach::ALL);
                    let reach = remaining & set;
                    if arm.guard.is_none() {
                        remaining = remaining & !set;
                    }
                    self.branch(reach, &arm.body, true, |s| {
                        s.raw_arg(&arm.body, m, depth);
                        Reach::NONE
                    });
                }
                self.reach = before;
            }
            Expr::If(i) if let Some(split) = self.names.condition(&i.cond) => {
                let before = self.reach;
                if let Some(syn::Stmt::Expr(then, None)) = i.then_branch.stmts.last() {
                    self.branch(before & split.then, then, true, |s| {
                        s.raw_arg(then, m, depth);
                        Reach::NONE
                    });
                }
                if let Some((_, other)) = &i.else_branch {
                    self.branch(before & split.otherwise, &**other, true, |s| {
                        s.raw_arg(other, m, depth);
                        Reach::NONE
                    });
                }
                self.reach = before;
            }
            Expr::Block(b) => match b.block.stmts.last() {
                Some(syn::Stmt::Expr(last, None)) => self.raw_arg(last, m, depth),
                _ => self.unread_step(call_span(m), "SQL built at run time", Unread::Any),
            },
            Expr::Call(c) if is_from_string(c) => self.visit_expr_call(c),
            other => {
                // `execute(stmt)` with a builder, or SQL assembled at run time.
                let method = m.method.to_string();
                let scope = scope(self.krate, self.empty, &self.file);
                let rendered = builder::render("execute", other, scope, &self.locals, self.types);
                match rendered {
                    Some(r) => {
                        let nothing = r.sql.is_empty() && !r.unknown.is_empty();
                        for u in r.unknown {
                            self.unknown(call_span(m), u);
                        }
                        if nothing {
                            self.gap(Unread::Any);
                        } else if !r.sql.is_empty() {
                            self.push(r.sql, Origin::Whole(call_span(m)), true, anchor);
                        }
                    }
                    None => self.unread_step(
                        call_span(m),
                        format!("SQL built at run time, passed to `{method}`"),
                        Unread::Any,
                    ),
                }
            }
        }
    }

    /// Follows a call to a function of the crate that receives the manager or the
    /// backend; `false` when there is no single such function to follow.
    fn follow(&mut self, name: &str, args: &[&Expr], call: Span) -> bool {
        if self.depth >= MAX_DEPTH || name == "up" || name == "down" {
            return false;
        }
        let Some(def) = self.find_fn(name) else {
            return false;
        };
        let saved_locals = self.locals.clone();
        let saved_names = std::mem::take(&mut self.names);
        let saved_file = std::mem::replace(&mut self.file, def.file.clone());
        let saved_foreign = self.foreign;
        let inputs: Vec<&syn::FnArg> = def
            .sig
            .inputs
            .iter()
            .filter(|a| matches!(a, syn::FnArg::Typed(_)))
            .collect();
        for (input, arg) in inputs.iter().zip(args) {
            let syn::FnArg::Typed(pt) = input else {
                continue;
            };
            let syn::Pat::Ident(pi) = &*pt.pat else {
                continue;
            };
            let param = pi.ident.to_string();
            // `helper(manager, table)` into `fn helper(.., table: T)`: the caller's
            // binding of `table` already says what it is.
            if let Expr::Path(p) = arg
                && p.path.is_ident(&param)
            {
                continue;
            }
            let ty = quote::ToTokens::to_token_stream(&pt.ty).to_string();
            if saved_names.is_backend(arg)
                || ty.contains("DbBackend")
                || ty.contains("DatabaseBackend")
            {
                self.names.vars.insert(param);
            } else {
                self.locals.insert(param, (*arg).clone());
            }
        }
        if self.foreign.is_none() && def.file != self.home {
            self.foreign = Some((call, call.lines()));
        }
        self.depth += 1;
        let reach = self.reach;
        self.visit_block(&def.block);
        self.reach = reach;
        self.depth -= 1;
        self.locals = saved_locals;
        self.names = saved_names;
        self.file = saved_file;
        self.foreign = saved_foreign;
        true
    }

    /// The string literal an expression is: `"..."`, `"...".to_string()`, `&sql`, a local
    /// or `const` bound to one.
    fn literal(&self, e: &Expr, depth: usize) -> Option<syn::LitStr> {
        match e {
            Expr::Lit(l) => match &l.lit {
                Lit::Str(s) => Some(s.clone()),
                _ => None,
            },
            Expr::Reference(r) => self.literal(&r.expr, depth),
            Expr::Paren(p) => self.literal(&p.expr, depth),
            Expr::Group(g) => self.literal(&g.expr, depth),
            Expr::MethodCall(m)
                if m.args.is_empty()
                    && ["as_str", "to_string", "to_owned", "as_ref", "into", "clone"]
                        .iter()
                        .any(|n| m.method == n) =>
            {
                self.literal(&m.receiver, depth)
            }
            Expr::Call(c)
                if c.args.len() == 1
                    && matches!(&*c.func, Expr::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "from")) =>
            {
                c.args.first().and_then(|a| self.literal(a, depth))
            }
            Expr::Path(p) if depth < MAX_DEPTH => {
                let ident = p.path.segments.last()?.ident.to_string();
                let bound = if p.path.segments.len() == 1 {
                    self.locals.get(&ident)
                } else {
                    None
                };
                let init = bound.or_else(|| {
                    self.krate.consts.get(
                        &self.file,
                        self.krate.uses.get(&self.file).unwrap_or(self.empty),
                        &ident,
                    )
                })?;
                self.literal(init, depth + 1)
            }
            _ => None,
        }
    }

    /// The crate's function called `name`: the only one, or the only one in this file.
    fn find_fn(&self, name: &str) -> Option<&'a FnDef> {
        let krate: &'a CrateInfo<'a> = self.krate;
        let defs = krate.fns.get(name)?;
        match defs.as_slice() {
            [one] => Some(one),
            many => {
                let mut here = many.iter().filter(|d| d.file == self.file);
                match (here.next(), here.next()) {
                    (Some(d), None) => Some(d),
                    _ => None,
                }
            }
        }
    }

    /// A statement made by a function of the crate (`manager.create_table(users_table())`):
    /// the function's final expression, with the locals it sees (its parameters bound to
    /// the arguments, its own `let`s and builder calls).
    fn statement_from_helper(&self, e: &Expr) -> Option<(Expr, HashMap<String, Expr>)> {
        let call = match e {
            Expr::Call(c) => c,
            Expr::Reference(r) => return self.statement_from_helper(&r.expr),
            Expr::Paren(p) => return self.statement_from_helper(&p.expr),
            Expr::MethodCall(m)
                if m.args.is_empty()
                    && ["to_owned", "clone", "take", "into"]
                        .iter()
                        .any(|n| m.method == n) =>
            {
                return self.statement_from_helper(&m.receiver);
            }
            _ => return None,
        };
        let Expr::Path(func) = &*call.func else {
            return None;
        };
        let name = func.path.segments.last()?.ident.to_string();
        let def = self.find_fn(&name)?;
        let mut locals = self.locals.clone();
        let params = def.sig.inputs.iter().filter_map(|a| match a {
            syn::FnArg::Typed(pt) => match &*pt.pat {
                syn::Pat::Ident(pi) => Some(pi.ident.to_string()),
                _ => None,
            },
            syn::FnArg::Receiver(_) => None,
        });
        for (param, arg) in params.zip(&call.args) {
            // `add_column(column)` into `fn add_column(column: ..)`: the caller's binding.
            if matches!(arg, Expr::Path(p) if p.path.is_ident(&param)) {
                continue;
            }
            locals.insert(param, arg.clone());
        }
        let (last, rest) = def.block.stmts.split_last()?;
        for stmt in rest {
            match stmt {
                syn::Stmt::Item(syn::Item::Const(c)) if matches!(&*c.expr, Expr::Lit(_)) => {
                    locals.insert(c.ident.to_string(), (*c.expr).clone());
                }
                syn::Stmt::Local(l) => {
                    if let (syn::Pat::Ident(p), Some(init)) = (&l.pat, &l.init) {
                        let name = p.ident.to_string();
                        let value = rebind(&init.expr, &name, &locals);
                        locals.insert(name, value);
                    }
                }
                syn::Stmt::Expr(Expr::MethodCall(m), Some(_)) => {
                    if let Some(name) = root_local(m)
                        && let Some(base) = locals.get(&name)
                        && builder::is_builder(base, &locals)
                    {
                        let grown = substitute(m, base);
                        locals.insert(name, grown);
                    }
                }
                _ => {}
            }
        }
        let tail = match last {
            syn::Stmt::Expr(Expr::Return(r), _) => r.expr.as_deref()?.clone(),
            syn::Stmt::Expr(e, None) => e.clone(),
            _ => return None,
        };
        Some((tail, locals))
    }

    /// Whether a call's arguments hand over the manager, the connection or the backend.
    /// The name of a local holding the manager's connection or a transaction begun on it
    /// (`let txn = manager.get_connection().begin().await?`), when `e` is that local.
    fn connection_local(&self, e: &Expr) -> Option<String> {
        let e = match e {
            Expr::Reference(r) => &*r.expr,
            other => other,
        };
        let Expr::Path(p) = e else { return None };
        let name = p.path.get_ident()?.to_string();
        let value = self.locals.get(&name)?;
        let t = quote::ToTokens::to_token_stream(value).to_string();
        t.contains("get_connection").then_some(name)
    }

    fn passes_manager<'e>(&self, args: impl Iterator<Item = &'e Expr>) -> bool {
        args.into_iter().any(|a| {
            let t = quote::ToTokens::to_token_stream(a).to_string();
            t.contains("manager") || t.contains("get_connection") || self.names.is_backend(a)
        })
    }
}

impl<'ast> Visit<'ast> for Reader<'_, '_> {
    fn visit_block(&mut self, b: &'ast syn::Block) {
        let entry = self.reach;
        for (i, stmt) in b.stmts.iter().enumerate() {
            if (self.reach & self.linted).is_empty() {
                if !self.reach.is_empty() && b.stmts.iter().skip(i).any(has_work) {
                    self.out.skipped += 1;
                }
                break;
            }
            self.visit_stmt(stmt);
            let ends = match stmt {
                syn::Stmt::Expr(e, _) => !diverges(e),
                syn::Stmt::Macro(m) => !["panic", "unreachable", "todo", "unimplemented"]
                    .iter()
                    .any(|n| m.mac.path.is_ident(n)),
                _ => true,
            };
            if !ends {
                self.reach = Reach::NONE;
            }
        }
        self.last_end = self.reach;
        self.reach = entry;
    }

    fn visit_stmt(&mut self, s: &'ast syn::Stmt) {
        // `const TEMP: &str = "..";` inside a function: a name for the rest of it.
        if let syn::Stmt::Item(syn::Item::Const(c)) = s
            && matches!(&*c.expr, Expr::Lit(_))
        {
            self.locals.insert(c.ident.to_string(), (*c.expr).clone());
            return;
        }
        // `index.name(..).table(..);` on a builder held in a local: the calls add to it
        // (also `insert.select_from(..).map_err(..)?;`).
        let grown = match s {
            syn::Stmt::Expr(e, Some(_)) => fallible_call(e),
            _ => None,
        };
        if let Some(m) = grown
            && !is_manager_method(&m.method.to_string())
            && !RAW_METHODS.contains(&m.method.to_string().as_str())
            && let Some(name) = root_local(m)
            && let Some(base) = self.locals.get(&name)
            && builder::is_builder(base, &self.locals)
        {
            let grown = substitute(m, base);
            self.locals.insert(name, grown);
            return;
        }
        syn::visit::visit_stmt(self, s);
    }

    fn visit_local(&mut self, local: &'ast syn::Local) {
        let pat = match &local.pat {
            syn::Pat::Type(t) => &*t.pat,
            p => p,
        };
        if let (syn::Pat::Ident(p), Some(init)) = (pat, &local.init) {
            let name = p.ident.to_string();
            if self.names.is_backend(&init.expr) {
                self.names.vars.insert(name.clone());
            } else if let Some(split) = self.names.condition(&init.expr) {
                self.names.flags.insert(name.clone(), split);
            } else if let Some(set) = self.names.only_set_on(&init.expr) {
                self.names.set_on.insert(name.clone(), set);
            }
            let value = rebind(&init.expr, &name, &self.locals);
            self.locals.insert(name, value);
        }
        syn::visit::visit_local(self, local);
    }

    fn visit_expr_if(&mut self, e: &'ast syn::ExprIf) {
        let Some(split) = self.names.condition(&e.cond) else {
            let before = self.reach;
            syn::visit::visit_expr_if(self, e);
            self.reach = before;
            return;
        };
        let before = self.reach;
        let then_end = self.branch(
            before & split.then,
            &e.then_branch,
            !block_diverges(&e.then_branch),
            |s| {
                s.visit_block(&e.then_branch);
                s.last_end
            },
        );
        let else_end = match &e.else_branch {
            Some((_, other)) => {
                self.branch(before & split.otherwise, &**other, !diverges(other), |s| {
                    s.branch_expr(other)
                })
            }
            None => before & split.otherwise,
        };
        self.reach = then_end | else_end;
    }

    fn visit_expr_match(&mut self, m: &'ast syn::ExprMatch) {
        if !self.names.is_backend(&m.expr) {
            let before = self.reach;
            syn::visit::visit_expr_match(self, m);
            self.reach = before;
            return;
        }
        let before = self.reach;
        let mut remaining = before;
        let mut end = Reach::NONE;
        for arm in &m.arms {
            let set = guard::pattern(&arm.pat).unwrap_or(Reach::ALL);
            let reach = remaining & set;
            if arm.guard.is_none() {
                remaining = remaining & !set;
            }
            end = end
                | self.branch(reach, &arm.body, !diverges(&arm.body), |s| {
                    s.branch_expr(&arm.body)
                });
        }
        self.reach = end;
    }

    fn visit_expr_method_call(&mut self, m: &'ast ExprMethodCall) {
        let method = m.method.to_string();
        if is_manager_method(&method) {
            self.visit_expr(&m.receiver);
            let Some(arg) = m.args.first() else { return };
            let from_helper = if builder::is_builder(arg, &self.locals) {
                None
            } else {
                self.statement_from_helper(arg)
            };
            let scope = scope(self.krate, self.empty, &self.file);
            let rendered = match &from_helper {
                Some((tail, locals)) => builder::render(&method, tail, scope, locals, self.types),
                None => builder::render(&method, arg, scope, &self.locals, self.types),
            };
            match rendered {
                Some(r) => {
                    let nothing = r.sql.is_empty() && !r.unknown.is_empty();
                    for u in r.unknown {
                        self.unknown(call_span(m), u);
                    }
                    if nothing {
                        self.gap(unread_kind(&method));
                    } else if !r.sql.is_empty() {
                        self.push(r.sql, Origin::Whole(call_span(m)), true, call_anchor(m));
                    }
                }
                None => {
                    let kind = unread_kind(&method);
                    self.unread_step(
                        call_span(m),
                        format!("the statement passed to `{method}`"),
                        kind,
                    );
                }
            }
            return;
        }
        if RAW_METHODS.contains(&method.as_str()) {
            self.visit_expr(&m.receiver);
            if let Some(arg) = m.args.first() {
                self.raw_arg(arg, m, 0);
            }
            return;
        }
        if self.passes_manager(m.args.iter()) {
            let args: Vec<&Expr> = m.args.iter().collect();
            if self.follow(&method, &args, Span::covering(m)) {
                return;
            }
        }
        syn::visit::visit_expr_method_call(self, m);
    }

    fn visit_expr_call(&mut self, c: &'ast ExprCall) {
        if is_from_string(c) {
            // `Statement::from_string(DbBackend::Sqlite, ..)` is SQL for that backend.
            let before = self.reach;
            if let Some(set) = c.args.first().and_then(guard::variant_expr) {
                self.reach = self.reach & set;
            }
            match c.args.iter().nth(1).and_then(|a| self.literal(a, 0)) {
                Some(s) => {
                    if !(self.reach & self.linted).is_empty() {
                        self.raw(&s, Span::covering(c).lines());
                    }
                    self.reach = before;
                }
                None => {
                    self.reach = before;
                    self.unread_step(
                        Span::covering(c),
                        "SQL built at run time in `Statement::from_string`",
                        Unread::Any,
                    );
                }
            }
            return;
        }
        if self.passes_manager(c.args.iter()) {
            let name = quote::ToTokens::to_token_stream(&c.func)
                .to_string()
                .replace(' ', "");
            let last = name.rsplit("::").next().unwrap_or(&name).to_owned();
            // A constructor (`Schema::new(manager.get_database_backend())`) sends nothing.
            if last == "new" || last == "from" {
                syn::visit::visit_expr_call(self, c);
                return;
            }
            let args: Vec<&Expr> = c.args.iter().collect();
            if !self.follow(&last, &args, Span::covering(c)) {
                self.unread_step(
                    Span::covering(c),
                    format!("the helper `{name}` receives the manager"),
                    Unread::Any,
                );
            }
            return;
        }
        if let Some(conn) = c.args.iter().find_map(|a| self.connection_local(a)) {
            // `helper(&txn, ..)` with `txn` from `manager.get_connection().begin()`: it
            // may write rows through the ORM, which is not read.
            let name = quote::ToTokens::to_token_stream(&c.func)
                .to_string()
                .replace(' ', "");
            let last = name.rsplit("::").next().unwrap_or(&name).to_owned();
            let (pieces, unknown) = (self.out.pieces.len(), self.out.unknown.len());
            let args: Vec<&Expr> = c.args.iter().collect();
            let followed = self.follow(&last, &args, Span::covering(c));
            if !followed || (self.out.pieces.len() == pieces && self.out.unknown.len() == unknown) {
                self.unread_step(
                    Span::covering(c),
                    format!(
                        "the helper `{name}` receives `{conn}`, a connection of the manager (what it does through the ORM is not read)"
                    ),
                    Unread::Any,
                );
            }
            return;
        }
        syn::visit::visit_expr_call(self, c);
    }

    fn visit_expr_for_loop(&mut self, e: &'ast syn::ExprForLoop) {
        // `for column in [a, b] { .. }` (or `vec![..]`, tuples of names): the body is read
        // once per element, with the loop variables bound to it.
        let iterated = match &*e.expr {
            Expr::Path(p) if p.path.get_ident().is_some() => p
                .path
                .get_ident()
                .and_then(|i| {
                    let name = i.to_string();
                    self.locals.get(&name).or_else(|| {
                        self.krate.consts.get(
                            &self.file,
                            self.krate.uses.get(&self.file).unwrap_or(self.empty),
                            &name,
                        )
                    })
                })
                .cloned()
                .unwrap_or_else(|| (*e.expr).clone()),
            other => other.clone(),
        };
        if let Some(elems) = array_elems(&iterated)
            && elems.len() <= MAX_UNROLL
            && let Some(vars) = loop_vars(&e.pat)
        {
            let saved = self.locals.clone();
            for el in &elems {
                match (vars.as_slice(), el) {
                    ([one], _) => {
                        self.locals.insert(one.clone(), el.clone());
                    }
                    (many, Expr::Tuple(t)) if many.len() == t.elems.len() => {
                        for (v, x) in many.iter().zip(&t.elems) {
                            self.locals.insert(v.clone(), x.clone());
                        }
                    }
                    _ => {
                        for v in &vars {
                            self.locals.remove(v);
                        }
                    }
                }
                self.visit_block(&e.body);
            }
            self.locals = saved;
            return;
        }
        let before = self.out.pieces.len();
        syn::visit::visit_expr_for_loop(self, e);
        if self.out.pieces.len() > before {
            self.unknown(
                Span::of(&e.for_token),
                "a loop: its statements were read once",
            );
        }
    }
}

/// What a `SchemaManager` call whose statement was not read may have done.
fn unread_kind(method: &str) -> Unread {
    match method {
        "create_table" => Unread::CreateTable,
        "exec_stmt" => Unread::Any,
        _ => Unread::Schema,
    }
}

/// How many elements of a literal array a loop is unrolled over.
const MAX_UNROLL: usize = 64;

/// The elements of `[a, b]`, `&[a, b]`, `vec![a, b]`, `[..].iter()`.
fn array_elems(e: &Expr) -> Option<Vec<Expr>> {
    match e {
        Expr::Array(a) => Some(a.elems.iter().cloned().collect()),
        Expr::Reference(r) => array_elems(&r.expr),
        Expr::Paren(p) => array_elems(&p.expr),
        Expr::MethodCall(m)
            if m.args.is_empty() && (m.method == "iter" || m.method == "into_iter") =>
        {
            array_elems(&m.receiver)
        }
        Expr::Macro(m) if m.mac.path.is_ident("vec") => m
            .mac
            .parse_body_with(syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated)
            .ok()
            .map(|p| p.into_iter().collect()),
        _ => None,
    }
}

/// The names a loop binds: `x`, `(a, b)`, `&x`.
fn loop_vars(p: &syn::Pat) -> Option<Vec<String>> {
    match p {
        syn::Pat::Ident(i) => Some(vec![i.ident.to_string()]),
        syn::Pat::Reference(r) => loop_vars(&r.pat),
        syn::Pat::Tuple(t) => t
            .elems
            .iter()
            .map(|e| match e {
                syn::Pat::Ident(i) => Some(i.ident.to_string()),
                syn::Pat::Wild(_) => Some("_".to_owned()),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

fn is_from_string(c: &ExprCall) -> bool {
    let f = quote::ToTokens::to_token_stream(&c.func)
        .to_string()
        .replace(' ', "");
    f.ends_with("from_string") || f.ends_with("from_sql_and_values")
}

/// Whether `up` changes the schema at all (any manager call or raw SQL).
pub(crate) fn changes_schema(up: &syn::Block) -> bool {
    let t = quote::ToTokens::to_token_stream(up).to_string();
    MANAGER_METHODS
        .into_iter()
        .flatten()
        .chain(RAW_METHODS)
        .any(|m| t.contains(m))
}

/// How a `down` fails to undo anything: `todo!()`, `unimplemented!()`, or nothing.
pub(crate) fn empty_down(down: &syn::Block) -> Option<&'static str> {
    let t = quote::ToTokens::to_token_stream(down)
        .to_string()
        .replace(' ', "");
    if t.contains("todo!") {
        Some("is `todo!()`")
    } else if t.contains("unimplemented!") {
        Some("is `unimplemented!()`")
    } else if t == "{Ok(())}" {
        Some("does nothing")
    } else {
        None
    }
}
