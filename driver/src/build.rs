//! The compile pipeline from a verified module to WebAssembly bytes: system-call
//! legalization for the target, the optimizer at the chosen level, then the backend.
//! Shared by `lirc` (compile and run) and the test harness, so every path compiles
//! the same way.
//!
//! The optimizer runs after legalization, so the system-call glue (itself LIR) is
//! optimized with the program: glue nothing calls is shaken out, small glue is
//! inlined and constant arguments fold into it.

use crate::exit::{Failure, Status};
use lir::Module;
use lir_opt::OptOptions;
use lir_wasi::Target;
use lir_wasm::{CompileError, Compiled, Features};
use std::collections::{HashMap, HashSet};

/// How to build a module.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub target: Target,
    pub features: Features,
    /// Emit the `name` section.
    pub names: bool,
    /// Make arithmetic NaNs canonical in the code itself (`--canonicalize-nans`), so
    /// that every engine gives the same bits; off, NaN payloads are unspecified.
    pub canonicalize_nans: bool,
    /// The optimization level and passes.
    pub opt: OptOptions,
    /// Print the optimizer's statistics to standard error (`--time-passes`).
    pub time_passes: bool,
    /// Append DWARF line tables and subprograms (`-g`), with the current directory as
    /// the compilation directory.
    pub debug_info: bool,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            target: Target::Wasip1,
            features: Features::default(),
            names: true,
            canonicalize_nans: false,
            opt: OptOptions::default(),
            time_passes: false,
            debug_info: false,
        }
    }
}

/// Legalizes, optimizes and compiles `module` (which must be verified).
pub fn build(module: &Module, options: &BuildOptions) -> Result<Vec<u8>, Failure> {
    let prepared = prepare(module, options)?;
    lower(&prepared, options)
}

/// Legalizes `module` for the target and optimizes it: the LIR the backend receives.
pub fn prepare(module: &Module, options: &BuildOptions) -> Result<Module, Failure> {
    prepare_owned(module.clone(), options)
}

/// [`prepare`] of a module the caller no longer needs (legalized in place, not copied).
pub fn prepare_owned(module: Module, options: &BuildOptions) -> Result<Module, Failure> {
    let mut legal = lir_wasi::legalize_owned(module, options.target)
        .map_err(|e| Failure::new(Status::InvalidProgram, format!("error: {e}")))?;
    crate::optimize::run(&mut legal, &options.opt, options.time_passes)?;
    Ok(legal)
}

/// Compiles prepared LIR (see [`prepare`]) to WebAssembly.
pub fn lower(legal: &Module, options: &BuildOptions) -> Result<Vec<u8>, Failure> {
    lir_wasm::compile(legal, &backend_options(options)).map_err(compile_failure)
}

/// [`lower`], also returning where each instruction's code is (for source maps and
/// trap locations); the bytes are the same.
pub fn lower_located(legal: &Module, options: &BuildOptions) -> Result<Compiled, Failure> {
    lir_wasm::compile_with_locations(legal, &backend_options(options)).map_err(compile_failure)
}

fn backend_options(options: &BuildOptions) -> lir_wasm::Options {
    let comp_dir = || {
        std::env::current_dir()
            .map(|d| d.display().to_string())
            .unwrap_or_else(|_| ".".into())
    };
    lir_wasm::Options {
        features: options.features,
        name_section: options.names,
        canonicalize_nans: options.canonicalize_nans,
        dwarf: options.debug_info.then(comp_dir),
        ..lir_wasm::Options::default()
    }
}

fn compile_failure(e: CompileError) -> Failure {
    match e {
        CompileError::Internal { .. } => Failure::new(Status::Internal, format!("error: {e}")),
        other => Failure::new(Status::InvalidProgram, format!("error: {other}")),
    }
}

/// Exports every defined function that is not exported yet, so that any function can
/// be called by name: under its own name when that is free, otherwise under
/// `NAME.1`, `NAME.2`, … Returns the map from LIR function name to export name.
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
        if func.is_import() {
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
