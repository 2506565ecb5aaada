//! Turning wasmtime's errors into [`RuntimeError`]s: traps with lir's trap kinds and the
//! trapping function's name, exits, and the limits.

use crate::backtrace::CallStack;
use crate::error::RuntimeError;
use crate::limits::{Limits, MemoryLimitHit, TableLimitHit};
use lir::TrapKind;
use lir_wasm::LocationTable;
use wasmtime::{Trap, WasmBacktrace};
use wasmtime_wasi::I32Exit;

/// Prefix of helper functions the backend generates; traps inside them are attributed
/// to the first lir function below them on the stack.
pub(crate) const GENERATED_PREFIX: &str = "__lir_";

/// Classifies an error returned by a call or instantiation; a trap's backtrace gets
/// its source locations from `locations` (or the module's DWARF).
pub(crate) fn classify(
    error: wasmtime::Error,
    limits: &Limits,
    locations: Option<&LocationTable>,
) -> RuntimeError {
    if let Some(exit) = error.downcast_ref::<I32Exit>() {
        return RuntimeError::Exit(exit.0);
    }
    if let Some(hit) = error.downcast_ref::<MemoryLimitHit>() {
        return RuntimeError::MemoryLimitExceeded { limit: hit.limit };
    }
    if let Some(hit) = error.downcast_ref::<TableLimitHit>() {
        return RuntimeError::TableLimitExceeded { limit: hit.limit };
    }
    if let Some(missing) = error.downcast_ref::<wasmtime::UnknownImportError>() {
        return RuntimeError::Instantiate(missing.to_string());
    }
    let Some(trap) = error.downcast_ref::<Trap>() else {
        // The cause, without the (possibly very long) wasm backtrace context.
        return RuntimeError::CallFailed(error.root_cause().to_string());
    };
    let kind = match trap {
        Trap::OutOfFuel => return RuntimeError::FuelExhausted,
        Trap::Interrupt => return RuntimeError::Timeout(limits.timeout.unwrap_or_default()),
        Trap::UnreachableCodeReached => TrapKind::Unreachable,
        Trap::IntegerDivisionByZero => TrapKind::IntegerDivideByZero,
        Trap::IntegerOverflow => TrapKind::IntegerOverflow,
        Trap::BadConversionToInteger => TrapKind::InvalidConversionToInteger,
        Trap::MemoryOutOfBounds => TrapKind::MemoryOutOfBounds,
        Trap::TableOutOfBounds => TrapKind::UndefinedElement,
        Trap::IndirectCallToNull => TrapKind::UninitializedElement,
        Trap::BadSignature => TrapKind::IndirectCallTypeMismatch,
        Trap::StackOverflow => TrapKind::CallStackExhausted,
        other => return RuntimeError::CallFailed(format!("trap: {other}")),
    };
    let backtrace = error
        .downcast_ref::<WasmBacktrace>()
        .map(|trace| CallStack::from_wasmtime(trace, locations))
        .unwrap_or_default();
    RuntimeError::Trap {
        kind,
        func: trapping_function(&error),
        stack: backtrace,
    }
}

/// The innermost named function of the trap's backtrace that is not a generated helper.
fn trapping_function(error: &wasmtime::Error) -> Option<String> {
    let backtrace = error.downcast_ref::<WasmBacktrace>()?;
    backtrace
        .frames()
        .iter()
        .filter_map(|frame| frame.func_name())
        .find(|name| !name.starts_with(GENERATED_PREFIX))
        .map(str::to_string)
}
