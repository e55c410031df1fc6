//! Lays out the expressions of a generated migration the way rustfmt does (default
//! configuration: `max_width = 100`, `chain_width = 60`, `fn_call_width = 60`, four
//! spaces), so the file passes `cargo fmt --check` as written. Only the shapes a
//! migration uses are covered: paths and literals, calls, and method chains ending in
//! `.await?`. A test formats every shape with rustfmt and compares.

const MAX_WIDTH: usize = 100;
const CHAIN_WIDTH: usize = 60;
const FN_CALL_WIDTH: usize = 60;
const INDENT: usize = 4;

/// An expression to lay out.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Node {
    /// Text that never breaks: a path, a literal (a multi-line string literal included).
    Atom(String),
    /// `func(args)`.
    Call { func: String, args: Vec<Node> },
    /// `root.a(..).b(..)`, `.await` as a link without arguments, `?` at the end.
    Chain {
        root: Box<Node>,
        links: Vec<Link>,
        question_mark: bool,
    },
}

/// One link of a chain: `.name(args)`, or `.name` (`.await`) when `args` is `None`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Link {
    pub(crate) name: String,
    pub(crate) args: Option<Vec<Node>>,
}

/// `text` as an atom.
pub(crate) fn atom(text: impl Into<String>) -> Node {
    Node::Atom(text.into())
}

/// `func(args)`.
pub(crate) fn call(func: impl Into<String>, args: Vec<Node>) -> Node {
    Node::Call {
        func: func.into(),
        args,
    }
}

impl Node {
    /// Appends `.name(args)`.
    pub(crate) fn method(self, name: &str, args: Vec<Node>) -> Node {
        self.link(Link {
            name: name.to_owned(),
            args: Some(args),
        })
    }

    /// Appends `.await?`.
    pub(crate) fn awaited(self) -> Node {
        let mut chain = self.link(Link {
            name: "await".to_owned(),
            args: None,
        });
        if let Node::Chain { question_mark, .. } = &mut chain {
            *question_mark = true;
        }
        chain
    }

    fn link(self, link: Link) -> Node {
        match self {
            Node::Chain {
                root,
                mut links,
                question_mark: false,
            } => {
                links.push(link);
                Node::Chain {
                    root,
                    links,
                    question_mark: false,
                }
            }
            other => Node::Chain {
                root: Box::new(other),
                links: vec![link],
                question_mark: false,
            },
        }
    }

    /// The expression on one line, if it has no line break of its own.
    fn one_line(&self) -> Option<String> {
        match self {
            Node::Atom(text) => (!text.contains('\n')).then(|| text.clone()),
            Node::Call { func, args } => Some(format!("{func}({})", one_line_args(args)?)),
            Node::Chain {
                root,
                links,
                question_mark,
            } => {
                let mut out = root.one_line()?;
                for link in links {
                    out.push('.');
                    out.push_str(&link.name);
                    if let Some(args) = &link.args {
                        out.push('(');
                        out.push_str(&one_line_args(args)?);
                        out.push(')');
                    }
                }
                if *question_mark {
                    out.push('?');
                }
                // rustfmt puts a chain of several links on one line only within
                // `chain_width`.
                (links.len() == 1 || out.len() <= CHAIN_WIDTH).then_some(out)
            }
        }
    }
}

fn one_line_args(args: &[Node]) -> Option<String> {
    let parts: Vec<String> = args.iter().map(Node::one_line).collect::<Option<_>>()?;
    Some(parts.join(", "))
}

/// A statement `node;` at `indent`, with its line breaks.
pub(crate) fn statement(node: &Node, indent: usize) -> String {
    format!("{}{};", " ".repeat(indent), render(node, indent, indent, 1))
}

/// Lays out `node`, whose first character goes at column `start` of a line indented by
/// `indent`; `tail` characters (`;`, `,`) follow its last line.
pub(crate) fn render(node: &Node, indent: usize, start: usize, tail: usize) -> String {
    match node {
        Node::Atom(text) => text.clone(),
        Node::Call { func, args } => {
            format!(
                "{func}{}",
                render_args(args, func, indent, start + func.len(), tail)
            )
        }
        Node::Chain {
            root,
            links,
            question_mark,
        } => render_chain(root, links, *question_mark, indent, start, tail),
    }
}

/// `(args)` starting at column `start`, after `callee`. A lone argument of a callee
/// shorter than a tab (`col`, `to`) may use the whole line, as rustfmt "combines" them;
/// other argument lists fit in `fn_call_width`.
fn render_args(args: &[Node], callee: &str, indent: usize, start: usize, tail: usize) -> String {
    if let Some(line) = one_line_args(args) {
        let combined = args.len() == 1 && callee.len() < INDENT;
        let fits = start + line.len() + 2 + tail <= MAX_WIDTH;
        if fits && (combined || line.len() <= FN_CALL_WIDTH) {
            return format!("({line})");
        }
    }
    if args.is_empty() {
        return "()".to_owned();
    }
    let inner = indent + INDENT;
    let mut out = String::from("(\n");
    for arg in args {
        out.push_str(&" ".repeat(inner));
        out.push_str(&render(arg, inner, inner, 1));
        out.push_str(",\n");
    }
    out.push_str(&" ".repeat(indent));
    out.push(')');
    out
}

