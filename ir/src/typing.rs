//! Result types of instructions, derived from their operation and operands.
//!
//! Used by the builder and the parser to type results. It does not check operands
//! (the verifier does); given ill-typed operands it still answers something sensible
//! or `None`.

use crate::function::Function;
use crate::inst::InstKind;
use crate::module::Module;
use crate::types::Type;
use smallvec::{smallvec, SmallVec};

/// The types of the values `kind` defines, or `None` when they cannot be derived
/// (an unknown callee or global, or a conversion applied to a type it does not accept).
pub fn result_types(module: &Module, func: &Function, kind: &InstKind) -> Option<Vec<Type>> {
    result_types_small(module, func, kind).map(SmallVec::into_vec)
}

/// [`result_types`] without allocating for the usual zero or one result.
pub(crate) fn result_types_small(
    module: &Module,
    func: &Function,
    kind: &InstKind,
) -> Option<SmallVec<[Type; 2]>> {
    use InstKind::*;
    let ty = |v| func.value_type(v);
    let one = |t: Type| smallvec![t];
    Some(match kind {
        Const(imm) => one(imm.ty()),
        Binary { args, .. } => one(ty(args[0])),
        Unary { op, arg } => one(op.result_type(ty(*arg))),
        Compare { .. } => one(Type::I32),
        Convert { op, arg } => one(op.result_type(ty(*arg))?),
        Select { args } => one(ty(args[1])),
        Load { ty, .. } => one(*ty),
        MemorySize | MemoryGrow { .. } => one(Type::I32),
        DataAddr { .. } | HeapBase | StackAlloc { .. } => one(Type::PTR),
        FuncAddr { .. } => one(Type::I32),
        GlobalGet { global } => one(module.globals.get(*global)?.ty),
        Call { func: callee, .. } => SmallVec::from_slice(&module.funcs.get(*callee)?.sig.results),
        CallIndirect { sig, .. } => SmallVec::from_slice(&sig.results),
        Syscall { call, .. } => SmallVec::from_slice(call.results()),
        Store { .. } | MemoryCopy { .. } | MemoryFill { .. } | GlobalSet { .. } => SmallVec::new(),
        Jump { .. }
        | BrIf { .. }
        | Switch { .. }
        | Ret { .. }
        | Trap
        | ReturnCall { .. }
        | ReturnCallIndirect { .. } => SmallVec::new(),
    })
}
