//! Source files, positions and spans. Every position the tool reports is 1-based, and a
//! column counts Unicode scalar values (characters), as proc-macro2 does.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

/// A 1-based line and column (columns count characters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// A range of text in one file, from `start` (inclusive) to `end` (exclusive).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    /// Where the range starts.
    pub start: Pos,
    /// Where the range ends (exclusive).
    pub end: Pos,
}

impl Span {
    /// The span of a syn/proc-macro2 token range; requires proc-macro2's `span-locations`.
    pub(crate) fn from_pm2(span: proc_macro2::Span) -> Self {
        let (s, e) = (span.start(), span.end());
        Span {
            start: Pos {
                line: s.line.max(1),
                column: s.column + 1,
            },
            end: Pos {
                line: e.line.max(1),
                column: e.column + 1,
            },
        }
    }

    /// The span covering the tokens of a syntax node.
    pub(crate) fn of<T: quote::ToTokens + ?Sized>(node: &T) -> Self {
        use syn::spanned::Spanned;
        Self::from_pm2(node.span())
    }

    /// A span from the first to the last token of a node; `Spanned` on stable Rust only
    /// gives the first token, so join by hand.
    pub(crate) fn covering<T: quote::ToTokens + ?Sized>(node: &T) -> Self {
        let mut tokens = node.to_token_stream().into_iter();
        let Some(first) = tokens.next() else {
            return Self::of(node);
        };
        let start = Self::from_pm2(first.span());
        let end = tokens.last().map_or(start, |t| Self::from_pm2(t.span()));
        Span {
            start: start.start,
            end: end.end,
        }
    }

    /// An identifier's span, without building a token stream (syn's `Spanned` does).
    pub(crate) fn ident(i: &proc_macro2::Ident) -> Self {
        Self::from_pm2(i.span())
    }

    /// An attribute from `#` to `]`.
    pub(crate) fn attr(a: &syn::Attribute) -> Self {
        Self::from_pm2(a.pound_token.span).to(Self::from_pm2(a.bracket_token.span.close()))
    }

    /// A path from its first to its last segment.
    pub(crate) fn path(p: &syn::Path) -> Self {
        match (p.segments.first(), p.segments.last()) {
            (Some(a), Some(b)) => Self::ident(&a.ident).to(Self::ident(&b.ident)),
            _ => Self::covering(p),
        }
    }

    /// A whole type, cheaply for paths (`Option<i64>`, `super::x::Id`).
    pub(crate) fn type_whole(ty: &syn::Type) -> Self {
        if let syn::Type::Path(p) = ty
            && p.qself.is_none()
            && p.path.leading_colon.is_none()
            && let Some(first) = p.path.segments.first()
        {
            return Self::ident(&first.ident).to(Self::type_end(ty));
        }
        Self::covering(ty)
    }

    /// Where a type ends (the last identifier or closing `>`), cheaply for paths.
    pub(crate) fn type_end(ty: &syn::Type) -> Self {
        if let syn::Type::Path(p) = ty
            && let Some(last) = p.path.segments.last()
        {
            return match &last.arguments {
                syn::PathArguments::AngleBracketed(a) => Self::from_pm2(a.gt_token.span),
                _ => Self::ident(&last.ident),
            };
        }
        Self::covering(ty)
    }

    /// Where an expression ends, cheaply for calls, method calls and paths.
    pub(crate) fn expr_end(e: &syn::Expr) -> Self {
        match e {
            syn::Expr::MethodCall(m) => Self::from_pm2(m.paren_token.span.close()),
            syn::Expr::Call(c) => Self::from_pm2(c.paren_token.span.close()),
            syn::Expr::Path(p) => Self::path(&p.path),
            syn::Expr::Lit(l) => Self::from_pm2(l.lit.span()),
            other => Self::covering(other),
        }
    }

    /// The lines this span touches.
    pub fn lines(&self) -> LineRange {
        LineRange {
            start: self.start.line,
            end: self.end.line.max(self.start.line),
        }
    }

