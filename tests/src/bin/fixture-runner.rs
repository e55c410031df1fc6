//! The migration runner over [`workspace_tests::fixtures::SqlDirMigrator`], so tests can
//! drive the real runner binary over migrations they write (and edit) on disk.

fn main() -> std::process::ExitCode {
    validator_runner::run_cli::<workspace_tests::fixtures::SqlDirMigrator>()
}
