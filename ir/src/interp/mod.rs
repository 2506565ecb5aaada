//! # The reference interpreter
//!
//! Executes a verified [`Module`] directly and defines what every LIR program means:
//! the WebAssembly backend's output must agree with it bit for bit, traps included
//! (docs/lir.md, "Semantics and traps"). It uses the same [`Layout`] and
//! [`crate::layout::FrameLayout`] as the backend, so data, stack slots, `argv` and
//! table indices have the same addresses.
//!
//! - [`Interpreter::new`] prepares a module: computes the layout, flattens every
//!   function into register code ([`eval`] resolves each operation once), initializes
//!   memory and globals, and sets up the host environment from an [`InterpConfig`].
//! - [`Interpreter::invoke`] calls any function by name; [`Interpreter::run_main`] runs
//!   the program's `@main` and returns its exit status.
//! - Memory, globals and the stack pointer persist between calls, like a wasm instance.
//!   After a trap, the stack pointer is restored to where the call started.
//! - System calls run against the configured host: arguments, environment, standard
//!   streams, granted directories (through `cap-std`, so paths cannot escape them),
//!   clocks and a seedable random generator.
//! - Imported functions are not provided: calling one ends the run with
//!   [`RunError::UnknownImport`].
//!
//! ```
//! use lir::interp::{CapturedOutput, Interpreter, InterpConfig};
//! use lir::{Imm, TrapKind};
//!
//! let module = lir::text::parse(r#"
//!     data @hello = "Hello!\n"
//!     func @div(%a: i32, %b: i32) -> i32 {
//!         %q = div_s %a, %b
//!         ret %q
//!     }
//!     func @main() -> i32 {
//!         %p = addr @hello
//!         %n = syscall.write 1, %p, 7
//!         ret 3
//!     }
//! "#).unwrap();
//!
//! let stdout = CapturedOutput::new();
//! let mut interp = Interpreter::new(&module, InterpConfig::new().stdout(stdout.clone())).unwrap();
//! assert_eq!(interp.invoke("div", &[Imm::i32(7), Imm::i32(2)]), Ok(vec![Imm::i32(3)]));
//! let err = interp.invoke("div", &[Imm::i32(1), Imm::i32(0)]).unwrap_err();
//! assert_eq!(err.trap_kind(), Some(TrapKind::IntegerDivideByZero));
//! assert_eq!(err.to_string(), "trap: integer divide by zero in @div");
//! assert_eq!(interp.run_main(), Ok(3));
//! assert_eq!(stdout.to_string_lossy(), "Hello!\n");
//! ```

mod code;
mod compile;
mod config;
mod entry;
mod error;
pub mod eval;
mod exec;
mod host;
mod memory;
#[cfg(test)]
mod tests;
mod trace;

pub use config::{CapturedOutput, DirAccess, InterpConfig, Preopen, DEFAULT_MAX_CALL_DEPTH};
pub use error::{InterpError, RunError};
pub use host::clock::{Clock, ClockId, SystemClock, VirtualClock};
pub use trace::TraceFrame;

use crate::imm::Imm;
use crate::layout::{Layout, MAX_PAGES};
use crate::module::Module;
use crate::types::{write_list, Type};
use code::Program;
use exec::Machine;
use host::Host;
use memory::Memory;
use std::fmt;

/// An instance of a module: its memory, globals and host environment, ready to run.
pub struct Interpreter {
    program: Program,
    machine: Machine,
    layout: Layout,
    /// Name and type of each global, in module order.
    globals: Vec<(String, Type)>,
    /// The module defines `@__lir_start` itself, so it cannot run as a program.
    start_taken: bool,
}

impl fmt::Debug for Interpreter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Interpreter")
            .field("functions", &self.program.funcs.len())
            .field("memory_pages", &self.machine.memory.pages())
            .field("stack_pointer", &self.machine.sp)
            .finish_non_exhaustive()
    }
}

/// Types as `(i32, f64)` for messages.
struct TypeList<'a>(&'a [Type]);

impl fmt::Display for TypeList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(")?;
        write_list(f, self.0)?;
        f.write_str(")")
    }
}

