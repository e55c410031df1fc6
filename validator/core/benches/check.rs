//! `validator check` on generated crates of 1k and 5k entities (dense, compact and
//! expanded mixed), next to syn's parse-only time on the same files.
//!
//! Run: `cargo bench -p validator --bench check`. Besides criterion's report, it prints
//! one line per size: `entities=N parse_only=… check=… ratio=… check_1_thread=…
//! ratio_1_thread=…` (medians of 7 runs). `check` parses on one thread per core;
//! `check_1_thread` is the like-for-like comparison with the single-threaded parse-only
//! loop. Target: ratio ≤ 1.3 at 5k entities.

#[path = "../tests/support/gen.rs"]
mod generator;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::Criterion;
use generator::{Rng, Schema};
use validator_core::{Config, check_paths};

fn write_crate(n: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = dir.path().join("src");
    std::fs::create_dir_all(&src).expect("mkdir");
    let schema = Schema::generate(n, &mut Rng::new(0x005E_A04D)); // fixed seed: same crate every run
    for (file, text) in schema.render() {
        std::fs::write(src.join(file), text).expect("write");
    }
    (dir, src)
}

fn files(src: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(src)
        .expect("read_dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    v.sort();
    v
}

/// What any syn-based checker must at least do: read every file and parse it (freeing
/// proc-macro2's span map after each file, as `check` does, so neither side slows down as
/// the map grows).
fn parse_only(files: &[PathBuf]) -> usize {
    files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).expect("read");
            let items = syn::parse_file(&text).map(|f| f.items.len()).unwrap_or(0);
            proc_macro2::extra::invalidate_current_thread_spans();
            items
        })
        .sum()
}

fn check(src: &Path, threads: Option<usize>) -> usize {
    let mut cfg = Config::default();
    cfg.check.threads = threads;
    let report = check_paths(&[src.to_path_buf()], &cfg, src).expect("check");
    assert!(
        report.findings.is_empty() && report.problems.is_empty(),
        "generated crate is not clean"
    );
    report.summary.entities
}

fn median(mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..7)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[3]
}

fn main() {
    let mut c = Criterion::default()
        .sample_size(10)
        .measurement_time(Duration::from_secs(8))
        .configure_from_args();
    let mut lines = Vec::new();
    for n in [1_000, 5_000] {
        let (_dir, src) = write_crate(n);
        let list = files(&src);
        assert_eq!(check(&src, None), n);
        let mut group = c.benchmark_group(format!("{n}_entities"));
        group.bench_function("parse_only", |b| b.iter(|| parse_only(&list)));
        group.bench_function("check", |b| b.iter(|| check(&src, None)));
        group.bench_function("check_1_thread", |b| b.iter(|| check(&src, Some(1))));
        group.finish();
        let p = median(|| {
            parse_only(&list);
        });
        let k = median(|| {
            check(&src, None);
        });
        let k1 = median(|| {
            check(&src, Some(1));
        });
        lines.push(format!(
            "entities={n} parse_only={:.1}ms check={:.1}ms ratio={:.2} check_1_thread={:.1}ms ratio_1_thread={:.2}",
            p.as_secs_f64() * 1e3,
            k.as_secs_f64() * 1e3,
            k.as_secs_f64() / p.as_secs_f64(),
            k1.as_secs_f64() * 1e3,
            k1.as_secs_f64() / p.as_secs_f64()
        ));
    }
    c.final_summary();
    for l in lines {
        println!("{l}");
    }
}
