//! `.github/workflows/schema-gate.yml` stays valid: it parses, it runs on entity and
//! migration changes, and every `cargo run -p validator|migration -- ...` command it runs
//! names a subcommand and flags that exist.

use std::path::{Path, PathBuf};
use std::process::Command;

use yaml_rust2::{Yaml, YamlLoader};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn workflow() -> Yaml {
    let text = std::fs::read_to_string(root().join(".github/workflows/schema-gate.yml"))
        .expect("read the workflow");
    YamlLoader::load_from_str(&text)
        .expect("the workflow is valid YAML")
        .into_iter()
        .next()
        .expect("one document")
}

fn steps(workflow: &Yaml) -> Vec<(String, Yaml)> {
    let mut out = Vec::new();
    if let Some(jobs) = workflow["jobs"].as_hash() {
        for (name, job) in jobs {
            for step in job["steps"].as_vec().cloned().unwrap_or_default() {
                out.push((name.as_str().unwrap_or_default().to_owned(), step));
            }
        }
    }
    out
}

/// `(package, arguments after --)` of every `cargo run -p <package> -- ...` line.
fn cargo_runs(workflow: &Yaml) -> Vec<(String, Vec<String>)> {
    steps(workflow)
        .iter()
        .filter_map(|(_, step)| step["run"].as_str().map(str::to_owned))
        .flat_map(|script| script.lines().map(str::to_owned).collect::<Vec<_>>())
        .filter_map(|line| {
            let words: Vec<String> = line
                .split_whitespace()
                .take_while(|w| !matches!(*w, ">" | "||" | "&&" | "|"))
                .map(str::to_owned)
                .collect();
            let package = words
                .windows(2)
                .find(|w| w[0] == "-p")
                .map(|w| w[1].clone())?;
            let dashes = words.iter().position(|w| w == "--")?;
            words.first().filter(|w| *w == "cargo")?;
            Some((package, words[dashes + 1..].to_vec()))
        })
        .collect()
}

#[test]
fn it_runs_on_entity_and_migration_changes() {
    let wf = workflow();
    for trigger in ["pull_request", "push"] {
        let paths: Vec<&str> = wf["on"][trigger]["paths"]
            .as_vec()
            .map(|v| v.iter().filter_map(Yaml::as_str).collect())
            .unwrap_or_default();
        assert!(paths.contains(&"entity/**"), "{trigger}: {paths:?}");
        assert!(paths.contains(&"migration/**"), "{trigger}: {paths:?}");
    }
}

#[test]
fn it_annotates_uploads_sarif_and_verifies_on_both_backends() {
    let wf = workflow();
    let runs = cargo_runs(&wf);
    let has = |package: &str, args: &[&str]| {
        runs.iter()
            .any(|(p, a)| p == package && args.iter().all(|want| a.iter().any(|have| have == want)))
    };
    assert!(
        has("validator", &["check", "--format", "github"]),
        "{runs:?}"
    );
    assert!(
        has("validator", &["lint", "--format", "github"]),
        "{runs:?}"
    );
    assert!(
        has("validator", &["check", "--format", "sarif"]),
        "{runs:?}"
    );
    assert!(has("migration", &["verify"]), "{runs:?}");
    assert!(has("migration", &["generate", "--check"]), "{runs:?}");
    assert!(
        has(
            "migration",
            &["generate", "--check", "--backend", "postgres"]
        ),
        "{runs:?}"
    );
    assert!(has("migration", &["lint", "--backend", "both"]), "{runs:?}");
    let uploads = steps(&wf)
        .iter()
        .filter(|(_, step)| {
            step["uses"]
                .as_str()
                .is_some_and(|uses| uses.starts_with("github/codeql-action/upload-sarif@"))
        })
        .count();
    assert!(uploads >= 1);
    assert!(
        !wf["jobs"]["verify-postgres"]["services"]["postgres"]["image"].is_badvalue(),
        "verify runs against a PostgreSQL service container"
    );
    let postgres_verify = runs.iter().any(|(p, a)| {
        p == "migration"
            && a.first().is_some_and(|s| s == "verify")
            && a.iter().any(|x| x.starts_with("postgres://"))
    });
    assert!(postgres_verify, "{runs:?}");
}

