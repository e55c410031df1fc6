//! Applying and rolling back migrations one at a time, so a failure names its migration
//! and the statement it failed on.
//!
//! The runner keeps sea-orm-migration's `seaql_migrations` table as it is (`version`,
//! `applied_at` in unix seconds), so the stock CLI and this one can be used on the same
//! database, and records each migration's checksum in a table of its own beside it
//! ([`crate::tracking`]).
//!
//! Transactions: every migration runs in its own transaction, on PostgreSQL and SQLite
//! alike, unless it says `use_transaction() = Some(false)` (PostgreSQL's
//! `CREATE INDEX CONCURRENTLY` cannot run in one). Its tracking rows are written in that
//! same transaction, so a failure leaves the schema and the tracking tables as they were.
//! A migration that opts out runs statement by statement; if it fails, the statements
//! before the failing one stay applied, and the error says so.

use std::{
    any::Any, collections::HashMap, marker::PhantomData, panic::AssertUnwindSafe, time::Instant,
};

use futures_util::FutureExt;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, DbErr, DynIden, TransactionTrait,
    sea_query::{
        Alias, CommonTableExpression, Expr, ExprTrait, Query, SqliteQueryBuilder, Table,
        WithClause, extension::postgres::Type,
    },
};
use sea_orm_migration::{MigrationTrait, MigratorTrait, SchemaManager};
use tokio::sync::OnceCell;
use tracing::instrument::WithSubscriber;

use crate::{
    capture::{StatementCapture, redact_statement},
    checksum::{self, Rendered},
    error::{Direction, ModifiedMigration, RunError},
    lock::MigrationLock,
    panics,
    tracking::{ChecksumTable, Recorded},
};
use validator_connect::{DatabaseUrl, query_names};

/// Where a migration stands against the database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MigrationState {
    Applied,
    Pending,
    /// Applied, but its SQL has changed since (its checksum differs).
    Modified,
    /// Recorded as applied, but no migration of that name exists any more.
    Missing,
}

impl MigrationState {
    pub fn label(self) -> &'static str {
        match self {
            MigrationState::Applied => "applied",
            MigrationState::Pending => "pending",
            MigrationState::Modified => "modified",
            MigrationState::Missing => "missing",
        }
    }
}

/// What the checksum says about an applied migration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verification {
    /// Pending or missing: nothing to compare.
    NotApplicable,
    /// The recorded checksum matches the migration's SQL.
    Matches,
    /// Applied without a checksum (by the stock CLI, or before this runner): `up` and
    /// `repair` record one.
    NotRecorded,
    /// Its SQL cannot be rendered without a database, so it cannot be checked.
    Unverifiable { reason: String },
    /// Its SQL differs from what was applied.
    Changed { difference: String },
}

/// One line of `status`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MigrationStatus {
    pub name: String,
    pub state: MigrationState,
    /// Unix seconds, for applied, modified and missing migrations.
    pub applied_at: Option<i64>,
    pub verification: Verification,
}

/// What happened to one migration, for progress output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepDone {
    pub name: String,
    pub direction: Direction,
    pub millis: u128,
}

/// Runs the migrations of `M` against one database.
pub struct Runner<'a, M> {
    db: &'a DatabaseConnection,
    url: &'a DatabaseUrl,
    lock: Option<&'a MigrationLock>,
    allow_modified: bool,
    checksums: ChecksumTable,
    capture: StatementCapture,
    rendered: OnceCell<HashMap<String, Rendered>>,
    migrator: PhantomData<M>,
}

impl<'a, M: MigratorTrait> Runner<'a, M> {
    pub fn new(db: &'a DatabaseConnection, url: &'a DatabaseUrl) -> Self {
        Self {
            db,
            url,
            lock: None,
            allow_modified: false,
            checksums: ChecksumTable::for_migration_table(&M::migration_table_name().to_string()),
            capture: StatementCapture::new(),
            rendered: OnceCell::new(),
            migrator: PhantomData,
        }
    }

