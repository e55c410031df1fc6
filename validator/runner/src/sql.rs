//! `migration sql`: the SQL each pending migration would run, without changing the
//! database.
//!
//! The pending migrations run against the target database inside one transaction that
//! is always rolled back, while [`StatementCapture`] records every statement SeaORM sends,
//! raw `execute_unprepared` SQL included. Running them for real (rather than rendering
//! them) shows exactly what they do against the current schema, including migrations
//! that look at it (`has_table`). PostgreSQL and SQLite both roll DDL back.
//!
//! A migration that runs outside a transaction (`use_transaction() = Some(false)`, such
//! as PostgreSQL's `CREATE INDEX CONCURRENTLY`) cannot run in the rolled-back one: its
//! SQL is rendered without a database instead (SeaORM's `MockDatabase`, as for
//! checksums), and so is every migration after it, since the transaction no longer holds
//! the schema they would see. The output says which were rendered.
//!
//! Caveats of the rolled-back transaction: it holds the locks the migrations take until
//! it ends (on PostgreSQL it waits at most `lock_timeout`, 5 s, for each), and a sequence
//! a migration advances (an `INSERT` into a table with an identity column) stays advanced:
//! PostgreSQL does not roll sequences back.

use std::{any::Any, io::Write, panic::AssertUnwindSafe};

use futures_util::FutureExt;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, TransactionTrait};
use sea_orm_migration::{MigrationTrait, MigratorTrait, SchemaManager};
use tracing::instrument::WithSubscriber;

use crate::{
    capture::{StatementCapture, mask_passwords},
    checksum::{self, Rendered},
    error::RunError,
    panics,
    runner::{MigrationState, Runner},
};
use validator_base::exit::{EXIT_FAILED, EXIT_OK};

use validator_connect::DatabaseUrl;

/// How a pending migration's SQL was obtained.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SqlSource {
    /// Run in the rolled-back transaction.
    Captured,
    /// Rendered without a database; `why` says why it could not run in the transaction.
    Rendered { why: String },
    /// Neither: `reason` says why.
    Unavailable { reason: String },
    /// It failed in the transaction (it would fail for real too); the statements are the
    /// ones sent before and including the failing one.
    Failed { error: String },
}

/// One pending migration's SQL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingSql {
    pub name: String,
    pub source: SqlSource,
    /// Statements in order, passwords masked.
    pub statements: Vec<String>,
}

/// The SQL of every pending migration of `M` on `db`, in order. The database is left as
/// it was: everything runs in a transaction that is rolled back.
pub async fn pending_sql<M: MigratorTrait>(
    db: &DatabaseConnection,
    url: &DatabaseUrl,
) -> Result<Vec<PendingSql>, RunError> {
    let runner = Runner::<M>::new(db, url);
    let pending: Vec<String> = runner
        .status()
        .await?
        .into_iter()
        .filter(|row| row.state == MigrationState::Pending)
        .map(|row| row.name)
        .collect();
    if pending.is_empty() {
        return Ok(Vec::new());
    }
    let backend = db.get_database_backend();
    let fail = |err: sea_orm::DbErr| RunError::Database {
        context: "cannot open the transaction the pending migrations run in".to_owned(),
        cause: url.scrub(&err.to_string()),
    };
    let txn = db.begin().await.map_err(fail)?;
    if backend == DbBackend::Postgres {
        txn.execute_unprepared("SET LOCAL lock_timeout = '5s'")
            .await
            .map_err(fail)?;
    }
    let capture = StatementCapture::new();
    let mut out = Vec::new();
    // Set once the transaction no longer holds the schema later migrations would see.
    let mut diverted: Option<String> = None;
    for migration in M::migrations() {
        let name = migration.name().to_owned();
        if !pending.contains(&name) {
            continue;
        }
        if diverted.is_none() && migration.use_transaction() == Some(false) {
            diverted = Some(format!(
                "`{name}` runs outside a transaction (`use_transaction() = Some(false)`)"
            ));
        }
        if let Some(why) = &diverted {
            out.push(rendered(migration.as_ref(), backend, &name, why, url).await);
            continue;
        }
        capture.clear();
        let outcome = AssertUnwindSafe(
            async { migration.up(&SchemaManager::new(&txn)).await }
                .with_subscriber(capture.dispatch()),
        )
        .catch_unwind()
        .await;
        let statements = clean(&capture.statements(), url);
        let source = match outcome {
            Ok(Ok(())) => SqlSource::Captured,
            Ok(Err(err)) => SqlSource::Failed {
                error: url.scrub(&err.to_string()),
            },
            Err(payload) => SqlSource::Failed {
                error: format!("it panicked: {}", describe(payload, url)),
            },
        };
        let failed = matches!(source, SqlSource::Failed { .. });
        out.push(PendingSql {
            name: name.clone(),
            source,
            statements,
        });
        if failed {
            diverted = Some(format!("`{name}` failed"));
        }
    }
    // Nothing of the pending migrations may stay; a failed rollback drops the connection,
    // which ends the transaction the same way.
    let _ = txn.rollback().await;
    Ok(out)
}

