//! Where a fix puts new code into an entity, and how the file around it is laid out:
//! the end of the `Model`'s fields, of `enum Relation`, of the `RelationTrait` match, and
//! of the relation items, each with the indentation, line ending and comma style the
//! file already uses. Read from the syn items and the text while the file is parsed, so
//! that rules compute fixes from the model alone.

use serde::Serialize;
use syn::punctuated::Punctuated;

use super::paths::ident_name;
use crate::source::{Pos, Span, TightPos, TightSpan, line_starts};

/// Where new code goes into one entity.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct EditPoints {
    /// The file's line ending (`"\n"` or `"\r\n"`, from its first line break).
    pub newline: Newline,
    /// One level of indentation (four spaces, two, or a tab).
    pub indent_unit: Indent,
    /// The end of the `Model` struct's fields.
    pub fields: Option<ListEnd>,
    /// The end of `enum Relation`'s variants.
    pub variants: Option<ListEnd>,
    /// The end of the `match self { .. }` arms of `impl RelationTrait`'s `fn def`.
    pub arms: Option<ListEnd>,
    /// A `fn def` body that only panics (a relation-less entity), replaced by a `match`
    /// when the first relation is added.
    pub def_body: Option<Replace>,
    /// Just after the last relation item (`enum Relation`, `impl RelationTrait`, an own
    /// `impl Related`): where a new `impl Related` goes.
    pub items_end: Option<ItemEnd>,
    /// Every field name of the `Model` struct (columns, relation and ignored fields),
    /// space-separated: one allocation per entity.
    pub field_names: String,
}

/// A file's line ending.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum Newline {
    /// `\n`.
    #[default]
    Lf,
    /// `\r\n`.
    CrLf,
}

impl Newline {
    /// The characters.
    pub fn as_str(self) -> &'static str {
        match self {
            Newline::Lf => "\n",
            Newline::CrLf => "\r\n",
        }
    }
}

impl std::fmt::Display for Newline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl EditPoints {
    /// Whether the `Model` struct has a field of this name.
    pub fn has_field(&self, name: &str) -> bool {
        self.field_names.split(' ').any(|f| f == name)
    }
}

/// Leading whitespace, as counts (no allocation per place): tabs, then spaces.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Indent {
    /// Tabs.
    pub tabs: u16,
    /// Spaces.
    pub spaces: u16,
}

impl Indent {
    fn of(ws: &str) -> Indent {
        let count = |c: char| u16::try_from(ws.chars().filter(|x| *x == c).count()).unwrap_or(0);
        Indent {
            tabs: count('\t'),
            spaces: count(' '),
        }
    }

    /// One level deeper.
    pub fn then(self, unit: Indent) -> Indent {
        Indent {
            tabs: self.tabs.saturating_add(unit.tabs),
            spaces: self.spaces.saturating_add(unit.spaces),
        }
    }
}

impl std::fmt::Display for Indent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for _ in 0..self.tabs {
            f.write_str("\t")?;
        }
        for _ in 0..self.spaces {
            f.write_str(" ")?;
        }
        Ok(())
    }
}

/// The end of a braced, comma-separated list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ListEnd {
    /// Where a new element is inserted: the start of the closing brace's line when the
    /// brace is alone on it, else the brace itself.
    pub at: TightPos,
    /// `at` starts a line (the closing brace is alone on its line).
    pub line_start: bool,
    /// The elements' indentation.
    pub indent: Indent,
    /// The closing brace's indentation.
    pub outer_indent: Indent,
    /// The end of the last element when it has no comma and the next element needs one.
    pub missing_comma: Option<TightPos>,
    /// Whether the last element ends in a comma (or the list is empty).
    pub trailing_comma: bool,
}

/// A range whose text is replaced, with its line's indentation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Replace {
    /// The text replaced.
    pub span: TightSpan,
    /// The indentation of the line it starts on.
    pub indent: Indent,
}

/// Just after an item's closing brace.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ItemEnd {
    /// After the `}`.
    pub at: TightPos,
    /// The item's indentation.
    pub indent: Indent,
}

