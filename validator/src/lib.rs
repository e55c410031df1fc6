//! The `validator` command line's definition ([`cli`]), shared by the binary, its shell
//! completions, and tests that parse a command line exactly as the binary does. The work
//! itself is `validator-core`'s (and, with the `db` feature, `validator-db`'s and
//! `validator-testkit`'s); `main.rs` turns the parsed arguments into their library calls.
//! [`fix`] is `check --fix`/`--diff`: the one place that writes fixed files.

pub mod cli;
pub mod fix;
