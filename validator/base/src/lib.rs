//! The conventions every binary of this workspace shares, defined once: the exit-code
//! table ([`exit`]), the duration syntax ([`duration`]), the colour and width policy
//! ([`terminal`]), how paths are shown ([`path`]), atomic file writes ([`fs`]), and the
//! database [`Backend`]s.
//!
//! It depends on nothing, so the migration runner a user deploys and the static checker
//! both build it in a second.

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

mod backend;
pub mod duration;
pub mod exit;
pub mod fs;
pub mod path;
pub mod terminal;

pub use backend::Backend;
