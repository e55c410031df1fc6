//! `migration generate` as a command: its exit codes, `--check` output, `--dry-run`,
//! `--empty`, and the cases where it writes nothing. Run in process against this
//! workspace's `Migrator`, on copies of the entity sources and the migration crate's
//! `src/` (the end-to-end suite, which compiles what it writes, is `generate.rs`).

use std::path::{Path, PathBuf};

use clap::Parser;
use validator_base::exit::{EXIT_FAILED, EXIT_OK};
use validator_runner::{MigrateCli, RunError, run};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Copies of `entity/src` and `migration/src` in a temporary directory.
struct Copy {
    dir: tempfile::TempDir,
}

impl Copy {
    fn new() -> Copy {
        let dir = tempfile::tempdir().unwrap();
        for (from, to) in [("entity/src", "entity"), ("migration/src", "migration")] {
            std::fs::create_dir_all(dir.path().join(to)).unwrap();
            for entry in std::fs::read_dir(root().join(from)).unwrap().flatten() {
                std::fs::copy(entry.path(), dir.path().join(to).join(entry.file_name())).unwrap();
            }
        }
        Copy { dir }
    }

    fn entities(&self) -> PathBuf {
        self.dir.path().join("entity")
    }

    fn migrations(&self) -> PathBuf {
        self.dir.path().join("migration")
    }

    fn edit(&self, file: &str, from: &str, to: &str) {
        let path = self.entities().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from));
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    fn files(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = std::fs::read_dir(self.migrations())
            .unwrap()
            .flatten()
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read_to_string(e.path()).unwrap(),
                )
            })
            .collect();
        out.sort();
        out
    }
}

struct Outcome {
    result: Result<u8, RunError>,
    out: String,
    notes: String,
}

impl Outcome {
    fn code(&self) -> u8 {
        match &self.result {
            Ok(code) => *code,
            Err(err) => err.exit_code(),
        }
    }

    fn transcript(&self) -> String {
        format!(
            "result: {:?}\n--- out\n{}\n--- notes\n{}",
            self.result, self.out, self.notes
        )
    }
}

async fn generate(copy: &Copy, args: &[&str]) -> Outcome {
    let mut argv = vec![
        "migration".to_owned(),
        "--migration-dir".to_owned(),
        copy.migrations().display().to_string(),
        "generate".to_owned(),
    ];
    argv.extend(args.iter().map(|a| (*a).to_owned()));
    argv.extend([
        "--entities".to_owned(),
        copy.entities().display().to_string(),
    ]);
    let cli = MigrateCli::try_parse_from(&argv).expect("arguments");
    let (mut out, mut notes) = (Vec::new(), Vec::new());
    let result = run::<migration::Migrator>(cli, &mut out, &mut notes).await;
    Outcome {
        result,
        out: String::from_utf8_lossy(&out).into_owned(),
        notes: String::from_utf8_lossy(&notes).into_owned(),
    }
}

#[tokio::test]
async fn check_is_clean_on_this_workspace_and_names_each_difference_after_an_edit() {
    let copy = Copy::new();
    let clean = generate(&copy, &["--check"]).await;
    assert_eq!(clean.code(), EXIT_OK, "{}", clean.transcript());
    assert!(
        clean
            .out
            .contains("the migrations build the schema the 4 entities describe")
    );

    copy.edit(
        "user.rs",
        "    pub display_name: String,\n",
        "    pub display_name: String,\n    pub nickname: Option<String>,\n",
    );
    copy.edit(
        "subscription.rs",
        "    pub status: SubscriptionStatus,\n",
        "    #[sea_orm(indexed)]\n    pub status: SubscriptionStatus,\n",
    );
    let dirty = generate(&copy, &["--check"]).await;
    assert_eq!(dirty.code(), EXIT_FAILED, "{}", dirty.transcript());
    assert!(
        dirty.out.contains("(2 differences, compared on sqlite)"),
        "{}",
        dirty.transcript()
    );
    // Each names the entity field it is about, 1-based.
    assert!(
        dirty
            .out
            .contains("user.rs:14:9: column `users.nickname` does not exist"),
        "{}",
        dirty.transcript()
    );
    assert!(
        dirty
            .out
            .contains("subscription.rs:15:9: no index leads with `subscriptions.status`"),
        "{}",
        dirty.transcript()
    );
}

#[tokio::test]
async fn dry_run_prints_the_migration_and_touches_nothing() {
    let copy = Copy::new();
    copy.edit(
        "user.rs",
        "    pub display_name: String,\n",
        "    pub display_name: String,\n    pub nickname: Option<String>,\n",
    );
    let before = copy.files();
    let dry = generate(&copy, &["add_nickname", "--dry-run"]).await;
    assert_eq!(dry.code(), EXIT_OK, "{}", dry.transcript());
    assert!(
        dry.out
            .contains("add_column(ColumnDef::new(Users::Nickname).string().null())")
    );
    assert!(
        dry.out.contains("would register `m"),
        "{}",
        dry.transcript()
    );
    assert_eq!(copy.files(), before, "a dry run wrote files");
}

