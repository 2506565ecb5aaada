//! `addr-fold`: folds constant address arithmetic into the `offset` of loads and stores.
//!
//! The address of a load or store computed by a chain of constant `add`/`sub`s from a
//! stack slot or an `addr @data` becomes that base with the whole constant in the
//! immediate: `load [add (add %s, 16), -8]` is `load [%s + 8]`. The effective address
//! of `[%p + N]` does not wrap while `add` does (docs/lir.md), so this is done only when
//! it cannot change the address or a trap: the address value points into the object
//! (its offset from the object's start is between 0 and the object's size, and
//! objects lie in memory, so nothing wrapped) and the accessed bytes lie inside it
//! ([`access_in_object`]); the new immediate is the non-negative sum. For any other
//! base the chain cannot go into the unsigned, non-wrapping immediate, but a chain of
//! two or more constant steps is reassociated in place into one wrapping
//! `add %p, c1 + c2` (exact modulo 2^32), which `peephole` also does for every `add`.
//!
//! How it relates to the backend: `backend-wasm/src/address.rs` folds, at emission,
//! an `add q, C` used only by one access when `q` has a known upper bound. This pass
//! works at the IR level instead, where other passes benefit: accesses of one object
//! share the same base value (GVN and LICM see `[%s + 8]`, not a fresh `add` per
//! access), `add`s with several users or negative steps fold too, and the folded
//! `add`s become dead (`dce` deletes them).
//!
//! It does not fold into the immediate for bases that are not objects (`stack.alloc`
//! blocks, parameters, loaded pointers: `p + c` might wrap), move variable offsets
//! (`add %s, %i`), or change volatile accesses other than by rewriting their address
//! computation (the access itself stays as it is).

use crate::analysis::address::{access_in_object, offset_step, MAX_CHAIN};
use crate::pass::{Changes, FunctionContext, FunctionPass};
use lir::{BinaryOp, Function, Imm, InstKind, Type, Value, ValueDef};

pub struct AddrFold;

impl FunctionPass for AddrFold {
    fn name(&self) -> &'static str {
        "addr-fold"
    }

    fn description(&self) -> &'static str {
        "fold constant address arithmetic into load/store offsets (slots and data objects)"
    }

    fn run(&self, func: &mut Function, cx: &mut FunctionContext) -> Changes {
        let mut count = 0;
        for block in func.layout.clone() {
            for index in 0..func.blocks[block].insts.len() {
                let inst = func.blocks[block].insts[index];
                let (addr, offset, size) = match &func.insts[inst].kind {
                    InstKind::Load {
                        addr, mem, width, ..
                    }
                    | InstKind::Store {
                        addr, mem, width, ..
                    } => (*addr, mem.offset, width.bytes()),
                    _ => continue,
                };
                let (root, sum, steps) = chain(func, addr);
                if steps == 0 {
                    continue;
                }
                let object = match func.values[root].def {
                    ValueDef::Slot(_) => true,
                    ValueDef::Result(i, 0) => {
                        matches!(func.insts[i].kind, InstKind::DataAddr { .. })
                    }
                    _ => false,
                };
                let imm = sum + offset as i64;
                if object
                    && (0..=u32::MAX as i64).contains(&imm)
                    && access_in_object(cx.module, func, addr, offset, size)
                {
                    set_address(&mut func.insts[inst].kind, root, imm as u32);
                    count += 1;
                } else if steps >= 2 {
                    count += reassociate(func, inst, addr, root, sum);
                }
            }
        }
        Changes::insts(count)
    }
}

/// The value `addr` is computed from by constant steps, their sum, and how many.
fn chain(func: &Function, addr: Value) -> (Value, i64, usize) {
    let (mut v, mut sum, mut steps) = (addr, 0i64, 0);
    while steps < MAX_CHAIN {
        let Some((next, delta)) = offset_step(func, v) else {
            break;
        };
        v = next;
        sum += delta;
        steps += 1;
    }
    (v, sum, steps)
}

fn set_address(kind: &mut InstKind, base: Value, offset: u32) {
    if let InstKind::Load { addr, mem, .. } | InstKind::Store { addr, mem, .. } = kind {
        *addr = base;
        mem.offset = offset;
    }
}

/// Rewrites the `add`/`sub` computing `addr` into `add root, sum` (modulo 2^32), or
/// makes the access use `root` when the sum is a multiple of 2^32. Returns 1.
fn reassociate(
    func: &mut Function,
    access: lir::Inst,
    addr: Value,
    root: Value,
    sum: i64,
) -> usize {
    let bits = sum as u64 & 0xffff_ffff;
    if bits == 0 {
        if let InstKind::Load { addr, .. } | InstKind::Store { addr, .. } =
            &mut func.insts[access].kind
        {
            *addr = root;
        }
        return 1;
    }
    let Some(def) = crate::edit::def_inst(func, addr) else {
        return 0;
    };
    let c = func.const_value(Imm::new(Type::I32, bits));
    func.insts[def].kind = InstKind::Binary {
        op: BinaryOp::Add,
        args: [root, c],
    };
    1
}