    /// Checks before each migration that `lock` is still held.
    pub fn with_lock(mut self, lock: &'a MigrationLock) -> Self {
        self.lock = Some(lock);
        self
    }

    /// Lets `up` run although an applied migration was modified.
    pub fn allow_modified(mut self, allow: bool) -> Self {
        self.allow_modified = allow;
        self
    }

    /// The name of the checksum table beside the migration table.
    pub fn checksum_table(&self) -> &str {
        self.checksums.name()
    }

    fn backend(&self) -> DbBackend {
        self.db.get_database_backend()
    }

    fn table(&self) -> DynIden {
        M::migration_table_name()
    }

    fn database_error(&self, context: &str, err: &DbErr) -> RunError {
        RunError::Database {
            context: context.to_owned(),
            cause: self.url.scrub(&err.to_string()),
        }
    }

    /// Every migration's SQL for this backend, rendered once per runner.
    pub async fn rendered(&self) -> &HashMap<String, Rendered> {
        self.rendered
            .get_or_init(|| async {
                let backend = self.backend();
                let mut rendered = HashMap::new();
                for migration in M::migrations() {
                    let sql = checksum::render(migration.as_ref(), backend).await;
                    rendered.insert(migration.name().to_owned(), sql);
                }
                rendered
            })
            .await
    }

    /// Every migration in `migrations()` order, then any recorded but missing ones.
    /// Read-only: it never creates the tracking tables.
    pub async fn status(&self) -> Result<Vec<MigrationStatus>, RunError> {
        let applied = self.applied_versions().await?;
        let recorded = self
            .checksums
            .read(self.db)
            .await
            .map_err(|err| self.database_error("cannot read the checksum table", &err))?
            .unwrap_or_default();
        let rendered = self.rendered().await;
        let mut rows: Vec<MigrationStatus> = M::migrations()
            .iter()
            .map(|migration| {
                let name = migration.name();
                let applied_at = applied
                    .iter()
                    .find(|(version, _)| version == name)
                    .map(|(_, at)| *at);
                let verification = match (applied_at, rendered.get(name)) {
                    (Some(_), Some(current)) => verify(recorded.get(name), current),
                    _ => Verification::NotApplicable,
                };
                let state = match (&verification, applied_at) {
                    (Verification::Changed { .. }, _) => MigrationState::Modified,
                    (_, Some(_)) => MigrationState::Applied,
                    (_, None) => MigrationState::Pending,
                };
                MigrationStatus {
                    name: name.to_owned(),
                    state,
                    applied_at,
                    verification,
                }
            })
            .collect();
        for (version, at) in applied {
            if !rows.iter().any(|row| row.name == version) {
                rows.push(MigrationStatus {
                    name: version,
                    state: MigrationState::Missing,
                    applied_at: Some(at),
                    verification: Verification::NotApplicable,
                });
            }
        }
        Ok(rows)
    }

    /// Applies pending migrations in order, at most `steps` of them. Refuses to start
    /// when an applied migration is missing, or modified (unless allowed).
    pub async fn up(
        &self,
        steps: Option<u32>,
        on_step: &mut dyn FnMut(&StepDone),
    ) -> Result<usize, RunError> {
        self.install().await?;
        let status = self.status().await?;
        self.refuse_missing(&status)?;
        if !self.allow_modified {
            refuse_modified(&status)?;
        }
        self.record_unrecorded(&status).await?;
        let pending: Vec<String> = status
            .iter()
            .filter(|row| row.state == MigrationState::Pending)
            .map(|row| row.name.clone())
            .collect();
        let limit = steps.map_or(usize::MAX, |n| n as usize);
        let mut done = 0;
        for migration in M::migrations() {
            if done == limit {
                break;
            }
            if pending.iter().any(|name| name == migration.name()) {
                on_step(&self.apply(migration.as_ref(), Direction::Up).await?);
                done += 1;
            }
        }
        Ok(done)
    }

