//! Backend guards: which database backends can reach a branch of a migration's code.
//! Reads `if`/`else if`/`match` on `manager.get_database_backend()` (or a local bound to
//! it, or a helper's parameter), with `==`/`!=`, `matches!`, `if let`, `|` patterns, `_`
//! arms, `!`, `&&` and `||`. Anything else is not a guard: both sides stay reachable.

use std::collections::{HashMap, HashSet};

use syn::{BinOp, Expr, Pat, UnOp};
use validator_base::Backend;

/// A set of database backends (PostgreSQL, SQLite, MySQL).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Reach(u8);

impl Reach {
    pub(crate) const NONE: Reach = Reach(0);
    pub(crate) const ALL: Reach = Reach(0b111);
    pub(crate) const POSTGRES: Reach = Reach(0b001);
    pub(crate) const SQLITE: Reach = Reach(0b010);
    pub(crate) const MYSQL: Reach = Reach(0b100);

    /// The backends linted: those of `list`.
    pub(crate) fn of(list: &[Backend]) -> Reach {
        list.iter().fold(Reach::NONE, |r, b| r | Reach::backend(*b))
    }

    fn backend(b: Backend) -> Reach {
        match b {
            Backend::Postgres => Reach::POSTGRES,
            Backend::Sqlite => Reach::SQLITE,
        }
    }

    /// A `DbBackend` variant by name (`Postgres`, `Sqlite`, `MySql`).
    fn variant(name: &str) -> Option<Reach> {
        match name.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" => Some(Reach::POSTGRES),
            "sqlite" => Some(Reach::SQLITE),
            "mysql" => Some(Reach::MYSQL),
            _ => None,
        }
    }

    pub(crate) fn contains(self, b: Backend) -> bool {
        self.0 & Reach::backend(b).0 != 0
    }

    pub(crate) fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl std::ops::BitAnd for Reach {
    type Output = Reach;
    fn bitand(self, o: Reach) -> Reach {
        Reach(self.0 & o.0)
    }
}

impl std::ops::BitOr for Reach {
    type Output = Reach;
    fn bitor(self, o: Reach) -> Reach {
        Reach(self.0 | o.0)
    }
}

impl std::ops::Not for Reach {
    type Output = Reach;
    fn not(self) -> Reach {
        Reach(!self.0 & Reach::ALL.0)
    }
}

/// For a condition: the backends for which it may be true, and those for which it may be
/// false.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Split {
    pub(crate) then: Reach,
    pub(crate) otherwise: Reach,
}

impl Split {
    fn exactly(set: Reach) -> Split {
        Split {
            then: set,
            otherwise: !set,
        }
    }

    const UNKNOWN: Split = Split {
        then: Reach::ALL,
        otherwise: Reach::ALL,
    };
}

/// What names the backend in the code being read.
#[derive(Clone, Debug, Default)]
pub(crate) struct Names {
    /// Locals and parameters holding the backend (`let backend = manager.get_database_backend()`).
    pub(crate) vars: HashSet<String>,
    /// Boolean locals holding a guard (`let is_sqlite = backend == DbBackend::Sqlite`).
    pub(crate) flags: HashMap<String, Split>,
    /// Locals that hold something only on some backends (`let x = if backend ==
    /// DbBackend::Sqlite { Some(..) } else { None }`): testing them is a guard.
    pub(crate) set_on: HashMap<String, Reach>,
}

impl Names {
    /// Whether `e` evaluates to the database backend.
    pub(crate) fn is_backend(&self, e: &Expr) -> bool {
        match e {
            Expr::MethodCall(m) => m.method == "get_database_backend",
            Expr::Path(p) => p
                .path
                .get_ident()
                .is_some_and(|i| self.vars.contains(&i.to_string())),
            Expr::Reference(r) => self.is_backend(&r.expr),
            Expr::Paren(p) => self.is_backend(&p.expr),
            Expr::Unary(u) if matches!(u.op, UnOp::Deref(_)) => self.is_backend(&u.expr),
            _ => false,
        }
    }