#[test]
fn every_validator_command_exists() {
    for (package, args) in cargo_runs(&workflow()) {
        if package != "validator" {
            continue;
        }
        let sub = &args[0];
        let help = Command::new(env!("CARGO_BIN_EXE_validator"))
            .args([sub.as_str(), "--help"])
            .output()
            .expect("run validator");
        let text = String::from_utf8_lossy(&help.stdout);
        assert!(
            help.status.success(),
            "`validator {sub}` does not exist: {text}"
        );
        for flag in args.iter().filter(|a| a.starts_with("--")) {
            assert!(
                text.contains(flag.as_str()),
                "`validator {sub}` has no {flag}"
            );
        }
    }
}

/// The hook `migration-generate-check` that `.pre-commit-hooks.yaml` offers runs a
/// `migration` command that exists, from a script that is there.
#[cfg(feature = "db")]
#[test]
fn the_generate_check_hook_runs_a_real_command() {
    use clap::Parser;
    let text = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).expect("hooks");
    let hooks = YamlLoader::load_from_str(&text).expect("valid YAML");
    let hook = hooks
        .first()
        .and_then(Yaml::as_vec)
        .and_then(|all| {
            all.iter()
                .find(|h| h["id"].as_str() == Some("migration-generate-check"))
        })
        .expect("a migration-generate-check hook")
        .clone();
    assert_eq!(hook["pass_filenames"].as_bool(), Some(false));
    let entry = hook["entry"].as_str().expect("an entry");
    let script = std::fs::read_to_string(root().join(entry)).expect("the hook's script");
    let line = script
        .lines()
        .find(|l| l.contains("-p migration --"))
        .expect("a `cargo run -p migration --` line");
    let args: Vec<&str> = line
        .split(" -- ")
        .nth(1)
        .expect("arguments after --")
        .split_whitespace()
        .take_while(|w| !w.starts_with('"'))
        .collect();
    assert_eq!(args, ["generate", "--check"], "{line}");
    let parsed = validator_runner::MigrateCli::try_parse_from(
        std::iter::once("migration").chain(args.iter().copied()),
    );
    assert!(parsed.is_ok(), "{line}: {:?}", parsed.err());
}

#[cfg(feature = "db")]
#[test]
fn every_migration_command_exists() {
    use clap::{CommandFactory, Parser};
    let cli = validator_runner::MigrateCli::command();
    for (package, args) in cargo_runs(&workflow()) {
        if package != "migration" {
            continue;
        }
        let parsed = validator_runner::MigrateCli::try_parse_from(
            std::iter::once("migration".to_owned()).chain(args.iter().cloned()),
        );
        if let Err(err) = parsed {
            panic!("`migration {}` does not parse: {err}", args.join(" "));
        }
        assert!(cli.find_subcommand(&args[0]).is_some());
    }
}

/// Every hook of `.pre-commit-hooks.yaml` that runs `hooks/validator` (`validator-check`,
/// `validator-check-fix`, `validator-lint`) gives it a command line the CLI accepts.
#[test]
fn every_validator_hook_entry_parses() {
    use clap::Parser;
    let text = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).expect("hooks");
    let hooks = YamlLoader::load_from_str(&text).expect("valid YAML");
    let all = hooks
        .first()
        .and_then(Yaml::as_vec)
        .expect("a list of hooks");
    let mut ids = Vec::new();
    for hook in all {
        let entry = hook["entry"].as_str().expect("an entry");
        let Some(args) = entry.strip_prefix("hooks/validator ") else {
            continue;
        };
        let parsed = validator::cli::Cli::try_parse_from(
            std::iter::once("validator").chain(args.split_whitespace()),
        );
        assert!(parsed.is_ok(), "{entry}: {:?}", parsed.err());
        ids.push(hook["id"].as_str().expect("an id").to_owned());
    }
    assert_eq!(
        ids,
        ["validator-check", "validator-check-fix", "validator-lint"]
    );
}
