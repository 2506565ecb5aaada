//! What an instruction may observe or change, for the reordering decisions of
//! [`crate::treeify`] and [`crate::sink`] (and whether a tree may be skipped or
//! reordered by the emitter's parallel copies).
//!
//! Memory, each global and the shadow-stack pointer are tracked separately; anything
//! that may trap is marked, except integer division and remainder by a constant that
//! rules the trap out (`div_u`/`rem_u`/`rem_s` by a non-zero constant, `div_s` by one
//! that is neither 0 nor -1). Calls and control transfers are "anything". It does not
//! track locals: the schedule is decided on SSA values, before local allocation.

use crate::values::{Remat, Values};
use lir::{BinaryOp, Function, Global, Inst, InstKind};

/// What an instruction may observe or change, for reordering decisions.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub(crate) struct Effects {
    reads_memory: bool,
    writes_memory: bool,
    reads_global: Option<Global>,
    writes_global: Option<Global>,
    /// Moves the shadow-stack pointer (`stack.alloc`).
    stack: bool,
    traps: bool,
    /// Calls and control transfers: anything at all.
    any: bool,
}

impl Effects {
    pub(crate) fn of(kind: &InstKind) -> Effects {
        use InstKind::*;
        let mut e = Effects::default();
        match kind {
            Load { .. } => {
                e.reads_memory = true;
                e.traps = true;
            }
            Store { .. } | MemoryFill { .. } => {
                e.writes_memory = true;
                e.traps = true;
            }
            MemoryCopy { .. } => {
                e.reads_memory = true;
                e.writes_memory = true;
                e.traps = true;
            }
            MemorySize => e.reads_memory = true,
            MemoryGrow { .. } => {
                e.reads_memory = true;
                e.writes_memory = true;
            }
            GlobalGet { global } => e.reads_global = Some(*global),
            GlobalSet { global, .. } => e.writes_global = Some(*global),
            StackAlloc { .. } => {
                e.stack = true;
                e.traps = true;
            }
            Binary { op, .. } => {
                e.traps = matches!(
                    op,
                    BinaryOp::DivS | BinaryOp::DivU | BinaryOp::RemS | BinaryOp::RemU
                )
            }
            Convert { op, .. } => e.traps = op.can_trap(),
            Const(_)
            | Unary { .. }
            | Compare { .. }
            | Select { .. }
            | DataAddr { .. }
            | HeapBase
            | FuncAddr { .. } => {}
            Call { .. }
            | CallIndirect { .. }
            | Syscall { .. }
            | Jump { .. }
            | BrIf { .. }
            | Switch { .. }
            | Ret { .. }
            | Trap
            | ReturnCall { .. }
            | ReturnCallIndirect { .. } => e.any = true,
        }
        e
    }

    /// [`Effects::of`] refined with what the operands tell: a division by a constant
    /// that is neither 0 nor (signed) -1 cannot trap.
    pub(crate) fn of_inst(func: &Function, values: &Values, inst: Inst) -> Effects {
        let kind = &func.insts[inst].kind;
        let mut e = Effects::of(kind);
        if let InstKind::Binary { op, args } = kind {
            if let Some(Remat::Imm(divisor)) = values.remat[args[1]] {
                let ty = func.value_type(args[1]);
                let bits = if ty == lir::Type::I32 {
                    divisor.bits() & 0xffff_ffff
                } else {
                    divisor.bits()
                };
                let minus_one = if ty == lir::Type::I32 {
                    0xffff_ffff
                } else {
                    u64::MAX
                };
                let safe = match op {
                    BinaryOp::DivU | BinaryOp::RemU | BinaryOp::RemS => bits != 0,
                    BinaryOp::DivS => bits != 0 && bits != minus_one,
                    _ => false,
                };
                if safe && ty.is_int() {
                    e.traps = false;
                }
            }
        }
        e
    }

    pub(crate) fn is_pure(&self) -> bool {
        *self == Effects::default()
    }

    fn writes(&self) -> bool {
        self.writes_memory || self.writes_global.is_some() || self.stack
    }

    /// Whether swapping two instructions with these effects could change behaviour.
    pub(crate) fn conflicts_with(&self, other: &Effects) -> bool {
        if self.is_pure() || other.is_pure() {
            return false;
        }
        if self.any || other.any {
            return true;
        }
        let global_clash = |a: &Effects, b: &Effects| {
            a.writes_global
                .is_some_and(|g| b.reads_global == Some(g) || b.writes_global == Some(g))
        };
        (self.traps && (other.traps || other.writes()))
            || (other.traps && self.writes())
            || (self.writes_memory && (other.reads_memory || other.writes_memory))
            || (other.writes_memory && self.reads_memory)
            || global_clash(self, other)
            || global_clash(other, self)
            || (self.stack && other.stack)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lir::{MemArg, MemWidth, Type, Value};

    fn load() -> InstKind {
        InstKind::Load {
            ty: Type::I32,
            width: MemWidth::W32,
            signed: false,
            addr: Value::from_u32(0),
            mem: MemArg {
                offset: 0,
                align: None,
                volatile: false,
            },
        }
    }

    #[test]
    fn commutation_rules() {
        let l = Effects::of(&load());
        let g0 = Effects::of(&InstKind::GlobalGet {
            global: Global::from_u32(0),
        });
        let s1 = Effects::of(&InstKind::GlobalSet {
            global: Global::from_u32(1),
            value: Value::from_u32(0),
        });
        let s0 = Effects::of(&InstKind::GlobalSet {
            global: Global::from_u32(0),
            value: Value::from_u32(0),
        });
        let call = Effects::of(&InstKind::Call {
            func: lir::Func::from_u32(0),
            args: vec![],
        });
        let div = Effects::of(&InstKind::Binary {
            op: BinaryOp::DivS,
            args: [Value::from_u32(0); 2],
        });
        assert!(l.conflicts_with(&l), "two trapping loads keep their order");
        assert!(!g0.conflicts_with(&s1) && g0.conflicts_with(&s0));
        assert!(!l.conflicts_with(&g0) && l.conflicts_with(&s0));
        assert!(call.conflicts_with(&g0) && !call.conflicts_with(&Effects::default()));
        assert!(div.conflicts_with(&l) && !div.conflicts_with(&g0));
    }
}
