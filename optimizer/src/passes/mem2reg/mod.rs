//! `mem2reg`: promotes stack slots to SSA values.
//!
//! Naive frontends keep every local variable in a slot: parameters are stored into
//! their slots at entry, every read is a `load` and every write a `store`. A slot whose
//! address does not escape ([`SlotEscapes`]: it is only used, after adding constants,
//! as the address of loads and stores) is private to the function's activation
//! (docs/lir.md, "Objects and addresses"), so its bytes can live in SSA values instead.
//!
//! A slot is promoted when none of its accesses is volatile and its accesses, each at
//! a constant offset inside the slot, split it into disjoint *fields* (`fields.rs`):
//! every access to a field has the field's offset and width. A field may be narrow
//! (`store.8` of an `i32` with `load.s8.i32`/`load.u8.i32`, `store.32` of an `i64`
//! with `load.s32.i64`/`load.u32.i64`): its SSA value is the stored value, and each
//! narrow load becomes the exact extension (`extend8_s`, `and 0xff`, ...). Accesses of
//! one field with another value type of the same bytes convert exactly (`wrap`,
//! `extend_u`, and `bitcast` for floats, which keeps NaN bits).
//! Each field is a variable of Cytron et al.'s SSA construction (`ssa.rs`): block
//! parameters go where the variable's iterated dominance frontier meets the blocks
//! where it is live (pruned SSA), then a walk of the dominator tree replaces loads by
//! the reaching value and deletes stores. A field read before any write reads zero of
//! its type (the bytes are unspecified, docs/lir.md). Promoted slots are deleted with
//! their address arithmetic, so the function's frame shrinks or disappears. Blocks the
//! entry cannot reach are deleted first (as `dce` does) when some slot is promoted.
//!
//! It does not promote slots whose address escapes (passed to a call, stored, compared,
//! passed to a block, indexed by a variable), slots with a volatile access, or slots
//! whose accesses overlap partially (an `i64` read as two `i32` halves) or fall
//! (partly) outside the slot: those stay exactly as they are (`store-forward` and
//! `dse` work on them). It does not remove the block parameters that turn out redundant
//! (`simplify-params` does) or unused (`dce` does).

mod fields;
mod ssa;

use crate::analysis::address::SlotEscapes;
use crate::edit;
use crate::pass::{Changes, FunctionContext, FunctionPass};
use crate::passes::dce::remove_unreachable_blocks;
use cranelift_entity::SecondaryMap;
use lir::{Function, Inst};

pub struct Mem2Reg;

impl FunctionPass for Mem2Reg {
    fn name(&self) -> &'static str {
        "mem2reg"
    }

    fn description(&self) -> &'static str {
        "promote non-escaping stack slots to SSA values (pruned SSA construction)"
    }

    fn run(&self, func: &mut Function, cx: &mut FunctionContext) -> Changes {
        if func.slots.is_empty() || func.layout.is_empty() {
            return Changes::NONE;
        }
        let escapes = cx.analyses.escapes(func);
        let cfg = cx.analyses.cfg(func);
        let Some(plan) = fields::plan(cx.module, func, &escapes, &cfg) else {
            return Changes::NONE;
        };
        // Unreachable blocks may mention the slots and branch to blocks that get new
        // parameters; they never run, so they go.
        let removed_blocks = remove_unreachable_blocks(func, cx);
        if removed_blocks > 0 {
            cx.analyses.clear();
        }
        let cfg = cx.analyses.cfg(func);
        let domtree = cx.analyses.domtree(func);
        let rewritten = ssa::promote(func, &cfg, &domtree, &plan);
        let arithmetic = delete_address_arithmetic(func, &escapes, &plan.promoted);
        let slots = func.slots.keys().filter(|&s| plan.promoted[s]).count();
        edit::remove_slots(func, &plan.promoted);
        Changes {
            count: rewritten + arithmetic + slots + removed_blocks,
            cfg: removed_blocks > 0,
        }
    }
}

/// Deletes the `add`/`sub` instructions computing addresses in promoted slots (their
/// only users were the loads and stores just removed, or each other).
fn delete_address_arithmetic(
    func: &mut Function,
    escapes: &SlotEscapes,
    promoted: &SecondaryMap<lir::Slot, bool>,
) -> usize {
    let mut dead: SecondaryMap<Inst, bool> = lir::entities::dense_map(func.insts.len());
    let mut count = 0;
    for &block in &func.layout {
        for &inst in &func.blocks[block].insts {
            if let [r] = func.insts[inst].results[..] {
                if escapes.slot_of(r).is_some_and(|s| promoted[s]) {
                    dead[inst] = true;
                    count += 1;
                }
            }
        }
    }
    if count > 0 {
        edit::remove_insts(func, &dead);
    }
    count
}
