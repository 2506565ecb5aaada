//! Shared test helpers: compile Brainfuck source and run it on the LIR reference
//! interpreter with captured standard streams.

#![allow(dead_code)] // each test file uses a different subset

use lir::interp::{CapturedOutput, InterpConfig, Interpreter, RunError};
use lir::Module;
use lir_opt::OptLevel;
use std::io::Read;

/// What a run produced.
#[derive(Debug, PartialEq, Eq)]
pub struct Outcome {
    pub stdout: Vec<u8>,
    pub stderr: String,
    pub result: Result<i32, RunError>,
}

/// How to compile and run.
#[derive(Clone, Copy, Debug)]
pub struct Setup {
    pub level: OptLevel,
    pub fold: bool,
    pub tape: u32,
    pub fuel: u64,
}

impl Setup {
    pub fn new(level: OptLevel) -> Setup {
        Setup {
            level,
            fold: true,
            tape: 30_000,
            fuel: 200_000_000,
        }
    }
}

/// Builds the verified module for `src` (file name `name`), optimized as `setup` says.
pub fn module(name: &str, src: &[u8], setup: Setup) -> Module {
    let config = bf::Config {
        tape_cells: setup.tape,
        file_name: name.to_string(),
    };
    let mut module = bf::frontend(src, &config, setup.fold).expect("brackets match");
    lir::verify::verify(&module).unwrap_or_else(|e| panic!("{name}: invalid LIR: {e}"));
    bf::optimize(&mut module, setup.level).unwrap();
    lir::verify::verify(&module).unwrap_or_else(|e| panic!("{name}: invalid optimized LIR: {e}"));
    module
}

/// Runs `module`'s `@main` with `stdin`.
pub fn run_module(module: &Module, stdin: impl Read + Send + 'static, fuel: u64) -> Outcome {
    let (out, err) = (CapturedOutput::new(), CapturedOutput::new());
    let config = InterpConfig::new()
        .fuel(fuel)
        .stdin(stdin)
        .stdout(out.clone())
        .stderr(err.clone());
    let mut interp = Interpreter::new(module, config).expect("module instantiates");
    let result = interp.run_main();
    Outcome {
        stdout: out.contents(),
        stderr: err.to_string_lossy(),
        result,
    }
}

/// Compiles and runs `src` with `stdin`.
pub fn run(name: &str, src: &[u8], stdin: &[u8], setup: Setup) -> Outcome {
    let module = module(name, src, setup);
    run_module(&module, std::io::Cursor::new(stdin.to_vec()), setup.fuel)
}
