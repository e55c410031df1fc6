//! Issue 12's end-to-end proof: delete `User`'s relation to credit transactions in each of
//! the dense, compact and expanded forms of the workspace's entities, run `validator check
//! --fix`, and the back-reference is restored, `check` is clean, and the fixed crate
//! BUILDS against sea-orm 2.0.4.
//!
//! The dense form is this workspace's `entity/src`; the compact and expanded forms are
//! `validator/core/tests/formats/{compact,expanded}`. Each is built in turn as the `entity`
//! crate of one scratch workspace (tests/src/scratch_crate.rs), together with the
//! `migration` library so that sea-orm gets the features the `generate` tests give it:
//! the dependencies compile once, in the shared `<target>/scratch-crates/target`, and each
//! form then compiles only itself.
//!
//! `check --fix` runs in process: the command line parsed by the binary's own parser, then
//! `validator::fix::run`, the code behind the binary's `--fix` that writes the files.

use std::path::{Path, PathBuf};

use clap::Parser;
use validator::cli::{Cli, Command};
use validator_core::render::Options;
use validator_core::{Config, check_paths};
use workspace_tests::scratch_crate::{ScratchWorkspace, workspace_root};

/// One form of the entities and how to cut `User`'s relation to credit transactions.
struct Form {
    name: &'static str,
    /// Where its sources are, in this workspace.
    dir: &'static str,
    /// Text removed from `user.rs` (each must be there).
    cut: &'static [&'static str],
    /// What the restored `user.rs` must contain.
    restored: &'static str,
}

const RELATED: &str = "impl Related<super::credit_transaction::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CreditTransaction.def()
    }
}

";

fn forms() -> [Form; 3] {
    [
        Form {
            name: "dense",
            dir: "entity/src",
            cut: &[
                "    #[sea_orm(has_many)]\n    pub credit_transactions: HasMany<super::credit_transaction::Entity>,\n",
            ],
            restored: "pub credit_transactions: HasMany<super::credit_transaction::Entity>,",
        },
        Form {
            name: "compact",
            dir: "validator/core/tests/formats/compact",
            cut: &[
                "    #[sea_orm(has_many = \"super::credit_transaction::Entity\")]\n    CreditTransaction,\n",
                RELATED,
            ],
            restored: "#[sea_orm(has_many = \"super::credit_transaction::Entity\")]",
        },
        Form {
            name: "expanded",
            dir: "validator/core/tests/formats/expanded",
            cut: &[
                "    CreditTransaction,\n",
                "            Self::CreditTransaction => Entity::has_many(super::credit_transaction::Entity).into(),\n",
                RELATED,
            ],
            restored: "Entity::has_many(super::credit_transaction::Entity)",
        },
    ]
}

/// Replaces the scratch `entity/src` with the form's files, `user.rs` cut.
fn install(form: &Form, src: &Path) {
    std::fs::remove_dir_all(src).unwrap();
    std::fs::create_dir_all(src).unwrap();
    let mut modules = Vec::new();
    for entry in std::fs::read_dir(workspace_root().join(form.dir)).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, src.join(path.file_name().unwrap())).unwrap();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        if stem != "lib" && stem != "prelude" {
            modules.push(stem);
        }
    }
    if !src.join("lib.rs").is_file() {
        modules.sort();
        let lib: String = modules.iter().map(|m| format!("pub mod {m};\n")).collect();
        std::fs::write(src.join("lib.rs"), lib).unwrap();
    }
    let user = src.join("user.rs");
    let mut text = std::fs::read_to_string(&user).unwrap();
    for cut in form.cut {
        assert!(
            text.contains(cut),
            "{}: user.rs no longer contains {cut:?}",
            form.name
        );
        text = text.replacen(cut, "", 1);
    }
    std::fs::write(&user, text).unwrap();
}

/// `validator check --fix <src>` from `cwd`, in process; returns the exit code.
fn check_fix(cwd: &Path, src: &Path) -> u8 {
    let cli = Cli::try_parse_from([
        "validator".into(),
        "check".into(),
        "--fix".into(),
        src.as_os_str().to_owned(),
    ])
    .unwrap();
    let Some(Command::Check(command)) = cli.command else {
        panic!("not a check command");
    };
    let config = Config::discover(cwd).unwrap();
    let paths: Vec<PathBuf> = command.check.paths.clone();
    validator::fix::run(
        &command.check,
        &command.fix,
        &config,
        &paths,
        cwd,
        &Options::default(),
    )
    .unwrap()
}

fn rules_found(src: &Path, cwd: &Path) -> Vec<&'static str> {
    let report = check_paths(&[src.to_path_buf()], &Config::default(), cwd).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    report.findings.iter().map(|f| f.rule).collect()
}

#[test]
fn fix_restores_the_back_reference_in_every_form_and_the_crate_builds() {
    let workspace = ScratchWorkspace::new(&["entity", "migration"]);
    let root = workspace.path().to_path_buf();
    let src = root.join("entity/src");
    for form in forms() {
        install(&form, &src);
        assert_eq!(
            rules_found(&src, &root),
            ["missing-back-reference"],
            "{}: the cut must leave exactly the seed bug",
            form.name
        );

        assert_eq!(check_fix(&root, &src), 0, "{}: --fix", form.name);
        let user = std::fs::read_to_string(src.join("user.rs")).unwrap();
        assert!(user.contains(form.restored), "{}:\n{user}", form.name);
        assert!(
            rules_found(&src, &root).is_empty(),
            "{}: check after --fix:\n{user}",
            form.name
        );
        // A second run changes nothing.
        let before = std::fs::read_to_string(src.join("user.rs")).unwrap();
        assert_eq!(check_fix(&root, &src), 0);
        assert_eq!(
            std::fs::read_to_string(src.join("user.rs")).unwrap(),
            before
        );

        let started = std::time::Instant::now();
        let output = workspace.cargo(&[
            "build",
            "--quiet",
            "-p",
            "entity",
            "-p",
            "migration",
            "--lib",
        ]);
        eprintln!(
            "{}: scratch build of the fixed entity crate: {:?}",
            form.name,
            started.elapsed()
        );
        assert!(
            output.status.success(),
            "{}: the fixed crate does not compile:\n{}\n{user}",
            form.name,
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
