//! What a single instruction may do, for deciding whether it can be deleted, moved or
//! executed where the program did not execute it.
//!
//! [`InstKind::has_side_effects`] is the IR's own conservative answer; this refines it
//! with what the optimizer knows: divisors that are non-zero constants, loads that
//! stay inside a slot or data object (they cannot trap), and calls of functions whose
//! [`Summaries`](super::Summaries) say they do nothing observable. Volatile accesses
//! are never deletable or movable.

use super::address::Location;
use super::Summaries;
use lir::{BinaryOp, ConvertOp, Function, InstKind, Module};

/// Whether integer division/remainder `op` by the value `divisor` cannot trap.
fn division_is_safe(func: &Function, op: BinaryOp, divisor: lir::Value) -> bool {
    let Some(d) = func.as_const(divisor) else {
        return false;
    };
    let signed = matches!(op, BinaryOp::DivS | BinaryOp::RemS);
    d.bits() != 0 && !(signed && d.as_i64() == -1)
}

/// Whether `kind` can trap, as far as the optimizer can tell.
pub fn may_trap(module: &Module, func: &Function, kind: &InstKind, summaries: &Summaries) -> bool {
    match kind {
        InstKind::Binary { op, args } => {
            op.can_trap(func.value_type(args[0])) && !division_is_safe(func, *op, args[1])
        }
        InstKind::Convert { op, arg } => match (op, func.as_const(*arg)) {
            (ConvertOp::TruncS(_) | ConvertOp::TruncU(_), Some(c)) => {
                lir::interp::eval::convert(*op, c).is_err()
            }
            (op, _) => op.can_trap(),
        },
        // The address itself must point into the object too: the immediate offset is
        // added without wrapping, so `[(%slot - 2000) + 2004]` may trap.
        InstKind::Load {
            addr, mem, width, ..
        } => {
            mem.volatile
                || !Location::of(func, *addr, mem.offset, width.bytes())
                    .in_object(mem.offset, module, func)
        }
        InstKind::Call { func: callee, .. } => summaries.get(*callee).may_trap,
        _ => kind.has_side_effects(),
    }
}

/// Whether `kind` can be deleted when none of its results is used.
pub fn is_removable(
    module: &Module,
    func: &Function,
    kind: &InstKind,
    summaries: &Summaries,
) -> bool {
    match kind {
        InstKind::Binary { .. } | InstKind::Convert { .. } | InstKind::Load { .. } => {
            !may_trap(module, func, kind, summaries)
        }
        InstKind::Call { func: callee, .. } => summaries.get(*callee).is_removable(),
        _ => !kind.has_side_effects(),
    }
}

/// Whether `kind` may be executed where the program would not have executed it
/// (hoisted out of a loop or a branch): it neither traps nor has effects, and for a
/// load, the memory it reads is not written in between — which the caller checks.
pub fn is_speculatable(
    module: &Module,
    func: &Function,
    kind: &InstKind,
    summaries: &Summaries,
) -> bool {
    match kind {
        InstKind::Call { func: callee, .. } => summaries.get(*callee).is_pure(),
        InstKind::Load { mem, .. } => !mem.volatile && !may_trap(module, func, kind, summaries),
        _ if is_operand_function(kind) => !may_trap(module, func, kind, summaries),
        _ => false,
    }
}

/// Whether two instances of `kind` with the same operands always compute the same
/// results, wherever they are (no memory, globals or effects involved), so one can
/// replace the other.
pub fn is_pure_value(kind: &InstKind, summaries: &Summaries) -> bool {
    match kind {
        InstKind::Call { func, .. } => summaries.get(*func).is_pure(),
        _ => is_operand_function(kind),
    }
}

/// Whether `kind`'s results depend on its operands alone: arithmetic, comparisons,
/// `select`, constants and addresses of data, the heap and functions.
fn is_operand_function(kind: &InstKind) -> bool {
    matches!(
        kind,
        InstKind::Binary { .. }
            | InstKind::Convert { .. }
            | InstKind::Unary { .. }
            | InstKind::Compare { .. }
            | InstKind::Select { .. }
            | InstKind::Const(_)
            | InstKind::DataAddr { .. }
            | InstKind::HeapBase
            | InstKind::FuncAddr { .. }
    )
}
