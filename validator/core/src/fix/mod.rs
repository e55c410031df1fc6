//! `check --fix`: apply the fixes that rules attach to findings, then check again, until
//! nothing changes (at most [`MAX_PASSES`] passes). A file that did not parse before, or
//! would not parse after its edits, is left as it was and reported. The library never
//! writes: the caller writes each [`FixedFile`]'s `after`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::check::{self, SourceInput, check_sources};
use crate::config::Config;
use crate::diagnostic::{Applicability, Finding};
use crate::error::Error;
use crate::report::Report;
use crate::source::SourceFile;

mod apply;

use apply::{Batch, Refused};

/// Check → fix rounds at most; one is enough unless fixes overlap.
pub const MAX_PASSES: usize = 5;

/// Which fixes to apply.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FixSelection {
    /// Rule names (or aliases) whose fixes are applied; empty means every rule.
    pub only: Vec<String>,
    /// Apply [`Applicability::Unsafe`] fixes too.
    pub unsafe_fixes: bool,
}

impl FixSelection {
    /// Whether this finding's fix (if any) is to be applied.
    pub fn wants(&self, f: &Finding) -> bool {
        let Some(fix) = &f.fix else { return false };
        let safe_enough = fix.applicability == Applicability::Safe || self.unsafe_fixes;
        let rule_ok = self.only.is_empty()
            || self.only.iter().any(|name| {
                name == f.rule || crate::rules::find(name).is_some_and(|r| r.name == f.rule)
            });
        safe_enough && rule_ok
    }
}

/// One file the fixes changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixedFile {
    /// Where it is on disk (for [`fix_sources`], the path given).
    pub path: PathBuf,
    /// The path shown in findings.
    pub shown: PathBuf,
    /// The text before any fix.
    pub before: String,
    /// The text after every fix.
    pub after: String,
}

/// What fixing did, and what is left.
#[derive(Debug, Default)]
pub struct FixOutcome {
    /// The files changed, in path order.
    pub files: Vec<FixedFile>,
    /// Fixes applied, over every pass.
    pub applied: usize,
    /// Fixes applied per rule.
    pub applied_by_rule: BTreeMap<&'static str, usize>,
    /// Passes that changed something.
    pub passes: usize,
    /// `check` on the fixed texts: what is left.
    pub report: Report,
    /// Files that fixes would have changed but are not (they did not parse before, would
    /// not parse after, or were not read), with why.
    pub unfixed_files: Vec<(PathBuf, String)>,
}

/// Fix the files `paths` stand for, as `check_paths` finds them. Nothing is written.
pub fn fix_paths(
    paths: &[PathBuf],
    config: &Config,
    cwd: &Path,
    selection: &FixSelection,
) -> Result<FixOutcome, Error> {
    let mut inputs = Vec::new();
    let mut disk: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
    let mut unread = Vec::new();
    for i in check::disk_inputs(paths, config, cwd)? {
        match std::fs::read_to_string(&i.disk) {
            Ok(text) => {
                disk.insert(i.shown.clone(), i.disk);
                inputs.push(SourceInput {
                    path: i.shown,
                    module: i.module,
                    text,
                    report: i.report,
                });
            }
            Err(cause) => unread.push(Error::Io {
                path: i.shown,
                cause,
            }),
        }
    }
    let mut out = fix_sources(inputs, config, selection);
    for f in &mut out.files {
        if let Some(d) = disk.get(&f.shown) {
            f.path.clone_from(d);
        }
    }
    for (p, _) in &mut out.unfixed_files {
        if let Some(d) = disk.get(p) {
            p.clone_from(d);
        }
    }
    out.report.summary.problems += unread.len();
    out.report.problems.extend(unread);
    Ok(out)
}