    /// A span from the start of `self` to the end of `other`.
    pub(crate) fn to(self, other: Span) -> Span {
        Span {
            start: self.start,
            end: other.end,
        }
    }
}

/// A [`Pos`] in half the bytes, for positions the model keeps by the thousand (where
/// fixes go); lines and columns beyond `u32` saturate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct TightPos {
    line: u32,
    column: u32,
}

impl From<Pos> for TightPos {
    fn from(p: Pos) -> Self {
        TightPos {
            line: u32::try_from(p.line).unwrap_or(u32::MAX),
            column: u32::try_from(p.column).unwrap_or(u32::MAX),
        }
    }
}

impl TightPos {
    /// The position.
    pub fn pos(self) -> Pos {
        Pos {
            line: self.line as usize,
            column: self.column as usize,
        }
    }
}

/// A [`Span`] in half the bytes (see [`TightPos`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct TightSpan {
    start: TightPos,
    end: TightPos,
}

impl From<Span> for TightSpan {
    fn from(s: Span) -> Self {
        TightSpan {
            start: s.start.into(),
            end: s.end.into(),
        }
    }
}

impl TightSpan {
    /// The span.
    pub fn span(self) -> Span {
        Span {
            start: self.start.pos(),
            end: self.end.pos(),
        }
    }
}

/// An inclusive range of 1-based lines, used to match suppression comments to items.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct LineRange {
    /// First line (1-based, inclusive).
    pub start: usize,
    /// Last line (1-based, inclusive).
    pub end: usize,
}

impl LineRange {
    /// Whether `line` falls inside the range.
    pub fn contains(&self, line: usize) -> bool {
        self.start <= line && line <= self.end
    }
}

/// The text of one file, with an index of line starts for position to offset conversion.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as shown to the user.
    pub path: PathBuf,
    /// The whole text.
    pub text: String,
    /// Byte offsets of line starts, built on first use: most files are never rendered.
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// Index a file's text.
    pub fn new(path: PathBuf, text: String) -> Self {
        SourceFile {
            path,
            text,
            line_starts: std::sync::OnceLock::new(),
        }
    }

    /// Byte offsets of every line start.
    pub(crate) fn starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| line_starts(&self.text))
    }

    /// The 1-based position of a byte offset (clamped to the text).
    pub fn pos(&self, offset: usize) -> Pos {
        position(&self.text, self.starts(), offset)
    }

    /// The byte offset of a 1-based position, clamped to the text.
    pub fn offset(&self, pos: Pos) -> usize {
        let starts = self.starts();
        let Some(&line_start) = starts.get(pos.line.saturating_sub(1)) else {
            return self.text.len();
        };
        let line_end = starts.get(pos.line).copied().unwrap_or(self.text.len());
        let line = self.text.get(line_start..line_end).unwrap_or("");
        let within = line
            .char_indices()
            .nth(pos.column.saturating_sub(1))
            .map_or(line.len(), |(i, _)| i);
        line_start + within
    }

    /// The text of a 1-based line, without its line break.
    pub fn line(&self, line: usize) -> Option<&str> {
        let start = *self.starts().get(line.checked_sub(1)?)?;
        let end = self.starts().get(line).copied().unwrap_or(self.text.len());
        self.text
            .get(start..end)
            .map(|l| l.trim_end_matches(['\n', '\r']))
    }

    /// The number of lines.
    pub fn line_count(&self) -> usize {
        self.starts().len()
    }
}

/// Byte offsets of every line start of `text`.
pub(crate) fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    starts
}

/// The 1-based position of byte `offset` (clamped) in `text`, whose line starts are
/// `starts`; columns count characters.
pub(crate) fn position(text: &str, starts: &[usize], offset: usize) -> Pos {
    let offset = offset.min(text.len());
    let line = starts.partition_point(|&s| s <= offset).saturating_sub(1);
    let line_start = starts.get(line).copied().unwrap_or(0);
    let column = text
        .get(line_start..offset)
        .map_or(0, |s| s.chars().count())
        + 1;
    Pos {
        line: line + 1,
        column,
    }
}

