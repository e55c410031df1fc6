//! The data model: a [`user`] owns [`credit_transaction`]s, [`subscription`]s and
//! [`secret`]s, and deleting a user deletes what it owns (`ON DELETE CASCADE`).
//!
//! Every entity is written in SeaORM 2.0's dense format (`#[sea_orm::model]`), and every
//! relation is declared on both sides. Keys, column types and enums are chosen so that the
//! same entities work unchanged on PostgreSQL and SQLite:
//! - keys are `i64` (`bigint` on PostgreSQL, `integer` on SQLite);
//! - enums are string-backed [`ActiveEnum`](sea_orm::ActiveEnum)s stored in a `varchar`,
//!   not native PostgreSQL enum types, so no `CREATE TYPE` is needed and SQLite stores them
//!   as the same text;
//! - money is an `i64` count of minor units (see [`credit_transaction::Model::amount`]).

pub mod credit_transaction;
pub mod prelude;
pub mod secret;
pub mod subscription;
pub mod user;
