//! The [`Runtime`]: a wasmtime engine configured for lir's semantics and limits, and
//! the clock thread that drives wall-clock timeouts.

use crate::error::RuntimeError;
use crate::instance::CompiledModule;
use crate::tiers;
use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use wasmtime::{Config, Engine, Strategy};

/// Frames a trap's backtrace keeps: more than a native stack of `max_wasm_stack` holds.
const MAX_BACKTRACE_FRAMES: usize = 1 << 20;

/// Granularity of wall-clock timeouts.
pub(crate) const EPOCH_TICK: Duration = Duration::from_millis(10);

/// Engine-wide choices. The default is the fast engine: no fuel metering, no epoch
/// interruption, no NaN canonicalization. Instances of such an engine cannot have a
/// fuel limit or a timeout; ask for what you need ([`RuntimeOptions::with_limits`]),
/// as `lirc run` does when given `--fuel` or `--timeout`.
///
/// ```
/// use lir_runtime::{Runtime, RuntimeOptions};
/// // Untrusted code: fuel and timeouts available, NaNs deterministic.
/// let sandbox = Runtime::with_options(RuntimeOptions {
///     canonicalize_nans: true,
///     ..RuntimeOptions::with_limits()
/// })?;
/// # let _ = sandbox;
/// # Ok::<(), lir_runtime::RuntimeError>(())
/// ```
#[derive(Clone, Debug)]
pub struct RuntimeOptions {
    /// Count instructions so that instances can have a fuel limit (costs up to ~65%
    /// on call-heavy code).
    pub fuel_metering: bool,
    /// Check a wall-clock deadline at loop headers and calls, for timeouts (cheaper
    /// than fuel, not free).
    pub epoch_interruption: bool,
    /// Make every NaN produced by float arithmetic the canonical NaN, so results are
    /// deterministic bit for bit (Cranelift's NaN canonicalization; float-heavy code
    /// runs 2–5× slower). Off, NaN payloads of arithmetic are unspecified, as in wasm
    /// and LIR.
    pub canonicalize_nans: bool,
    /// Bytes of native stack wasm may use before "call stack exhausted".
    pub max_wasm_stack: usize,
    /// Give the compiled code native DWARF made from the module's own (`-g`) and
    /// register it with the GDB JIT interface, so that lldb or gdb attached to the
    /// process can break on source lines (`lirc run -g`; compiling is slower).
    pub debug_info: bool,
    /// Which of wasmtime's compilers compiles each module.
    pub compiler: Compiler,
}

/// Which of wasmtime's compilers compiles a module.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Compiler {
    /// Cranelift, except for a module with a function of a shape on which
    /// Cranelift's compile time is far beyond the function's size (a loop nest 256
    /// deep, 20,000 control constructs, an expression 5,000 operators long, 5,000
    /// locals around a loop): Winch then, when it can compile the module (no tail
    /// calls, no `debug_info`). Ordinary programs never meet these thresholds.
    #[default]
    Auto,
    /// Always Cranelift, the optimizing compiler: the fastest code.
    Cranelift,
    /// Winch, the baseline compiler: compiles in one linear pass to slower code; no
    /// tail calls, no `debug_info`.
    Winch,
}

impl Default for RuntimeOptions {
    fn default() -> Self {
        RuntimeOptions {
            fuel_metering: false,
            epoch_interruption: false,
            canonicalize_nans: false,
            max_wasm_stack: 1 << 20,
            debug_info: false,
            compiler: Compiler::Auto,
        }
    }
}

impl RuntimeOptions {
    /// Fuel metering and epoch interruption on, so instances may have every
    /// [`crate::Limits`]; the rest as the default.
    pub fn with_limits() -> RuntimeOptions {
        RuntimeOptions {
            fuel_metering: true,
            epoch_interruption: true,
            ..RuntimeOptions::default()
        }
    }
}

/// A wasmtime engine plus what lir needs around it. Cheap to clone.
#[derive(Clone)]
pub struct Runtime {
    /// Cranelift's engine, or Winch's when the options ask for Winch only.
    pub(crate) engine: Engine,
    /// Winch's engine, for [`Compiler::Auto`]'s huge functions; made on first use
    /// (`None` inside: Winch cannot make one with these options).
    baseline: Arc<OnceLock<Option<Engine>>>,
    pub(crate) options: RuntimeOptions,
    ticker: Arc<OnceLock<()>>,
}

