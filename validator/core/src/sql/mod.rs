//! One migration's SQL as the migration rules see it: the pieces it is made of and where
//! each came from ([`unit`]), the typed facts read from squawk's syntax tree
//! ([`facts`]), placeholders for values known only at run time ([`placeholder`]), the
//! table rebuild idiom ([`rebuild`]), and the schema as it stood before it ([`state`]).

pub(crate) mod facts;
pub(crate) mod placeholder;
pub(crate) mod rebuild;
pub mod state;
pub(crate) mod unit;
