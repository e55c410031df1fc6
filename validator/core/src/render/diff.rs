//! `validator check --diff`: the fixes as a unified diff that `git apply` (and `patch -p1`)
//! take. Paths are relative to the working directory, with git's `a/` and `b/` prefixes;
//! a file without a final newline gets git's `\ No newline at end of file` marker.

use std::fmt::Write as _;
use std::path::Path;

use similar::TextDiff;

use super::path_text;

/// Lines of unchanged context around each change, as `git diff` shows.
const CONTEXT: usize = 3;

/// One file's text before and after, under the path the diff names.
#[derive(Clone, Copy, Debug)]
pub struct FileChange<'a> {
    /// The path shown: relative to the working directory when the file is under it.
    pub path: &'a Path,
    /// The text on disk.
    pub before: &'a str,
    /// The text the fixes make of it.
    pub after: &'a str,
}

/// A unified diff of every changed file, in the order given; empty when nothing changes.
pub fn unified_diff(files: &[FileChange<'_>]) -> String {
    let mut out = String::new();
    for file in files {
        if file.before == file.after {
            continue;
        }
        let name = path_text(file.path);
        let diff = TextDiff::from_lines(file.before, file.after);
        let _ = writeln!(out, "diff --git a/{name} b/{name}");
        let _ = write!(
            out,
            "{}",
            diff.unified_diff()
                .context_radius(CONTEXT)
                .header(&format!("a/{name}"), &format!("b/{name}"))
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(before: &str, after: &str) -> String {
        unified_diff(&[FileChange {
            path: Path::new("src/user.rs"),
            before,
            after,
        }])
    }

    #[test]
    fn an_insertion_has_git_headers_and_a_hunk() {
        let out = one("a\nb\nc\n", "a\nb\nX\nc\n");
        assert_eq!(
            out,
            "diff --git a/src/user.rs b/src/user.rs\n--- a/src/user.rs\n+++ b/src/user.rs\n\
             @@ -1,3 +1,4 @@\n a\n b\n+X\n c\n"
        );
    }

    #[test]
    fn a_missing_final_newline_is_marked() {
        let out = one("a\nb", "a\nX\nb");
        assert!(out.ends_with(" b\n\\ No newline at end of file\n"), "{out}");
    }

    #[test]
    fn unchanged_files_are_left_out() {
        assert_eq!(one("a\n", "a\n"), "");
    }

    #[test]
    fn crlf_lines_keep_their_carriage_return() {
        let out = one("a\r\nb\r\n", "a\r\nX\r\nb\r\n");
        assert!(out.contains("+X\r\n"), "{out:?}");
    }
}
