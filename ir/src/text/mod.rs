//! The `.lir` text format (placeholder until the parser and printer land).

use crate::entities::{Func, Inst};
use crate::module::Module;

/// Prints one instruction as it appears in text (placeholder: debug form).
pub fn print_inst(module: &Module, func: Func, inst: Inst) -> String {
    format!("{:?}", module.funcs[func].insts[inst].kind)
}