impl Runtime {
    /// A runtime with the default options.
    pub fn new() -> Result<Runtime, RuntimeError> {
        Runtime::with_options(RuntimeOptions::default())
    }

    pub fn with_options(options: RuntimeOptions) -> Result<Runtime, RuntimeError> {
        let strategy = match options.compiler {
            Compiler::Winch => Strategy::Winch,
            Compiler::Auto | Compiler::Cranelift => Strategy::Cranelift,
        };
        let engine = make_engine(&options, strategy)?;
        Ok(Runtime {
            engine,
            baseline: Arc::new(OnceLock::new()),
            options,
            ticker: Arc::new(OnceLock::new()),
        })
    }

    /// The engine that compiles `bytes` and its compiler: Winch's for a module with a
    /// huge function under [`Compiler::Auto`], when Winch accepts the module;
    /// otherwise the runtime's own.
    pub(crate) fn engine_for(&self, bytes: &[u8]) -> (&Engine, Compiler) {
        let own = match self.options.compiler {
            Compiler::Winch => Compiler::Winch,
            Compiler::Auto | Compiler::Cranelift => Compiler::Cranelift,
        };
        if self.options.compiler != Compiler::Auto || self.options.debug_info {
            return (&self.engine, own);
        }
        let huge =
            tiers::body_shapes(bytes).is_some_and(|shapes| shapes.iter().any(|s| s.is_huge()));
        if !huge {
            return (&self.engine, own);
        }
        let baseline = self
            .baseline
            .get_or_init(|| make_engine(&self.options, Strategy::Winch).ok());
        match baseline {
            Some(engine) if wasmtime::Module::validate(engine, bytes).is_ok() => {
                (engine, Compiler::Winch)
            }
            _ => (&self.engine, own),
        }
    }

