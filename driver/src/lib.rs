//! # lirc — the lir driver
//!
//! The `lirc` binary and the library façade behind it: reading sources, rendering
//! diagnostics, and the commands (`check`, `fmt`, `interp`, …). Exit statuses are in
//! [`exit::Status`] and documented in `docs/cli.md`.

pub mod build;
pub mod cli;
pub mod commands;
pub mod diagnostics;
pub mod dot;
pub mod dot_structured;
pub mod exit;
pub mod load;
pub mod optimize;
pub mod options;
pub mod runtime;
pub mod source;
pub mod timed_stdin;
pub mod values;
