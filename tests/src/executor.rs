//! Executors: the ways a LIR module can be run (the reference interpreter, compiled
//! wasm under wasmtime, …), behind one interface so tests compare them.

use lir::{Imm, Module, TrapKind};

/// How a call or program run ended, when it did not return normally.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Abnormal {
    /// A trap of this kind.
    Trap(TrapKind),
    /// `syscall.exit` during a call.
    Exit(i32),
    /// Anything else (no such function, out of fuel, host error), as text.
    Other(String),
}

impl std::fmt::Display for Abnormal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Abnormal::Trap(kind) => write!(f, "trap: {kind}"),
            Abnormal::Exit(code) => write!(f, "exit {code}"),
            Abnormal::Other(message) => f.write_str(message),
        }
    }
}

/// The result of calling one function.
pub type CallOutcome = Result<Vec<Imm>, Abnormal>;

/// The environment of a program run.
#[derive(Clone, Debug, Default)]
pub struct ProgramSetup {
    /// `argv[0]`.
    pub name: String,
    pub args: Vec<String>,
    pub env: Vec<(String, String)>,
    pub stdin: Vec<u8>,
    /// Instruction budget of the interpreter (other executors use their own limits).
    pub fuel: Option<u64>,
}

impl ProgramSetup {
    /// `argv`: the name, then the arguments.
    pub fn argv(&self) -> Vec<String> {
        std::iter::once(self.name.clone())
            .chain(self.args.iter().cloned())
            .collect()
    }
}

/// The result of running `@main`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgramOutcome {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// The exit status, or how the run ended otherwise.
    pub status: Result<i32, Abnormal>,
}

impl ProgramOutcome {
    /// An outcome for a run that could not even start.
    pub fn failed(message: String) -> ProgramOutcome {
        ProgramOutcome {
            stdout: Vec::new(),
            stderr: Vec::new(),
            status: Err(Abnormal::Other(message)),
        }
    }
}

/// One way of running modules.
pub trait Executor: Sync {
    /// A short name for reports (`interp`, `wasmtime`, …).
    fn name(&self) -> &str;

    /// Prepares `module` (compiles it, for instance) to be run many times.
    fn prepare(&self, module: &Module) -> Result<Box<dyn Prepared>, String>;
}

/// A module ready to run; every call and program run uses a fresh instance.
pub trait Prepared {
    /// Calls `func` (its LIR name, without `@`).
    fn call(&self, func: &str, args: &[Imm], fuel: Option<u64>) -> CallOutcome;

    /// Runs `@main`.
    fn run_program(&self, setup: &ProgramSetup) -> ProgramOutcome;
}

/// Default instruction budget of the interpreter, so that a looping test fails
/// instead of hanging.
pub const DEFAULT_FUEL: u64 = 50_000_000;
