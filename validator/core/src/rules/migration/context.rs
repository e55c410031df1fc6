//! What statement rules see: one migration's SQL, its statement facts, squawk's
//! violations, and the schema before it.

use std::collections::HashMap;

use squawk_linter::Violation;

use crate::diagnostic::{Finding, Label};
use crate::rule::RuleMeta;
use crate::sql::facts::{Kind, Range, Statement};
use crate::sql::state::SchemaState;
use crate::sql::unit::{Combined, Unit, Unread};
use validator_base::Backend;

/// Longest statement quoted in a label.
const QUOTED_CHARS: usize = 120;

/// What statement rules see.
pub(crate) struct Context<'a> {
    pub(crate) unit: &'a Unit,
    pub(crate) combined: &'a Combined,
    pub(crate) statements: &'a [Statement],
    /// The schema before this unit.
    pub(crate) state: &'a SchemaState,
    /// Squawk's violations by squawk rule name.
    violations: HashMap<String, Vec<&'a Violation>>,
    /// For each table created in this unit, the index of the statement creating it.
    created_at: HashMap<&'a str, usize>,
    /// The statements that drop or rename a table as part of a table rebuild.
    rebuild: Vec<usize>,
}

impl<'a> Context<'a> {
    pub(crate) fn new(
        unit: &'a Unit,
        combined: &'a Combined,
        statements: &'a [Statement],
        state: &'a SchemaState,
        violations: &'a [Violation],
    ) -> Self {
        let mut by_rule: HashMap<String, Vec<&'a Violation>> = HashMap::new();
        for v in violations {
            by_rule.entry(v.code.to_string()).or_default().push(v);
        }
        let mut created_at = HashMap::new();
        for (i, s) in statements.iter().enumerate() {
            if let Kind::CreateTable { table } = &s.kind {
                created_at.entry(table.as_str()).or_insert(i);
            }
        }
        // Each unread step as the index of the first statement after it.
        let unread: Vec<(usize, Unread)> = unit
            .unread
            .iter()
            .map(|&(piece, kind)| {
                let at = combined.piece_start(piece);
                (statements.partition_point(|s| s.range.start < at), kind)
            })
            .collect();
        Context {
            unit,
            combined,
            statements,
            state,
            violations: by_rule,
            created_at,
            rebuild: crate::sql::rebuild::rebuild_statements(statements, &unread),
        }
    }

    pub(crate) fn backend(&self) -> Backend {
        self.unit.backend
    }

    /// Whether the SQL comes from a SeaORM migration (Rust source or captured from one),
    /// so that help may speak SeaORM; `.sql` files get plain SQL help.
    pub(crate) fn is_seaorm_migration(&self) -> bool {
        self.unit.migration.is_some()
    }

    /// `plain`, followed by ` (SeaORM: seaorm)` on SeaORM migrations.
    pub(crate) fn help(&self, plain: &str, seaorm: &str) -> String {
        if self.is_seaorm_migration() {
            format!("{plain} (SeaORM: {seaorm})")
        } else {
            plain.to_owned()
        }
    }

    /// Whether the SQL at `range` was built by sea-query (a `SchemaManager` builder call),
    /// rather than written by hand.
    pub(crate) fn built_by_sea_query(&self, range: &Range) -> bool {
        self.is_seaorm_migration() && self.unit.locate(self.combined, range).1
    }

    /// The first keywords of a statement (`DROP INDEX`), for messages that cannot name a
    /// table.
    pub(crate) fn keywords(&self, statement: &Statement) -> String {
        let text = self
            .combined
            .text
            .get(statement.range.clone())
            .unwrap_or("");
        let words: Vec<String> = text
            .split_whitespace()
            .take_while(|w| w.chars().all(|c| c.is_ascii_alphabetic()))
            .take(3)
            .map(str::to_ascii_uppercase)
            .collect();
        words.join(" ")
    }

    /// Whether the runner wraps this unit in a transaction, or the SQL opens one itself.
    pub(crate) fn in_transaction(&self) -> bool {
        self.unit.in_transaction
    }

    /// Squawk's violations for every squawk rule `rule` maps (its aliases).
    pub(crate) fn squawk(&self, rule: &RuleMeta) -> impl Iterator<Item = &'a Violation> + '_ {
        rule.aliases
            .iter()
            .filter_map(|a| self.violations.get(*a))
            .flatten()
            .copied()
    }

    /// The statement containing `offset`, with its index.
    pub(crate) fn statement_at(&self, offset: usize) -> Option<(usize, &'a Statement)> {
        let i = self
            .statements
            .partition_point(|s| s.range.start <= offset)
            .checked_sub(1)?;
        self.statements.get(i).map(|s| (i, s))
    }

    /// Whether statement `index` drops or renames a table as part of a table rebuild
    /// (create the new shape, copy the rows, drop the old table, rename).
    pub(crate) fn in_rebuild(&self, index: usize) -> bool {
        self.rebuild.binary_search(&index).is_ok()
    }

    /// Whether `table` was created by this unit, by statement `index` or one before it.
    pub(crate) fn created_here(&self, table: &str, index: usize) -> bool {
        self.created_at.get(table).is_some_and(|&at| at <= index)
    }

    /// Whether `table` is one this unit created (before `index`) rather than one that
    /// existed before: the table is new and empty, so locks and scans cost nothing. A
    /// table whose identity the reader could not resolve is never taken for an existing
    /// one.
    pub(crate) fn is_new_table(&self, table: &str, index: usize) -> bool {
        crate::sql::placeholder::is_table(table)
            || (self.created_here(table, index) && !self.state.has_table(table))
    }

    /// Whether every table statement `index` touches is new.
    pub(crate) fn only_new_tables(&self, index: usize) -> bool {
        let Some(s) = self.statements.get(index) else {
            return false;
        };
        let tables = s.tables();
        !tables.is_empty() && tables.iter().all(|t| self.is_new_table(t, index))
    }

    /// The tables statement `index` touches that are not new (existed before, or unknown).
    pub(crate) fn existing_tables(&self, index: usize) -> Vec<&'a str> {
        self.statements
            .get(index)
            .map(|s| {
                s.tables()
                    .into_iter()
                    .filter(|t| !t.is_empty() && !self.is_new_table(t, index))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A finding on `range` of the combined text; the suppression anchor is the whole
    /// statement.
    pub(crate) fn finding(
        &self,
        rule: &'static RuleMeta,
        range: &Range,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Finding {
        let (span, quote, piece_anchor) = self.unit.locate(self.combined, range);
        let statement = self.statement_at(range.start);
        let mut label = label.into();
        if quote && let Some((i, s)) = statement {
            let text = self
                .combined
                .text
                .get(s.range.clone())
                .unwrap_or("")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let mut shown: String = text.chars().take(QUOTED_CHARS).collect();
            if text.chars().count() > QUOTED_CHARS {
                shown.push('…');
            }
            label = format!("{label}: statement {} `{shown}`", i + 1);
        }
        let mut message = message.into();
        if let Some(name) = &self.unit.migration {
            message = format!("{message} (in `{name}`)");
        }
        let anchor = piece_anchor.or_else(|| {
            crate::sql::unit::lines(
                statement
                    .map(|(_, s)| self.unit.locate(self.combined, &s.range).0)
                    .unwrap_or(span),
            )
        });
        let mut f = Finding::new(
            rule,
            message,
            Label {
                file: Some(self.unit.file.clone()),
                span,
                message: label,
            },
        );
        if let Some(a) = anchor {
            f = f.with_anchor(a);
        }
        f
    }
}
