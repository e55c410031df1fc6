//! `cargo bench -p validator --bench lint`: lints a generated 10,000-statement SQL file
//! with the release `validator` binary (`--format json`) and with `squawk --reporter json`
//! (when installed), median of 5 runs each, and shows that human output grows linearly
//! (1k, 5k, 10k statements; squawk's terminal output at 1k and 5k for comparison).
//! Processes are timed end to end, start-up included, the same way for both tools.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 5;

/// A migration-shaped mix: most statements produce a finding, so rendering is exercised.
fn generate(dir: &Path, statements: usize) -> PathBuf {
    let mut sql = String::with_capacity(statements * 64);
    for i in 0..statements {
        let t = i % 97;
        let line = match i % 8 {
            0 => format!("ALTER TABLE t{t} ADD COLUMN c{i} int;\n"),
            1 => format!("CREATE INDEX idx_{i} ON t{t} (c{i});\n"),
            2 => format!("ALTER TABLE t{t} ALTER COLUMN c{i} SET NOT NULL;\n"),
            3 => format!("CREATE TABLE IF NOT EXISTS n{i} (id bigint PRIMARY KEY, label text);\n"),
            4 => format!("UPDATE t{t} SET c{i} = {i} WHERE id < 100;\n"),
            5 => format!("ALTER TABLE t{t} ADD CONSTRAINT ck_{i} CHECK (c{i} > 0) NOT VALID;\n"),
            6 => format!("DROP INDEX CONCURRENTLY IF EXISTS idx_old_{i};\n"),
            _ => format!("ALTER TABLE t{t} RENAME COLUMN a{i} TO b{i};\n"),
        };
        sql.push_str(&line);
    }
    let path = dir.join(format!("bench_{statements}.sql"));
    std::fs::write(&path, sql).expect("write bench file");
    path
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

fn time(runs: usize, mut command: impl FnMut() -> Command) -> Option<Duration> {
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let mut c = command();
        c.stdout(Stdio::null()).stderr(Stdio::null());
        let started = Instant::now();
        let status = c.status().ok()?;
        // Both tools exit 1 when they find something; anything else is a failure.
        if status.code().is_none_or(|code| code > 1) {
            return None;
        }
        samples.push(started.elapsed());
    }
    Some(median(samples))
}

fn ms(d: Duration) -> String {
    format!("{:.1}ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let ours = env!("CARGO_BIN_EXE_validator");
    let squawk = std::env::var("SQUAWK").unwrap_or_else(|_| "squawk".to_owned());
    let have_squawk = Command::new(&squawk)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let dir = std::env::temp_dir().join(format!("validator-lint-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");

    let big = generate(&dir, 10_000);
    let validator_json = time(RUNS, || {
        let mut c = Command::new(ours);
        c.args(["lint", "--format", "json", "--sql"]).arg(&big);
        c
    })
    .expect("validator runs");
    print!("statements=10000 validator_json={}", ms(validator_json));
    if have_squawk {
        let squawk_json = time(RUNS, || {
            let mut c = Command::new(&squawk);
            c.args(["--reporter", "json"]).arg(&big);
            c
        })
        .expect("squawk runs");
        println!(
            " squawk_json={} ratio={:.2}",
            ms(squawk_json),
            validator_json.as_secs_f64() / squawk_json.as_secs_f64()
        );
    } else {
        println!(" squawk_json=skipped (squawk not installed)");
    }

    for n in [1_000, 5_000, 10_000] {
        let file = generate(&dir, n);
        let human = time(RUNS, || {
            let mut c = Command::new(ours);
            c.env("NO_COLOR", "1").args(["lint", "--sql"]).arg(&file);
            c
        })
        .expect("validator runs");
        print!(
            "human statements={n} validator={} per_1k={}",
            ms(human),
            ms(human.mul_f64(1000.0 / n as f64))
        );
        if have_squawk && n <= 5_000 {
            let theirs = time(1, || {
                let mut c = Command::new(&squawk);
                c.arg(&file);
                c
            });
            match theirs {
                Some(t) => println!(" squawk={}", ms(t)),
                None => println!(" squawk=failed"),
            }
        } else {
            println!();
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
