//! Result types of instructions, derived from their operation and operands.
//!
//! Used by the builder and the parser to type results. It does not check operands
//! (the verifier does); given ill-typed operands it still answers something sensible
//! or `None`.

use crate::function::Function;
use crate::inst::InstKind;
use crate::module::Module;
use crate::types::Type;

/// The types of the values `kind` defines, or `None` when they cannot be derived
/// (an unknown callee or global, or a conversion applied to a type it does not accept).
pub fn result_types(module: &Module, func: &Function, kind: &InstKind) -> Option<Vec<Type>> {
    use InstKind::*;
    let ty = |v| func.value_type(v);
    Some(match kind {
        Const(imm) => vec![imm.ty()],
        Binary { args, .. } => vec![ty(args[0])],
        Unary { op, arg } => vec![op.result_type(ty(*arg))],
        Compare { .. } => vec![Type::I32],
        Convert { op, arg } => vec![op.result_type(ty(*arg))?],
        Select { args } => vec![ty(args[1])],
        Load { ty, .. } => vec![*ty],
        MemorySize | MemoryGrow { .. } => vec![Type::I32],
        DataAddr { .. } | HeapBase | StackAlloc { .. } => vec![Type::PTR],
        FuncAddr { .. } => vec![Type::I32],
        GlobalGet { global } => vec![module.globals.get(*global)?.ty],
        Call { func: callee, .. } => module.funcs.get(*callee)?.sig.results.clone(),
        CallIndirect { sig, .. } => sig.results.clone(),
        Syscall { call, .. } => call.results().to_vec(),
        Store { .. } | MemoryCopy { .. } | MemoryFill { .. } | GlobalSet { .. } => vec![],
        Jump { .. }
        | BrIf { .. }
        | Switch { .. }
        | Ret { .. }
        | Trap
        | ReturnCall { .. }
        | ReturnCallIndirect { .. } => vec![],
    })
}
