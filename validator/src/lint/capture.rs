//! The capture engine (placeholder).
