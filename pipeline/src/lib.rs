//! # lir-build — from a LIR module to WebAssembly bytes in one call
//!
//! [`build`] is the whole pipeline `lirc` runs: legalize the system calls for the
//! [`Target`] (`lir_wasi`), optimize at the level asked (`lir_opt`), lower and encode
//! (`lir_wasm`). A frontend that produced a [`Module`] with the builder (or parsed LIR
//! text) needs nothing else to get a `.wasm`:
//!
//! ```
//! use lir_build::{build, Options, Target};
//! let module = lir::text::parse(r#"
//!     data @hi = "hi\n"
//!     func @main() -> i32 {
//!         %p = addr @hi
//!         %n = syscall.write 1, %p, sizeof @hi
//!         ret 0
//!     }
//! "#).unwrap();
//! let wasm = build(&module, Target::Wasip1, &Options::optimized(lir_build::OptLevel::O2))?;
//! assert!(wasm.starts_with(b"\0asm"));
//! # Ok::<(), lir_build::BuildError>(())
//! ```
//!
//! The steps are public too ([`prepare`], [`lower`], [`lower_located`]) for tools that
//! want the legalized LIR or the instruction locations. The optimizer runs after
//! legalization, so the system-call glue (itself LIR) is optimized with the program:
//! glue nothing calls is shaken out, small glue is inlined and constant arguments fold
//! into it.
//!
//! This crate has no command-line or runtime dependencies (no clap, no wasmtime); its
//! optional `diagnostics` feature adds [`diagnostics`], `lirc`'s error renderer.

#[cfg(feature = "diagnostics")]
pub mod diagnostics;

use lir::Module;
use std::collections::{HashMap, HashSet};

pub use lir_opt::{NoObserver, Observer, OptLevel, OptOptions, Report};
pub use lir_wasi::Target;
pub use lir_wasm::{Compiled, Features, LocationTable};

/// How to build a module: the optimizer's options and the backend's.
///
/// ```
/// use lir_build::{Options, OptLevel};
/// let mut options = Options::optimized(OptLevel::Os);
/// options.backend.name_section = false; // smaller output, no function names
/// assert_eq!(options.opt.level, OptLevel::Os);
/// ```
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The optimization level and passes (default: `-O0`, no pass).
    pub opt: OptOptions,
    /// Features, name section, NaN canonicalization, DWARF, … (`lir_wasm::Options`).
    pub backend: lir_wasm::Options,
}

impl Options {
    /// The default options at optimization level `level`.
    pub fn optimized(level: OptLevel) -> Options {
        Options {
            opt: OptOptions {
                level,
                ..OptOptions::default()
            },
            ..Options::default()
        }
    }
}

