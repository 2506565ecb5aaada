//! Program entry: [`Interpreter::run_main`] runs `@__lir_start`, the start-up code of
//! [`crate::entry`] that [`Interpreter::new`] adds to every program. It is the same LIR
//! that compiled programs run as `_start`, so `argv` lands at the same addresses.

use super::error::RunError;
use super::Interpreter;
use crate::entry::START_NAME;

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
        if self.start_taken {
            return Err(RunError::ReservedName {
                name: START_NAME.into(),
            });
        }
        if !self.program.by_name.contains_key(START_NAME) {
            return Err(RunError::BadMain {
                sig: self.program.funcs[main as usize].sig.to_string(),
            });
        }
        let start_sp = self.machine.sp;
        let result = self.invoke(START_NAME, &[]);
        self.machine.sp = start_sp;
        match result {
            Ok(_) => Ok(0),
            Err(RunError::Exit(code)) => Ok(code),
            Err(e) => Err(e),
        }
    }
}
