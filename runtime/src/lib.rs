//! # lir-runtime — run lir's WebAssembly under wasmtime
//!
//! The runtime `lirc run` and the test harness use, as a library without the command
//! line: `lir-runtime = { path = "…/runtime" }` (or the same version from the
//! workspace) brings wasmtime, WASI and `lir-build`, and no clap, codespan or
//! mimalloc.
//!
//! - [`Runtime`] owns the engine (one per process is plenty): compile once with
//!   [`Runtime::load`] (wasm bytes), [`Runtime::load_module`] (a [`lir::Module`]) or
//!   [`Runtime::load_text`] (LIR text), then [`CompiledModule::instantiate`] as often
//!   as needed.
//! - Each [`Instance`] has its own memory, WASI context ([`WasiConfig`]), host
//!   functions ([`Imports`]) and [`Limits`] (fuel, wall-clock timeout, memory).
//! - A `wasm32-unknown-unknown` build runs on lir's `env` host ABI ([`env_abi`]),
//!   which the runtime provides from the same configuration as WASI.
//! - Every failure is a [`RuntimeError`] with a stable numeric code (5000–5015),
//!   listed in docs/running.md.
//!
//! ```
//! use lir_runtime::{Runtime, InstanceConfig, Target};
//! let runtime = Runtime::new()?;
//! let module = runtime.load_text(
//!     "bmi.lir",
//!     "export \"calculate_bmi\" func @bmi(%w: f32, %h: f32) -> f32 {\n\
//!          %h2 = mul %h, %h\n %bmi = div %w, %h2\n ret %bmi\n }",
//!     Target::Wasip1,
//!     &Default::default(),
//! )?;
//! let mut instance = module.instantiate(InstanceConfig::default())?;
//! let results = instance.call("calculate_bmi", &[lir::Imm::f32(70.0), lir::Imm::f32(1.75)])?;
//! assert_eq!(results[0].to_string(), "22.857143");
//! # Ok::<(), lir_runtime::RuntimeError>(())
//! ```

mod access;
mod backtrace;
mod blocking;
mod engine;
pub mod env_abi;
mod error;
mod exports;
mod host;
mod instance;
mod limits;
mod tiers;
mod traps;
mod wasi;

pub use backtrace::{CallStack, StackFrame};
pub use engine::{Compiler, Runtime, RuntimeOptions};
pub use error::RuntimeError;
pub use exports::{ExportInfo, ExportKind};
pub use host::{Caller, CallerMemory, HostError, HostResult, Imports};
pub use instance::{CompiledModule, Host, Instance, InstanceConfig, PAGE_SIZE};
pub use limits::{Limits, DEFAULT_MAX_TABLE_ELEMENTS, TABLE_ELEMENT_BYTES};
pub use lir_build::{Options as BuildOptions, Target};
pub use wasi::{Output, Preopen, Stdin, WasiConfig, DEFAULT_CAPTURE_CAPACITY};
/// The wasmtime crate this runtime is built on, for what this API does not cover
/// ([`Runtime::engine`]).
pub use wasmtime;

/// The README's Rust examples, compiled and run as doc tests so they stay true (here,
/// where `lir`, `lir-build` and `lir-runtime` are all available).
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