async fn rendered(
    migration: &dyn MigrationTrait,
    backend: DbBackend,
    name: &str,
    why: &str,
    url: &DatabaseUrl,
) -> PendingSql {
    match checksum::render(migration, backend).await {
        Rendered::Sql { statements, .. } => PendingSql {
            name: name.to_owned(),
            source: SqlSource::Rendered {
                why: why.to_owned(),
            },
            statements: clean(&statements, url),
        },
        Rendered::Unverifiable { reason } => PendingSql {
            name: name.to_owned(),
            source: SqlSource::Unavailable {
                reason: format!("{why}, and {}", url.scrub(&reason)),
            },
            statements: Vec::new(),
        },
    }
}

fn clean(statements: &[String], url: &DatabaseUrl) -> Vec<String> {
    statements
        .iter()
        .map(|sql| url.scrub(&mask_passwords(sql.trim())))
        .collect()
}

fn describe(payload: Box<dyn Any + Send>, url: &DatabaseUrl) -> String {
    url.scrub(&panics::describe(payload))
}

/// Writes `pending` as SQL: a comment line naming each migration, then its statements,
/// each ending with `;`. Returns the exit code: 1 when a migration failed or its SQL
/// could not be had, else 0.
pub fn print(pending: &[PendingSql], out: &mut dyn Write) -> u8 {
    if pending.is_empty() {
        let _ = writeln!(out, "-- no pending migrations");
        return EXIT_OK;
    }
    let mut code = EXIT_OK;
    for (i, migration) in pending.iter().enumerate() {
        if i > 0 {
            let _ = writeln!(out);
        }
        let note = match &migration.source {
            SqlSource::Captured => String::new(),
            SqlSource::Rendered { why } => {
                format!(" (rendered without a database: {why})")
            }
            SqlSource::Unavailable { reason } => {
                code = EXIT_FAILED;
                format!(" (its SQL cannot be shown: {reason})")
            }
            SqlSource::Failed { error } => {
                code = EXIT_FAILED;
                format!(" (FAILS: {})", one_line(error))
            }
        };
        let _ = writeln!(out, "-- {}{note}", migration.name);
        for statement in &migration.statements {
            let terminated = if statement.ends_with(';') { "" } else { ";" };
            let _ = writeln!(out, "{statement}{terminated}");
        }
    }
    let captured = pending
        .iter()
        .filter(|m| m.source == SqlSource::Captured)
        .count();
    let _ = writeln!(
        out,
        "\n-- {} pending migration{}; {captured} run in a transaction that was rolled back",
        pending.len(),
        if pending.len() == 1 { "" } else { "s" }
    );
    code
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
