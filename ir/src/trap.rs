//! The kinds of trap a LIR program can raise. Every executor (the interpreter, wasm
//! under wasmtime or Node.js) reports traps with these kinds and names.

use std::fmt;

/// Why execution trapped.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum TrapKind {
    /// The `trap` instruction (wasm `unreachable`).
    Unreachable,
    /// Integer division or remainder by zero.
    IntegerDivideByZero,
    /// `div_s` of `MIN / -1`, or a trapping truncation out of range.
    IntegerOverflow,
    /// A trapping truncation of NaN.
    InvalidConversionToInteger,
    /// A load, store or bulk-memory operation past the end of memory.
    MemoryOutOfBounds,
    /// `call_indirect` with an index past the end of the table.
    UndefinedElement,
    /// `call_indirect` with index 0, the null function pointer.
    UninitializedElement,
    /// `call_indirect` whose stated signature differs from the callee's.
    IndirectCallTypeMismatch,
    /// Recursion too deep, or the shadow stack is exhausted.
    CallStackExhausted,
}

impl TrapKind {
    pub const ALL: [TrapKind; 9] = [
        TrapKind::Unreachable,
        TrapKind::IntegerDivideByZero,
        TrapKind::IntegerOverflow,
        TrapKind::InvalidConversionToInteger,
        TrapKind::MemoryOutOfBounds,
        TrapKind::UndefinedElement,
        TrapKind::UninitializedElement,
        TrapKind::IndirectCallTypeMismatch,
        TrapKind::CallStackExhausted,
    ];

    /// The name printed by `lirc` and used in test expectations.
    pub fn name(self) -> &'static str {
        match self {
            TrapKind::Unreachable => "unreachable",
            TrapKind::IntegerDivideByZero => "integer divide by zero",
            TrapKind::IntegerOverflow => "integer overflow",
            TrapKind::InvalidConversionToInteger => "invalid conversion to integer",
            TrapKind::MemoryOutOfBounds => "out of bounds memory access",
            TrapKind::UndefinedElement => "undefined element",
            TrapKind::UninitializedElement => "uninitialized element",
            TrapKind::IndirectCallTypeMismatch => "indirect call type mismatch",
            TrapKind::CallStackExhausted => "call stack exhausted",
        }
    }

    pub fn from_name(name: &str) -> Option<TrapKind> {
        TrapKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

impl fmt::Display for TrapKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