/// Fix files held in memory (tests, editors): `path` is both the shown and the returned
/// path.
pub fn fix_sources(
    inputs: Vec<SourceInput>,
    config: &Config,
    selection: &FixSelection,
) -> FixOutcome {
    let before: BTreeMap<PathBuf, String> = inputs
        .iter()
        .map(|i| (i.path.clone(), i.text.clone()))
        .collect();
    let mut current = inputs;
    let mut report = check_sources(current.clone(), config);
    let mut applied_by_rule: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut passes = 0;
    let mut unfixed: BTreeMap<PathBuf, String> = BTreeMap::new();
    // Findings fixed in an earlier pass, with how many alike there were then: when as
    // many come back, the fix did not repair them, and they are not fixed again (a second
    // copy of the same edit would only pile up).
    let mut done: BTreeMap<String, usize> = BTreeMap::new();
    while passes < MAX_PASSES {
        let files: BTreeMap<PathBuf, SourceFile> = current
            .iter()
            .map(|i| {
                (
                    i.path.clone(),
                    SourceFile::new(i.path.clone(), i.text.clone()),
                )
            })
            .collect();
        let (taken, changed) = one_pass(&report, selection, &files, &mut unfixed, &mut done);
        if taken.is_empty() || changed.is_empty() {
            break;
        }
        for input in &mut current {
            if let Some(text) = changed.get(&input.path) {
                input.text.clone_from(text);
            }
        }
        for rule in taken {
            *applied_by_rule.entry(rule).or_default() += 1;
        }
        passes += 1;
        report = check_sources(current.clone(), config);
    }
    let files = current
        .iter()
        .filter_map(|i| {
            let old = before.get(&i.path)?;
            (*old != i.text).then(|| FixedFile {
                path: i.path.clone(),
                shown: i.path.clone(),
                before: old.clone(),
                after: i.text.clone(),
            })
        })
        .collect();
    FixOutcome {
        files,
        applied: applied_by_rule.values().sum(),
        applied_by_rule,
        passes,
        report,
        unfixed_files: unfixed.into_iter().collect(),
    }
}

/// One pass: the fixes that go together, and the texts they give. A file that does not
/// parse before or after its edits drops every fix touching it, and the rest is
/// recomputed without them.
fn one_pass(
    report: &Report,
    selection: &FixSelection,
    files: &BTreeMap<PathBuf, SourceFile>,
    unfixed: &mut BTreeMap<PathBuf, String>,
    done: &mut BTreeMap<String, usize>,
) -> (Vec<&'static str>, BTreeMap<PathBuf, String>) {
    let mut alike: BTreeMap<String, usize> = BTreeMap::new();
    let fixes: Vec<_> = report
        .findings
        .iter()
        .filter(|f| selection.wants(f))
        .filter_map(|f| Some((key(f), f.rule, f.fix.as_ref()?)))
        .inspect(|(k, _, _)| *alike.entry(k.clone()).or_default() += 1)
        .collect();
    let fixes: Vec<_> = fixes
        .into_iter()
        .filter(|(k, _, _)| {
            let now = alike.get(k).copied().unwrap_or(0);
            done.get(k).is_none_or(|before| now < *before)
        })
        .collect();
    let mut refused: BTreeSet<PathBuf> = unfixed.keys().cloned().collect();
    loop {
        let mut batch = Batch::default();
        let mut taken = Vec::new();
        for (k, rule, fix) in &fixes {
            if fix.edits.iter().any(|e| refused.contains(&e.file)) {
                continue;
            }
            match batch.offer(fix, files) {
                Ok(()) => taken.push((k, *rule)),
                Err(Refused::Outside(file)) => {
                    unfixed
                        .entry(file.clone())
                        .or_insert_with(|| "not among the files read".to_owned());
                    refused.insert(file);
                }
                Err(Refused::Overlap) => {}
            }
        }
        let mut changed = BTreeMap::new();
        let mut retry = false;
        for (path, after) in batch.apply(files) {
            let why = match files.get(&path).map(|f| syn::parse_file(&f.text)) {
                Some(Err(e)) => Some(format!("does not parse: {e}")),
                _ => syn::parse_file(&after)
                    .err()
                    .map(|e| format!("would not parse after fixing: {e}")),
            };
            match why {
                Some(why) => {
                    unfixed.entry(path.clone()).or_insert(why);
                    refused.insert(path);
                    retry = true;
                }
                None => {
                    changed.insert(path, after);
                }
            }
        }
        if !retry {
            for (k, _) in &taken {
                done.insert((*k).clone(), alike.get(*k).copied().unwrap_or(0));
            }
            return (taken.into_iter().map(|(_, r)| r).collect(), changed);
        }
    }
}