    /// Rolls back applied migrations, newest first, at most `steps` of them.
    pub async fn down(
        &self,
        steps: Option<u32>,
        on_step: &mut dyn FnMut(&StepDone),
    ) -> Result<usize, RunError> {
        let status = self.status().await?;
        self.refuse_missing(&status)?;
        self.install_checksums().await?;
        let limit = steps.map_or(usize::MAX, |n| n as usize);
        let mut done = 0;
        for migration in M::migrations().into_iter().rev() {
            if done == limit {
                break;
            }
            let applied = status
                .iter()
                .any(|row| row.name == migration.name() && row.applied_at.is_some());
            if applied {
                on_step(&self.apply(migration.as_ref(), Direction::Down).await?);
                done += 1;
            }
        }
        Ok(done)
    }

    /// Drops every table (and PostgreSQL enum type) in the database, then applies everything.
    pub async fn fresh(&self, on_step: &mut dyn FnMut(&StepDone)) -> Result<usize, RunError> {
        self.drop_everything().await?;
        self.up(None, on_step).await
    }

    /// Rolls everything back, then applies everything.
    pub async fn refresh(&self, on_step: &mut dyn FnMut(&StepDone)) -> Result<usize, RunError> {
        self.down(None, on_step).await?;
        self.up(None, on_step).await
    }

    /// Rolls everything back and drops the tracking tables.
    pub async fn reset(&self, on_step: &mut dyn FnMut(&StepDone)) -> Result<usize, RunError> {
        let done = self.down(None, on_step).await?;
        let drop_table = Table::drop().table(self.table()).if_exists().to_owned();
        self.db
            .execute(&drop_table)
            .await
            .map_err(|err| self.database_error("cannot drop the migration table", &err))?;
        self.checksums
            .drop_table(self.db)
            .await
            .map_err(|err| self.database_error("cannot drop the checksum table", &err))?;
        Ok(done)
    }

    /// Records the current checksum of every applied migration, and forgets checksums of
    /// migrations that are no longer applied. Returns the rows whose record changed (as
    /// they were before): modified, unrecorded, or no longer applied.
    pub async fn repair(&self) -> Result<Vec<MigrationStatus>, RunError> {
        self.install().await?;
        let status = self.status().await?;
        let recorded = self
            .checksums
            .read(self.db)
            .await
            .map_err(|err| self.database_error("cannot read the checksum table", &err))?
            .unwrap_or_default();
        let rendered = self.rendered().await;
        let fail = |err: DbErr| self.database_error("cannot record checksums", &err);
        let txn = self.db.begin().await.map_err(fail)?;
        let mut changed = Vec::new();
        for row in &status {
            let current = rendered.get(&row.name);
            let in_migrator = matches!(
                row.state,
                MigrationState::Applied | MigrationState::Modified
            );
            let (Some(current), true) = (current, in_migrator) else {
                continue;
            };
            if row.verification != Verification::Matches {
                self.checksums
                    .record(&txn, &row.name, current)
                    .await
                    .map_err(fail)?;
            }
            if matches!(
                row.verification,
                Verification::Changed { .. } | Verification::NotRecorded
            ) {
                changed.push(row.clone());
            }
        }
        for version in recorded.keys() {
            let applied = status
                .iter()
                .any(|row| &row.name == version && row.applied_at.is_some());
            if !applied {
                self.checksums.forget(&txn, version).await.map_err(fail)?;
            }
        }
        txn.commit().await.map_err(fail)?;
        Ok(changed)
    }

