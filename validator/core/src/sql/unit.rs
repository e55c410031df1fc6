//! A unit of linting: the SQL of one migration (or one `.sql` file), as pieces that each
//! remember where they came from, so a finding in the combined text points back into
//! the `.sql` file, the Rust string literal, or the builder call that produced it.

use std::path::PathBuf;
use std::sync::OnceLock;

use crate::source::{LineRange, Pos, Span, line_starts, position};

use validator_base::Backend;

use super::facts::Range;

/// Where a piece of SQL came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Origin {
    /// The piece is the file's own text from `start`: a `.sql` file, or a Rust string
    /// literal without escapes. Offsets map to exact positions.
    Text { start: Pos },
    /// Known only as a whole: a builder call, a literal with escapes, a statement captured
    /// at run time. Every offset maps to this span.
    Whole(Span),
}

/// One piece of a unit's SQL.
#[derive(Debug)]
pub(crate) struct Piece {
    pub(crate) text: String,
    pub(crate) origin: Origin,
    /// Whether findings quote the statement (the source does not show the SQL).
    pub(crate) quote: bool,
    /// The lines a suppression comment may annotate, when wider than the statement (the
    /// whole Rust expression that sent it).
    pub(crate) anchor: Option<LineRange>,
    line_starts: OnceLock<Vec<usize>>,
}

impl Piece {
    pub(crate) fn new(text: String, origin: Origin, quote: bool) -> Self {
        Piece {
            text,
            origin,
            quote,
            anchor: None,
            line_starts: OnceLock::new(),
        }
    }

    /// Sets the lines a suppression comment may annotate.
    pub(crate) fn with_anchor(mut self, anchor: LineRange) -> Self {
        self.anchor = Some(anchor);
        self
    }

    /// The position of byte `offset` of this piece in its file.
    fn pos(&self, offset: usize) -> Option<Pos> {
        let Origin::Text { start } = self.origin else {
            return None;
        };
        let starts = self.line_starts.get_or_init(|| line_starts(&self.text));
        let at = position(&self.text, starts, offset);
        Some(if at.line == 1 {
            Pos {
                line: start.line,
                column: start.column + at.column - 1,
            }
        } else {
            Pos {
                line: start.line + at.line - 1,
                column: at.column,
            }
        })
    }
}

/// The SQL of one migration or file, linted together.
#[derive(Debug)]
pub(crate) struct Unit {
    /// Where findings go (shown path).
    pub(crate) file: PathBuf,
    /// The migration's name, when the unit is a migration.
    pub(crate) migration: Option<String>,
    pub(crate) pieces: Vec<Piece>,
    pub(crate) backend: Backend,
    /// Whether the runner wraps the unit in a transaction.
    pub(crate) in_transaction: bool,
    /// Where a finding goes when its piece has no place of its own.
    pub(crate) fallback: Option<Span>,
    /// Steps the static reader could not read, each as the number of pieces before it.
    pub(crate) unread: Vec<(usize, Unread)>,
}

/// What a step the static reader could not read may have done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unread {
    /// Anything: raw SQL built at run time, a helper given the manager or its connection
    /// (it may create tables and write rows).
    Any,
    /// Create a table (`create_table` of a statement not read).
    CreateTable,
    /// Another schema call (`create_index`, `alter_table`, ..): no table made, no row
    /// written.
    Schema,
}

impl Unread {
    /// Whether the step may have written rows (a rebuild's copy).
    pub(crate) fn may_write(self) -> bool {
        self == Unread::Any
    }

    /// Whether the step may have created a table.
    pub(crate) fn may_create(self) -> bool {
        self != Unread::Schema
    }
}

/// A unit's pieces joined into one text, with where each piece starts.
pub(crate) struct Combined {
    pub(crate) text: String,
    starts: Vec<usize>,
}

impl Combined {
    /// Where piece `index` starts in the text (the end, past the last piece).
    pub(crate) fn piece_start(&self, index: usize) -> usize {
        self.starts.get(index).copied().unwrap_or(self.text.len())
    }
}

impl Unit {
    /// Joins the pieces, ending each with `;` and a line break when it has none, so the
    /// parser sees separate statements.
    pub(crate) fn combine(&self) -> Combined {
        let mut text = String::with_capacity(self.pieces.iter().map(|p| p.text.len() + 2).sum());
        let mut starts = Vec::with_capacity(self.pieces.len());
        for p in &self.pieces {
            starts.push(text.len());
            text.push_str(&p.text);
            if !p.text.trim_end().ends_with(';') {
                text.push_str(";\n");
            } else {
                text.push('\n');
            }
        }
        Combined { text, starts }
    }

    /// The file span of a range of the combined text, and whether the piece asks for the
    /// statement to be quoted.
    pub(crate) fn locate(
        &self,
        combined: &Combined,
        range: &Range,
    ) -> (Option<Span>, bool, Option<LineRange>) {
        let index = combined
            .starts
            .partition_point(|&s| s <= range.start)
            .saturating_sub(1);
        let (Some(piece), Some(&base)) = (self.pieces.get(index), combined.starts.get(index))
        else {
            return (self.fallback, true, None);
        };
        let local_end = range.end.saturating_sub(base).min(piece.text.len());
        let local_start = range.start.saturating_sub(base).min(local_end);
        let span = match piece.origin {
            Origin::Whole(span) => Some(span),
            Origin::Text { .. } => match (piece.pos(local_start), piece.pos(local_end)) {
                (Some(start), Some(end)) => Some(Span { start, end }),
                _ => self.fallback,
            },
        };
        (span.or(self.fallback), piece.quote, piece.anchor)
    }
}

/// The lines of a span, for suppression anchors.
pub(crate) fn lines(span: Option<Span>) -> Option<LineRange> {
    span.map(|s| s.lines())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_offsets_in_text_pieces() {
        let unit = Unit {
            file: "m.sql".into(),
            migration: None,
            pieces: vec![Piece::new(
                "SELECT 1;\nDROP TABLE t;".into(),
                Origin::Text {
                    start: Pos { line: 3, column: 5 },
                },
                false,
            )],
            backend: Backend::Postgres,
            in_transaction: false,
            fallback: None,
            unread: Vec::new(),
        };
        let c = unit.combine();
        let (span, _, _) = unit.locate(&c, &(10..23));
        let span = span.unwrap();
        assert_eq!(span.start, Pos { line: 4, column: 1 });
        assert_eq!(
            span.end,
            Pos {
                line: 4,
                column: 14
            }
        );
        let (span, _, _) = unit.locate(&c, &(0..6));
        assert_eq!(span.unwrap().start, Pos { line: 3, column: 5 });
    }
}
