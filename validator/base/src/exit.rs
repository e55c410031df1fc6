//! The exit-code table of every command: `validator` (check, lint, drift, graph, rules,
//! explain, doctor) and the migration runner (`migration up|down|status|verify|sql|lint|..`).
//!
//! | code | meaning |
//! |---|---|
//! | `0` [`EXIT_OK`] | the command ran and everything holds: no finding at or above the gate, every migration applied, every service available |
//! | `1` [`EXIT_FAILED`] | the command ran and something does not hold: findings at or above `--fail-on` (default `error`; after `check --fix`, the findings left), `check --diff` with a change to show, a migration that failed or a modified one `up` refused, a failed `verify` or `sql`, a skip ledger over its policy |
//! | `2` [`EXIT_ERROR`] | the command could not do its job: usage, input (a file that cannot be read or parsed), configuration, connection or other infrastructure error, no lock within `--lock-timeout`, a service that is not available |
//! | `3` [`EXIT_PENDING`] | `migration status --exit-code` only: migrations are pending (none modified or missing) |
//! | `4` [`EXIT_MODIFIED`] | `migration status --exit-code` only: an applied migration is modified, or recorded but missing from the migrator |

/// Everything holds.
pub const EXIT_OK: u8 = 0;
/// The command ran and found what it gates on: findings at or above the gate, a failed
/// migration, a failed verification, a skip ledger over its policy.
pub const EXIT_FAILED: u8 = 1;
/// Usage, input, configuration, connection or other infrastructure error.
pub const EXIT_ERROR: u8 = 2;
/// `migration status --exit-code`: migrations are pending (none modified or missing).
pub const EXIT_PENDING: u8 = 3;
/// `migration status --exit-code`: an applied migration is modified, or missing from the
/// migrator.
pub const EXIT_MODIFIED: u8 = 4;
