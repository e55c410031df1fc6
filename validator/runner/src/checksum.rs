//! Checksums of migrations: SHA-256 of the SQL a migration's `up` sends to the backend.
//!
//! The SQL is rendered without a database: `up` runs against SeaORM's `MockDatabase` for
//! the target backend, which records every statement, builder-made and raw
//! (`execute_unprepared`) alike. What is hashed is what the database would run, so the
//! checksum works for a deployed binary with no source tree, ignores edits that change
//! nothing (formatting, renames of Rust items), and catches every edit that changes the
//! schema. It does change when an upgrade of sea-query renders the same migration
//! differently; `status` then shows the difference and `repair` accepts it.
//!
//! A migration whose SQL cannot be rendered this way is *unverifiable*, never silently
//! "fine": one that reads the database while migrating (`has_table`, a `SELECT`), one that
//! panics or fails without a database, and one that renders differently on two runs (it
//! uses the clock, randomness or a hash map's order). It is recorded with no checksum and
//! shown as such.

use std::{any::Any, panic::AssertUnwindSafe};

use futures_util::FutureExt;
use sea_orm::{DbBackend, DbErr, MockDatabase, MockExecResult};
use sea_orm_migration::{MigrationTrait, SchemaManager};
use sha2::{Digest, Sha256};
use tracing::instrument::WithSubscriber;

use crate::{
    capture::{one_line_masked, redact_statement, shorten},
    panics,
};

/// Exec results queued on the mock at first; doubled while a migration needs more.
const FIRST_CAPACITY: usize = 32;
const MAX_CAPACITY: usize = 1 << 16;

/// What a migration's `up` renders to, on one backend.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rendered {
    /// The statements, in order, and the lower-case hex SHA-256 over them.
    Sql {
        checksum: String,
        statements: Vec<String>,
    },
    /// The SQL could not be rendered without a database; `reason` says why.
    Unverifiable { reason: String },
}

impl Rendered {
    /// The checksum, or `None` for an unverifiable migration.
    pub fn checksum(&self) -> Option<&str> {
        match self {
            Rendered::Sql { checksum, .. } => Some(checksum),
            Rendered::Unverifiable { .. } => None,
        }
    }

    /// The statements as stored for later comparison: one line each, passwords masked.
    pub fn stored_statements(&self) -> String {
        match self {
            Rendered::Sql { statements, .. } => statements
                .iter()
                .map(|sql| one_line_masked(sql))
                .collect::<Vec<_>>()
                .join("\n"),
            Rendered::Unverifiable { .. } => String::new(),
        }
    }
}

/// Renders `migration`'s `up` for `backend` twice, and hashes it if both agree.
pub async fn render(migration: &dyn MigrationTrait, backend: DbBackend) -> Rendered {
    // The mock's own statement log would otherwise reach a verbose log as if it ran.
    let quiet = tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default());
    async {
        let first = match render_once(migration, backend).await {
            Ok(statements) => statements,
            Err(reason) => return Rendered::Unverifiable { reason },
        };
        let second = match render_once(migration, backend).await {
            Ok(statements) => statements,
            Err(reason) => return Rendered::Unverifiable { reason },
        };
        if first != second {
            let difference = first
                .iter()
                .zip(second.iter())
                .find(|(a, b)| a != b)
                .map(|(a, _)| format!(": `{}`", redact_statement(a)))
                .unwrap_or_default();
            return Rendered::Unverifiable {
                reason: format!(
                    "it renders different SQL on each run (it uses the clock, randomness or a \
                     hash map's order){difference}"
                ),
            };
        }
        Rendered::Sql {
            checksum: checksum(backend, &first),
            statements: first,
        }
    }
    .with_subscriber(quiet)
    .await
}

