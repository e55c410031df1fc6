//! `validator check` against syn's parse-only loop on generated crates of 1k and 5k
//! entities (dense, compact and expanded mixed), each measured as a whole process: peak
//! RSS, CPU time (user + system) and wall time, side by side.
//!
//! Run: `cargo bench -p validator-core --bench check`. The bench re-runs its own binary
//! once per measurement (a child process does one job and exits) and prints the median of
//! 5 runs per mode. Each child reports its own peak RSS (`VmHWM` in `/proc/self/status`)
//! and CPU time (`getrusage`): the `ru_maxrss` that `wait4` returns for a child counts the
//! parent's resident set at `exec` (Linux keeps the pre-`exec` high-water mark), which
//! would hide a few MB under every number.
//!
//! ```text
//! entities=5000 mode=parse_only      rss=…MB cpu=…ms wall=…ms
//! entities=5000 mode=check_1_thread  rss=…MB cpu=…ms wall=…ms  rss_ratio=… cpu_ratio=…
//! entities=5000 mode=check           rss=…MB cpu=…ms wall=…ms  rss_ratio=… cpu_ratio=…
//! ```
//!
//! To profile one job, write a crate and run the child yourself:
//! `VALIDATOR_BENCH_CHILD=write:5000:/tmp/gen5k target/release/deps/check-<hash>`, then
//! `VALIDATOR_BENCH_CHILD=check_1_thread:/tmp/gen5k/src perf record target/release/deps/check-<hash>`.
//!
//! Ratios are against parse-only (Linux only: `/proc` and `getrusage`). Targets at 5k entities: `rss_ratio` ≤ 3 and, single
//! threaded, `cpu_ratio` ≤ 1.3. `check` (one parser thread per core) is shown for
//! reference: its CPU time includes the threads' overhead, its wall time is what a user
//! waits.

#[path = "../tests/support/gen.rs"]
mod generator;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use generator::{Rng, Schema};
use validator_core::{Config, check_paths};

/// The environment variable that makes this binary a child doing one job.
const CHILD: &str = "VALIDATOR_BENCH_CHILD";
const RUNS: usize = 5;

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

/// What any syn-based checker must at least do: read every file and parse it (freeing
/// proc-macro2's span map after each file, as `check` does).
fn parse_only(src: &Path) -> usize {
    let mut files: Vec<PathBuf> = std::fs::read_dir(src)
        .expect("read_dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
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
        "generated crate is not clean: {:#?}",
        report.findings
    );
    // Render the (empty) report as the CLI does, so the measured work is the whole run.
    let _ = validator_core::render::summary_line(&report);
    report.summary.entities
}

/// One child job: `parse_only`, `check_1_thread` or `check`, on a directory; or
/// `write:<entities>:<dir>` to keep a generated crate for profiling. A measured job prints
/// `<peak RSS in kB> <CPU time in µs>` on stdout.
fn child(job: &str) {
    let (mode, dir) = job.split_once(':').expect("mode:dir");
    if mode == "write" {
        let (n, dir) = dir.split_once(':').expect("write:<entities>:<dir>");
        let src = Path::new(dir).join("src");
        std::fs::create_dir_all(&src).expect("mkdir");
        let schema = Schema::generate(n.parse().expect("entities"), &mut Rng::new(0x005E_A04D));
        for (file, text) in schema.render() {
            std::fs::write(src.join(file), text).expect("write");
        }
        return;
    }
    let dir = Path::new(dir);
    let n = match mode {
        "parse_only" => parse_only(dir),
        "check_1_thread" => check(dir, Some(1)),
        "check" => check(dir, None),
        other => panic!("unknown mode {other}"),
    };
    std::hint::black_box(n);
    println!("{} {}", peak_rss_kb(), cpu_time().as_micros());
}

/// This process's peak resident set (`VmHWM`), in kB.
fn peak_rss_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM")
}

/// This process's CPU time, user and system, all threads.
fn cpu_time() -> Duration {
    // SAFETY: `rusage` is plain data that `getrusage` fills in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    assert_eq!(rc, 0, "getrusage failed");
    let tv = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

#[derive(Clone, Copy)]
struct Usage {
    rss_kb: u64,
    cpu: Duration,
    wall: Duration,
}

/// Run one child job and read what it reports.
fn measure(mode: &str, src: &Path) -> Usage {
    let exe = std::env::current_exe().expect("current_exe");
    let start = Instant::now();
    let out = Command::new(exe)
        .env(CHILD, format!("{mode}:{}", src.display()))
        .output()
        .expect("run child");
    let wall = start.elapsed();
    assert!(out.status.success(), "child {mode} failed");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut fields = text
        .split_whitespace()
        .map(|f| f.parse::<u64>().expect("number"));
    let (rss_kb, cpu_us) = (fields.next().expect("rss"), fields.next().expect("cpu"));
    Usage {
        rss_kb,
        cpu: Duration::from_micros(cpu_us),
        wall,
    }
}

fn median(runs: &mut [Usage]) -> Usage {
    let mid = runs.len() / 2;
    let pick = |v: &mut Vec<Duration>| {
        v.sort();
        v[mid]
    };
    let mut rss: Vec<u64> = runs.iter().map(|u| u.rss_kb).collect();
    rss.sort();
    Usage {
        rss_kb: rss[mid],
        cpu: pick(&mut runs.iter().map(|u| u.cpu).collect()),
        wall: pick(&mut runs.iter().map(|u| u.wall).collect()),
    }
}

fn main() {
    if let Ok(job) = std::env::var(CHILD) {
        child(&job);
        return;
    }
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing to run.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    for n in [1_000, 5_000] {
        let (_dir, src) = write_crate(n);
        let mut base: Option<Usage> = None;
        for mode in ["parse_only", "check_1_thread", "check"] {
            let _warm = measure(mode, &src);
            let mut runs: Vec<Usage> = (0..RUNS).map(|_| measure(mode, &src)).collect();
            let u = median(&mut runs);
            let mut line = format!(
                "entities={n} mode={mode:<15} rss={:.1}MB cpu={:.0}ms wall={:.0}ms",
                u.rss_kb as f64 / 1024.0,
                u.cpu.as_secs_f64() * 1e3,
                u.wall.as_secs_f64() * 1e3,
            );
            match base {
                None => base = Some(u),
                Some(b) => line.push_str(&format!(
                    "  rss_ratio={:.2} cpu_ratio={:.2}",
                    u.rss_kb as f64 / b.rss_kb as f64,
                    u.cpu.as_secs_f64() / b.cpu.as_secs_f64()
                )),
            }
            println!("{line}");
        }
    }
}
