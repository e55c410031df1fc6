//! `validator drift`'s comparison: the entity model against a live schema.
//!
//! [`compare`] takes a `check` report (the same [`crate::model::Model`]) and a live schema
//! read by `validator-db`, and runs the rules of the `drift` group. Each difference is a
//! [`crate::Finding`] on the entity field or table it is about, whose message states the
//! database's side; the report renders like `check`'s.
//!
//! The schemas it compares are [`crate::schema`]'s; the rules and what they see are
//! [`crate::rules::drift`]'s.
//!
//! Tables that only exist in the database, and whose entities map views, are handled as
//! the rules say; the migration tracking tables are never reported.

use crate::config::Config;
use crate::report::{self, Judging, Report};
use crate::rules;
use crate::rules::drift::context::{Context, Findings};
use crate::schema::LiveSchema;
use crate::severity::Severity;
use crate::suppress::{self, Suppression};

/// Options of a drift run.
#[derive(Clone, Debug)]
pub struct DriftOptions {
    /// Tables never reported as unmapped: sea-orm-migration's `seaql_migrations` and the
    /// runner's checksum table beside it, by default.
    pub ignore_tables: Vec<String>,
}

impl Default for DriftOptions {
    fn default() -> Self {
        DriftOptions {
            ignore_tables: vec![
                "seaql_migrations".to_owned(),
                "seaql_migrations_checksums".to_owned(),
            ],
        }
    }
}

/// A drift run's result.
#[derive(Debug, Default)]
pub struct DriftReport {
    /// Findings (drift rules only), sources and model, ready for [`crate::render::render`].
    pub report: Report,
    /// For each finding of `report.findings`, the table it is about (empty for an
    /// `unused-suppression`).
    pub tables: Vec<String>,
}

/// Compares the model of a `check` report with a live schema. The report's own findings
/// are replaced by drift findings; its sources, model and problems are kept.
pub fn compare(
    mut source: Report,
    live: &LiveSchema,
    config: &Config,
    options: &DriftOptions,
) -> DriftReport {
    let mut out = Findings::default();
    let cx = Context::new(&source.model, live, &options.ignore_tables);
    for rule in rules::drift::CHECKS {
        if config.severity(rule.meta) != Severity::Allow {
            (rule.check)(&cx, &mut out);
        }
    }
    drop(cx);
    // `// validator: allow(column-type-drift) -- reason` on an entity field silences drift
    // there; a drift suppression that silences nothing is reported here, not by `check`.
    let suppressions: Vec<Suppression> = source
        .sources
        .iter()
        .flat_map(|file| suppress::scan(file, "//"))
        .collect();
    let tables = report::finish_tagged(
        &mut source,
        out.items,
        &suppressions,
        config,
        Judging::DRIFT,
    );
    DriftReport {
        report: source,
        tables,
    }
}
