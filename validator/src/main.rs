//! The `validator` binary.
//!
//! MERGE NOTE (doctor branch): this is minimal wiring for `validator doctor` only. When the
//! new `cli.rs` lands, add `Doctor(validator::doctor::DoctorArgs)` to its subcommand enum
//! (behind `#[cfg(feature = "db")]`) and call `validator::doctor::run_doctor`, then drop
//! this file's `Cli`.

#[cfg(feature = "db")]
fn main() -> std::process::ExitCode {
    use clap::{Parser, Subcommand};

    #[derive(Parser)]
    #[command(name = "validator", version)]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Subcommand)]
    enum Command {
        Doctor(validator::doctor::DoctorArgs),
    }

    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return std::process::ExitCode::from(if err.use_stderr() { 2 } else { 0 });
        }
    };
    let code = match cli.command {
        Command::Doctor(args) => {
            validator::doctor::run_doctor(args, &mut std::io::stdout(), &mut std::io::stderr())
        }
    };
    std::process::ExitCode::from(code)
}

#[cfg(not(feature = "db"))]
fn main() {}
