//! Backtraces of traps, innermost frame first, with source locations: from wasmtime's
//! backtrace mapped through the compiler's [`LocationTable`] (modules compiled from
//! LIR) or through the module's own DWARF (a `.wasm` built with `-g`), and from the
//! interpreter's frames. `lirc` prints them under the trap's message:
//!
//! ```text
//! error[5002]: trap: integer divide by zero in @ratio
//!   at @ratio (examples/trap.lir:6:5)
//!   at @scaled (examples/trap.lir:13:5)
//!   at @main (examples/trap.lir:19:5)
//! ```
//!
//! Generated code (`__lir_*` helpers and the `_start` glue) is left out unless program
//! code was inlined into it (at `-O2`, `@main` may be inlined into `@__lir_start`,
//! whose frame then shows the inlined instruction's location). What this
//! module does not do: frames of host functions, inlined frames (a function inlined at
//! `-O2` appears as its caller, at the inlined instruction's location).

use lir_wasm::LocationTable;
use std::fmt;
use wasmtime::WasmBacktrace;

/// One activation in a backtrace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StackFrame {
    /// The function's name (without `@`).
    pub func: String,
    /// `file:line:col` (or `file:line`) of the executing instruction, when known.
    pub location: Option<String>,
}

/// The frames of a trap, innermost first (empty when unknown).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CallStack {
    pub frames: Vec<StackFrame>,
}

impl CallStack {
    /// Whether a function of this name is generated glue rather than the program's.
    pub fn is_generated(func: &str) -> bool {
        func.starts_with(crate::traps::GENERATED_PREFIX) || func == "_start"
    }

    /// Builds the backtrace of a wasmtime trap. Offsets are looked up in `locations`
    /// when given, otherwise in the module's DWARF (wasmtime's symbolication).
    pub(crate) fn from_wasmtime(
        trace: &WasmBacktrace,
        locations: Option<&LocationTable>,
    ) -> CallStack {
        let frames = trace
            .frames()
            .iter()
            .filter_map(|frame| {
                let func = frame.func_name()?.to_string();
                // The table answers for the functions it lists (`Some(None)`: code
                // without a location); DWARF for the others.
                let from_table = locations.and_then(|table| {
                    let offset = u32::try_from(frame.module_offset()?).ok()?;
                    table.function_at(offset)?;
                    Some(table.location_at(offset).map(|loc| table.display(loc)))
                });
                let location = from_table.unwrap_or_else(|| {
                    let symbol = frame.symbols().first()?;
                    let line = symbol.line()?;
                    Some(match symbol.column() {
                        Some(col) if col > 0 => format!("{}:{line}:{col}", symbol.file()?),
                        _ => format!("{}:{line}", symbol.file()?),
                    })
                });
                // Generated code is shown only where program code was inlined into it.
                if location.is_none() && CallStack::is_generated(&func) {
                    return None;
                }
                Some(StackFrame { func, location })
            })
            .collect();
        CallStack { frames }
    }
}

impl fmt::Display for CallStack {
    /// One `  at @func (location)` line per frame, each ending in a newline.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for frame in &self.frames {
            write!(f, "  at @{}", frame.func)?;
            if let Some(location) = &frame.location {
                write!(f, " ({location})")?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}
