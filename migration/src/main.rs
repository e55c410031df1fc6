//! `cargo run -p migration -- <up|down|status|fresh|refresh|reset> [-u URL]`
//!
//! The runner lives in `validator::migrate`; this binary only names the migrator.

fn main() -> std::process::ExitCode {
    validator::migrate::run_cli::<migration::Migrator>()
}
