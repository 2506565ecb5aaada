//! # lir-wasm — the lir WebAssembly backend
//!
//! Turns a verified LIR module into a compact, valid WebAssembly module:
//!
//! ```text
//! check → per function: prepare → reducify → structurize → values + address folding
//!         → treeify → sink → carry → liveness → locals [→ spill, then again]
//!         → cleanup → emit → assemble → validate
//! ```
//!
//! `src/pipeline.rs` has the code in one screen; `docs/backend.md` describes each
//! stage. The module must be free of `syscall.*` instructions: the WASI layer rewrites
//! them first.
//!
//! ```
//! use lir::{BlockCall, Function, InstKind, Module, Signature, Type, BinaryOp};
//! let mut f = Function::new("add1", Signature::new([Type::I32], [Type::I32]));
//! f.export = Some("add1".into());
//! let entry = f.create_block();
//! let one = f.const_value(lir::Imm::i32(1));
//! let x = f.params[0];
//! let add = f.append_inst(entry, InstKind::Binary { op: BinaryOp::Add, args: [x, one] }, &[Type::I32]);
//! let y = f.inst_results(add)[0];
//! f.append_inst(entry, InstKind::Ret { values: vec![y] }, &[]);
//! let mut module = Module::new();
//! module.add_function(f);
//!
//! let wasm = lir_wasm::compile(&module, &lir_wasm::Options::default()).unwrap();
//! let wat = lir_wasm::print_wat(&wasm).unwrap();
//! assert!(wat.contains("local.get 0\n    i32.const 1\n    i32.add\n"));
//! ```

mod address;
mod arms;
mod assemble;
mod carry;
mod check;
mod cleanup;
mod copies;
mod dwarf;
mod effects;
mod emit;
mod emit_cond;
mod emit_copies;
mod emit_ends;
mod emit_inst;
mod error;
mod fallback;
mod features;
mod freeset;
mod isel;
pub mod limits;
mod liveness;
mod locals;
mod locations;
mod loops;
mod nesting;
mod pipeline;
mod prepare;
mod reducify;
mod sink;
mod source_map;
mod spill;
mod structure;
mod structurize;
mod treeify;
mod validate;
mod values;
mod workspace;
mod zeros;

pub use error::{CompileError, PrintError};
pub use features::{Feature, FeatureParseError, Features};
pub use locations::{FunctionLocations, LocationRow, LocationTable};
pub use nesting::{FunctionStructure, Member, Scope, ScopeKind};
pub use source_map::{append_source_mapping_url, source_map};
pub use validate::{validate, ValidationError};

/// How to compile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The WebAssembly features the output may use.
    pub features: Features,
    /// Emit the `name` section (function, local, global and data names). Default: yes.
    pub name_section: bool,
    /// Validate the output with `wasmparser`; an invalid module is reported as
    /// [`CompileError::Internal`] instead of being returned. Default: on — it costs
    /// a few percent of compile time (see `docs/backend.md`).
    pub validate: bool,
    /// Make every NaN produced by float arithmetic (`add sub mul div min max sqrt ceil
    /// floor trunc nearest promote demote`) the canonical NaN, with a check after each
    /// such instruction, so the output gives the same bits on every engine. LIR leaves
    /// those NaN payloads unspecified, as wasm does; this is for users who need
    /// determinism (engines can also do it: wasmtime's `cranelift_nan_canonicalization`).
    /// Default: off.
    pub canonicalize_nans: bool,
    /// Compile the functions of large modules (64 functions or more) on all available
    /// cores. The output is identical either way. Default: on.
    pub parallel: bool,
    /// How many threads [`Options::parallel`] uses: `None` (the default) means
    /// `std::thread::available_parallelism()`; `Some(1)` compiles on the calling
    /// thread. For tests and measurements; the output is identical either way.
    pub threads: Option<usize>,
    /// Append DWARF (`.debug_info`, `.debug_abbrev`, `.debug_line`, `.debug_str`,
    /// `.debug_ranges`) built from the instructions' source locations, with this
    /// compilation directory (relative file names are relative to it). The code is
    /// the same either way. Default: `None`, no DWARF.
    pub dwarf: Option<String>,
    /// The most wasm locals a function may use (parameters and the backend's own
    /// included) before values are spilled to the shadow stack: at most, and by
    /// default, [`limits::MAX_LOCALS`] (the engines' limit). Functions that fit are
    /// compiled the same whatever the setting; lower it to exercise spilling on small
    /// functions (tests do).
    pub max_locals: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            features: Features::default(),
            name_section: true,
            validate: true,
            canonicalize_nans: false,
            parallel: true,
            threads: None,
            dwarf: None,
            max_locals: limits::MAX_LOCALS,
        }
    }
}

