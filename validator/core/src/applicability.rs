//! How safe a fix is: the one fact both rules (what they can fix) and findings (the
//! fix attached) need, below both.

use serde::Serialize;

/// Whether a fix may be applied without a person reading it first (ruff's terms).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Keeps the code's meaning apart from the defect: applied by `--fix`.
    Safe,
    /// Changes behaviour beyond the defect (a column's type, say): applied only with
    /// `--unsafe-fixes`.
    Unsafe,
}
