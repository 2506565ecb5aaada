//! Program entry: [`Interpreter::run_main`] calls `@main` as docs/lir.md ("Program
//! entry") specifies, building `argv` on the shadow stack for `@main(%argc, %argv)`.
//!
//! The `argv` block is laid out exactly as the WASI start-up code lays it out, so that
//! addresses agree between executors: `(argc + 1) * 4` bytes of pointers (the last one
//! null) followed by the NUL-terminated strings in order, allocated as one block of
//! `round_up(total, 16)` bytes directly below the stack pointer, pointers first.

use super::error::RunError;
use super::Interpreter;
use crate::trap::TrapKind;
use crate::types::Type;

impl Interpreter {
    /// Runs the program: calls `@main` and returns its exit status — `@main`'s `i32`
    /// result, 0 when it returns nothing, or the status passed to `syscall.exit`.
    ///
    /// ```
    /// use lir::interp::{Interpreter, InterpConfig};
    ///
    /// let module = lir::text::parse("
    ///     func @main(%argc: i32, %argv: ptr) -> i32 {
    ///         %second = load.i32 [%argv + 4]     ; argv[1]
    ///         %first_char = load.u8.i32 [%second]
    ///         ret %first_char
    ///     }
    /// ").unwrap();
    /// let config = InterpConfig::new().args(["prog", "A"]);
    /// let mut interp = Interpreter::new(&module, config).unwrap();
    /// assert_eq!(interp.run_main(), Ok(65));
    /// ```
    pub fn run_main(&mut self) -> Result<i32, RunError> {
        let main = *self
            .program
            .by_name
            .get("main")
            .ok_or_else(|| RunError::NoSuchFunction {
                name: "main".into(),
            })?;
        let sig = &self.program.funcs[main as usize].sig;
        let with_argv = match (&sig.params[..], &sig.results[..]) {
            ([], [] | [Type::I32]) => false,
            ([Type::I32, Type::I32], [] | [Type::I32]) => true,
            _ => {
                return Err(RunError::BadMain {
                    sig: sig.to_string(),
                })
            }
        };
        let start_sp = self.machine.sp;
        let args = if with_argv {
            let (argc, argv) = self.push_argv().map_err(|kind| RunError::Trap {
                kind,
                func: "main".into(),
            })?;
            vec![argc as u64, argv as u64]
        } else {
            Vec::new()
        };
        let result = self.machine.execute(&self.program, main, &args);
        self.machine.sp = start_sp;
        match result {
            Ok(values) => Ok(values.first().map_or(0, |&bits| bits as u32 as i32)),
            Err(RunError::Exit(code)) => Ok(code),
            Err(e) => Err(e),
        }
    }

    /// Allocates and fills the `argv` block; returns `(argc, argv)`.
    fn push_argv(&mut self) -> Result<(u32, u32), TrapKind> {
        let args = self.machine.host.args().to_vec();
        let argc = u32::try_from(args.len()).map_err(|_| TrapKind::CallStackExhausted)?;
        let pointers = (args.len() as u64 + 1) * 4;
        let strings: u64 = args.iter().map(|a| a.len() as u64 + 1).sum();
        let block = (pointers + strings).next_multiple_of(16);
        let room = self.machine.sp.saturating_sub(self.machine.stack_base) as u64;
        if block > room {
            return Err(TrapKind::CallStackExhausted);
        }
        let argv = self.machine.sp - block as u32;
        let mut image = Vec::with_capacity(block as usize);
        let mut string_addr = argv + pointers as u32;
        for arg in &args {
            image.extend_from_slice(&string_addr.to_le_bytes());
            string_addr += arg.len() as u32 + 1;
        }
        image.extend_from_slice(&0u32.to_le_bytes());
        for arg in &args {
            image.extend_from_slice(arg);
            image.push(0);
        }
        image.resize(block as usize, 0);
        let target = self
            .machine
            .memory
            .slice_mut(argv, block as u32)
            .ok_or(TrapKind::MemoryOutOfBounds)?;
        target.copy_from_slice(&image);
        self.machine.sp = argv;
        Ok((argc, argv))
    }
}