/// Compiles a verified LIR module to a WebAssembly binary.
///
/// Errors: syscalls (they need the WASI layer first), features the module needs but
/// `options` disables, a memory layout that does not fit, and — as
/// [`CompileError::Internal`] — output that fails validation.
pub fn compile(module: &lir::Module, options: &Options) -> Result<Vec<u8>, CompileError> {
    pipeline::compile_module(module, options, false).map(|(wasm, _)| wasm)
}

/// A compiled module and where the code of its instructions is.
#[derive(Clone, Debug)]
pub struct Compiled {
    pub wasm: Vec<u8>,
    pub locations: LocationTable,
}

/// [`compile`], also returning the module offset and source location of every
/// instruction's code (for trap locations and source maps). The bytes are the same
/// as [`compile`]'s. See [`LocationTable`] for an example.
pub fn compile_with_locations(
    module: &lir::Module,
    options: &Options,
) -> Result<Compiled, CompileError> {
    let (wasm, locations) = pipeline::compile_module(module, options, true)?;
    Ok(Compiled {
        wasm,
        locations: locations.unwrap_or_default(),
    })
}

static STAGE_TIMING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Print the time each backend stage takes to standard error, for every compilation
/// of this process from now on (`lirc --time`); the output is the same either way.
/// While it is on, functions are compiled on one thread, so the stages add up.
///
/// ```
/// lir_wasm::set_stage_timing(false);
/// ```
pub fn set_stage_timing(on: bool) {
    STAGE_TIMING.store(on, std::sync::atomic::Ordering::Relaxed);
}

pub(crate) fn stage_timing() -> bool {
    STAGE_TIMING.load(std::sync::atomic::Ordering::Relaxed)
}

/// The nesting of wasm `block`s, `loop`s, `if`s and `else`s that [`compile`] chooses
/// for every defined function of `module`, in module order (what `lirc --emit
/// dot=structured` draws): the same stages as [`compile`], short of emitting code, so
/// the same errors.
///
/// ```
/// use lir_wasm::{Member, ScopeKind};
/// let module = lir::text::parse(
///     "func @count(%n: i32) -> i32 {\nentry:\n    jump loop(0)\nloop(%i: i32):\n    \
///      %done = ge_u %i, %n\n    br_if %done, exit, step\nstep:\n    %j = add %i, 1\n    \
///      jump loop(%j)\nexit:\n    ret %i\n}\n",
/// )
/// .unwrap();
/// let structures = lir_wasm::structure_of(&module, &lir_wasm::Options::default()).unwrap();
/// let count = &structures[0];
/// let label = |m: &Member| match m {
///     Member::Code(b) => count.func.block_label(*b),
///     Member::Scope(s) => count.scopes[*s].kind.keyword().to_string(),
/// };
/// let body = &count.scopes[0];
/// let inside = |s: usize| -> Vec<String> { count.scopes[s].members.iter().map(label).collect() };
/// // The body holds `entry`, the loop, then `exit`; the loop holds its header and the
/// // `if` of the header's `br_if`, whose arm is `step` (the back edge).
/// assert_eq!(inside(0), ["entry", "loop", "exit"]);
/// let Member::Scope(looped) = body.members[1] else { panic!() };
/// assert!(matches!(count.scopes[looped].kind, ScopeKind::Loop { .. }));
/// assert_eq!(inside(looped), ["loop", "if"]);
/// let Member::Scope(arm) = count.scopes[looped].members[1] else { panic!() };
/// assert_eq!(inside(arm), ["step"]);
/// ```
pub fn structure_of(
    module: &lir::Module,
    options: &Options,
) -> Result<Vec<FunctionStructure>, CompileError> {
    pipeline::structure_module(module, options)
}

/// Prints a WebAssembly binary as text (WAT), one instruction per line.
pub fn print_wat(wasm: &[u8]) -> Result<String, PrintError> {
    wasmprinter::print_bytes(wasm).map_err(|e| PrintError(e.to_string()))
}

/// Prints a WebAssembly binary as text with instructions folded into
/// S-expressions, which shows the expression trees of the operand stack.
pub fn print_wat_folded(wasm: &[u8]) -> Result<String, PrintError> {
    let mut out = String::new();
    wasmprinter::Config::new()
        .fold_instructions(true)
        .print(wasm, &mut wasmprinter::PrintFmtWrite(&mut out))
        .map_err(|e| PrintError(e.to_string()))?;
    Ok(out)
}
