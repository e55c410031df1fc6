//! The checksum table, `<migration table>_checksums`, kept beside sea-orm-migration's own
//! table so that one stays exactly as the stock CLI expects it.
//!
//! One row per applied migration: `version` (the migration's name), `checksum` (hex
//! SHA-256 of its rendered SQL, NULL when it could not be rendered), `statements` (the
//! rendered SQL, one statement a line, passwords masked, to show what changed),
//! `unverifiable_reason`, and `recorded_at` (unix seconds). Its rows are written and
//! deleted in the same transaction as the migration's own row.

use std::collections::HashMap;

use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbErr,
    sea_query::{Alias, ColumnDef, Expr, ExprTrait, InsertStatement, OnConflict, Query, Table},
};
use sea_orm_migration::SchemaManager;

use crate::checksum::Rendered;

/// What the table holds for one migration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Recorded {
    pub(crate) checksum: Option<String>,
    pub(crate) statements: String,
}

const VERSION: &str = "version";
const CHECKSUM: &str = "checksum";
const STATEMENTS: &str = "statements";
const UNVERIFIABLE_REASON: &str = "unverifiable_reason";
const RECORDED_AT: &str = "recorded_at";

/// The checksum table of one migration table.
#[derive(Clone, Debug)]
pub(crate) struct ChecksumTable {
    name: String,
}

impl ChecksumTable {
    pub(crate) fn for_migration_table(migration_table: &str) -> Self {
        Self {
            name: format!("{migration_table}_checksums"),
        }
    }

    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    fn iden(&self) -> Alias {
        Alias::new(self.name.as_str())
    }

    pub(crate) async fn install<C: ConnectionTrait>(&self, db: &C) -> Result<(), DbErr> {
        let create = Table::create()
            .table(self.iden())
            .if_not_exists()
            .col(ColumnDef::new(VERSION).string().not_null().primary_key())
            .col(ColumnDef::new(CHECKSUM).string().null())
            .col(ColumnDef::new(STATEMENTS).text().not_null())
            .col(ColumnDef::new(UNVERIFIABLE_REASON).text().null())
            .col(ColumnDef::new(RECORDED_AT).big_integer().not_null())
            .to_owned();
        db.execute(&create).await.map(drop)
    }

    pub(crate) async fn drop_table<C: ConnectionTrait>(&self, db: &C) -> Result<(), DbErr> {
        let statement = Table::drop().table(self.iden()).if_exists().to_owned();
        db.execute(&statement).await.map(drop)
    }

    /// Every recorded row, or `None` when the table does not exist (read-only).
    pub(crate) async fn read(
        &self,
        db: &DatabaseConnection,
    ) -> Result<Option<HashMap<String, Recorded>>, DbErr> {
        if !SchemaManager::new(db).has_table(self.name.as_str()).await? {
            return Ok(None);
        }
        let select = Query::select()
            .columns([VERSION, CHECKSUM, STATEMENTS].map(Alias::new))
            .from(self.iden())
            .to_owned();
        let mut recorded = HashMap::new();
        for row in db.query_all(&select).await? {
            let version: String = row.try_get("", VERSION)?;
            recorded.insert(
                version,
                Recorded {
                    checksum: row.try_get("", CHECKSUM)?,
                    statements: row.try_get("", STATEMENTS)?,
                },
            );
        }
        Ok(Some(recorded))
    }

    /// Records `rendered` as `version`'s checksum, replacing any earlier row (one
    /// statement: `INSERT .. ON CONFLICT (version) DO UPDATE`).
    pub(crate) async fn record<C: ConnectionTrait>(
        &self,
        db: &C,
        version: &str,
        rendered: &Rendered,
    ) -> Result<(), DbErr> {
        db.execute(&self.upsert(version, rendered)?).await.map(drop)
    }

    /// The statement [`record`](Self::record) runs.
    pub(crate) fn upsert(
        &self,
        version: &str,
        rendered: &Rendered,
    ) -> Result<InsertStatement, DbErr> {
        let reason = match rendered {
            Rendered::Unverifiable { reason } => Some(reason.clone()),
            Rendered::Sql { .. } => None,
        };
        let insert = Query::insert()
            .into_table(self.iden())
            .columns(
                [
                    VERSION,
                    CHECKSUM,
                    STATEMENTS,
                    UNVERIFIABLE_REASON,
                    RECORDED_AT,
                ]
                .map(Alias::new),
            )
            .values([
                version.into(),
                rendered.checksum().map(str::to_owned).into(),
                rendered.stored_statements().into(),
                reason.into(),
                chrono::Utc::now().timestamp().into(),
            ])
            .map_err(|err| DbErr::Custom(err.to_string()))?
            .on_conflict(
                OnConflict::column(Alias::new(VERSION))
                    .update_columns(
                        [CHECKSUM, STATEMENTS, UNVERIFIABLE_REASON, RECORDED_AT].map(Alias::new),
                    )
                    .to_owned(),
            )
            .to_owned();
        Ok(insert)
    }

    pub(crate) async fn forget<C: ConnectionTrait>(
        &self,
        db: &C,
        version: &str,
    ) -> Result<(), DbErr> {
        let delete = Query::delete()
            .from_table(self.iden())
            .and_where(Expr::col(Alias::new(VERSION)).eq(version))
            .to_owned();
        db.execute(&delete).await.map(drop)
    }
}