/// SHA-256 over the backend's name and each statement, with separators that cannot occur
/// in the statements' own boundaries.
pub fn checksum(backend: DbBackend, statements: &[String]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(format!("{backend:?}").as_bytes());
    for statement in statements {
        hasher.update(b"\0");
        hasher.update(statement.as_bytes());
    }
    hasher
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

async fn render_once(
    migration: &dyn MigrationTrait,
    backend: DbBackend,
) -> Result<Vec<String>, String> {
    let mut capacity = FIRST_CAPACITY;
    loop {
        let db = MockDatabase::new(backend)
            .append_exec_results((0..capacity).map(|_| MockExecResult {
                last_insert_id: 0,
                rows_affected: 0,
            }))
            .into_connection();
        let outcome = catch_panic(async { migration.up(&SchemaManager::new(&db)).await }).await;
        let statements: Vec<String> = db
            .into_transaction_log()
            .iter()
            .flat_map(|transaction| transaction.statements())
            .map(ToString::to_string)
            .collect();
        match outcome {
            Ok(Ok(())) => return Ok(statements),
            Ok(Err(err)) if ran_out_of_results(&err) && capacity < MAX_CAPACITY => {
                capacity *= 4;
            }
            Ok(Err(err)) => return Err(failure_reason(&err, statements.last())),
            Err(payload) => {
                return Err(format!(
                    "it panics without a database: {}",
                    panics::describe(payload)
                ));
            }
        }
    }
}

fn ran_out_of_results(err: &DbErr) -> bool {
    err.to_string().contains("`exec_results` buffer is empty")
}

fn failure_reason(err: &DbErr, last: Option<&String>) -> String {
    let text = err.to_string();
    match last {
        Some(sql) if text.contains("query_results") => format!(
            "it reads the database while migrating (`{}`), so its SQL cannot be rendered \
             without one",
            redact_statement(sql)
        ),
        _ if text.contains("query_results") => {
            "it reads the database while migrating, so its SQL cannot be rendered without one"
                .to_owned()
        }
        _ => format!("it fails without a database: {text}"),
    }
}

async fn catch_panic<F: std::future::Future>(future: F) -> Result<F::Output, Box<dyn Any + Send>> {
    AssertUnwindSafe(future).catch_unwind().await
}

/// The first statement that differs between what was recorded and what renders now.
pub fn first_difference(recorded: &str, current: &Rendered) -> Option<String> {
    let current = current.stored_statements();
    let mut old = recorded.lines();
    let mut new = current.lines();
    loop {
        match (old.next(), new.next()) {
            (None, None) => return None,
            (Some(a), Some(b)) if a == b => continue,
            (Some(a), Some(b)) => {
                return Some(format!("was `{}`, now `{}`", shorten(a), shorten(b)));
            }
            (Some(a), None) => return Some(format!("`{}` was removed", shorten(a))),
            (None, Some(b)) => return Some(format!("`{}` was added", shorten(b))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm_migration::prelude::*;

    struct CreateThing(&'static str);

    impl MigrationName for CreateThing {
        fn name(&self) -> &str {
            "m1_create_thing"
        }
    }

    #[async_trait::async_trait]
    impl MigrationTrait for CreateThing {
        async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
            manager
                .create_table(
                    Table::create()
                        .table(self.0)
                        .col(ColumnDef::new("id").integer().primary_key())
                        .to_owned(),
                )
                .await?;
            manager
                .get_connection()
                .execute_unprepared("CREATE INDEX ix ON thing (id)")
                .await
                .map(drop)
        }
    }

    struct Probing;

    impl MigrationName for Probing {
        fn name(&self) -> &str {
            "m2_probing"
        }
    }

    #[async_trait::async_trait]
    impl MigrationTrait for Probing {
        async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
            if !manager.has_table("thing").await? {
                return Err(DbErr::Migration("no thing".into()));
            }
            Ok(())
        }
    }

    #[tokio::test]
    async fn renders_builder_and_raw_sql_and_hashes_it_stably() {
        let rendered = render(&CreateThing("thing"), DbBackend::Sqlite).await;
        let Rendered::Sql {
            checksum,
            statements,
        } = &rendered
        else {
            panic!("{rendered:?}")
        };
        assert_eq!(statements.len(), 2, "{statements:?}");
        assert!(statements[0].starts_with("CREATE TABLE \"thing\""));
        assert_eq!(statements[1], "CREATE INDEX ix ON thing (id)");
        assert_eq!(checksum.len(), 64);
        assert_eq!(
            render(&CreateThing("thing"), DbBackend::Sqlite).await,
            rendered
        );
        let edited = render(&CreateThing("other"), DbBackend::Sqlite).await;
        assert_ne!(edited.checksum(), rendered.checksum());
        assert!(
            first_difference(&rendered.stored_statements(), &edited)
                .unwrap()
                .contains("other")
        );
        let postgres = render(&CreateThing("thing"), DbBackend::Postgres).await;
        assert_ne!(postgres.checksum(), rendered.checksum());
    }

    #[tokio::test]
    async fn a_migration_that_queries_is_unverifiable() {
        let rendered = render(&Probing, DbBackend::Postgres).await;
        match rendered {
            Rendered::Unverifiable { reason } => {
                assert!(reason.contains("reads the database"), "{reason}")
            }
            other => panic!("{other:?}"),
        }
    }
}
