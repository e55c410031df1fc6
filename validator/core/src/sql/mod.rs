//! One migration's SQL as the migration rules see it: the pieces it is made of and where
//! each came from ([`unit`]), the typed facts read from squawk's syntax tree
//! ([`facts`]), and the schema as it stood before it ([`state`]).

pub(crate) mod facts;
pub(crate) mod placeholder;
pub mod state;
pub(crate) mod unit;
