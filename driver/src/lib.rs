//! # lirc — the lir driver
//!
//! The `lirc` binary and the library façade behind it: reading sources, rendering
//! diagnostics, and the commands (`check`, `fmt`, `interp`, …). Exit statuses are in
//! [`exit::Status`] and documented in `docs/cli.md`.
//!
//! Library users want the crates below it instead, which carry no command-line
//! dependencies: `lir-build` (a module to wasm bytes, and the diagnostics renderer)
//! and `lir-runtime` (running wasm under wasmtime). [`runtime`] re-exports the latter
//! for compatibility.

pub mod allocator;
pub mod build;
pub mod cli;
pub mod codes;
pub mod color;
pub mod commands;
pub mod diagnostics;
pub mod dot;
pub mod dot_structured;
pub mod exit;
pub mod hints;
pub mod load;
pub mod optimize;
pub mod options;
pub mod sniff;
pub mod source;
pub mod timed_stdin;
pub mod timing;
pub mod values;

/// The runtime library, now the `lir-runtime` crate (re-exported so that
/// `lirc::runtime::…` paths keep working).
pub use lir_runtime as runtime;