#[tokio::test]
async fn empty_writes_a_blank_registered_migration() {
    let copy = Copy::new();
    let blank = generate(&copy, &["backfill_plans", "--empty"]).await;
    assert_eq!(blank.code(), EXIT_OK, "{}", blank.transcript());
    let files = copy.files();
    let (name, source) = files
        .iter()
        .find(|(name, _)| name.ends_with("_backfill_plans.rs"))
        .expect("the new file");
    assert!(name.starts_with('m') && name.len() == "m20261128_120000_backfill_plans.rs".len());
    assert!(source.contains("async fn down"), "{source}");
    let module = name.trim_end_matches(".rs");
    let lib = &files.iter().find(|(n, _)| n == "lib.rs").unwrap().1;
    assert!(lib.contains(&format!("\nmod {module};\n")), "{lib}");
    assert!(
        lib.contains(&format!("Box::new({module}::Migration),\n")),
        "{lib}"
    );
    // After every existing migration, so the names stay in order.
    assert!(module > "m20261126_000004_create_secrets", "{module}");
}

#[tokio::test]
async fn refusals_write_nothing_and_say_what_to_decide() {
    let copy = Copy::new();
    copy.edit(
        "user.rs",
        "    pub display_name: String,\n",
        "    pub display_name: String,\n    pub locale: String,\n",
    );
    let before = copy.files();
    let required = generate(&copy, &["add_locale"]).await;
    assert_eq!(required.code(), EXIT_FAILED, "{}", required.transcript());
    assert!(
        required
            .notes
            .contains("new column `users.locale` is NOT NULL without a default")
    );
    assert!(
        required
            .notes
            .contains("--default users.locale=<SQL value>"),
        "{}",
        required.transcript()
    );
    assert_eq!(copy.files(), before);

    // A decision that matches nothing is an input error.
    let wrong = generate(&copy, &["add_locale", "--default", "users.nope='en'"]).await;
    assert_eq!(wrong.code(), 2, "{}", wrong.transcript());
    assert_eq!(copy.files(), before);

    let copy = Copy::new();
    copy.edit(
        "user.rs",
        "    pub display_name: String,\n",
        "    pub full_name: String,\n",
    );
    let renamed = generate(&copy, &["rename_display_name"]).await;
    assert_eq!(renamed.code(), EXIT_FAILED, "{}", renamed.transcript());
    assert!(
        renamed
            .notes
            .contains("`--rename users.display_name=full_name`"),
        "{}",
        renamed.transcript()
    );
    let dropped = generate(&copy, &["rename_display_name", "--no-rename"]).await;
    assert_eq!(dropped.code(), EXIT_FAILED, "{}", dropped.transcript());
    assert!(
        dropped
            .notes
            .contains("destructive: drop column `users.display_name`"),
        "{}",
        dropped.transcript()
    );
}

#[tokio::test]
async fn a_lib_rs_that_does_not_parse_is_left_alone() {
    let copy = Copy::new();
    copy.edit(
        "user.rs",
        "    pub display_name: String,\n",
        "    pub display_name: String,\n    pub nickname: Option<String>,\n",
    );
    let lib = copy.migrations().join("lib.rs");
    let broken = std::fs::read_to_string(&lib)
        .unwrap()
        .replace("vec![", "vec![(");
    std::fs::write(&lib, &broken).unwrap();
    let before = copy.files();
    let outcome = generate(&copy, &["add_nickname"]).await;
    assert_eq!(outcome.code(), 2, "{}", outcome.transcript());
    let message = outcome
        .result
        .as_ref()
        .err()
        .map(ToString::to_string)
        .unwrap_or_default();
    assert!(message.contains("does not parse (line"), "{message}");
    assert_eq!(copy.files(), before, "nothing may be written");
}

#[tokio::test]
async fn bad_input_exits_2() {
    let copy = Copy::new();
    let name = generate(&copy, &["Add-Nickname"]).await;
    assert_eq!(name.code(), 2, "{}", name.transcript());
    let no_server = generate(&copy, &["x", "--backend", "postgres"]).await;
    assert_eq!(no_server.code(), 2, "{}", no_server.transcript());
    assert!(MigrateCli::try_parse_from(["migration", "generate"]).is_err());
    assert!(MigrateCli::try_parse_from(["migration", "generate", "--check", "--dry-run"]).is_err());
    assert!(
        MigrateCli::try_parse_from(["migration", "generate", "x", "--rename", "users"]).is_err()
    );
}