    /// The backends a condition tests for, or `None` when it does not test the backend.
    pub(crate) fn condition(&self, e: &Expr) -> Option<Split> {
        match e {
            Expr::Paren(p) => self.condition(&p.expr),
            Expr::Group(g) => self.condition(&g.expr),
            Expr::Unary(u) if matches!(u.op, UnOp::Not(_)) => {
                self.condition(&u.expr).map(|s| Split {
                    then: s.otherwise,
                    otherwise: s.then,
                })
            }
            Expr::Binary(b) => match b.op {
                BinOp::Eq(_) if self.set_on_expr(&b.left).is_some() => self.set_on_expr(&b.left),
                BinOp::Eq(_) | BinOp::Ne(_) => {
                    let set = if self.is_backend(&b.left) {
                        variant_expr(&b.right)
                    } else if self.is_backend(&b.right) {
                        variant_expr(&b.left)
                    } else {
                        None
                    }?;
                    let split = Split::exactly(set);
                    Some(if matches!(b.op, BinOp::Ne(_)) {
                        Split {
                            then: split.otherwise,
                            otherwise: split.then,
                        }
                    } else {
                        split
                    })
                }
                BinOp::And(_) | BinOp::Or(_) => {
                    let (l, r) = (self.condition(&b.left), self.condition(&b.right));
                    if l.is_none() && r.is_none() {
                        return None;
                    }
                    let (l, r) = (l.unwrap_or(Split::UNKNOWN), r.unwrap_or(Split::UNKNOWN));
                    Some(if matches!(b.op, BinOp::And(_)) {
                        Split {
                            then: l.then & r.then,
                            otherwise: l.otherwise | r.otherwise,
                        }
                    } else {
                        Split {
                            then: l.then | r.then,
                            otherwise: l.otherwise & r.otherwise,
                        }
                    })
                }
                _ => None,
            },
            Expr::Let(l) if self.set_on_expr(&l.expr).is_some() => self.set_on_expr(&l.expr),
            Expr::Let(l) if self.is_backend(&l.expr) => {
                pattern(&l.pat).map(|set| Split {
                    then: set,
                    // A pattern that binds or fails on data still lets every backend pass.
                    otherwise: !set,
                })
            }
            Expr::Macro(m) if m.mac.path.is_ident("matches") => {
                let args: MatchesArgs = m.mac.parse_body().ok()?;
                if !self.is_backend(&args.scrutinee) {
                    return None;
                }
                pattern(&args.pat).map(Split::exactly)
            }
            Expr::Path(p) => p.path.get_ident().and_then(|i| {
                let name = i.to_string();
                self.flags
                    .get(&name)
                    .copied()
                    .or_else(|| self.set_on(&name))
            }),
            // `x == Some(true)`, `x.is_some()`, `x.unwrap_or(false)` on such a local.
            Expr::MethodCall(m)
                if ["is_some", "unwrap_or", "unwrap_or_default", "is_ok"]
                    .iter()
                    .any(|n| m.method == n) =>
            {
                self.set_on_expr(&m.receiver)
            }
            _ => None,
        }
    }

    fn set_on(&self, name: &str) -> Option<Split> {
        self.set_on.get(name).map(|&set| Split {
            then: set,
            otherwise: Reach::ALL,
        })
    }

    fn set_on_expr(&self, e: &Expr) -> Option<Split> {
        match e {
            Expr::Path(p) => p.path.get_ident().and_then(|i| self.set_on(&i.to_string())),
            Expr::Paren(p) => self.set_on_expr(&p.expr),
            Expr::Reference(r) => self.set_on_expr(&r.expr),
            _ => None,
        }
    }

    /// The backends on which an `if` on the backend gives a value, when its other
    /// branch gives `None` or `false`.
    pub(crate) fn only_set_on(&self, e: &Expr) -> Option<Reach> {
        let Expr::If(i) = e else { return None };
        let split = self.condition(&i.cond)?;
        let (_, other) = i.else_branch.as_ref()?;
        let empty = |x: &Expr| match x {
            Expr::Path(p) => p.path.is_ident("None"),
            Expr::Lit(l) => matches!(&l.lit, syn::Lit::Bool(b) if !b.value),
            _ => false,
        };
        let tail_empty = match &**other {
            Expr::Block(b) => match b.block.stmts.last() {
                Some(syn::Stmt::Expr(x, None)) => empty(x),
                _ => false,
            },
            x => empty(x),
        };
        tail_empty.then_some(split.then)
    }
}

/// `matches!(scrutinee, pattern)`.
struct MatchesArgs {
    scrutinee: Expr,
    pat: Pat,
}

