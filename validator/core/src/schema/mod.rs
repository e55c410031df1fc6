//! Schemas as the drift rules compare them: what a live database holds ([`live`]), what
//! the entities describe ([`expected`]), the column type SeaORM maps each field to
//! ([`types`]), how two column types compare per backend ([`sql_type`]) and two
//! defaults ([`defaults`]), and every way the entities and a live schema differ
//! ([`diff`]: what the drift rules report and `generate` turns into a migration).

pub(crate) mod defaults;
pub(crate) mod diff;
pub(crate) mod expected;
pub mod live;
pub(crate) mod sql_type;
pub(crate) mod types;

pub use live::{
    IndexOrigin, LiveColumn, LiveEnum, LiveForeignKey, LiveIndex, LiveSchema, LiveTable,
    ReferentialAction,
};
