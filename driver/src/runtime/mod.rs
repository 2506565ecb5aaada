//! The runtime library: run compiled WebAssembly under wasmtime with WASI preview 1,
//! safely and with limits. `lirc run` and the test harness use it; host applications
//! can embed it.
//!
//! - [`Runtime`] owns the engine (one per process is plenty): compile once with
//!   [`Runtime::load`], then [`CompiledModule::instantiate`] as often as needed.
//! - Each [`Instance`] has its own memory, WASI context ([`WasiConfig`]) and
//!   [`Limits`] (fuel, wall-clock timeout, memory).
//! - Every failure is a [`RuntimeError`] with a stable numeric code (5000–5014),
//!   listed in docs/running.md.
//!
//! ```no_run
//! use lirc::runtime::{Runtime, InstanceConfig};
//! let runtime = Runtime::new()?;
//! let module = runtime.load_file("examples/bmi.wasm".as_ref())?;
//! let mut instance = module.instantiate(InstanceConfig::default())?;
//! let results = instance.call("calculate_bmi", &[lir::Imm::f32(70.0), lir::Imm::f32(1.75)])?;
//! assert_eq!(results[0].to_string(), "22.857143");
//! # Ok::<(), lirc::runtime::RuntimeError>(())
//! ```

mod backtrace;
mod blocking;
mod engine;
mod error;
mod exports;
mod instance;
mod limits;
mod traps;
mod wasi;

pub use backtrace::{CallStack, StackFrame};
pub use engine::{Runtime, RuntimeOptions};
pub use error::RuntimeError;
pub use exports::{ExportInfo, ExportKind};
pub use instance::{CompiledModule, Instance, InstanceConfig};
pub use limits::{Limits, DEFAULT_MAX_TABLE_ELEMENTS, TABLE_ELEMENT_BYTES};
pub use wasi::{Output, Preopen, Stdin, WasiConfig, DEFAULT_CAPTURE_CAPACITY};
