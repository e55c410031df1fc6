//! The database side of the validator that is not a package of its own yet: log scrubbing.

pub mod logging;