impl ListEnd {
    /// The edits that add `element` (lines without indentation or line ending, the last
    /// without its comma) as the list's last element: `(position, text)` pairs.
    pub fn insert(&self, ep: &EditPoints, element: &[String]) -> Vec<(Pos, String)> {
        let nl = ep.newline.as_str();
        let comma = if self.trailing_comma { "," } else { "" };
        let mut body = String::new();
        for (i, line) in element.iter().enumerate() {
            body.push_str(&self.indent.to_string());
            body.push_str(line);
            if i + 1 == element.len() {
                body.push_str(comma);
            }
            body.push_str(nl);
        }
        let mut out = Vec::new();
        if let Some(at) = self.missing_comma {
            out.push((at.pos(), ",".to_owned()));
        }
        if self.line_start {
            out.push((self.at.pos(), body));
        } else {
            out.push((self.at.pos(), format!("{nl}{body}{}", self.outer_indent)));
        }
        out
    }
}

/// The text of one file, for reading indentation.
pub(super) struct Layout<'a> {
    text: &'a str,
    starts: std::sync::OnceLock<Vec<usize>>,
}

impl<'a> Layout<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Layout {
            text,
            starts: std::sync::OnceLock::new(),
        }
    }

    fn line(&self, line: usize) -> &'a str {
        let starts = self.starts.get_or_init(|| line_starts(self.text));
        let Some(&start) = line.checked_sub(1).and_then(|i| starts.get(i)) else {
            return "";
        };
        let end = starts.get(line).copied().unwrap_or(self.text.len());
        self.text.get(start..end).unwrap_or("")
    }

    /// The leading whitespace of a 1-based line.
    pub(super) fn indent_of(&self, line: usize) -> Indent {
        let l = self.line(line);
        let end = l.find(|c| c != ' ' && c != '\t').unwrap_or(l.len());
        Indent::of(l.get(..end).unwrap_or(""))
    }

    /// Whether only whitespace precedes `pos` on its line.
    fn alone(&self, pos: Pos) -> bool {
        self.line(pos.line)
            .chars()
            .take(pos.column.saturating_sub(1))
            .all(|c| c == ' ' || c == '\t')
    }

    fn newline(&self) -> Newline {
        match self.text.find('\n') {
            Some(i) if i > 0 && self.text.as_bytes().get(i - 1) == Some(&b'\r') => Newline::CrLf,
            _ => Newline::Lf,
        }
    }

    /// One level of indentation: the first indented line's, tab or spaces.
    fn unit(&self) -> Indent {
        for line in self.text.lines() {
            let ws = line.len() - line.trim_start_matches([' ', '\t']).len();
            if ws > 0 && ws < line.len() {
                return if line.starts_with('\t') {
                    Indent { tabs: 1, spaces: 0 }
                } else if ws == 2 {
                    Indent { tabs: 0, spaces: 2 }
                } else {
                    Indent { tabs: 0, spaces: 4 }
                };
            }
        }
        Indent { tabs: 0, spaces: 4 }
    }

    /// The end of a braced list owned by an item starting on `owner_line`: `close` is the
    /// closing brace; `last` the last element's end and whether a comma follows it (and
    /// whether a new element needs one there); `first_line` the first element's line.
    fn list_end(
        &self,
        unit: Indent,
        owner_line: usize,
        close: Span,
        first: Option<Pos>,
        last: Option<(Pos, bool, bool)>,
    ) -> ListEnd {
        let line_start = self.alone(close.start);
        let outer_indent = if line_start {
            self.indent_of(close.start.line)
        } else {
            self.indent_of(owner_line)
        };
        let indent = match first {
            Some(p) if p.line != owner_line && self.alone(p) => self.indent_of(p.line),
            _ => outer_indent.then(unit),
        };
        ListEnd {
            at: if line_start {
                Pos {
                    line: close.start.line,
                    column: 1,
                }
            } else {
                close.start
            }
            .into(),
            line_start,
            indent,
            outer_indent,
            missing_comma: last
                .filter(|(_, comma, needs)| !comma && *needs)
                .map(|l| l.0.into()),
            trailing_comma: last.is_none_or(|(_, comma, needs)| comma || !needs),
        }
    }
}

/// What an entity's edit points are read from.
#[derive(Default)]
pub(super) struct Sources<'a> {
    pub(super) model: Option<&'a syn::ItemStruct>,
    pub(super) relation_enum: Option<&'a syn::ItemEnum>,
    pub(super) relation_trait_impl: Option<&'a syn::ItemImpl>,
    pub(super) related_impls: &'a [&'a syn::ItemImpl],
}