fn render_chain(
    root: &Node,
    links: &[Link],
    question_mark: bool,
    indent: usize,
    start: usize,
    tail: usize,
) -> String {
    let whole = Node::Chain {
        root: Box::new(root.clone()),
        links: links.to_vec(),
        question_mark,
    };
    if let Some(line) = whole.one_line() {
        let limit = if links.len() > 1 {
            CHAIN_WIDTH.min(MAX_WIDTH - start - tail)
        } else {
            MAX_WIDTH.saturating_sub(start + tail)
        };
        if line.len() <= limit {
            return line;
        }
    }
    // rustfmt keeps a broken chain's root on its line only with a column to spare.
    let root_line = root.one_line().filter(|l| start + l.len() < MAX_WIDTH);
    let (mut out, child_indent) = match root_line {
        Some(line) => (line, indent + INDENT),
        // A root that breaks itself keeps its links at its own indentation.
        None => (render(root, indent, start, 1), indent),
    };
    for (i, link) in links.iter().enumerate() {
        let last = i + 1 == links.len();
        let link_tail = if last {
            tail + usize::from(question_mark)
        } else {
            0
        };
        out.push('\n');
        out.push_str(&" ".repeat(child_indent));
        out.push('.');
        out.push_str(&link.name);
        if let Some(args) = &link.args {
            let at = child_indent + 1 + link.name.len();
            out.push_str(&render_args(args, &link.name, child_indent, at, link_tail));
        }
    }
    if question_mark {
        out.push('?');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `rustfmt` on `source`, or `None` when it is not installed (outside CI).
    fn rustfmt(source: &str) -> Option<String> {
        use std::io::Write;
        use std::process::{Command, Stdio};
        let child = Command::new("rustfmt")
            .args(["--edition", "2024", "--emit", "stdout", "--quiet"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn();
        let Ok(mut child) = child else {
            assert!(
                std::env::var_os("CI").is_none(),
                "rustfmt is missing under CI"
            );
            eprintln!("SKIP layout_matches_rustfmt: rustfmt is not installed");
            return None;
        };
        child.stdin.take()?.write_all(source.as_bytes()).ok()?;
        let output = child.wait_with_output().ok()?;
        assert!(output.status.success(), "rustfmt failed on:\n{source}");
        Some(String::from_utf8_lossy(&output.stdout).into_owned())
    }

    fn manager(method: &str, arg: Node) -> Node {
        atom("manager").method(method, vec![arg]).awaited()
    }

    fn samples() -> Vec<Node> {
        let mut out = Vec::new();
        // Names of growing length push each shape across rustfmt's width limits.
        for n in 1..40 {
            let table = format!("T{}", "a".repeat(n));
            let column = format!("{table}::C{}", "b".repeat(n / 2));
            let t = format!("{table}::Table");
            out.push(manager(
                "drop_table",
                call("Table::drop", vec![])
                    .method("table", vec![atom(&t)])
                    .method("to_owned", vec![]),
            ));
            out.push(manager(
                "alter_table",
                call("Table::alter", vec![])
                    .method("table", vec![atom(&t)])
                    .method(
                        "add_column",
                        vec![
                            call("ColumnDef::new", vec![atom(&column)])
                                .method("string_len", vec![atom("16")])
                                .method("null", vec![]),
                        ],
                    )
                    .method("to_owned", vec![]),
            ));
            out.push(manager(
                "create_index",
                call("Index::create", vec![])
                    .method("name", vec![atom(format!("\"idx-{}\"", "x".repeat(n)))])
                    .method("table", vec![atom(&t)])
                    .method("col", vec![atom(&column)])
                    .method("to_owned", vec![]),
            ));
            out.push(
                atom("manager")
                    .method("get_connection", vec![])
                    .method(
                        "execute_unprepared",
                        vec![atom(format!("\"SET LOCAL {}\"", "y".repeat(n)))],
                    )
                    .awaited(),
            );
            out.push(manager(
                "rename_table",
                call("Table::rename", vec![])
                    .method("table", vec![atom(&t), atom(format!("{table}New::Table"))])
                    .method("to_owned", vec![]),
            ));
            out.push(manager(
                "create_table",
                call("Table::create", vec![])
                    .method("table", vec![atom(&t)])
                    .method(
                        "col",
                        vec![
                            call("ColumnDef::new", vec![atom(&column)])
                                .method("big_integer", vec![])
                                .method("not_null", vec![])
                                .method("primary_key", vec![]),
                        ],
                    )
                    .method(
                        "foreign_key",
                        vec![
                            call("ForeignKey::create", vec![])
                                .method("name", vec![atom("\"fk-a-b\"")])
                                .method("from", vec![atom(&t), atom(&column)])
                                .method("to", vec![atom("Users::Table"), atom("Users::Id")])
                                .method("on_delete", vec![atom("ForeignKeyAction::Cascade")]),
                        ],
                    )
                    .method("to_owned", vec![]),
            ));
        }
        out
    }

    #[test]
    fn layout_matches_rustfmt() {
        for indent in [8, 12, 16] {
            let mut source = String::from("fn f() {\n");
            let mut depth = 4;
            while depth < indent {
                source.push_str(&format!("{}if x {{\n", " ".repeat(depth)));
                depth += 4;
            }
            for node in samples() {
                source.push_str(&statement(&node, indent));
                source.push('\n');
            }
            while depth > 4 {
                depth -= 4;
                source.push_str(&format!("{}}}\n", " ".repeat(depth)));
            }
            source.push_str("}\n");
            let Some(formatted) = rustfmt(&source) else {
                return;
            };
            if formatted != source {
                let first = source
                    .lines()
                    .zip(formatted.lines())
                    .position(|(a, b)| a != b)
                    .unwrap_or(0);
                let show = |text: &str| {
                    text.lines()
                        .skip(first.saturating_sub(8))
                        .take(24)
                        .collect::<Vec<_>>()
                        .join("\n")
                };
                panic!(
                    "indent {indent}: rustfmt lays it out differently from line {}:\n--- ours\n{}\n--- rustfmt\n{}",
                    first + 1,
                    show(&source),
                    show(&formatted)
                );
            }
        }
    }
}
