//! Applying and rolling back migrations one at a time, so a failure names its migration.
//!
//! The runner keeps sea-orm-migration's `seaql_migrations` table as it is (`version`,
//! `applied_at` in unix seconds), so the stock CLI and this one can be used on the same
//! database. Each migration runs in a transaction when its `use_transaction()` asks for one
//! (PostgreSQL's default); its tracking row is written inside that same transaction.

use std::{any::Any, marker::PhantomData, panic::AssertUnwindSafe, time::Instant};

use futures_util::FutureExt;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, DbErr, DynIden, TransactionTrait,
    sea_query::{Alias, Expr, ExprTrait, Query, Table, extension::postgres::Type},
};
use sea_orm_migration::{MigrationTrait, MigratorTrait, SchemaManager};

use super::{
    error::{Direction, RunError},
    panics,
};
use crate::db::{DatabaseUrl, query_names};

/// Where a migration stands against the database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MigrationState {
    Applied,
    Pending,
    /// Recorded as applied, but no migration of that name exists any more.
    Missing,
}

impl MigrationState {
    pub fn label(self) -> &'static str {
        match self {
            MigrationState::Applied => "applied",
            MigrationState::Pending => "pending",
            MigrationState::Missing => "missing",
        }
    }
}

/// One line of `status`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MigrationStatus {
    pub name: String,
    pub state: MigrationState,
    /// Unix seconds, for applied and missing migrations.
    pub applied_at: Option<i64>,
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
    migrator: PhantomData<M>,
}

impl<'a, M: MigratorTrait> Runner<'a, M> {
    pub fn new(db: &'a DatabaseConnection, url: &'a DatabaseUrl) -> Self {
        Self {
            db,
            url,
            migrator: PhantomData,
        }
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

    /// Every migration in `migrations()` order, then any recorded but missing ones.
    /// Read-only: it never creates the tracking table.
    pub async fn status(&self) -> Result<Vec<MigrationStatus>, RunError> {
        let applied = self.applied_versions().await?;
        let mut rows: Vec<MigrationStatus> = M::migrations()
            .iter()
            .map(|migration| {
                let applied_at = applied
                    .iter()
                    .find(|(version, _)| version == migration.name())
                    .map(|(_, at)| *at);
                MigrationStatus {
                    name: migration.name().to_owned(),
                    state: if applied_at.is_some() {
                        MigrationState::Applied
                    } else {
                        MigrationState::Pending
                    },
                    applied_at,
                }
            })
            .collect();
        for (version, at) in applied {
            if !rows.iter().any(|row| row.name == version) {
                rows.push(MigrationStatus {
                    name: version,
                    state: MigrationState::Missing,
                    applied_at: Some(at),
                });
            }
        }
        Ok(rows)
    }

    /// Applies pending migrations in order, at most `steps` of them.
    pub async fn up(
        &self,
        steps: Option<u32>,
        on_step: &mut dyn FnMut(&StepDone),
    ) -> Result<usize, RunError> {
        self.install().await?;
        let status = self.status().await?;
        self.refuse_missing(&status)?;
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
        let limit = steps.map_or(usize::MAX, |n| n as usize);
        let mut done = 0;
        for migration in M::migrations().into_iter().rev() {
            if done == limit {
                break;
            }
            let applied = status
                .iter()
                .any(|row| row.name == migration.name() && row.state == MigrationState::Applied);
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

    /// Rolls everything back and drops the tracking table.
    pub async fn reset(&self, on_step: &mut dyn FnMut(&StepDone)) -> Result<usize, RunError> {
        let done = self.down(None, on_step).await?;
        let drop = Table::drop().table(self.table()).if_exists().to_owned();
        self.db
            .execute(&drop)
            .await
            .map_err(|err| self.database_error("cannot drop the migration table", &err))?;
        Ok(done)
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

    async fn install(&self) -> Result<(), RunError> {
        M::install(self.db)
            .await
            .map_err(|err| self.database_error("cannot create the migration table", &err))
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

    /// Runs one migration's `up` or `down` and records it, in one transaction if it uses one.
    async fn apply(
        &self,
        migration: &dyn MigrationTrait,
        direction: Direction,
    ) -> Result<StepDone, RunError> {
        let name = migration.name().to_owned();
        let started = Instant::now();
        let use_transaction = migration
            .use_transaction()
            .unwrap_or(self.backend() == DbBackend::Postgres);
        let failed = |cause: String| RunError::Migration {
            name: name.clone(),
            direction,
            cause,
        };
        if use_transaction {
            let txn = self
                .db
                .begin()
                .await
                .map_err(|err| failed(self.url.scrub(&err.to_string())))?;
            let outcome = catch_panic(async {
                let manager = SchemaManager::new(&txn);
                step(migration, &manager, direction).await?;
                self.record(&txn, &name, direction).await
            })
            .await;
            match outcome {
                Ok(Ok(())) => txn
                    .commit()
                    .await
                    .map_err(|err| failed(self.url.scrub(&err.to_string())))?,
                Ok(Err(err)) => {
                    // The original error is what matters; a failed rollback is dropped
                    // with the connection anyway.
                    let _ = txn.rollback().await;
                    return Err(failed(self.url.scrub(&err.to_string())));
                }
                Err(panic) => {
                    let _ = txn.rollback().await;
                    return Err(self.panicked(&name, direction, panic));
                }
            }
        } else {
            let outcome = catch_panic(async {
                let manager = SchemaManager::new(self.db);
                step(migration, &manager, direction).await?;
                self.record(self.db, &name, direction).await
            })
            .await;
            match outcome {
                Ok(Ok(())) => {}
                Ok(Err(err)) => return Err(failed(self.url.scrub(&err.to_string()))),
                Err(panic) => return Err(self.panicked(&name, direction, panic)),
            }
        }
        Ok(StepDone {
            name,
            direction,
            millis: started.elapsed().as_millis(),
        })
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
    ) -> Result<(), DbErr> {
        match direction {
            Direction::Up => {
                let applied_at = chrono::Utc::now().timestamp();
                let insert = Query::insert()
                    .into_table(self.table())
                    .columns([Alias::new("version"), Alias::new("applied_at")])
                    .values([name.into(), applied_at.into()])
                    .map_err(|err| DbErr::Custom(err.to_string()))?
                    .to_owned();
                db.execute(&insert).await?;
            }
            Direction::Down => {
                let delete = Query::delete()
                    .from_table(self.table())
                    .and_where(Expr::col(Alias::new("version")).eq(name))
                    .to_owned();
                db.execute(&delete).await?;
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
