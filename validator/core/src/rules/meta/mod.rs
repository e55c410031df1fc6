//! Rules about the tool's own input: suppression comments.

pub(crate) mod unused_suppression;

use crate::rule::RuleMeta;

/// Meta rules; they are emitted by the runner, not by a check function.
pub(crate) static RULES: &[&RuleMeta] = &[&unused_suppression::RULE];
