//! What the later stages need to know about each value and instruction of a prepared
//! function: which values are rematerialized at every use instead of living in a local,
//! how often each value is used, which instructions are not emitted at all, and the
//! operands of each instruction in the order wasm evaluates them.
//!
//! Rematerialized ("remat") values: constants (literal operands and `const.T`), data
//! addresses, `addr @__heap_base`, `funcaddr` (all `i32.const`), and slot addresses
//! (`frame + offset`). Unused instructions without side effects are dropped here
//! (transitively); this is cleanup of what the backend itself makes dead (e.g. an
//! address `add` folded into a load), not an optimizer.

use crate::address;
use crate::treeify::reset_map;
use cranelift_entity::SecondaryMap;
use lir::layout::{FrameLayout, Layout};
use lir::{Block, Function, Imm, Inst, InstKind, Type, Value, ValueDef};

/// A value recomputed at each use.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Remat {
    Imm(Imm),
    /// The address of a stack slot: frame base plus this offset.
    SlotAddr(u32),
}

/// Per-function value facts; see the module documentation.
pub(crate) struct Values {
    pub remat: SecondaryMap<Value, Option<Remat>>,
    /// Uses by emitted instructions (a value used twice by one instruction counts twice).
    pub uses: SecondaryMap<Value, u32>,
    /// Instructions that are not emitted.
    pub dead: SecondaryMap<Inst, bool>,
    /// Loads and stores whose address was folded: base value and memarg offset.
    pub folded_addr: SecondaryMap<Inst, Option<(Value, u32)>>,
    /// The block of every instruction in the layout.
    pub block_of: SecondaryMap<Inst, Option<Block>>,
    pub frame: FrameLayout,
}

/// The value facts' buffers, kept from one function to the next
/// ([`crate::workspace`]).
#[derive(Default)]
pub(crate) struct ValuesScratch {
    /// The facts of an earlier function, whose maps are reused.
    spare: Option<Values>,
    work: Vec<Inst>,
    operands: Vec<Value>,
}

impl ValuesScratch {
    /// Keeps `values`' maps for the next function's.
    pub(crate) fn recycle(&mut self, values: Values) {
        self.spare = Some(values);
    }
}

impl Values {
    pub(crate) fn compute(func: &Function, layout: &Layout, ws: &mut ValuesScratch) -> Values {
        let frame = FrameLayout::of(func);
        let mut values = match ws.spare.take() {
            Some(mut v) => {
                reset_map(&mut v.remat, func.values.len());
                reset_map(&mut v.uses, func.values.len());
                reset_map(&mut v.dead, func.insts.len());
                reset_map(&mut v.folded_addr, func.insts.len());
                reset_map(&mut v.block_of, func.insts.len());
                v.frame = frame;
                v
            }
            None => Values {
                remat: lir::entities::dense_map(func.values.len()),
                uses: lir::entities::dense_map(func.values.len()),
                dead: lir::entities::dense_map(func.insts.len()),
                folded_addr: lir::entities::dense_map(func.insts.len()),
                block_of: lir::entities::dense_map(func.insts.len()),
                frame,
            },
        };
        for (v, data) in func.values.iter() {
            values.remat[v] = match data.def {
                ValueDef::Const(imm) => Some(Remat::Imm(imm)),
                ValueDef::Slot(slot) => Some(Remat::SlotAddr(values.frame.slot_offsets[slot])),
                ValueDef::Result(inst, 0) => remat_inst(&func.insts[inst].kind, layout),
                _ => None,
            };
        }
        for &b in &func.layout {
            for &inst in &func.blocks[b].insts {
                values.block_of[inst] = Some(b);
                let results = &func.insts[inst].results;
                if results.len() == 1 && values.remat[results[0]].is_some() {
                    values.dead[inst] = true;
                } else {
                    let uses = &mut values.uses;
                    visit_operands(func, &values.folded_addr, inst, |v| uses[v] += 1);
                }
            }
        }
        address::fold_addresses(func, layout, &mut values);
        values.remove_unused(func, ws);
        values
    }

    /// Calls `f` on the operands of `inst` in wasm evaluation order (after address
    /// folding): `select` pushes both arms before the condition, indirect calls push
    /// the arguments before the callee.
    pub(crate) fn for_each_operand(&self, func: &Function, inst: Inst, f: impl FnMut(Value)) {
        visit_operands(func, &self.folded_addr, inst, f)
    }

    /// Marks unused instructions without side effects dead, transitively.
    fn remove_unused(&mut self, func: &Function, ws: &mut ValuesScratch) {
        let unused = |values: &Values, inst: Inst| {
            !values.dead[inst]
                && values.block_of[inst].is_some()
                && !func.insts[inst].kind.has_side_effects()
                && func.insts[inst]
                    .results
                    .iter()
                    .all(|&r| values.uses[r] == 0)
        };
        let ValuesScratch { work, operands, .. } = ws;
        work.clear();
        work.extend(
            func.layout
                .iter()
                .flat_map(|&b| func.blocks[b].insts.iter().copied())
                .filter(|&i| unused(self, i)),
        );
        while let Some(inst) = work.pop() {
            if !unused(self, inst) {
                continue;
            }
            self.dead[inst] = true;
            operands.clear();
            self.for_each_operand(func, inst, |v| operands.push(v));
            for &v in operands.iter() {
                self.uses[v] = self.uses[v].saturating_sub(1);
                if let ValueDef::Result(def, _) = func.value_def(v) {
                    if unused(self, def) {
                        work.push(def);
                    }
                }
            }
        }
    }
}

fn visit_operands(
    func: &Function,
    folded_addr: &SecondaryMap<Inst, Option<(Value, u32)>>,
    inst: Inst,
    mut f: impl FnMut(Value),
) {
    let base = |addr: Value| folded_addr[inst].map_or(addr, |(base, _)| base);
    match &func.insts[inst].kind {
        InstKind::Load { addr, .. } => f(base(*addr)),
        InstKind::Store { addr, value, .. } => {
            f(base(*addr));
            f(*value);
        }
        InstKind::Select { args } => {
            f(args[1]);
            f(args[2]);
            f(args[0]);
        }
        InstKind::CallIndirect { callee, args, .. }
        | InstKind::ReturnCallIndirect { callee, args, .. } => {
            args.iter().copied().for_each(&mut f);
            f(*callee);
        }
        kind => kind.for_each_arg(f),
    }
}

fn remat_inst(kind: &InstKind, layout: &Layout) -> Option<Remat> {
    let imm = match *kind {
        InstKind::Const(imm) => imm,
        InstKind::DataAddr { data, offset } => Imm::new(
            Type::I32,
            layout.data_address(data).wrapping_add(offset) as u64,
        ),
        InstKind::HeapBase => Imm::new(Type::I32, layout.heap_base as u64),
        InstKind::FuncAddr { func } => Imm::new(Type::I32, layout.table_index(func) as u64),
        _ => return None,
    };
    Some(Remat::Imm(imm))
}
