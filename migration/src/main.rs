//! `cargo run -p migration -- <up|down|status|fresh|refresh|reset> [-u URL]`
//!
//! The runner lives in `validator-runner`; this binary only names the migrator.

fn main() -> std::process::ExitCode {
    validator_runner::run_cli::<migration::Migrator>()
}
