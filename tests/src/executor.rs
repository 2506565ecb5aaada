//! Executors: the ways a LIR module can be run (the reference interpreter, compiled
//! wasm under wasmtime, …), behind one interface so tests compare them.

use lir::{Imm, Module, TrapKind};

/// How a call or program run ended, when it did not return normally.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Abnormal {
    /// A trap of this kind.
    Trap(TrapKind),
    /// A trap of one of these kinds (engines whose messages do not tell them apart).
    TrapAmong(Vec<TrapKind>),
    /// `syscall.exit` during a call.
    Exit(i32),
    /// Anything else (no such function, out of fuel, host error), as text.
    Other(String),
}

impl std::fmt::Display for Abnormal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Abnormal::Trap(kind) => write!(f, "trap: {kind}"),
            Abnormal::TrapAmong(kinds) => {
                let names: Vec<&str> = kinds.iter().map(|k| k.name()).collect();
                write!(f, "trap: {}", names.join(" or "))
            }
            Abnormal::Exit(code) => write!(f, "exit {code}"),
            Abnormal::Other(message) => f.write_str(message),
        }
    }
}

impl Abnormal {
    /// Whether the outcome is a trap of `kind` (or may be one).
    pub fn is_trap(&self, kind: TrapKind) -> bool {
        match self {
            Abnormal::Trap(k) => *k == kind,
            Abnormal::TrapAmong(kinds) => kinds.contains(&kind),
            _ => false,
        }
    }

    /// Whether two outcomes can be the same event.
    pub fn compatible(&self, other: &Abnormal) -> bool {
        match (self, other) {
            (Abnormal::Trap(k), other) | (other, Abnormal::Trap(k)) => other.is_trap(*k),
            (a, b) => a == b,
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
    /// Directories to grant (each run materializes fresh copies).
    pub dirs: Vec<crate::directives::DirGrant>,
}

impl ProgramSetup {
    /// `argv`: the name, then the arguments.
    pub fn argv(&self) -> Vec<String> {
        std::iter::once(self.name.clone())
            .chain(self.args.iter().cloned())
            .collect()
    }
}

/// One frame of a trap's backtrace, as `lirc` prints it: `@func (file:line:col)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    /// The function's name, without `@`.
    pub func: String,
    /// `file:line:col` (or `file:line`) of the instruction it was executing.
    pub location: Option<String>,
}

impl std::fmt::Display for Frame {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "@{}", self.func)?;
        match &self.location {
            Some(location) => write!(f, " ({location})"),
            None => Ok(()),
        }
    }
}

impl Frame {
    /// Reads `@func (location)` or `@func`, the inverse of [`Frame`]'s `Display`.
    pub fn parse(text: &str) -> Result<Frame, String> {
        let text = text.trim();
        let rest = text
            .strip_prefix('@')
            .ok_or_else(|| format!("expected `@function (file:line:col)`, found `{text}`"))?;
        let (func, location) = match rest.split_once(' ') {
            None => (rest, None),
            Some((func, location)) => {
                let location = location
                    .trim()
                    .strip_prefix('(')
                    .and_then(|l| l.strip_suffix(')'))
                    .ok_or_else(|| format!("expected `(file:line:col)`, found `{location}`"))?;
                (func, Some(location.to_string()))
            }
        };
        if func.is_empty() {
            return Err(format!("expected a function name after `@` in `{text}`"));
        }
        Ok(Frame {
            func: func.to_string(),
            location,
        })
    }
}

/// The result of running `@main`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgramOutcome {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// The exit status, or how the run ended otherwise.
    pub status: Result<i32, Abnormal>,
    /// When the run trapped: the frames of the trap, innermost first, as the
    /// executor reports them (`None` for executors that report none, such as Node.js).
    /// Executors need not agree on them ([`ProgramOutcome::matches`] ignores them):
    /// optimized code has other frames.
    pub backtrace: Option<Vec<Frame>>,
}

impl ProgramOutcome {
    /// Whether `other` is the same run as `self` seen by an executor that keeps
    /// `mask` bits of exit statuses and may name traps less precisely.
    pub fn matches(&self, other: &ProgramOutcome, mask: i32) -> bool {
        let status = match (&self.status, &other.status) {
            (Ok(a), Ok(b)) => a & mask == b & mask,
            (Err(a), Err(b)) => a.compatible(b),
            _ => false,
        };
        status && self.stdout == other.stdout && self.stderr == other.stderr
    }

    /// An outcome for a run that could not even start.
    pub fn failed(message: String) -> ProgramOutcome {
        ProgramOutcome {
            stdout: Vec::new(),
            stderr: Vec::new(),
            status: Err(Abnormal::Other(message)),
            backtrace: None,
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

    /// Whether [`Prepared::call`] is supported (otherwise only programs run).
    fn supports_calls(&self) -> bool {
        true
    }

    /// The bits of an exit status the executor reports (a host process keeps 8).
    fn exit_status_mask(&self) -> i32 {
        -1
    }

    /// Whether the module was optimized, so recursion may go deeper or shallower than
    /// the reference's (inlining and tail-recursion elimination change frames).
    fn optimized(&self) -> bool {
        false
    }

    /// Runs `@main`.
    fn run_program(&self, setup: &ProgramSetup) -> ProgramOutcome;
}

/// Default instruction budget of the interpreter, so that a looping test fails
/// instead of hanging.
pub const DEFAULT_FUEL: u64 = 50_000_000;

/// Whether an optimized executor need not reproduce the reference's `expected`
/// outcome: where the reference exhausted the call stack, optimized code may do
/// anything (return a result, or loop forever where tail-recursion elimination
/// turned endless recursion into an endless loop — so it is not even run), since how
/// deep recursion may go is unspecified (docs/lir.md).
pub fn stack_depth_may_differ<T>(expected: &Result<T, Abnormal>, optimized: bool) -> bool {
    optimized && matches!(expected, Err(a) if a.is_trap(TrapKind::CallStackExhausted))
}
