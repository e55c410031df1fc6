//! Reads a migration's `up`: every `SchemaManager` call and raw SQL string, in source
//! order, with backend guards (`if manager.get_database_backend() == DbBackend::Sqlite`)
//! honoured. Everything it cannot turn into SQL is listed with its place.

use std::collections::HashMap;

use syn::visit::Visit;
use syn::{Expr, ExprCall, ExprMethodCall, Lit};

use super::builder::{self, Idens};
use crate::source::{LineRange, Pos, SourceFile, Span};
use crate::sql::unit::{Origin, Piece};
use validator_base::Backend;

/// What could be read of one `up`.
pub(crate) struct Read {
    pub(crate) pieces: Vec<Piece>,
    pub(crate) unknown: Vec<(Span, String)>,
}

const MANAGER_METHODS: &[&str] = &[
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
    "exec_stmt",
];

const RAW_METHODS: &[&str] = &["execute_unprepared", "execute_raw", "execute"];

/// Reads `up` for `backend`.
pub(crate) fn read(
    up: &syn::Block,
    idens: &Idens,
    backend: Backend,
    source: Option<&SourceFile>,
) -> Read {
    let mut v = Reader {
        idens,
        backend,
        source,
        locals: HashMap::new(),
        out: Read {
            pieces: Vec::new(),
            unknown: Vec::new(),
        },
    };
    v.visit_block(up);
    v.out
}

struct Reader<'a> {
    idens: &'a Idens,
    backend: Backend,
    source: Option<&'a SourceFile>,
    locals: HashMap<String, Expr>,
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

impl Reader<'_> {
    fn raw(&mut self, lit: &syn::LitStr, anchor: LineRange) {
        let value = lit.value();
        let span = Span::from_pm2(lit.span());
        // A literal whose source text is exactly its value (no escapes) maps offsets to
        // exact positions: `"..."` starts one column later, `r#"..."#` after its hashes.
        let origin = self
            .source
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
        self.out
            .pieces
            .push(Piece::new(value, origin, false).with_anchor(anchor));
    }

    fn unknown(&mut self, span: Span, what: impl Into<String>) {
        self.out.unknown.push((span, what.into()));
    }

    /// `Some(backend)` when `cond` tests the database backend.
    fn guard(cond: &Expr) -> Option<(Backend, bool)> {
        let text = quote::ToTokens::to_token_stream(cond).to_string();
        if !text.contains("backend") && !text.contains("Backend") {
            return None;
        }
        let negated = text.contains("!=");
        let backend = if text.contains("Postgres") {
            Backend::Postgres
        } else if text.contains("Sqlite") {
            Backend::Sqlite
        } else {
            return None;
        };
        Some((backend, !negated))
    }
}

impl<'ast> Visit<'ast> for Reader<'_> {
    fn visit_local(&mut self, local: &'ast syn::Local) {
        if let (syn::Pat::Ident(p), Some(init)) = (&local.pat, &local.init) {
            self.locals
                .insert(p.ident.to_string(), (*init.expr).clone());
        }
        syn::visit::visit_local(self, local);
    }

    fn visit_expr_if(&mut self, e: &'ast syn::ExprIf) {
        if let Some((backend, equal)) = Self::guard(&e.cond) {
            let then_applies = (backend == self.backend) == equal;
            if then_applies {
                self.visit_block(&e.then_branch);
            } else if let Some((_, other)) = &e.else_branch {
                self.visit_expr(other);
            }
            return;
        }
        syn::visit::visit_expr_if(self, e);
    }

    fn visit_expr_method_call(&mut self, m: &'ast ExprMethodCall) {
        let method = m.method.to_string();
        if MANAGER_METHODS.contains(&method.as_str()) {
            self.visit_expr(&m.receiver);
            let Some(arg) = m.args.first() else { return };
            match builder::render(&method, arg, self.idens, &self.locals) {
                Some(r) => {
                    for u in r.unknown {
                        self.unknown(call_span(m), u);
                    }
                    self.out.pieces.push(
                        Piece::new(r.sql, Origin::Whole(call_span(m)), true)
                            .with_anchor(call_anchor(m)),
                    );
                }
                None => self.unknown(call_span(m), format!("the statement passed to `{method}`")),
            }
            return;
        }
        if RAW_METHODS.contains(&method.as_str()) {
            self.visit_expr(&m.receiver);
            match m.args.first() {
                Some(Expr::Lit(l)) => {
                    if let Lit::Str(s) = &l.lit {
                        self.raw(s, call_anchor(m));
                    }
                }
                Some(Expr::Reference(r)) if matches!(&*r.expr, Expr::Lit(_)) => {
                    if let Expr::Lit(l) = &*r.expr
                        && let Lit::Str(s) = &l.lit
                    {
                        self.raw(s, call_anchor(m));
                    }
                }
                Some(Expr::Call(c)) if is_from_string(c) => self.visit_expr_call(c),
                Some(other) => {
                    // `execute(stmt)` with a builder, or SQL assembled at run time.
                    let rendered = builder::render("execute", other, self.idens, &self.locals);
                    match rendered {
                        Some(r) => self.out.pieces.push(
                            Piece::new(r.sql, Origin::Whole(call_span(m)), true)
                                .with_anchor(call_anchor(m)),
                        ),
                        None => self.unknown(
                            call_span(m),
                            format!("SQL built at run time, passed to `{method}`"),
                        ),
                    }
                }
                None => {}
            }
            return;
        }
        syn::visit::visit_expr_method_call(self, m);
    }

    fn visit_expr_call(&mut self, c: &'ast ExprCall) {
        if is_from_string(c) {
            match c.args.iter().nth(1) {
                Some(Expr::Lit(l)) => {
                    if let Lit::Str(s) = &l.lit {
                        self.raw(s, Span::covering(c).lines());
                    }
                }
                _ => self.unknown(
                    Span::covering(c),
                    "SQL built at run time in `Statement::from_string`",
                ),
            }
            return;
        }
        // A helper that receives the manager or the connection does work we cannot see.
        let passes_manager = c.args.iter().any(|a| {
            let t = quote::ToTokens::to_token_stream(a).to_string();
            t.contains("manager") || t.contains("get_connection")
        });
        if passes_manager {
            let name = quote::ToTokens::to_token_stream(&c.func)
                .to_string()
                .replace(' ', "");
            self.unknown(
                Span::covering(c),
                format!("the helper `{name}` receives the manager"),
            );
            return;
        }
        syn::visit::visit_expr_call(self, c);
    }

    fn visit_expr_for_loop(&mut self, e: &'ast syn::ExprForLoop) {
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
        .iter()
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
