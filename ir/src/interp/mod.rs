//! The reference interpreter.
pub mod eval;