/// Why a module could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The module is not valid LIR (only [`build`] verifies; the steps expect a
    /// verified module).
    #[error("the module is invalid:\n{0}")]
    Verify(lir::verify::VerifyErrors),
    /// The module cannot be made a program for the target (a bad `@main`, a name the
    /// generated code needs, …).
    #[error(transparent)]
    Legalize(#[from] lir_wasi::LegalizeError),
    /// The optimizer was asked for a pass that does not exist, or produced invalid
    /// LIR (a bug in the optimizer).
    #[error(transparent)]
    Optimize(#[from] lir_opt::OptError),
    /// The backend cannot express the module (a feature turned off, a layout too
    /// large), or produced invalid WebAssembly (a bug, see [`BuildError::is_internal`]).
    #[error(transparent)]
    Compile(#[from] lir_wasm::CompileError),
}

impl BuildError {
    /// Whether the failure is a bug in lir rather than a problem of the input.
    pub fn is_internal(&self) -> bool {
        match self {
            BuildError::Compile(e) => matches!(e, lir_wasm::CompileError::Internal { .. }),
            BuildError::Optimize(e) => !e.errors.starts_with("there is no pass named"),
            BuildError::Verify(_) | BuildError::Legalize(_) => false,
        }
    }
}

/// Verifies, legalizes for `target`, optimizes and compiles `module` to a WebAssembly
/// binary (see the crate documentation for an example).
pub fn build(module: &Module, target: Target, options: &Options) -> Result<Vec<u8>, BuildError> {
    lir::verify::verify(module).map_err(BuildError::Verify)?;
    let prepared = prepare(module, target, options)?;
    lower(&prepared, options)
}

/// Legalizes a verified `module` for `target` and optimizes it: the LIR the backend
/// receives (what `lirc --emit lir` prints).
///
/// ```
/// let module = lir::text::parse("func @main() -> i32 { ret 7 }").unwrap();
/// let legal = lir_build::prepare(&module, lir_build::Target::Wasip1, &Default::default())?;
/// assert!(lir::text::print(&legal).contains(r#"export "_start""#));
/// # Ok::<(), lir_build::BuildError>(())
/// ```
pub fn prepare(module: &Module, target: Target, options: &Options) -> Result<Module, BuildError> {
    prepare_with(module.clone(), target, &options.opt, &mut NoObserver).map(|(m, _)| m)
}

/// [`prepare`] of a module the caller no longer needs (legalized in place, not
/// copied), showing the module to `observer` after the passes
/// [`OptOptions::print_after`] names; also returns the optimizer's statistics.
pub fn prepare_with(
    module: Module,
    target: Target,
    opt: &OptOptions,
    observer: &mut dyn Observer,
) -> Result<(Module, Report), BuildError> {
    let mut legal = lir_wasi::legalize_owned(module, target)?;
    let report = optimize(&mut legal, opt, observer)?;
    Ok((legal, report))
}

/// Runs the optimizer as `opt` asks (nothing at `-O0` without `passes`).
pub fn optimize(
    module: &mut Module,
    opt: &OptOptions,
    observer: &mut dyn Observer,
) -> Result<Report, BuildError> {
    if !wants_optimization(opt) {
        return Ok(Report::default());
    }
    Ok(lir_opt::optimize_with(module, opt, observer)?)
}

/// Whether `opt` asks for any pass at all.
pub fn wants_optimization(opt: &OptOptions) -> bool {
    opt.passes.is_some() || opt.level != OptLevel::O0
}

/// Compiles prepared LIR (see [`prepare`]) to WebAssembly.
pub fn lower(legal: &Module, options: &Options) -> Result<Vec<u8>, BuildError> {
    Ok(lir_wasm::compile(legal, &options.backend)?)
}

/// [`lower`], also returning where each instruction's code is (for source maps and
/// trap locations); the bytes are the same.
pub fn lower_located(legal: &Module, options: &Options) -> Result<Compiled, BuildError> {
    Ok(lir_wasm::compile_with_locations(legal, &options.backend)?)
}

/// Exports every defined function that is not exported yet, so that any function can
/// be called by name: under its own name when that is free, otherwise under
/// `NAME.1`, `NAME.2`, … Returns the map from LIR function name to export name.
///
/// ```
/// let mut module = lir::text::parse("func @twice(%x: i32) -> i32 { %y = add %x, %x\n ret %y }").unwrap();
/// let names = lir_build::export_all(&mut module);
/// assert_eq!(names["twice"], "twice");
/// ```
pub fn export_all(module: &mut Module) -> HashMap<String, String> {
    let mut taken: HashSet<String> = module
        .funcs
        .values()
        .filter_map(|f| f.export.clone())
        .chain(module.globals.values().filter_map(|g| g.export.clone()))
        .collect();
    taken.insert("memory".into());
    taken.insert("__heap_base".into());
    taken.insert(lir_wasi::START_EXPORT.into());
    let mut names = HashMap::new();
    for func in module.funcs.values_mut() {
        // Imports cannot be exported, nor names engines refuse (the verifier's limit).
        if func.is_import() || func.name.len() > lir::verify::MAX_NAME_BYTES {
            continue;
        }
        let export = match &func.export {
            Some(export) => export.clone(),
            None => {
                let fresh = std::iter::once(func.name.clone())
                    .chain((1..).map(|n| format!("{}.{n}", func.name)))
                    .find(|candidate| !taken.contains(candidate))
                    .expect("an unused name exists");
                taken.insert(fresh.clone());
                func.export = Some(fresh.clone());
                fresh
            }
        };
        names.insert(func.name.clone(), export);
    }
    names
}
