//! Backtraces of traps: the frames that were active when the last call trapped, each
//! with the source location of the instruction it was executing (the trapping one
//! innermost, the calls outside it). What this module does not do: render locations
//! (see [`crate::SourceLoc::display`]) or record frames for other errors.
//!
//! ```
//! use lir::interp::{InterpConfig, Interpreter};
//! let module = lir::text::parse_named(
//!     "func @ratio(%a: i32, %b: i32) -> i32 {\nentry:\n    %q = div_s %a, %b\n    ret %q\n}\n\
//!      func @f() -> i32 {\nentry:\n    %r = call @ratio(1, 0)\n    ret %r\n}\n",
//!     "t.lir",
//! )
//! .unwrap();
//! let mut interp = Interpreter::new(&module, InterpConfig::new()).unwrap();
//! assert!(interp.invoke("f", &[]).is_err());
//! let shown: Vec<String> = interp
//!     .trap_backtrace()
//!     .iter()
//!     .map(|f| format!("@{} {}", f.func, f.loc.display(&module)))
//!     .collect();
//! assert_eq!(shown, ["@ratio t.lir:3:5", "@f t.lir:8:5"]);
//! ```

use super::code::FuncKind;
use super::Interpreter;
use crate::srcloc::SourceLoc;

/// One active function of a trap's backtrace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceFrame {
    /// The function's name (without `@`).
    pub func: String,
    /// The location of the instruction it was executing ([`SourceLoc::NONE`] if the
    /// instruction has none).
    pub loc: SourceLoc,
}

impl Interpreter {
    /// The frames of the last call's trap, innermost first (empty when the last call
    /// did not trap).
    pub fn trap_backtrace(&self) -> Vec<TraceFrame> {
        self.machine
            .trap_frames
            .iter()
            .filter_map(|&(func, op)| {
                let code = self.program.funcs.get(func as usize)?;
                let loc = match &code.kind {
                    FuncKind::Defined(body) => body.locs.get(op as usize).copied(),
                    FuncKind::Imported(_) => None,
                };
                Some(TraceFrame {
                    func: code.name.clone(),
                    loc: loc.unwrap_or_default(),
                })
            })
            .collect()
    }
}
