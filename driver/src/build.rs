//! The compile pipeline as the commands use it: [`lir_build`] (legalize for the
//! target, optimize, lower) with the command line's options — `--time-passes` and
//! `--print-after` output on standard error, `-g` with the current directory as the
//! compilation directory — and its errors as [`Failure`]s with exit statuses.
//! Shared by `lirc` (compile and run) and the test harness, so every path compiles
//! the same way.

use crate::exit::{Failure, Status};
use lir::Module;
use lir_build::BuildError;
use lir_opt::OptOptions;
use lir_wasi::Target;
use lir_wasm::{Compiled, Features};

pub use lir_build::export_all;

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

impl BuildOptions {
    /// The library's options for these (the target is passed on its own).
    pub fn library_options(&self) -> lir_build::Options {
        let comp_dir = || {
            std::env::current_dir()
                .map(|d| d.display().to_string())
                .unwrap_or_else(|_| ".".into())
        };
        lir_build::Options {
            opt: self.opt.clone(),
            backend: lir_wasm::Options {
                features: self.features,
                name_section: self.names,
                canonicalize_nans: self.canonicalize_nans,
                dwarf: self.debug_info.then(comp_dir),
                ..lir_wasm::Options::default()
            },
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
    let observer = &mut crate::optimize::PrintToStderr;
    let (legal, report) =
        lir_build::prepare_with(module, options.target, &options.opt, observer).map_err(failure)?;
    if options.time_passes && lir_build::wants_optimization(&options.opt) {
        crate::optimize::print_report(&report);
    }
    Ok(legal)
}

/// Compiles prepared LIR (see [`prepare`]) to WebAssembly.
pub fn lower(legal: &Module, options: &BuildOptions) -> Result<Vec<u8>, Failure> {
    lir_build::lower(legal, &options.library_options()).map_err(failure)
}

/// [`lower`], also returning where each instruction's code is (for source maps and
/// trap locations); the bytes are the same.
pub fn lower_located(legal: &Module, options: &BuildOptions) -> Result<Compiled, Failure> {
    lir_build::lower_located(legal, &options.library_options()).map_err(failure)
}

/// A failure of the library with the exit status of its class.
fn failure(e: BuildError) -> Failure {
    let status = match &e {
        BuildError::Optimize(_) | BuildError::Compile(_) if e.is_internal() => Status::Internal,
        _ => Status::InvalidProgram,
    };
    Failure::new(status, format!("error: {e}"))
}
