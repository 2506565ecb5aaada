//! `dce`: dead code elimination within a function.
//!
//! Deletes blocks the entry cannot reach, then marks what is live — instructions that
//! must run (effects, traps, terminators) and, transitively, the operands they use,
//! following block parameters back to the branch arguments that feed them — and
//! deletes every other instruction and every unused block parameter with its
//! arguments. Because liveness starts from effects rather than from uses, dead cycles
//! (a loop counter nothing reads) disappear too.
//!
//! It does not delete reachable blocks (even empty ones; `simplify-cfg` merges them),
//! loops that compute nothing (a loop may not terminate, and removing it would change
//! that), stack slots, or instructions that may trap (a division by a value that may
//! be zero stays, even if its result is unused).

use crate::analysis::effects;
use crate::analysis::incoming::{self, Incoming};
use crate::edit;
use crate::pass::{Changes, FunctionContext, FunctionPass};
use cranelift_entity::SecondaryMap;
use lir::{Block, Function, Inst, Value, ValueDef};

pub struct Dce;

impl FunctionPass for Dce {
    fn name(&self) -> &'static str {
        "dce"
    }

    fn description(&self) -> &'static str {
        "delete unreachable blocks, unused instructions and block parameters (dead cycles too)"
    }

    fn run(&self, func: &mut Function, cx: &mut FunctionContext) -> Changes {
        let removed_blocks = remove_unreachable_blocks(func, cx);
        if removed_blocks > 0 {
            cx.analyses.clear();
        }
        let removed = remove_dead_code(func, cx);
        Changes {
            count: removed_blocks + removed,
            cfg: removed_blocks > 0,
        }
    }
}

/// Drops blocks the entry cannot reach from the layout; returns how many.
pub(crate) fn remove_unreachable_blocks(func: &mut Function, cx: &mut FunctionContext) -> usize {
    let cfg = cx.analyses.cfg(func);
    let before = func.layout.len();
    func.layout.retain(|&b| cfg.is_reachable(b));
    before - func.layout.len()
}

/// Mark and sweep over instructions and block parameters (all blocks reachable).
fn remove_dead_code(func: &mut Function, cx: &mut FunctionContext) -> usize {
    let mut live_inst: SecondaryMap<Inst, bool> = lir::entities::dense_map(func.insts.len());
    let mut live_value: SecondaryMap<Value, bool> = lir::entities::dense_map(func.values.len());
    let mut work: Vec<Value> = Vec::new();
    // Branches to each block, so a live parameter can make its arguments live.
    let mut edges: Vec<(Block, Inst)> = Vec::with_capacity(2 * func.layout.len());
    for &block in &func.layout {
        for &inst in &func.blocks[block].insts {
            let kind = &func.insts[inst].kind;
            incoming::push_edges(&mut edges, inst, kind);
            let root =
                kind.is_terminator() || !effects::is_removable(cx.module, func, kind, cx.summaries);
            if root {
                live_inst[inst] = true;
                push_operands(func, inst, &mut work);
            }
        }
    }
    let incoming = Incoming::new(func.blocks.len(), &edges);
    while let Some(v) = work.pop() {
        if live_value[v] {
            continue;
        }
        live_value[v] = true;
        match func.values[v].def {
            ValueDef::Result(inst, _) if !live_inst[inst] => {
                live_inst[inst] = true;
                push_operands(func, inst, &mut work);
            }
            ValueDef::BlockParam(block, index) => {
                for &branch in incoming.of(block) {
                    for call in func.insts[branch].kind.block_calls() {
                        if call.block == block {
                            if let Some(&arg) = call.args.get(index as usize) {
                                work.push(arg);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let mut removed = 0;
    for i in 0..func.layout.len() {
        let block = func.layout[i];
        let before = func.blocks[block].insts.len();
        func.blocks[block].insts.retain(|&i| live_inst[i]);
        removed += before - func.blocks[block].insts.len();
        let params = &func.blocks[block].params;
        if params.iter().all(|&p| live_value[p]) {
            continue;
        }
        let dead: Vec<bool> = params.iter().map(|&p| !live_value[p]).collect();
        removed += dead.iter().filter(|&&d| d).count();
        edit::remove_block_params(func, block, &dead, incoming.of(block));
    }
    removed
}

/// Makes the operands of a live instruction live; a terminator's branch arguments
/// only become live through the parameters they feed.
fn push_operands(func: &Function, inst: Inst, work: &mut Vec<Value>) {
    use lir::InstKind;
    match &func.insts[inst].kind {
        InstKind::Jump { .. } => {}
        InstKind::BrIf { cond, .. } => work.push(*cond),
        InstKind::Switch { index, .. } => work.push(*index),
        kind => kind.for_each_arg(|v| work.push(v)),
    }
}