impl syn::parse::Parse for MatchesArgs {
    fn parse(input: syn::parse::ParseStream) -> syn::Result<Self> {
        let scrutinee = input.parse()?;
        input.parse::<syn::Token![,]>()?;
        let pat = Pat::parse_multi_with_leading_vert(input)?;
        let _ = input.parse::<Option<syn::Token![,]>>();
        Ok(MatchesArgs { scrutinee, pat })
    }
}

/// `DbBackend::Postgres` (or any path ending in a backend's name).
pub(crate) fn variant_expr(e: &Expr) -> Option<Reach> {
    match e {
        Expr::Path(p) => p
            .path
            .segments
            .last()
            .and_then(|s| Reach::variant(&s.ident.to_string())),
        Expr::Reference(r) => variant_expr(&r.expr),
        Expr::Paren(p) => variant_expr(&p.expr),
        _ => None,
    }
}

/// The backends a pattern matches; `None` for a pattern that matches anything (`_`, a
/// binding) or one that is not about backends.
pub(crate) fn pattern(p: &Pat) -> Option<Reach> {
    match p {
        Pat::Path(path) => path
            .path
            .segments
            .last()
            .and_then(|s| Reach::variant(&s.ident.to_string())),
        Pat::Ident(i) if i.subpat.is_none() => Reach::variant(&i.ident.to_string()),
        Pat::Or(o) => o
            .cases
            .iter()
            .map(pattern)
            .try_fold(Reach::NONE, |acc, r| r.map(|r| acc | r)),
        Pat::Paren(inner) => pattern(&inner.pat),
        Pat::Reference(r) => pattern(&r.pat),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(code: &str) -> Option<Split> {
        let mut names = Names::default();
        names.vars.insert("backend".into());
        names
            .flags
            .insert("is_sqlite".into(), Split::exactly(Reach::SQLITE));
        names.condition(&syn::parse_str(code).unwrap())
    }

    #[test]
    fn reads_guards() {
        let pg = Split::exactly(Reach::POSTGRES);
        assert_eq!(
            split("manager.get_database_backend() == DbBackend::Postgres"),
            Some(pg)
        );
        assert_eq!(
            split("backend != sea_orm::DatabaseBackend::Postgres").map(|s| s.then),
            Some(Reach::SQLITE | Reach::MYSQL)
        );
        assert_eq!(
            split("matches!(backend, DbBackend::Postgres | DbBackend::Sqlite)").map(|s| s.then),
            Some(Reach::POSTGRES | Reach::SQLITE)
        );
        assert_eq!(
            split("matches!(backend, DbBackend::MySql)").map(|s| s.then),
            Some(Reach::MYSQL)
        );
        assert_eq!(split("!is_sqlite").map(|s| s.then), Some(!Reach::SQLITE));
        assert_eq!(split("x == 1"), None);
        assert_eq!(
            split("backend == DbBackend::Postgres && exists").map(|s| (s.then, s.otherwise)),
            Some((Reach::POSTGRES, Reach::ALL))
        );
        assert_eq!(
            split("let DbBackend::Sqlite = backend").map(|s| s.then),
            Some(Reach::SQLITE)
        );
    }

    #[test]
    fn a_value_only_one_backend_sets_guards_its_tests() {
        let mut names = Names::default();
        names.vars.insert("backend".into());
        let init: Expr =
            syn::parse_str("if backend == DbBackend::Sqlite { Some(pragma_on) } else { None }")
                .unwrap();
        assert_eq!(names.only_set_on(&init), Some(Reach::SQLITE));
        let not_empty: Expr =
            syn::parse_str("if backend == DbBackend::Sqlite { Some(1) } else { Some(2) }").unwrap();
        assert_eq!(names.only_set_on(&not_empty), None);
        names.set_on.insert("fk".into(), Reach::SQLITE);
        for test in [
            "fk == Some(true)",
            "fk.is_some()",
            "let Some(on) = fk",
            "fk.unwrap_or(false)",
        ] {
            let cond: Expr = syn::parse_str(test).unwrap();
            assert_eq!(
                names.condition(&cond),
                Some(Split {
                    then: Reach::SQLITE,
                    otherwise: Reach::ALL
                }),
                "{test}"
            );
        }
    }
}