    fn refuse_missing(&self, status: &[MigrationStatus]) -> Result<(), RunError> {
        let missing: Vec<String> = status
            .iter()
            .filter(|row| row.state == MigrationState::Missing)
            .map(|row| row.name.clone())
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(RunError::MissingMigrations { names: missing })
        }
    }

    /// Records checksums for applied migrations that have none, in one transaction.
    async fn record_unrecorded(&self, status: &[MigrationStatus]) -> Result<(), RunError> {
        let unrecorded: Vec<&MigrationStatus> = status
            .iter()
            .filter(|row| row.verification == Verification::NotRecorded)
            .collect();
        if unrecorded.is_empty() {
            return Ok(());
        }
        let rendered = self.rendered().await;
        let fail = |err: DbErr| self.database_error("cannot record checksums", &err);
        let txn = self.db.begin().await.map_err(fail)?;
        for row in unrecorded {
            if let Some(current) = rendered.get(&row.name) {
                self.checksums
                    .record(&txn, &row.name, current)
                    .await
                    .map_err(fail)?;
            }
        }
        txn.commit().await.map_err(fail)
    }

    async fn install(&self) -> Result<(), RunError> {
        M::install(self.db)
            .await
            .map_err(|err| self.database_error("cannot create the migration table", &err))?;
        self.install_checksums().await
    }

    async fn install_checksums(&self) -> Result<(), RunError> {
        self.checksums
            .install(self.db)
            .await
            .map_err(|err| self.database_error("cannot create the checksum table", &err))
    }

    async fn applied_versions(&self) -> Result<Vec<(String, i64)>, RunError> {
        let table = self.table();
        let exists = SchemaManager::new(self.db)
            .has_table(table.to_string())
            .await
            .map_err(|err| self.database_error("cannot read the migration table", &err))?;
        if !exists {
            return Ok(Vec::new());
        }
        let select = Query::select()
            .columns([Alias::new("version"), Alias::new("applied_at")])
            .from(table)
            .order_by(Alias::new("version"), sea_orm::sea_query::Order::Asc)
            .to_owned();
        let rows = self
            .db
            .query_all(&select)
            .await
            .map_err(|err| self.database_error("cannot read the migration table", &err))?;
        rows.iter()
            .map(|row| {
                let version: String = row.try_get("", "version")?;
                let applied_at: i64 = row.try_get("", "applied_at")?;
                Ok((version, applied_at))
            })
            .collect::<Result<_, DbErr>>()
            .map_err(|err| self.database_error("cannot read the migration table", &err))
    }

    /// Runs one migration's `up` or `down` and records it: in one transaction unless the
    /// migration opts out.
    async fn apply(
        &self,
        migration: &dyn MigrationTrait,
        direction: Direction,
    ) -> Result<StepDone, RunError> {
        let name = migration.name().to_owned();
        let started = Instant::now();
        let rendered = match direction {
            Direction::Up => self.rendered().await.get(&name),
            Direction::Down => None,
        };
        let atomic = migration.use_transaction() != Some(false);
        let failed = |cause: &DbErr, statement: Option<String>| RunError::Migration {
            name: name.clone(),
            direction,
            cause: self.url.scrub(&cause.to_string()),
            statement: statement.map(|sql| self.url.scrub(&redact_statement(&sql))),
            atomic,
        };
        self.capture.clear();
        if atomic {
            let txn = self.db.begin().await.map_err(|err| failed(&err, None))?;
            let work = catch_panic(
                async {
                    let manager = SchemaManager::new(&txn);
                    step(migration, &manager, direction).await?;
                    self.record(&txn, &name, direction, rendered).await
                }
                .with_subscriber(self.capture.dispatch()),
            );
            // The lock is checked while the migration runs (its own connection), and
            // before anything commits.
            let (locked, outcome) = tokio::join!(self.verify_lock(), work);
            if let Err(lost) = locked {
                let _ = txn.rollback().await;
                return Err(lost);
            }
            match outcome {
                Ok(Ok(())) => txn
                    .commit()
                    .await
                    .map_err(|err| failed(&err, Some("COMMIT".to_owned())))?,
                Ok(Err(err)) => {
                    // The original error is what matters; a failed rollback is dropped
                    // with the connection anyway.
                    let _ = txn.rollback().await;
                    return Err(failed(&err, self.capture.last()));
                }
                Err(panic) => {
                    let _ = txn.rollback().await;
                    return Err(self.panicked(&name, direction, panic));
                }
            }
        } else {
            self.verify_lock().await?;
            let outcome = catch_panic(
                async {
                    let manager = SchemaManager::new(self.db);
                    step(migration, &manager, direction).await
                }
                .with_subscriber(self.capture.dispatch()),
            )
            .await;
            match outcome {
                Ok(Ok(())) => {}
                Ok(Err(err)) => return Err(failed(&err, self.capture.last())),
                Err(panic) => return Err(self.panicked(&name, direction, panic)),
            }
            let recorded = async {
                let txn = self.db.begin().await?;
                self.record(&txn, &name, direction, rendered).await?;
                txn.commit().await
            }
            .await;
            recorded.map_err(|err| {
                self.database_error(
                    &format!("migration `{name}` ran, but recording it failed"),
                    &err,
                )
            })?;
        }
        Ok(StepDone {
            name,
            direction,
            millis: started.elapsed().as_millis(),
        })
    }

    async fn verify_lock(&self) -> Result<(), RunError> {
        match self.lock {
            Some(lock) => lock.verify().await,
            None => Ok(()),
        }
    }

    fn panicked(&self, name: &str, direction: Direction, payload: Box<dyn Any + Send>) -> RunError {
        RunError::Panicked {
            name: name.to_owned(),
            direction,
            message: self.url.scrub(&panics::describe(payload)),
        }
    }

    async fn record<C: ConnectionTrait>(
        &self,
        db: &C,
        name: &str,
        direction: Direction,
        rendered: Option<&Rendered>,
    ) -> Result<(), DbErr> {
        match direction {
            Direction::Up => {
                let applied_at = chrono::Utc::now().timestamp();
                let mut insert = Query::insert()
                    .into_table(self.table())
                    .columns([Alias::new("version"), Alias::new("applied_at")])
                    .values([name.into(), applied_at.into()])
                    .map_err(|err| DbErr::Custom(err.to_string()))?
                    .to_owned();
                let Some(rendered) = rendered else {
                    return db.execute(&insert).await.map(drop);
                };
                let checksum = self.checksums.upsert(name, rendered)?;
                match db.get_database_backend() {
                    DbBackend::Postgres => {
                        // One round trip for both rows: PostgreSQL runs a data-modifying
                        // `WITH` whether or not the main statement reads it.
                        let cte = CommonTableExpression::new()
                            .query(checksum)
                            .table_name(Alias::new("recorded_checksum"))
                            .to_owned();
                        insert.with_cte(WithClause::new().cte(cte).to_owned());
                        db.execute(&insert).await?;
                    }
                    DbBackend::Sqlite => {
                        // SQLite has no data-modifying `WITH`; two statements in one call
                        // still cost one trip to sqlx's SQLite worker thread. sea-query
                        // inlines the values with SQLite's quoting.
                        let both = format!(
                            "{};\n{}",
                            insert.to_string(SqliteQueryBuilder),
                            checksum.to_string(SqliteQueryBuilder)
                        );
                        db.execute_unprepared(&both).await?;
                    }
                    _ => {
                        db.execute(&insert).await?;
                        db.execute(&checksum).await?;
                    }
                }
            }
            Direction::Down => {
                let delete = Query::delete()
                    .from_table(self.table())
                    .and_where(Expr::col(Alias::new("version")).eq(name))
                    .to_owned();
                db.execute(&delete).await?;
                self.checksums.forget(db, name).await?;
            }
        }
        Ok(())
    }

    /// Drops every table in the current schema (SQLite: the database), like the stock
    /// `fresh`, but with foreign key checks off on the one pooled SQLite connection.
    async fn drop_everything(&self) -> Result<(), RunError> {
        let context = "cannot drop the existing tables";
        let fail = |err: DbErr| self.database_error(context, &err);
        let backend = self.backend();
        match backend {
            DbBackend::Postgres => {
                let txn = self.db.begin().await.map_err(fail)?;
                let tables = query_names(
                    &txn,
                    "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()",
                )
                .await
                .map_err(fail)?;
                for table in tables {
                    let drop = Table::drop()
                        .table(Alias::new(table))
                        .if_exists()
                        .cascade()
                        .to_owned();
                    txn.execute(&drop).await.map_err(fail)?;
                }
                let types = query_names(
                    &txn,
                    "SELECT t.typname AS name FROM pg_type t \
                     JOIN pg_namespace n ON n.oid = t.typnamespace \
                     WHERE n.nspname = current_schema() AND t.typtype = 'e'",
                )
                .await
                .map_err(fail)?;
                for name in types {
                    let drop = Type::drop()
                        .name(Alias::new(name))
                        .if_exists()
                        .cascade()
                        .to_owned();
                    txn.execute(&drop).await.map_err(fail)?;
                }
                txn.commit().await.map_err(fail)
            }
            _ => {
                self.db
                    .execute_unprepared("PRAGMA foreign_keys = OFF")
                    .await
                    .map_err(fail)?;
                let dropped = async {
                    let txn = self.db.begin().await?;
                    let tables = query_names(
                        &txn,
                        "SELECT name FROM sqlite_master \
                         WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
                    )
                    .await?;
                    for table in tables {
                        let drop = Table::drop()
                            .table(Alias::new(table))
                            .if_exists()
                            .to_owned();
                        txn.execute(&drop).await?;
                    }
                    txn.commit().await
                }
                .await;
                let restored = self.db.execute_unprepared("PRAGMA foreign_keys = ON").await;
                dropped.map_err(fail)?;
                restored.map(drop).map_err(fail)
            }
        }
    }
}