/// The edit points of one entity.
pub(super) fn edit_points(l: &Layout<'_>, s: &Sources<'_>) -> EditPoints {
    let unit = l.unit();
    let mut ep = EditPoints {
        newline: l.newline(),
        ..EditPoints::default()
    };
    if let Some(model) = s.model
        && let syn::Fields::Named(named) = &model.fields
    {
        ep.field_names = named
            .named
            .iter()
            .filter_map(|f| f.ident.as_ref().map(ident_name))
            .collect::<Vec<_>>()
            .join(" ");
        let first = named
            .named
            .first()
            .map(|f| first_pos(&f.attrs, field_start(f)));
        let last = last_of(&named.named, |f| Span::type_end(&f.ty).end);
        ep.fields = Some(l.list_end(
            unit,
            Span::ident(&model.ident).start.line,
            Span::from_pm2(named.brace_token.span.close()),
            first,
            last,
        ));
    }
    if let Some(rel) = s.relation_enum {
        let first = rel
            .variants
            .first()
            .map(|v| first_pos(&v.attrs, Span::ident(&v.ident).start));
        let last = last_of(&rel.variants, |v| Span::covering(v).end);
        ep.variants = Some(l.list_end(
            unit,
            Span::ident(&rel.ident).start.line,
            Span::from_pm2(rel.brace_token.span.close()),
            first,
            last,
        ));
    }
    if let Some(imp) = s.relation_trait_impl {
        relation_trait(l, unit, imp, &mut ep);
    }
    let ends = s
        .relation_enum
        .map(|e| Span::from_pm2(e.brace_token.span.close()))
        .into_iter()
        .chain(
            s.relation_trait_impl
                .iter()
                .chain(s.related_impls)
                .map(|i| Span::from_pm2(i.brace_token.span.close())),
        );
    if let Some(end) = ends.max_by_key(|s| s.end) {
        ep.items_end = Some(ItemEnd {
            at: end.end.into(),
            indent: l.indent_of(end.start.line),
        });
    }
    ep.indent_unit = unit;
    ep
}

/// Where a node with attributes starts.
fn first_pos(attrs: &[syn::Attribute], start: Pos) -> Pos {
    attrs
        .first()
        .map_or(start, |a| Span::from_pm2(a.pound_token.span).start)
        .min(start)
}

fn field_start(f: &syn::Field) -> Pos {
    match (&f.vis, &f.ident) {
        (syn::Visibility::Public(p), _) => Span::from_pm2(p.span).start,
        (_, Some(i)) => Span::ident(i).start,
        _ => Span::type_end(&f.ty).start,
    }
}

/// The last element's end and whether a comma follows it; a comma is always needed
/// before a new element.
fn last_of<T, P>(list: &Punctuated<T, P>, end: impl Fn(&T) -> Pos) -> Option<(Pos, bool, bool)> {
    let last = list.pairs().last()?;
    Some((end(last.value()), last.punct().is_some(), true))
}

/// The match arms of `fn def`, or its panicking body.
fn relation_trait(l: &Layout<'_>, unit: Indent, imp: &syn::ItemImpl, ep: &mut EditPoints) {
    let Some(f) = imp.items.iter().find_map(|it| match it {
        syn::ImplItem::Fn(f) if f.sig.ident == "def" => Some(f),
        _ => None,
    }) else {
        return;
    };
    match f.block.stmts.as_slice() {
        [syn::Stmt::Expr(syn::Expr::Match(m), None)] => {
            let first = m
                .arms
                .first()
                .map(|a| first_pos(&a.attrs, Span::covering(&a.pat).start));
            let last = m.arms.last().map(|a| {
                let block = matches!(a.body.as_ref(), syn::Expr::Block(_));
                (Span::expr_end(&a.body).end, a.comma.is_some(), !block)
            });
            let close = Span::from_pm2(m.brace_token.span.close());
            ep.arms = Some(l.list_end(
                unit,
                Span::from_pm2(m.match_token.span).start.line,
                close,
                first,
                last,
            ));
        }
        [stmt] if is_panic_stmt(stmt) => {
            let span = Span::covering(stmt);
            ep.def_body = Some(Replace {
                span: span.into(),
                indent: l.indent_of(span.start.line),
            });
        }
        _ => {}
    }
}

fn is_panic_stmt(stmt: &syn::Stmt) -> bool {
    let mac = match stmt {
        syn::Stmt::Macro(m) => &m.mac,
        syn::Stmt::Expr(syn::Expr::Macro(m), _) => &m.mac,
        _ => return false,
    };
    mac.path.get_ident().is_some_and(|i| {
        matches!(
            i.to_string().as_str(),
            "panic" | "todo" | "unimplemented" | "unreachable"
        )
    })
}
