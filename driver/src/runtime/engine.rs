//! The [`Runtime`]: a wasmtime engine configured for lir's semantics and limits, and
//! the clock thread that drives wall-clock timeouts.

use super::error::RuntimeError;
use super::instance::CompiledModule;
use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use wasmtime::{Config, Engine};

/// Granularity of wall-clock timeouts.
pub(crate) const EPOCH_TICK: Duration = Duration::from_millis(10);

/// Engine-wide choices; the defaults suit `lirc run` and tests.
#[derive(Clone, Debug)]
pub struct RuntimeOptions {
    /// Count instructions so that instances can have a fuel limit (costs some speed).
    pub fuel_metering: bool,
    /// Check a wall-clock deadline at loop headers and calls, for timeouts.
    pub epoch_interruption: bool,
    /// Bytes of native stack wasm may use before "call stack exhausted".
    pub max_wasm_stack: usize,
}

impl Default for RuntimeOptions {
    fn default() -> Self {
        RuntimeOptions {
            fuel_metering: true,
            epoch_interruption: true,
            max_wasm_stack: 1 << 20,
        }
    }
}

/// A wasmtime engine plus what lir needs around it. Cheap to clone.
#[derive(Clone)]
pub struct Runtime {
    pub(crate) engine: Engine,
    pub(crate) options: RuntimeOptions,
    ticker: Arc<OnceLock<()>>,
}

impl Runtime {
    /// A runtime with the default options.
    pub fn new() -> Result<Runtime, RuntimeError> {
        Runtime::with_options(RuntimeOptions::default())
    }

    pub fn with_options(options: RuntimeOptions) -> Result<Runtime, RuntimeError> {
        let mut config = Config::new();
        config
            .consume_fuel(options.fuel_metering)
            .epoch_interruption(options.epoch_interruption)
            .max_wasm_stack(options.max_wasm_stack)
            // Arithmetic NaNs are canonical, as in the LIR semantics and the interpreter.
            .cranelift_nan_canonicalization(true)
            .wasm_tail_call(true)
            .wasm_multi_value(true)
            .wasm_bulk_memory(true);
        let engine = Engine::new(&config).map_err(|e| RuntimeError::Compile(format!("{e:#}")))?;
        Ok(Runtime {
            engine,
            options,
            ticker: Arc::new(OnceLock::new()),
        })
    }

    /// One runtime per process with default options, created on first use.
    pub fn shared() -> Result<&'static Runtime, RuntimeError> {
        static SHARED: OnceLock<Runtime> = OnceLock::new();
        if let Some(runtime) = SHARED.get() {
            return Ok(runtime);
        }
        let runtime = Runtime::new()?;
        Ok(SHARED.get_or_init(|| runtime))
    }

    /// The underlying engine, for embedders that need more than this API offers.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Validates and compiles WebAssembly bytes.
    pub fn load(&self, bytes: &[u8]) -> Result<CompiledModule, RuntimeError> {
        CompiledModule::new(self, bytes)
    }

    /// Reads and compiles a `.wasm` file.
    pub fn load_file(&self, path: &Path) -> Result<CompiledModule, RuntimeError> {
        let bytes = std::fs::read(path)
            .map_err(|e| RuntimeError::Io(format!("cannot read {}: {e}", path.display())))?;
        self.load(&bytes)
    }

    /// Starts the thread that advances the engine's epoch every [`EPOCH_TICK`]; it
    /// stops when the engine is dropped.
    pub(crate) fn ensure_ticker(&self) {
        self.ticker.get_or_init(|| {
            let weak = self.engine.weak();
            std::thread::Builder::new()
                .name("lir-epoch".into())
                .spawn(move || loop {
                    std::thread::sleep(EPOCH_TICK);
                    match weak.upgrade() {
                        Some(engine) => engine.increment_epoch(),
                        None => break,
                    }
                })
                .ok();
        });
    }
}