/// Compares what was recorded for an applied migration with what it renders now.
fn verify(recorded: Option<&Recorded>, current: &Rendered) -> Verification {
    let Some(recorded) = recorded else {
        return Verification::NotRecorded;
    };
    if recorded.checksum.as_deref() == current.checksum() {
        return match current {
            Rendered::Unverifiable { reason } => Verification::Unverifiable {
                reason: reason.clone(),
            },
            Rendered::Sql { .. } => Verification::Matches,
        };
    }
    let difference = match (&recorded.checksum, current) {
        (None, _) => "it could not be rendered when it was applied, and now it can".to_owned(),
        (Some(_), Rendered::Unverifiable { reason }) => {
            format!("it can no longer be rendered: {reason}")
        }
        (Some(_), Rendered::Sql { .. }) => {
            checksum::first_difference(&recorded.statements, current)
                .unwrap_or_else(|| "its SQL differs from what was applied".to_owned())
        }
    };
    Verification::Changed { difference }
}

fn refuse_modified(status: &[MigrationStatus]) -> Result<(), RunError> {
    let modified: Vec<ModifiedMigration> = status
        .iter()
        .filter_map(|row| match &row.verification {
            Verification::Changed { difference } => Some(ModifiedMigration {
                name: row.name.clone(),
                difference: difference.clone(),
            }),
            _ => None,
        })
        .collect();
    if modified.is_empty() {
        Ok(())
    } else {
        Err(RunError::Modified {
            migrations: modified,
        })
    }
}

async fn step(
    migration: &dyn MigrationTrait,
    manager: &SchemaManager<'_>,
    direction: Direction,
) -> Result<(), DbErr> {
    match direction {
        Direction::Up => migration.up(manager).await,
        Direction::Down => migration.down(manager).await,
    }
}

async fn catch_panic<F: std::future::Future>(future: F) -> Result<F::Output, Box<dyn Any + Send>> {
    AssertUnwindSafe(future).catch_unwind().await
}
