//! Edits to texts: which fixes of one pass go together (identical edits merge, an edit
//! that overlaps one already taken defers its whole fix to the next pass), and the
//! texts with those edits made.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Edit, Fix};
use crate::source::SourceFile;

/// An edit in byte offsets of its file's current text.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Bytes {
    start: usize,
    end: usize,
    text: String,
}

impl Bytes {
    fn of(file: &SourceFile, e: &Edit) -> Option<Bytes> {
        let (start, end) = (file.offset(e.span.start), file.offset(e.span.end));
        (start <= end).then(|| Bytes {
            start,
            end,
            text: e.text.clone(),
        })
    }

    fn is_insertion(&self) -> bool {
        self.start == self.end
    }

    /// Whether two different edits cannot both be made.
    fn conflicts(&self, other: &Bytes) -> bool {
        if self.is_insertion() && other.is_insertion() && self.start == other.start {
            return !(stacks(&self.text) && stacks(&other.text));
        }
        self.start < other.end && other.start < self.end
    }
}

/// Whether an insertion can share its position with another, in either order: a whole
/// list element ending in its comma and line break, or a whole item after a `}`.
fn stacks(text: &str) -> bool {
    let element = text.ends_with(",\n") || text.ends_with(",\r\n");
    let item = text.starts_with('\n') || text.starts_with("\r\n");
    element || (item && text.trim_end().ends_with('}'))
}

/// Why a fix was not taken.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Refused {
    /// An edit overlaps one already taken: try again on the next pass.
    Overlap,
    /// An edit is in a file that was not read, or its range is reversed.
    Outside(PathBuf),
}

/// The fixes taken in one pass and their edits, per file.
#[derive(Default)]
pub(super) struct Batch {
    edits: BTreeMap<PathBuf, Vec<Bytes>>,
    /// How many fixes were taken.
    taken: usize,
}

impl Batch {
    /// Take `fix` when none of its edits conflicts with the edits taken so far.
    pub(super) fn offer(
        &mut self,
        fix: &Fix,
        files: &BTreeMap<PathBuf, SourceFile>,
    ) -> Result<(), Refused> {
        let mut new: Vec<(&Path, Bytes)> = Vec::with_capacity(fix.edits.len());
        for e in &fix.edits {
            let b = files
                .get(&e.file)
                .and_then(|f| Bytes::of(f, e))
                .ok_or_else(|| Refused::Outside(e.file.clone()))?;
            let taken = self
                .edits
                .get(e.file.as_path())
                .map_or(&[][..], Vec::as_slice);
            let same_fix = new.iter().filter(|(f, _)| *f == e.file).map(|(_, b)| b);
            if taken.contains(&b) {
                continue;
            }
            if taken.iter().chain(same_fix).any(|t| t.conflicts(&b)) {
                return Err(Refused::Overlap);
            }
            new.push((&e.file, b));
        }
        for (file, b) in new {
            self.edits.entry(file.to_path_buf()).or_default().push(b);
        }
        self.taken += 1;
        Ok(())
    }

    /// The files the batch changes, with their new texts.
    pub(super) fn apply(&self, files: &BTreeMap<PathBuf, SourceFile>) -> Vec<(PathBuf, String)> {
        self.edits
            .iter()
            .filter_map(|(path, edits)| {
                let file = files.get(path)?;
                Some((path.clone(), apply(&file.text, edits)))
            })
            .collect()
    }
}

/// `text` with non-overlapping `edits` made; insertions at one place keep their order.
fn apply(text: &str, edits: &[Bytes]) -> String {
    let mut sorted: Vec<&Bytes> = edits.iter().collect();
    sorted.sort_by_key(|b| (b.start, b.end));
    let mut out =
        String::with_capacity(text.len() + edits.iter().map(|b| b.text.len()).sum::<usize>());
    let mut at = 0;
    for b in sorted {
        out.push_str(text.get(at..b.start).unwrap_or(""));
        out.push_str(&b.text);
        at = at.max(b.end);
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Applicability;
    use crate::source::{Pos, Span};

    fn edit(l1: usize, c1: usize, l2: usize, c2: usize, text: &str) -> Edit {
        Edit {
            file: "a.rs".into(),
            span: Span {
                start: Pos {
                    line: l1,
                    column: c1,
                },
                end: Pos {
                    line: l2,
                    column: c2,
                },
            },
            text: text.to_owned(),
        }
    }

    fn fix(edits: Vec<Edit>) -> Fix {
        Fix {
            message: String::new(),
            applicability: Applicability::Safe,
            edits,
        }
    }

    fn files(text: &str) -> BTreeMap<PathBuf, SourceFile> {
        BTreeMap::from([(
            "a.rs".into(),
            SourceFile::new("a.rs".into(), text.to_owned()),
        )])
    }

    #[test]
    fn identical_edits_merge_and_overlaps_wait() {
        let files = files("enum R {\n    A\n}\n");
        let mut b = Batch::default();
        let comma = edit(2, 6, 2, 6, ",");
        let x = fix(vec![comma.clone(), edit(3, 1, 3, 1, "    X,\n")]);
        let y = fix(vec![comma, edit(3, 1, 3, 1, "    Y,\n")]);
        let z = fix(vec![edit(2, 5, 2, 6, "B")]);
        assert_eq!(b.offer(&x, &files), Ok(()));
        assert_eq!(b.offer(&y, &files), Ok(()));
        assert_eq!(b.offer(&z, &files), Ok(()));
        let out = b.apply(&files);
        assert_eq!(out[0].1, "enum R {\n    B,\n    X,\n    Y,\n}\n");
        let w = fix(vec![edit(2, 5, 2, 6, "C")]);
        assert_eq!(b.offer(&w, &files), Err(Refused::Overlap));
        let v = fix(vec![edit(2, 6, 2, 6, "D")]);
        assert_eq!(b.offer(&v, &files), Err(Refused::Overlap));
        assert_eq!(b.taken, 3);
    }

    #[test]
    fn columns_count_characters() {
        let files = files("é = 1;\r\n");
        let mut b = Batch::default();
        assert_eq!(b.offer(&fix(vec![edit(1, 5, 1, 6, "2")]), &files), Ok(()));
        assert_eq!(b.apply(&files)[0].1, "é = 2;\r\n");
    }
}
