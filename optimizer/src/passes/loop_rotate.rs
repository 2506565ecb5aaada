//! `loop-rotate`: turns loops tested at the top into guarded loops tested at the
//! bottom.
//!
//! A loop whose header `H` computes a few values and ends in
//! `br_if %c, B(..), E(..)` — one arm in the loop, `B`, the other out of it, `E` —
//! is rotated: the latches (the loop's branches back to `H`) go to a copy `T` of
//! `H` instead, so that `H` runs once, as a guard, when the loop is entered, and
//! each iteration ends with `T`'s one conditional branch back to `B`, which becomes
//! the loop's header. In wasm this saves the `br` back of every iteration (a loop
//! tested at the top costs a `br_if` out and a `br` back). Every execution of the
//! original header corresponds to exactly one execution of `H` or `T`, in the same
//! order with respect to everything else, so even a header instruction that may
//! trap stays exact.
//!
//! Values of `H` used elsewhere are repaired: uses in blocks dominated by `B` take a
//! new parameter of `B` (given `H`'s value from the guard, `T`'s from the bottom
//! test, and itself around `B`'s own back edges, if `B` heads an inner loop), uses
//! after the exit `E` a new parameter of `E` (when `H` is its only predecessor).
//! If some use fits neither, the loop is left alone.
//!
//! It does not rotate loops whose header has more than a few instructions (fewer
//! with `Tuning::size_bias`), calls, system calls, volatile accesses, `memory.*` or
//! `stack.alloc` instructions, a `switch`, or both arms in the loop; nor irreducible
//! cycles. Rotations that could interfere (nested loops, loops touching the same
//! blocks) happen in successive rounds, each on fresh analyses.

use crate::analysis::{InstPositions, LoopId, LoopNest, Uses};
use crate::loop_utils::{self, LayoutEdits};
use crate::pass::{Changes, FunctionContext, FunctionPass};
use cranelift_entity::SecondaryMap;
use lir::analysis::{ControlFlowGraph, DominatorTree};
use lir::{Block, Function, Inst, InstKind, Value};

pub struct LoopRotate;

/// Header instructions (besides the terminator) copied at most.
const MAX_HEADER: usize = 8;
const MAX_HEADER_SIZE_BIAS: usize = 2;
/// Rounds of rotations per run (each on fresh analyses).
const MAX_ROUNDS: usize = 8;

impl FunctionPass for LoopRotate {
    fn name(&self) -> &'static str {
        "loop-rotate"
    }

    fn description(&self) -> &'static str {
        "turn loops tested at the top into guarded loops tested at the bottom"
    }

    fn run(&self, func: &mut Function, cx: &mut FunctionContext) -> Changes {
        let limit = if cx.tuning.size_bias {
            MAX_HEADER_SIZE_BIAS
        } else {
            MAX_HEADER
        };
        let mut total = 0;
        for _ in 0..MAX_ROUNDS {
            let nest = cx.analyses.loops(func);
            if nest.is_empty() {
                break;
            }
            let mut round = Round {
                nest: &nest,
                cfg: &cx.analyses.cfg(func),
                domtree: &cx.analyses.domtree(func),
                uses: &cx.analyses.uses(func),
                positions: &cx.analyses.positions(func),
                touched: SecondaryMap::new(),
                dirty: SecondaryMap::new(),
                blocked: SecondaryMap::new(),
                layout: LayoutEdits::default(),
                limit,
            };
            let ids: Vec<LoopId> = nest.loops().map(|(id, _)| id).collect();
            let mut rotated = 0;
            let mut deferred = 0;
            for &id in ids.iter().rev() {
                match round.try_rotate(func, id) {
                    Outcome::Rotated => rotated += 1,
                    Outcome::Deferred => deferred += 1,
                    Outcome::No => {}
                }
            }
            round.layout.apply(func);
            cx.analyses.clear();
            total += rotated;
            if rotated == 0 || deferred == 0 {
                break;
            }
        }
        Changes::cfg(total)
    }
}

enum Outcome {
    Rotated,
    /// Not now: an earlier rotation of this round touched its surroundings.
    Deferred,
    No,
}

/// One round of rotations on one set of analyses. Rotating a loop preserves the
/// dominance relations among existing blocks and only adds predecessors to blocks
/// it touches, so a later loop whose blocks and values no earlier rotation of the
/// round touched still sees accurate analyses.
struct Round<'a> {
    nest: &'a LoopNest,
    cfg: &'a ControlFlowGraph,
    domtree: &'a DominatorTree,
    uses: &'a Uses,
    positions: &'a InstPositions,
    /// Blocks whose edges or parameters a rotation of this round changed.
    touched: SecondaryMap<Block, bool>,
    /// Values that instructions created in this round use.
    dirty: SecondaryMap<Value, bool>,
    /// Loops containing a loop rotated in this round.
    blocked: SecondaryMap<LoopId, bool>,
    layout: LayoutEdits,
    limit: usize,
}

/// Which uses of a header value need which new parameter.
struct Repair {
    value: Value,
    in_body: Vec<Inst>,
    after_exit: Vec<Inst>,
}