/// A finding's identity across passes (positions move as fixes insert lines).
fn key(f: &Finding) -> String {
    let file = f.primary.file.as_deref().map(Path::display);
    format!(
        "{} {} {}",
        f.rule,
        file.map(|d| d.to_string()).unwrap_or_default(),
        f.message
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Edit, Fix, Label};
    use crate::source::{Pos, Span};

    fn fixing(file: &str, line: usize, from: usize, to: usize, text: &str) -> Finding {
        let meta = crate::rules::find("unknown-column-attribute").expect("rule");
        let span = Span {
            start: Pos { line, column: from },
            end: Pos { line, column: to },
        };
        Finding::new(meta, "m", Label::new(file, span, "l")).with_fix(Fix {
            message: String::new(),
            applicability: Applicability::Safe,
            edits: vec![Edit {
                file: file.into(),
                span,
                text: text.to_owned(),
            }],
        })
    }

    fn files(list: &[(&str, &str)]) -> BTreeMap<PathBuf, SourceFile> {
        list.iter()
            .map(|(p, t)| (PathBuf::from(p), SourceFile::new(p.into(), (*t).to_owned())))
            .collect()
    }

    #[test]
    fn a_file_the_edits_would_break_is_left_alone_and_the_others_fixed() {
        let files = files(&[("a.rs", "fn a() {}\n"), ("b.rs", "fn b() {}\n")]);
        let report = Report {
            findings: vec![fixing("a.rs", 1, 8, 10, "{"), fixing("b.rs", 1, 4, 5, "c")],
            ..Report::default()
        };
        let mut unfixed = BTreeMap::new();
        let mut done = BTreeMap::new();
        let (taken, changed) = one_pass(
            &report,
            &FixSelection::default(),
            &files,
            &mut unfixed,
            &mut done,
        );
        assert_eq!(taken, ["unknown-column-attribute"]);
        assert_eq!(
            changed.into_iter().collect::<Vec<_>>(),
            vec![(PathBuf::from("b.rs"), "fn c() {}\n".to_owned())]
        );
        let why = unfixed.get(Path::new("a.rs")).expect("a.rs refused");
        assert!(why.starts_with("would not parse after fixing"), "{why}");
    }

    #[test]
    fn a_file_that_did_not_parse_is_left_alone() {
        let files = files(&[("a.rs", "fn a( {}\n")]);
        let report = Report {
            findings: vec![fixing("a.rs", 1, 4, 5, "b")],
            ..Report::default()
        };
        let mut unfixed = BTreeMap::new();
        let (taken, changed) = one_pass(
            &report,
            &FixSelection::default(),
            &files,
            &mut unfixed,
            &mut BTreeMap::new(),
        );
        assert_eq!((taken.len(), changed.len()), (0, 0));
        assert!(unfixed[Path::new("a.rs")].starts_with("does not parse"));
    }

    #[test]
    fn a_finding_its_fix_did_not_repair_is_not_fixed_again() {
        let files = files(&[("a.rs", "fn a() {}\n")]);
        let report = Report {
            findings: vec![fixing("a.rs", 1, 1, 1, "// x\n")],
            ..Report::default()
        };
        let (mut unfixed, mut done) = (BTreeMap::new(), BTreeMap::new());
        let first = one_pass(
            &report,
            &FixSelection::default(),
            &files,
            &mut unfixed,
            &mut done,
        );
        assert_eq!(first.0.len(), 1);
        let again = one_pass(
            &report,
            &FixSelection::default(),
            &files,
            &mut unfixed,
            &mut done,
        );
        assert!(again.0.is_empty() && again.1.is_empty());
    }

    #[test]
    fn unsafe_fixes_wait_for_their_flag() {
        let mut f = fixing("a.rs", 1, 1, 2, "x");
        if let Some(fix) = &mut f.fix {
            fix.applicability = Applicability::Unsafe;
        }
        assert!(!FixSelection::default().wants(&f));
        let with = FixSelection {
            only: vec!["unknown-column-attribute".into()],
            unsafe_fixes: true,
        };
        assert!(with.wants(&f));
    }
}
