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
    pub fuel: Option<u64>,
}

/// The result of running `@main`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgramOutcome {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// The exit status, or how the run ended otherwise.
    pub status: Result<i32, Abnormal>,
}

/// One way of running modules.
pub trait Executor {
    /// A short name for reports (`interp`, `wasm`, …).
    fn name(&self) -> &str;

    /// Calls `func` in a fresh instance of `module`.
    fn call(&self, module: &Module, func: &str, args: &[Imm], fuel: Option<u64>) -> CallOutcome;

    /// Runs `@main` in a fresh instance of `module`.
    fn run_program(&self, module: &Module, setup: &ProgramSetup) -> ProgramOutcome;
}

/// The reference interpreter.
pub struct Interp;

/// Default instruction budget, so that a looping test fails instead of hanging.
pub const DEFAULT_FUEL: u64 = 10_000_000;

impl Executor for Interp {
    fn name(&self) -> &str {
        "interp"
    }

    fn call(&self, module: &Module, func: &str, args: &[Imm], fuel: Option<u64>) -> CallOutcome {
        use lir::interp::{InterpConfig, Interpreter};
        let config = InterpConfig::new().fuel(fuel.unwrap_or(DEFAULT_FUEL));
        let mut interp =
            Interpreter::new(module, config).map_err(|e| Abnormal::Other(e.to_string()))?;
        interp.invoke(func, args).map_err(interp_abnormal)
    }

    fn run_program(&self, module: &Module, setup: &ProgramSetup) -> ProgramOutcome {
        use lir::interp::{CapturedOutput, InterpConfig, Interpreter};
        let stdout = CapturedOutput::new();
        let stderr = CapturedOutput::new();
        let mut argv = vec![setup.name.clone()];
        argv.extend(setup.args.iter().cloned());
        let config = InterpConfig::new()
            .fuel(setup.fuel.unwrap_or(DEFAULT_FUEL))
            .args(argv)
            .envs(setup.env.iter().cloned())
            .stdin_bytes(setup.stdin.clone())
            .stdout(stdout.clone())
            .stderr(stderr.clone())
            .random_seed(0);
        let status = match Interpreter::new(module, config) {
            Ok(mut interp) => interp.run_main().map_err(interp_abnormal),
            Err(e) => Err(Abnormal::Other(e.to_string())),
        };
        ProgramOutcome {
            stdout: stdout.contents(),
            stderr: stderr.contents(),
            status,
        }
    }
}

fn interp_abnormal(error: lir::interp::RunError) -> Abnormal {
    use lir::interp::RunError;
    match error {
        RunError::Trap { kind, .. } => Abnormal::Trap(kind),
        RunError::Exit(code) => Abnormal::Exit(code),
        other => Abnormal::Other(other.to_string()),
    }
}