impl Interpreter {
    /// Prepares `module` (which should be verified) for execution.
    pub fn new(module: &Module, mut config: InterpConfig) -> Result<Interpreter, InterpError> {
        // A program runs through the same start-up code as compiled wasm (crate::entry).
        let with_start;
        let mut start_taken = false;
        let module = match crate::entry::main_shape(module) {
            Ok(Some(_)) => {
                let mut copy = module.clone();
                start_taken = crate::entry::add_start(&mut copy).is_err();
                with_start = copy;
                &with_start
            }
            _ => module,
        };
        let layout = Layout::compute(module)?;
        let program = compile::compile(module, &layout)?;
        let needed = layout.min_pages as u64 * crate::layout::PAGE_SIZE;
        if let Some(limit) = config.max_memory.filter(|&limit| needed > limit) {
            return Err(InterpError::MemoryLimit { needed, limit });
        }
        let max_pages = layout.max_pages.unwrap_or(MAX_PAGES);
        let mut memory = Memory::new(layout.min_pages, max_pages, config.max_memory);
        for (data, object) in module.data.iter() {
            let bytes = layout.data_bytes(module, data);
            let target = u32::try_from(bytes.len())
                .ok()
                .and_then(|len| memory.slice_mut(layout.data_address(data), len))
                .ok_or_else(|| InterpError::Malformed {
                    func: object.name.clone(),
                    message: "the data object does not fit in memory".into(),
                })?;
            target.copy_from_slice(&bytes);
        }
        let globals = module
            .globals
            .values()
            .map(|g| Imm::new(g.ty, g.init.bits()).bits())
            .collect();
        let host = Host::new(&mut config)?;
        let mut machine = Machine::new(memory, globals, layout.stack_top, layout.stack_base, host);
        machine.max_call_depth = config.max_call_depth;
        machine.timeout = config.timeout;
        if let Some(budget) = config.fuel {
            machine.fuel = budget;
            machine.fuel_budget = Some(budget);
        }
        Ok(Interpreter {
            program,
            machine,
            layout,
            start_taken,
            globals: module
                .globals
                .values()
                .map(|g| (g.name.clone(), g.ty))
                .collect(),
        })
    }

    /// Calls the function named `func` (without `@`) with `args`; returns its results.
    /// A `syscall.exit` during the call ends it with [`RunError::Exit`].
    pub fn invoke(&mut self, func: &str, args: &[Imm]) -> Result<Vec<Imm>, RunError> {
        let index = *self
            .program
            .by_name
            .get(func)
            .ok_or_else(|| RunError::NoSuchFunction { name: func.into() })?;
        let sig = &self.program.funcs[index as usize].sig;
        let arg_types: Vec<Type> = args.iter().map(|a| a.ty()).collect();
        if arg_types != sig.params {
            return Err(RunError::BadArguments {
                func: func.into(),
                message: format!(
                    "expected {}, got {}",
                    TypeList(&sig.params),
                    TypeList(&arg_types)
                ),
            });
        }
        let result_types = sig.results.clone();
        let bits: Vec<u64> = args.iter().map(|a| a.bits()).collect();
        let results = self.machine.execute(&self.program, index, &bits)?;
        Ok(result_types
            .iter()
            .zip(results)
            .map(|(&ty, bits)| Imm::new(ty, bits))
            .collect())
    }

    /// The linear memory.
    pub fn memory(&self) -> &[u8] {
        self.machine.memory.bytes()
    }

    /// The linear memory, writable (e.g. to pass data to a function).
    pub fn memory_mut(&mut self) -> &mut [u8] {
        self.machine.memory.bytes_mut()
    }

    /// The module's memory layout (data addresses, stack, table).
    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// The current value of the global named `name` (without `@`).
    pub fn global(&self, name: &str) -> Option<Imm> {
        let index = self.globals.iter().position(|(n, _)| n == name)?;
        let ty = self.globals[index].1;
        Some(Imm::new(ty, *self.machine.globals.get(index)?))
    }

    /// The shadow-stack pointer (the layout's `stack_top` between calls).
    pub fn stack_pointer(&self) -> u32 {
        self.machine.sp
    }

    /// Instructions executed so far by this instance.
    pub fn instructions_executed(&self) -> u64 {
        self.machine.executed
    }

    /// Instructions left in the fuel budget, if there is one.
    pub fn fuel_remaining(&self) -> Option<u64> {
        self.machine.fuel_budget.map(|_| self.machine.fuel)
    }
}
