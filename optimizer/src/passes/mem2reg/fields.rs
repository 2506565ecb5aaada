//! Which slots can be promoted, and the fields (variables) they split into.
//!
//! Every load and store whose address is computed from a non-escaping slot is an
//! access of that slot. The slot is promoted when every access is non-volatile, lies
//! inside the slot at a constant offset ([`access_in_object`]), and the accesses group
//! into disjoint fields `(offset, width)`. Anything else (a partial overlap, an access
//! outside) leaves the whole slot alone. Accesses of one field may use different value
//! types (`store.32` of an `i64` read by `load.i32`, an `f32` stored and read as an
//! `i32`): the variable takes the type of the field's first store, and the other types
//! convert exactly (`wrap`, `extend_u`, `bitcast`).

use crate::analysis::address::{access_in_object, decompose, Base, SlotEscapes};
use cranelift_entity::packed_option::PackedOption;
use cranelift_entity::{entity_impl, PrimaryMap, SecondaryMap};
use lir::analysis::ControlFlowGraph;
use lir::{Function, Inst, InstKind, MemWidth, Module, Slot, Type};

/// A promoted field: one SSA variable.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) struct Var(u32);
entity_impl!(Var, "var");

#[derive(Clone, Copy, Debug)]
pub(super) struct VarData {
    /// The type of the SSA values (those of the field's first store).
    pub ty: Type,
}

/// What to promote.
pub(super) struct Plan {
    pub vars: PrimaryMap<Var, VarData>,
    /// The variable each load or store of a promoted slot accesses.
    pub access: SecondaryMap<Inst, PackedOption<Var>>,
    pub promoted: SecondaryMap<Slot, bool>,
}

/// One access of a candidate slot.
struct Access {
    slot: Slot,
    offset: i64,
    width: MemWidth,
    ty: Type,
    store: bool,
    inst: Inst,
}

/// The slots to promote and their fields; `None` if there are none.
pub(super) fn plan(
    module: &Module,
    func: &Function,
    escapes: &SlotEscapes,
    cfg: &ControlFlowGraph,
) -> Option<Plan> {
    let mut ok: SecondaryMap<Slot, bool> = SecondaryMap::new();
    for slot in func.slots.keys() {
        ok[slot] = !escapes.escapes(slot);
    }
    if !func.slots.keys().any(|s| ok[s]) {
        return None;
    }
    let mut accesses = Vec::new();
    for &block in cfg.rpo() {
        for &inst in &func.blocks[block].insts {
            let (ty, width, addr, mem, store) = match &func.insts[inst].kind {
                InstKind::Load {
                    ty,
                    width,
                    addr,
                    mem,
                    ..
                } => (*ty, *width, *addr, *mem, false),
                InstKind::Store {
                    ty,
                    width,
                    addr,
                    mem,
                    ..
                } => (*ty, *width, *addr, *mem, true),
                _ => continue,
            };
            let Some(slot) = escapes.slot_of(addr) else {
                continue;
            };
            if !ok[slot] {
                continue;
            }
            let a = decompose(func, addr);
            let exact = a.base == Base::Slot(slot)
                && !mem.volatile
                && access_in_object(module, func, addr, mem.offset, width.bytes());
            if !exact {
                ok[slot] = false;
                continue;
            }
            accesses.push(Access {
                slot,
                offset: a.offset + mem.offset as i64,
                width,
                ty,
                store,
                inst,
            });
        }
    }
    accesses.retain(|a| ok[a.slot]);
    // Stable: within a field, accesses stay in reverse postorder.
    accesses.sort_by_key(|a| (a.slot, a.offset, a.width));
    // Fields: equal (offset, width) share a variable; neighbours must not overlap.
    for pair in accesses.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let same_field = a.offset == b.offset && a.width == b.width;
        if a.slot == b.slot && !same_field && b.offset < a.offset + a.width.bytes() as i64 {
            ok[a.slot] = false;
        }
    }
    accesses.retain(|a| ok[a.slot]);
    if !func.slots.keys().any(|s| ok[s]) {
        return None;
    }
    let mut plan = Plan {
        vars: PrimaryMap::new(),
        access: SecondaryMap::new(),
        promoted: SecondaryMap::new(),
    };
    for slot in func.slots.keys() {
        plan.promoted[slot] = ok[slot];
    }
    for field in
        accesses.chunk_by(|a, b| (a.slot, a.offset, a.width) == (b.slot, b.offset, b.width))
    {
        let first_store = field.iter().find(|a| a.store).unwrap_or(&field[0]);
        let var = plan.vars.push(VarData { ty: first_store.ty });
        for a in field {
            plan.access[a.inst] = var.into();
        }
    }
    Some(plan)
}
