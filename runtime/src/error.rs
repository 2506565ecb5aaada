//! Runtime errors with stable codes, for `lirc` output and library users alike.

use crate::backtrace::CallStack;
use lir::TrapKind;

/// Everything that can go wrong when loading, instantiating or running a module.
/// [`RuntimeError::code`] gives the stable number documented in docs/running.md.
#[derive(Debug, thiserror::Error)]
pub enum RuntimeError {
    /// 5000: wasmtime could not compile a valid module.
    #[error("compile error: {0}")]
    Compile(String),
    /// 5001: instantiation failed (start trapped, …), or the program called an
    /// import that nobody provides.
    #[error("instantiate error: {0}")]
    Instantiate(String),
    /// 5002: the guest trapped; `func` is the function that trapped, when known, and
    /// `stack` the active frames with their source locations (innermost first;
    /// shown by `lirc` under the message, not part of it).
    #[error("trap: {kind}{}", func.as_ref().map(|f| format!(" in @{f}")).unwrap_or_default())]
    Trap {
        kind: TrapKind,
        func: Option<String>,
        stack: CallStack,
    },
    /// 5002: the guest exited through `proc_exit` while a function was being called.
    #[error("the program exited with status {0}")]
    Exit(i32),
    /// 5002: the call failed for another reason (host error).
    #[error("call failed: {0}")]
    CallFailed(String),
    /// 5003: no export of that name (or of that kind).
    #[error("export not found: {0}")]
    ExportNotFound(String),
    /// 5004: the bytes are not a valid WebAssembly module.
    #[error("invalid module: {0}")]
    InvalidModule(String),
    /// 5005: the instance can no longer be used (it trapped, exited or ran out of a limit).
    #[error("invalid instance: {0}")]
    InvalidInstance(String),
    /// 5006: a host access to guest memory is out of bounds.
    #[error("memory access out of bounds: {0}")]
    MemoryOutOfBounds(String),
    /// 5007: arguments do not match the export's signature.
    #[error("type mismatch: {0}")]
    TypeMismatch(String),
    /// 5008: a file could not be read.
    #[error("I/O error: {0}")]
    Io(String),
    /// 5009: a capability was denied (e.g. a directory that cannot be granted).
    #[error("permission denied: {0}")]
    PermissionDenied(String),
    /// 5010: the WASI configuration is invalid.
    #[error("WASI configuration error: {0}")]
    WasiConfig(String),
    /// 5011: the instruction budget ran out.
    #[error("fuel exhausted")]
    FuelExhausted,
    /// 5012: the wall-clock limit passed.
    #[error("timeout: the program ran longer than {0:?}")]
    Timeout(std::time::Duration),
    /// 5013: the program tried to grow memory past the configured limit.
    #[error("memory limit exceeded: the program needs more than {limit} bytes")]
    MemoryLimitExceeded { limit: u64 },
    /// 5014: the program tried to grow its tables past the configured number of elements.
    #[error("table limit exceeded: the program needs more than {limit} table elements")]
    TableLimitExceeded { limit: u64 },
    /// 5015: LIR given to [`crate::Runtime::load_module`] or
    /// [`crate::Runtime::load_text`] could not be parsed, verified or compiled.
    #[error("invalid program: {0}")]
    Build(String),
}

impl RuntimeError {
    /// The stable numeric code of this error.
    pub fn code(&self) -> u32 {
        use RuntimeError::*;
        match self {
            Compile(_) => 5000,
            Instantiate(_) => 5001,
            Trap { .. } | Exit(_) | CallFailed(_) => 5002,
            ExportNotFound(_) => 5003,
            InvalidModule(_) => 5004,
            InvalidInstance(_) => 5005,
            MemoryOutOfBounds(_) => 5006,
            TypeMismatch(_) => 5007,
            Io(_) => 5008,
            PermissionDenied(_) => 5009,
            WasiConfig(_) => 5010,
            FuelExhausted => 5011,
            Timeout(_) => 5012,
            MemoryLimitExceeded { .. } => 5013,
            TableLimitExceeded { .. } => 5014,
            Build(_) => 5015,
        }
    }

    /// Whether this error ends the instance's usefulness (it may hold inconsistent
    /// state, e.g. a shadow-stack pointer that was never restored).
    pub(crate) fn poisons_instance(&self) -> bool {
        use RuntimeError::*;
        matches!(
            self,
            Instantiate(_)
                | Trap { .. }
                | Exit(_)
                | CallFailed(_)
                | FuelExhausted
                | Timeout(_)
                | MemoryLimitExceeded { .. }
                | TableLimitExceeded { .. }
        )
    }
}
