//! The reference interpreter as an [`Executor`]; programs that trap report the
//! backtrace `lirc interp` prints.

use crate::executor::{
    Abnormal, CallOutcome, Executor, Frame, Prepared, ProgramOutcome, ProgramSetup, DEFAULT_FUEL,
};
use lir::interp::{CapturedOutput, DirAccess, InterpConfig, Interpreter, RunError};
use lir::{Imm, Module};
use lir_opt::OptLevel;
use lirc::runtime::CallStack;

/// The reference interpreter.
pub struct Interp;

/// The interpreter running the module as optimized at a level (every function kept
/// callable, as `lirc interp --invoke` does).
pub struct OptimizedInterp {
    pub level: OptLevel,
    pub label: &'static str,
    /// Keep the module's exports as they are instead of exporting every function
    /// (see [`crate::wasm_executor::Wasmtime::exported_only`]).
    pub exported_only: bool,
}

impl OptimizedInterp {
    pub fn new(level: OptLevel) -> OptimizedInterp {
        let label = match level {
            OptLevel::O0 => "interp-O0",
            OptLevel::O1 => "interp-O1",
            OptLevel::O2 => "interp-O2",
            OptLevel::Os => "interp-Os",
            OptLevel::Oz => "interp-Oz",
        };
        OptimizedInterp {
            level,
            label,
            exported_only: false,
        }
    }

    /// Only the module's own exports ([`OptimizedInterp::exported_only`]).
    pub fn exported_only(self) -> OptimizedInterp {
        OptimizedInterp {
            exported_only: true,
            ..self
        }
    }
}

struct Ready {
    module: Module,
    optimized: bool,
}

impl Executor for Interp {
    fn name(&self) -> &str {
        "interp"
    }

    fn prepare(&self, module: &Module) -> Result<Box<dyn Prepared>, String> {
        Ok(Box::new(Ready {
            module: module.clone(),
            optimized: false,
        }))
    }
}

impl Executor for OptimizedInterp {
    fn name(&self) -> &str {
        self.label
    }

    fn prepare(&self, module: &Module) -> Result<Box<dyn Prepared>, String> {
        let mut module = module.clone();
        if !self.exported_only {
            lirc::build::export_all(&mut module);
        }
        let options = lir_opt::OptOptions {
            verify_each: true,
            ..lir_opt::OptOptions::level(self.level)
        };
        lir_opt::optimize(&mut module, &options).map_err(|e| e.to_string())?;
        Ok(Box::new(Ready {
            module,
            optimized: true,
        }))
    }
}

impl Prepared for Ready {
    fn optimized(&self) -> bool {
        self.optimized
    }

    fn call(&self, func: &str, args: &[Imm], fuel: Option<u64>) -> CallOutcome {
        let config = InterpConfig::new().fuel(fuel.unwrap_or(DEFAULT_FUEL));
        let mut interp =
            Interpreter::new(&self.module, config).map_err(|e| Abnormal::Other(e.to_string()))?;
        interp.invoke(func, args).map_err(abnormal)
    }

    fn run_program(&self, setup: &ProgramSetup) -> ProgramOutcome {
        let tree = match crate::fixtures::materialize(&setup.dirs) {
            Ok(tree) => tree,
            Err(e) => return ProgramOutcome::failed(format!("fixtures: {e}")),
        };
        let stdout = CapturedOutput::new();
        let stderr = CapturedOutput::new();
        let mut config = InterpConfig::new()
            .fuel(setup.fuel.unwrap_or(DEFAULT_FUEL))
            .args(setup.argv())
            .envs(setup.env.iter().cloned())
            .stdin_bytes(setup.stdin.clone())
            .stdout(stdout.clone())
            .stderr(stderr.clone())
            .random_seed(0);
        for dir in &tree.granted {
            let access = if dir.read_only {
                DirAccess::ReadOnly
            } else {
                DirAccess::ReadWrite
            };
            config = config.preopen_dir(&dir.host, &dir.guest, access);
        }
        let (status, backtrace) = match Interpreter::new(&self.module, config) {
            Ok(mut interp) => match interp.run_main() {
                Ok(code) => (Ok(code), None),
                Err(e @ RunError::Trap { .. }) => {
                    (Err(abnormal(e)), Some(backtrace(&interp, &self.module)))
                }
                Err(e) => (Err(abnormal(e)), None),
            },
            Err(e) => (Err(Abnormal::Other(e.to_string())), None),
        };
        ProgramOutcome {
            stdout: stdout.contents(),
            stderr: stderr.contents(),
            status,
            backtrace,
        }
    }
}

/// The frames of the interpreter's last trap as `lirc interp` shows them: generated
/// code without a location is left out.
fn backtrace(interp: &Interpreter, module: &Module) -> Vec<Frame> {
    interp
        .trap_backtrace()
        .into_iter()
        .filter(|f| !(f.loc.is_none() && CallStack::is_generated(&f.func)))
        .map(|f| Frame {
            location: (!f.loc.is_none()).then(|| f.loc.display(module).to_string()),
            func: f.func,
        })
        .collect()
}

fn abnormal(error: RunError) -> Abnormal {
    match error {
        RunError::Trap { kind, .. } => Abnormal::Trap(kind),
        RunError::Exit(code) => Abnormal::Exit(code),
        other => Abnormal::Other(other.to_string()),
    }
}
