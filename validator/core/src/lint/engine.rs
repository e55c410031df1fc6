//! Lints one unit: parse its SQL once with squawk's parser, read the statement facts,
//! run squawk's per-statement rules (for the rules that delegate to squawk) and our own
//! rules, and turn every hit into a [`Finding`] located in the unit's source.

use squawk_linter::{Linter, Rule as SquawkRule};
use squawk_syntax::ast::AstNode;

use crate::config::Config;
use crate::diagnostic::Finding;
use crate::rules::migration::context::Context;
use crate::rules::migration::{self, MigrationRule};
use crate::severity::Severity;
use crate::sql::facts::{self, Statement};
use crate::sql::state::SchemaState;
use crate::sql::unit::Unit;
use validator_base::Backend;

/// The squawk rules to run: those mapped by the enabled rules.
pub(crate) fn squawk_rules(config: &Config) -> Vec<SquawkRule> {
    let mut out = Vec::new();
    for r in migration::STATEMENT_RULES {
        if config.severity(r.meta) == Severity::Allow {
            continue;
        }
        for alias in r.meta.aliases {
            if let Ok(rule) = SquawkRule::try_from(*alias)
                && !out.contains(&rule)
            {
                out.push(rule);
            }
        }
    }
    out
}

/// Lints one unit against the schema before it; returns the findings and the unit's
/// statement facts (for replaying the state).
pub(crate) fn lint_unit(
    unit: &Unit,
    state: &SchemaState,
    config: &Config,
    squawk_rules: &[SquawkRule],
) -> (Vec<Finding>, Vec<Statement>) {
    let combined = unit.combine();
    let parse = squawk_syntax::SourceFile::parse(&combined.text);
    let tree = parse.tree();
    let statements = facts::read(&tree);
    let mut linter = Linter::with_rules(&[], &[]);
    linter.rules.clear();
    linter.rules.extend(squawk_rules.iter().copied());
    linter.settings.assume_in_transaction = unit.in_transaction;
    let violations = linter.lint(&parse, &combined.text);
    let cx = Context::new(unit, &combined, &statements, state, &violations);
    let mut findings = Vec::new();
    run_rules(&cx, config, migration::STATEMENT_RULES, &mut findings);
    if unit.backend == Backend::Postgres
        && config.severity(&migration::sql_syntax_error::RULE) != Severity::Allow
    {
        let errors: Vec<(usize, String)> = parse
            .errors()
            .iter()
            .map(|e| (usize::from(e.range().start()), e.to_string()))
            .collect();
        migration::sql_syntax_error::check(&cx, &tree, &errors, &mut findings);
    }
    drop(cx);
    let _ = tree.syntax();
    (findings, statements)
}

fn run_rules(cx: &Context<'_>, config: &Config, rules: &[MigrationRule], out: &mut Vec<Finding>) {
    for r in rules {
        if config.severity(r.meta) != Severity::Allow {
            (r.check)(cx, out);
        }
    }
}
