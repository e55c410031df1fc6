//! `--fix` over the real-code corpus (`validator/corpus/entities.toml`), on scratch copies:
//!
//!     python3 validator/corpus/entities.py fetch --mirror-root /work/.mirror
//!     cargo run -p validator-core --example fix_corpus [--unsafe-fixes] [UNIT...]
//!
//! Each unit's copy under `target/corpus/entities/<unit>` is copied again to
//! `target/corpus/fixed/<unit>`, fixed there (safe fixes), and the fixed files written.
//! Then: every changed file must parse, a second run must change nothing, and the
//! findings without a fix must be the same before and after. One line per unit; exit 1
//! when any unit breaks one of these.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use validator_core::fix::{FixSelection, fix_paths};
use validator_core::{Config, Finding, check_paths};

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

fn left_alone(findings: &[Finding], selection: &FixSelection) -> Vec<String> {
    let mut v: Vec<String> = findings
        .iter()
        .filter(|f| !selection.wants(f))
        .map(|f| {
            let file = f.primary.file.as_ref().map(|p| p.display().to_string());
            format!("{} {} {}", f.rule, file.unwrap_or_default(), f.message)
        })
        .collect();
    v.sort();
    v
}

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let manifest = std::fs::read_to_string(root.join("validator/corpus/entities.toml"))
        .expect("read entities.toml");
    let manifest: toml::Table = toml::from_str(&manifest).expect("parse entities.toml");
    let args: Vec<String> = std::env::args().skip(1).collect();
    let unsafe_fixes = args.iter().any(|a| a == "--unsafe-fixes");
    let wanted: Vec<String> = args.into_iter().filter(|a| !a.starts_with("--")).collect();
    let selection = FixSelection {
        only: Vec::new(),
        unsafe_fixes,
    };
    let config = Config::default();
    let mut ok = true;
    let mut totals: BTreeMap<&'static str, usize> = BTreeMap::new();
    let units = manifest
        .get("unit")
        .and_then(|u| u.as_array())
        .expect("units");
    for unit in units {
        let name = unit.get("name").and_then(|n| n.as_str()).unwrap_or("?");
        if !wanted.is_empty() && !wanted.iter().any(|w| w == name) {
            continue;
        }
        let paths: Vec<&str> = unit
            .get("paths")
            .and_then(|p| p.as_array())
            .map(|a| a.iter().filter_map(|p| p.as_str()).collect())
            .unwrap_or_default();
        let source = root.join("target/corpus/entities").join(name);
        let scratch = root.join("target/corpus/fixed").join(name);
        if !source.is_dir() {
            println!("{name:14} missing: run entities.py fetch");
            ok = false;
            continue;
        }
        let _ = std::fs::remove_dir_all(&scratch);
        copy_dir(&source, &scratch).expect("copy");
        let args: Vec<PathBuf> = paths.iter().map(|p| scratch.join(p)).collect();
        let before = check_paths(&args, &config, &scratch).expect("check");
        let outcome = fix_paths(&args, &config, &scratch, &selection).expect("fix");
        let mut problems = Vec::new();
        for f in &outcome.files {
            if let Err(e) = syn::parse_file(&f.after) {
                problems.push(format!("{} does not parse: {e}", f.shown.display()));
            }
            std::fs::write(&f.path, &f.after).expect("write");
        }
        let again = fix_paths(&args, &config, &scratch, &selection).expect("fix again");
        if !again.files.is_empty() {
            problems.push(format!("second run changed {} files", again.files.len()));
        }
        let (a, b) = (
            left_alone(&before.findings, &selection),
            left_alone(&outcome.report.findings, &selection),
        );
        if a != b {
            let gone: Vec<_> = a.iter().filter(|x| !b.contains(x)).collect();
            let new: Vec<_> = b.iter().filter(|x| !a.contains(x)).collect();
            problems.push(format!(
                "findings without a fix changed: gone {gone:?}, new {new:?}"
            ));
        }
        let left = outcome
            .report
            .findings
            .iter()
            .filter(|f| selection.wants(f))
            .count();
        if left > 0 {
            problems.push(format!("{left} fixable findings left"));
        }
        for (rule, n) in &outcome.applied_by_rule {
            *totals.entry(rule).or_default() += n;
        }
        let by_rule: Vec<String> = outcome
            .applied_by_rule
            .iter()
            .map(|(r, n)| format!("{r}: {n}"))
            .collect();
        println!(
            "{name:14} findings {:3} fixable {:3} applied {:3} in {} pass(es), {} file(s) changed, unfixed files {}, after {:3} [{}]{}",
            before.findings.len(),
            before
                .findings
                .iter()
                .filter(|f| selection.wants(f))
                .count(),
            outcome.applied,
            outcome.passes,
            outcome.files.len(),
            outcome.unfixed_files.len(),
            outcome.report.findings.len(),
            by_rule.join(", "),
            if problems.is_empty() {
                String::new()
            } else {
                ok = false;
                format!("\n    PROBLEMS: {}", problems.join("; "))
            }
        );
        let mut rest: BTreeMap<&str, usize> = BTreeMap::new();
        for f in &outcome.report.findings {
            *rest.entry(f.rule).or_default() += 1;
        }
        if !rest.is_empty() {
            println!("    left: {rest:?}");
        }
        for (p, why) in &outcome.unfixed_files {
            println!("    unfixed {}: {why}", p.display());
        }
    }
    println!("total applied: {totals:?}");
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