    /// One runtime per process with the default (fast) options, created on first use.
    pub fn shared() -> Result<&'static Runtime, RuntimeError> {
        static SHARED: OnceLock<Runtime> = OnceLock::new();
        if let Some(runtime) = SHARED.get() {
            return Ok(runtime);
        }
        let runtime = Runtime::new()?;
        Ok(SHARED.get_or_init(|| runtime))
    }

    /// The underlying engine, for embedders that need more than this API offers:
    /// Cranelift's (Winch's under [`Compiler::Winch`]). Under [`Compiler::Auto`] a
    /// module with a huge function is compiled by a second, Winch engine instead;
    /// [`CompiledModule::compiler`](crate::CompiledModule::compiler) says which.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Validates and compiles WebAssembly bytes.
    pub fn load(&self, bytes: &[u8]) -> Result<CompiledModule, RuntimeError> {
        CompiledModule::new(self, bytes)
    }

    /// Builds a LIR module for `target` ([`lir_build::build`]: verify, legalize,
    /// optimize, lower) and compiles it; its traps' backtraces name LIR source lines.
    /// A `wasm32-unknown-unknown` build runs on lir's `env` host ABI.
    ///
    /// ```
    /// use lir_runtime::{Runtime, Target};
    /// let module = lir::text::parse("export func @triple(%x: i32) -> i32 { %y = mul %x, 3\n ret %y }").unwrap();
    /// let runtime = Runtime::new()?;
    /// let options = lir_build::Options::optimized(lir_build::OptLevel::O2);
    /// let compiled = runtime.load_module(&module, Target::Wasip1, &options)?;
    /// let mut instance = compiled.instantiate(Default::default())?;
    /// assert_eq!(instance.call("triple", &[lir::Imm::i32(14)])?, [lir::Imm::i32(42)]);
    /// # Ok::<(), lir_runtime::RuntimeError>(())
    /// ```
    pub fn load_module(
        &self,
        module: &lir::Module,
        target: lir_build::Target,
        options: &lir_build::Options,
    ) -> Result<CompiledModule, RuntimeError> {
        let build_error = |e: lir_build::BuildError| RuntimeError::Build(e.to_string());
        lir::verify::verify(module).map_err(|e| build_error(lir_build::BuildError::Verify(e)))?;
        let legal = lir_build::prepare(module, target, options).map_err(build_error)?;
        let compiled = lir_build::lower_located(&legal, options).map_err(build_error)?;
        Ok(self
            .load(&compiled.wasm)?
            .with_locations(compiled.locations))
    }

    /// Parses LIR text (`name` is the file name its errors and backtraces show) and
    /// loads it as [`Runtime::load_module`] does. Parse and verifier errors are
    /// 5015, one `name:line:col: message` line each.
    ///
    /// ```
    /// use lir_runtime::{InstanceConfig, Output, Runtime, Target, WasiConfig};
    /// let text = r#"
    ///     data @hi = "hi\n"
    ///     func @main() -> i32 {
    ///         %p = addr @hi
    ///         %n = syscall.write 1, %p, sizeof @hi
    ///         ret 3
    ///     }
    /// "#;
    /// let runtime = Runtime::new()?;
    /// let compiled = runtime.load_text("hi.lir", text, Target::Wasip1, &Default::default())?;
    /// let wasi = WasiConfig { stdout: Output::Capture, ..WasiConfig::default() };
    /// let mut instance = compiled.instantiate(InstanceConfig { wasi, ..Default::default() })?;
    /// assert_eq!(instance.run()?, 3);
    /// assert_eq!(instance.stdout(), b"hi\n");
    ///
    /// let error = runtime.load_text("bad.lir", "func @f() {", Target::Wasip1, &Default::default());
    /// assert_eq!(error.err().map(|e| e.code()), Some(5015));
    /// # Ok::<(), lir_runtime::RuntimeError>(())
    /// ```
    pub fn load_text(
        &self,
        name: &str,
        text: &str,
        target: lir_build::Target,
        options: &lir_build::Options,
    ) -> Result<CompiledModule, RuntimeError> {
        let module = lir::text::parse_named(text, name).map_err(|errors| {
            RuntimeError::Build(
                errors
                    .0
                    .iter()
                    .map(|e| format!("{name}:{}: {}", e.span, e.message))
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
        })?;
        self.load_module(&module, target, options)
    }

    /// Reads and compiles a `.wasm` file.
    pub fn load_file(&self, path: &Path) -> Result<CompiledModule, RuntimeError> {
        let bytes = std::fs::read(path)
            .map_err(|e| RuntimeError::Io(format!("cannot read {}: {e}", path.display())))?;
        self.load(&bytes)
    }

    /// Starts the thread that advances the epoch of the runtime's engines every
    /// [`EPOCH_TICK`]; it stops when the runtime's engine is dropped.
    pub(crate) fn ensure_ticker(&self) {
        self.ticker.get_or_init(|| {
            let weak = self.engine.weak();
            let baseline = Arc::downgrade(&self.baseline);
            std::thread::Builder::new()
                .name("lir-epoch".into())
                .spawn(move || loop {
                    std::thread::sleep(EPOCH_TICK);
                    let Some(engine) = weak.upgrade() else { break };
                    engine.increment_epoch();
                    if let Some(Some(baseline)) =
                        baseline.upgrade().as_deref().and_then(OnceLock::get)
                    {
                        baseline.increment_epoch();
                    }
                })
                .ok();
        });
    }
}

/// An engine with `options` whose compiler is `strategy`.
fn make_engine(options: &RuntimeOptions, strategy: Strategy) -> Result<Engine, RuntimeError> {
    let mut config = Config::new();
    config
        .strategy(strategy)
        .consume_fuel(options.fuel_metering)
        .epoch_interruption(options.epoch_interruption)
        .max_wasm_stack(options.max_wasm_stack)
        // Every frame of a trap's backtrace, not wasmtime's default 20: a
        // shadow-stack overflow traps in `__lir_stack_overflow`, which calls itself
        // until the native stack is exhausted, so the 20 innermost frames would all
        // be that helper and the function that overflowed would not be named. The
        // native stack bounds the count; backtraces are captured only on a trap.
        .wasm_backtrace_max_frames(std::num::NonZeroUsize::new(MAX_BACKTRACE_FRAMES))
        .cranelift_nan_canonicalization(options.canonicalize_nans)
        // Winch does not implement tail calls: a module using them fails its
        // validation and goes to Cranelift (`Runtime::engine_for`).
        .wasm_tail_call(strategy == Strategy::Cranelift)
        .wasm_multi_value(true)
        .wasm_bulk_memory(true)
        // Trap backtraces of `.wasm` files built with `-g` name source lines (read
        // from their DWARF; modules without DWARF cost nothing more).
        .wasm_backtrace_details(wasmtime::WasmBacktraceDetails::Enable)
        .debug_info(options.debug_info);
    Engine::new(&config).map_err(|e| RuntimeError::Compile(format!("{e:#}")))
}