/// The 1-based position of byte `offset` (clamped) in `text`.
pub(crate) fn pos_at(text: &str, offset: usize) -> Pos {
    position(text, &line_starts(text), offset)
}

/// Every file read during a run, for rendering. A file checked from disk is not kept in
/// memory: its text is read again the first time a finding in it is rendered (most files
/// never are), so a run over thousands of files holds one text at a time.
#[derive(Debug, Default, Clone)]
pub struct SourceCache {
    files: BTreeMap<PathBuf, Entry>,
}

/// One file: its text, or where to read it from when it is first needed.
#[derive(Debug, Clone)]
struct Entry {
    /// The file on disk, for a file not held in memory.
    disk: Option<PathBuf>,
    /// The file, once loaded; `None` inside when it can no longer be read.
    file: std::sync::OnceLock<Option<Arc<SourceFile>>>,
}

impl Entry {
    fn get(&self, shown: &Path) -> Option<&Arc<SourceFile>> {
        self.file
            .get_or_init(|| {
                let disk = self.disk.as_ref()?;
                let text = std::fs::read_to_string(disk).ok()?;
                Some(Arc::new(SourceFile::new(shown.to_path_buf(), text)))
            })
            .as_ref()
    }
}

impl SourceCache {
    /// Add a file (replacing an earlier one with the same path) and return it.
    pub fn insert(&mut self, file: SourceFile) -> Arc<SourceFile> {
        let file = Arc::new(file);
        let loaded = std::sync::OnceLock::new();
        let _ = loaded.set(Some(Arc::clone(&file)));
        self.files.insert(
            file.path.clone(),
            Entry {
                disk: None,
                file: loaded,
            },
        );
        file
    }

    /// Add a file by the path it is shown under and the path it is read from, without
    /// reading it now.
    pub fn insert_on_disk(&mut self, shown: PathBuf, disk: PathBuf) {
        self.files.insert(
            shown,
            Entry {
                disk: Some(disk),
                file: std::sync::OnceLock::new(),
            },
        );
    }

    /// Adds every file of `other`.
    pub fn extend(&mut self, other: SourceCache) {
        self.files.extend(other.files);
    }

    /// A file by the path it was added under, read from disk on first use; `None` when
    /// unknown or no longer readable.
    pub fn get(&self, path: &Path) -> Option<&Arc<SourceFile>> {
        self.files.get(path).and_then(|e| e.get(path))
    }

    /// Every file that can be read, in path order.
    pub fn iter(&self) -> impl Iterator<Item = &Arc<SourceFile>> {
        self.files.iter().filter_map(|(p, e)| e.get(p))
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether no file was read.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_characters() {
        let f = SourceFile::new("a.rs".into(), "é x\nab\n".into());
        assert_eq!(f.offset(Pos { line: 1, column: 3 }), 3);
        assert_eq!(f.offset(Pos { line: 2, column: 2 }), 6);
        assert_eq!(f.offset(Pos { line: 9, column: 1 }), f.text.len());
        assert_eq!(f.line(2), Some("ab"));
    }

    #[test]
    fn files_on_disk_are_read_when_first_needed() {
        let dir = std::env::temp_dir().join(format!("validator-source-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let disk = dir.join("a.rs");
        std::fs::write(&disk, "fn a() {}\n").expect("write");
        let mut cache = SourceCache::default();
        cache.insert_on_disk("src/a.rs".into(), disk.clone());
        cache.insert_on_disk("src/gone.rs".into(), dir.join("gone.rs"));
        assert_eq!(cache.len(), 2);
        let a = cache.get(Path::new("src/a.rs")).expect("read on demand");
        assert_eq!(
            (a.path.as_path(), a.line(1)),
            (Path::new("src/a.rs"), Some("fn a() {}"))
        );
        assert!(cache.get(Path::new("src/gone.rs")).is_none());
        assert_eq!(cache.iter().count(), 1);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
