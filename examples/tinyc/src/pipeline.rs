//! After the front end: legalize system calls for the target (lir_wasi), optimize
//! at the chosen level (lir_opt) and compile to WebAssembly (lir_wasm), as `lirc`
//! does; plus running a module on the reference interpreter (for tests).

use crate::Failure;
use lir::interp::{CapturedOutput, InterpConfig, Interpreter, RunError};
use lir::Module;
use lir_opt::{OptLevel, OptOptions};
use lir_wasi::Target;

/// Parses `-O0`, `-O1`, `-O2`, `-Os`, `-Oz` levels (without the `-O`).
pub fn parse_level(s: &str) -> Option<OptLevel> {
    Some(match s {
        "0" => OptLevel::O0,
        "1" => OptLevel::O1,
        "" | "2" | "3" => OptLevel::O2,
        "s" => OptLevel::Os,
        "z" => OptLevel::Oz,
        _ => return None,
    })
}

/// Legalizes and optimizes `module` for `target`: the LIR the backend receives.
pub fn prepare(module: &Module, level: OptLevel, target: Target) -> Result<Module, Failure> {
    let mut legal = lir_wasi::legalize(module, target)
        .map_err(|e| Failure::Internal(format!("legalization failed: {e}")))?;
    optimize(&mut legal, level)?;
    Ok(legal)
}

/// Optimizes `module` at `level` (nothing at `-O0`).
pub fn optimize(module: &mut Module, level: OptLevel) -> Result<(), Failure> {
    if level != OptLevel::O0 {
        lir_opt::optimize(module, &OptOptions::level(level))
            .map_err(|e| Failure::Internal(format!("the optimizer failed: {e}")))?;
    }
    Ok(())
}

/// Compiles a verified module to WebAssembly.
pub fn build_wasm(module: &Module, level: OptLevel, target: Target) -> Result<Vec<u8>, Failure> {
    let legal = prepare(module, level, target)?;
    lir_wasm::compile(&legal, &lir_wasm::Options::default())
        .map_err(|e| Failure::Internal(format!("the backend failed: {e}")))
}

/// [`build_wasm`], also returning where each instruction's code is (for source maps);
/// `comp_dir` adds DWARF (`-g`) with that compilation directory. The code is the same.
pub fn build_wasm_located(
    module: &Module,
    level: OptLevel,
    target: Target,
    comp_dir: Option<String>,
) -> Result<lir_wasm::Compiled, Failure> {
    let legal = prepare(module, level, target)?;
    let options = lir_wasm::Options {
        dwarf: comp_dir,
        ..lir_wasm::Options::default()
    };
    lir_wasm::compile_with_locations(&legal, &options)
        .map_err(|e| Failure::Internal(format!("the backend failed: {e}")))
}

/// What a program run on the interpreter did.
#[derive(Debug, Clone, PartialEq)]
pub struct RunResult {
    pub status: i32,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// A trap or other failure, if the program did not exit normally.
    pub error: Option<String>,
}

/// Optimizes `module` at `level` and runs it on the reference interpreter.
pub fn run_interp(
    module: &Module,
    level: OptLevel,
    stdin: &[u8],
    args: &[&str],
) -> Result<RunResult, Failure> {
    let mut module = module.clone();
    if level != OptLevel::O0 {
        lir_opt::optimize(&mut module, &OptOptions::level(level))
            .map_err(|e| Failure::Internal(format!("the optimizer failed: {e}")))?;
    }
    let (out, err) = (CapturedOutput::new(), CapturedOutput::new());
    let config = InterpConfig::new()
        .fuel(20_000_000_000)
        .stdin_bytes(stdin.to_vec())
        .stdout(out.clone())
        .stderr(err.clone())
        .args(std::iter::once("prog").chain(args.iter().copied()));
    let mut interp = Interpreter::new(&module, config)
        .map_err(|e| Failure::Internal(format!("interpreter: {e}")))?;
    let (status, error) = match interp.run_main() {
        Ok(s) => (s, None),
        Err(RunError::Exit(s)) => (s, None),
        Err(e) => (-1, Some(e.to_string())),
    };
    Ok(RunResult {
        status,
        stdout: out.contents(),
        stderr: err.contents(),
        error,
    })
}
