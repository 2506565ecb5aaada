//! The errors of the interpreter: [`InterpError`] when a module cannot be prepared for
//! execution, [`RunError`] when a call does not return normally.

use crate::layout::LayoutError;
use crate::trap::TrapKind;
use std::path::PathBuf;

/// Why [`super::Interpreter::new`] failed.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
pub enum InterpError {
    /// The module's memory layout cannot be computed.
    #[error(transparent)]
    Layout(#[from] LayoutError),
    /// The module is not well formed in a way that prevents execution (the verifier
    /// reports such modules; the interpreter expects verified ones).
    #[error("cannot execute @{func}: {message}")]
    Malformed { func: String, message: String },
    /// A preopened directory could not be opened on the host.
    #[error("cannot open directory `{}` (granted as `{guest}`): {message}", host.display())]
    Preopen {
        host: PathBuf,
        guest: String,
        message: String,
    },
    /// The module's initial memory is larger than the configured limit.
    #[error("the module needs {needed} bytes of memory but the limit is {limit}")]
    MemoryLimit { needed: u64, limit: u64 },
}

/// Why a call into the interpreter did not return values.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
pub enum RunError {
    /// The program trapped; `func` is the function that was executing.
    #[error("trap: {kind} in @{func}")]
    Trap { kind: TrapKind, func: String },
    /// The program called `syscall.exit` (during [`super::Interpreter::invoke`];
    /// [`super::Interpreter::run_main`] returns the status instead).
    #[error("the program exited with status {0}")]
    Exit(i32),
    /// `memory.grow` would pass the configured memory limit (in bytes).
    #[error("memory limit exceeded: the program needs more than {limit} bytes")]
    MemoryLimitExceeded { limit: u64 },
    /// The call ran longer than the configured wall-clock limit.
    #[error("timeout: the program ran longer than {limit:?}")]
    Timeout { limit: std::time::Duration },
    /// The instruction budget ran out.
    #[error("out of fuel: the program executed its budget of {budget} instructions")]
    OutOfFuel { budget: u64 },
    /// The program called an imported function the interpreter does not provide.
    #[error("call to @{func}, imported from \"{module}\" \"{name}\", which the interpreter does not provide")]
    UnknownImport {
        func: String,
        module: String,
        name: String,
    },
    /// [`super::Interpreter::invoke`] was asked for a function the module lacks.
    #[error("no function named @{name}")]
    NoSuchFunction { name: String },
    /// The arguments do not match the function's parameters.
    #[error("bad arguments for @{func}: {message}")]
    BadArguments { func: String, message: String },
    /// `@main` does not have one of the signatures a program entry may have.
    #[error(
        "@main must take () or (i32, ptr) and return i32 or nothing, but its signature is {sig}"
    )]
    BadMain { sig: String },
    /// The module defines a name reserved for generated code (`@__lir_start`).
    #[error("the module cannot run as a program: @{name} is reserved for the start-up code")]
    ReservedName { name: String },
}

impl RunError {
    /// The trap kind, if this error is a trap.
    pub fn trap_kind(&self) -> Option<TrapKind> {
        match self {
            RunError::Trap { kind, .. } => Some(*kind),
            _ => None,
        }
    }
}