impl Round<'_> {
    fn try_rotate(&mut self, func: &mut Function, id: LoopId) -> Outcome {
        let l = self.nest.get(id);
        let header = l.header;
        if self.blocked[id] || self.touched[header] {
            return Outcome::Deferred;
        }
        let Some(term) = func.terminator(header) else {
            return Outcome::No;
        };
        let InstKind::BrIf {
            then_dest,
            else_dest,
            ..
        } = &func.insts[term].kind
        else {
            return Outcome::No;
        };
        let (then_in, else_in) = (
            self.nest.contains(id, then_dest.block),
            self.nest.contains(id, else_dest.block),
        );
        let (body, exit) = match (then_in, else_in) {
            (true, false) => (then_dest.block, else_dest.block),
            (false, true) => (else_dest.block, then_dest.block),
            _ => return Outcome::No,
        };
        let insts = &func.blocks[header].insts;
        if body == header || insts.len() - 1 > self.limit {
            return Outcome::No;
        }
        if !insts[..insts.len() - 1]
            .iter()
            .all(|&i| copyable(&func.insts[i].kind))
        {
            return Outcome::No;
        }
        // Every other way into the body is a back edge of a loop it heads.
        let body_preds = self.cfg.preds(body);
        if body_preds.iter().filter(|&&p| p == header).count() != 1
            || body_preds.iter().any(|&p| {
                p != header && self.cfg.is_reachable(p) && !self.domtree.dominates(body, p)
            })
        {
            return Outcome::No;
        }
        let exit_single = self.cfg.preds(exit) == [header];
        // Interference with rotations earlier in this round.
        let latches = l.latches.clone();
        if [body, exit]
            .iter()
            .chain(&latches)
            .any(|&b| self.touched[b])
        {
            return Outcome::Deferred;
        }
        // A loop that already exits at a latch is tested at the bottom.
        let exits_at_latch = latches.iter().any(|&latch| {
            func.terminator(latch).is_some_and(|t| {
                func.insts[t]
                    .kind
                    .successors()
                    .any(|s| !self.nest.contains(id, s))
            })
        });
        if exits_at_latch {
            return Outcome::No;
        }
        let Some(repairs) = self.repairs(func, header, body, exit, exit_single) else {
            return Outcome::No;
        };
        if repairs.iter().any(|r| self.dirty[r.value]) {
            return Outcome::Deferred;
        }
        self.rotate(func, header, body, exit, &latches, repairs);
        let mut parent = l.parent;
        while let Some(p) = parent {
            self.blocked[p] = true;
            parent = self.nest.get(p).parent;
        }
        for b in [header, body, exit].into_iter().chain(latches) {
            self.touched[b] = true;
        }
        Outcome::Rotated
    }

    /// The uses of the header's values outside the header, by the parameter they
    /// will take; `None` if some use is in neither region.
    fn repairs(
        &self,
        func: &Function,
        header: Block,
        body: Block,
        exit: Block,
        exit_single: bool,
    ) -> Option<Vec<Repair>> {
        let mut values: Vec<Value> = func.blocks[header].params.clone();
        for &i in &func.blocks[header].insts {
            values.extend(func.insts[i].results.iter().copied());
        }
        let mut out = Vec::new();
        for value in values {
            let mut repair = Repair {
                value,
                in_body: Vec::new(),
                after_exit: Vec::new(),
            };
            let mut users = self.uses.users(value).to_vec();
            users.dedup();
            for user in users {
                let Some(ub) = self.positions.block(user) else {
                    continue;
                };
                if ub == header || !self.cfg.is_reachable(ub) {
                    continue;
                }
                if self.domtree.dominates(body, ub) {
                    repair.in_body.push(user);
                } else if exit_single && self.domtree.dominates(exit, ub) {
                    repair.after_exit.push(user);
                } else {
                    return None;
                }
            }
            if !repair.in_body.is_empty() || !repair.after_exit.is_empty() {
                out.push(repair);
            }
        }
        Some(out)
    }

    fn rotate(
        &mut self,
        func: &mut Function,
        header: Block,
        body: Block,
        exit: Block,
        latches: &[Block],
        repairs: Vec<Repair>,
    ) {
        let cloned = loop_utils::clone_blocks(func, &[header]);
        let test = cloned.new_blocks[0];
        for &i in &func.blocks[test].insts {
            func.insts[i].kind.for_each_arg(|v| self.dirty[v] = true);
        }
        for &latch in latches {
            loop_utils::retarget(func, latch, header, test);
        }
        self.layout
            .insert_after(*latches.last().unwrap_or(&header), test);
        let mut body_preds: Vec<Block> = self.cfg.preds(body).to_vec();
        body_preds.push(test);
        let exit_preds = [header, test];
        for r in repairs {
            let ty = func.value_type(r.value);
            let copy = cloned.value(r.value);
            let arg = |p: Block, param: Value| {
                if p == header {
                    r.value
                } else if p == test {
                    copy
                } else {
                    param
                }
            };
            if !r.in_body.is_empty() {
                let param = loop_utils::add_block_param(func, body, ty, &body_preds, arg);
                loop_utils::replace_uses(func, &r.in_body, r.value, param);
            }
            if !r.after_exit.is_empty() {
                let param = loop_utils::add_block_param(func, exit, ty, &exit_preds, arg);
                loop_utils::replace_uses(func, &r.after_exit, r.value, param);
            }
        }
        self.touched[test] = true;
    }
}

/// Whether a header instruction may be copied into the bottom test.
fn copyable(kind: &InstKind) -> bool {
    match kind {
        InstKind::Load { mem, .. } | InstKind::Store { mem, .. } => !mem.volatile,
        InstKind::Call { .. }
        | InstKind::CallIndirect { .. }
        | InstKind::Syscall { .. }
        | InstKind::StackAlloc { .. }
        | InstKind::MemoryGrow { .. }
        | InstKind::MemoryCopy { .. }
        | InstKind::MemoryFill { .. } => false,
        k => !k.is_terminator(),
    }
}
