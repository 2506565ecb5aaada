//! Stage 7, address folding: puts constant address offsets into the `offset` immediate
//! of wasm loads and stores.
//!
//! `[%p + N]` already maps to a memarg offset of `N`: LIR's effective address is wasm's
//! (`p + N` without wrapping). This stage also folds an `add %q, C` (C a constant) that
//! computes a load's or store's address and is used nowhere else, giving `[%q + C + N]`
//! — but only when `q + C` provably cannot wrap past 2^32, because LIR's `add` wraps
//! and the memarg addition does not. That holds when `q` has a known upper bound:
//! a constant or `addr`/`@__heap_base` (its value), a slot address or `stack.alloc`
//! result (at most the stack's top), or a foldable `add` of those. For any other
//! pointer the `add` stays: frontends that know their pointers are in bounds write
//! `[%p + C]` themselves.
//!
//! Slot addresses used directly as `[%slot + N]` are folded by the emitter (frame base
//! plus `slot offset + N`).

use crate::values::{Remat, Values};
use lir::layout::Layout;
use lir::{BinaryOp, Function, Inst, InstKind, Type, Value, ValueDef};

/// How many nested `add`s an upper bound may look through.
const MAX_BOUND_DEPTH: u32 = 8;

/// Records folded addresses in `values.folded_addr`, marking folded `add`s dead.
pub(crate) fn fold_addresses(func: &Function, layout: &Layout, values: &mut Values) {
    for &b in &func.layout {
        for &inst in &func.blocks[b].insts {
            let (addr, mem) = match &func.insts[inst].kind {
                InstKind::Load { addr, mem, .. } | InstKind::Store { addr, mem, .. } => {
                    (*addr, *mem)
                }
                _ => continue,
            };
            if values.dead[inst] {
                continue;
            }
            let mut base = addr;
            let mut offset = mem.offset as u64;
            while let Some(add) = constant_add(func, values, base) {
                if values.uses[base] != 1 || values.dead[add.inst] {
                    break;
                }
                let Some(bound) = upper_bound(func, layout, values, add.base, MAX_BOUND_DEPTH)
                else {
                    break;
                };
                if bound + add.c > u32::MAX as u64 || offset + add.c > u32::MAX as u64 {
                    break;
                }
                // The load now uses the add's base where the add did; the add and its
                // constant operand lose their uses.
                values.dead[add.inst] = true;
                values.uses[base] = 0;
                values.uses[add.constant] = values.uses[add.constant].saturating_sub(1);
                base = add.base;
                offset += add.c;
            }
            if base != addr || offset != mem.offset as u64 {
                values.folded_addr[inst] = Some((base, offset as u32));
            }
        }
    }
}

/// `base + c` computed by an i32 `add` instruction.
struct ConstantAdd {
    inst: Inst,
    base: Value,
    constant: Value,
    c: u64,
}

/// If `v` is the result of `add q, C` or `add C, q` (i32, in the layout): its parts.
fn constant_add(func: &Function, values: &Values, v: Value) -> Option<ConstantAdd> {
    let ValueDef::Result(inst, 0) = func.value_def(v) else {
        return None;
    };
    let InstKind::Binary {
        op: BinaryOp::Add,
        args: [a, b],
    } = func.insts[inst].kind
    else {
        return None;
    };
    if func.value_type(v) != Type::I32 || values.block_of[inst].is_none() {
        return None;
    }
    let constant = |x: Value| match values.remat[x] {
        Some(Remat::Imm(imm)) => Some(imm.bits() & 0xffff_ffff),
        _ => None,
    };
    let (base, constant, c) = match (constant(a), constant(b)) {
        (_, Some(c)) => (a, b, c),
        (Some(c), None) => (b, a, c),
        (None, None) => return None,
    };
    Some(ConstantAdd {
        inst,
        base,
        constant,
        c,
    })
}

/// An upper bound on the run-time value of pointer `v`, if one is known.
fn upper_bound(
    func: &Function,
    layout: &Layout,
    values: &Values,
    v: Value,
    depth: u32,
) -> Option<u64> {
    match values.remat[v] {
        Some(Remat::Imm(imm)) => return Some(imm.bits() & 0xffff_ffff),
        Some(Remat::SlotAddr(_)) => return Some(layout.stack_top as u64),
        None => {}
    }
    if let ValueDef::Result(inst, 0) = func.value_def(v) {
        if matches!(func.insts[inst].kind, InstKind::StackAlloc { .. }) {
            return Some(layout.stack_top as u64);
        }
    }
    let add = constant_add(func, values, v).filter(|_| depth > 0)?;
    let bound = upper_bound(func, layout, values, add.base, depth - 1)? + add.c;
    (bound <= u32::MAX as u64).then_some(bound)
}
