//! `bf`: a Brainfuck compiler on the `lir` builder API.
//!
//! [`parse`] turns the program into ops with the usual idioms folded, [`codegen`]
//! builds a LIR module from them, and [`to_wasm`] runs the same pipeline as `lirc`:
//! system-call legalization for the target (`lir_wasi`), the optimizer (`lir_opt`),
//! then the WebAssembly backend (`lir_wasm`, which validates its output).

pub mod codegen;
pub mod parse;

use lir::Module;
use lir_opt::{OptLevel, OptOptions, Report};
use lir_wasi::Target;

pub use codegen::{Config, MAX_TAPE};
pub use parse::ParseError;

/// Parses `src` and builds its unoptimized LIR module.
///
/// # Panics
///
/// If the tape size in `config` is out of range (see [`codegen::compile`]).
pub fn frontend(src: &[u8], config: &Config, fold: bool) -> Result<Module, Vec<ParseError>> {
    let ops = parse::parse(src, fold)?;
    Ok(codegen::compile(&ops, config))
}

/// Optimizes `module` at `level` (nothing at `-O0`); returns what each pass did.
pub fn optimize(module: &mut Module, level: OptLevel) -> Result<Option<Report>, String> {
    if level == OptLevel::O0 {
        return Ok(None);
    }
    lir_opt::optimize(module, &OptOptions::level(level))
        .map(Some)
        .map_err(|e| e.to_string())
}

/// Legalizes `module` for `target`, optimizes it at `level` and compiles it to
/// (validated) WebAssembly; also returns the optimizer's report.
pub fn to_wasm(
    module: &Module,
    level: OptLevel,
    target: Target,
) -> Result<(Vec<u8>, Option<Report>), String> {
    let mut legal = lir_wasi::legalize(module, target).map_err(|e| e.to_string())?;
    let report = optimize(&mut legal, level)?;
    let wasm =
        lir_wasm::compile(&legal, &lir_wasm::Options::default()).map_err(|e| e.to_string())?;
    Ok((wasm, report))
}
