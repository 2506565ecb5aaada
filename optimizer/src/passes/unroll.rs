//! `unroll`: unrolls small innermost loops (only with `Tuning::unroll`, i.e. `-O2`).
//!
//! The loop's blocks are copied `k - 1` times and chained: the back edges of copy
//! `j` go to the header of copy `j + 1`, those of the last copy back to the
//! original header. Every copy keeps all of the loop's exit tests, so no remainder
//! loop is needed and the loop runs exactly as before, iteration by iteration —
//! traps, volatile accesses (each iteration's stays, as many times as before) and
//! non-termination included. First the loop is put in closed form
//! (`loop_utils::close_loop`): values used after the loop reach those uses through
//! parameters of the exit blocks, so each copy can pass its own.
//!
//! The factor: when the loop visibly runs a small constant number `n` of times (a
//! counter with a constant start and step tested against a constant by the only
//! exit, at the header or the only latch), `k = n` — the last copy's back edge is
//! then never taken, and `sccp` + `simplify-cfg` turn the copies into straight-line
//! code (full unrolling); otherwise 4 for bodies of at most 8 instructions and 2 up
//! to 16. Only the factor rests on that analysis, never correctness.
//!
//! It does not unroll loops containing loops, calls, system calls or `stack.alloc`,
//! larger bodies, loops whose values are used after them where no exit block can
//! carry them, or irreducible cycles; nor does it merge the copies' computations
//! (later passes may).

use crate::analysis::{LoopId, LoopNest};
use crate::edit;
use crate::loop_utils::{self, LayoutEdits};
use crate::pass::{Changes, FunctionContext, FunctionPass};
use cranelift_entity::SecondaryMap;
use lir::analysis::ControlFlowGraph;
use lir::interp::eval;
use lir::{BinaryOp, Block, Function, Imm, InstKind, Value};

pub struct Unroll;

/// Bodies (all blocks of the loop) of at most this many instructions are unrolled
/// by 4, and up to twice that by 2.
const SMALL_BODY: usize = 8;
/// Full unrolling: at most this many iterations and this many instructions in all.
const MAX_FULL_TRIPS: u64 = 8;
const MAX_FULL_SIZE: usize = 64;

impl FunctionPass for Unroll {
    fn name(&self) -> &'static str {
        "unroll"
    }

    fn description(&self) -> &'static str {
        "unroll small innermost loops, keeping every exit test (fully for small constant trip counts)"
    }

    fn run(&self, func: &mut Function, cx: &mut FunctionContext) -> Changes {
        if !cx.tuning.unroll {
            return Changes::NONE;
        }
        let nest = cx.analyses.loops(func);
        if nest.is_empty() {
            return Changes::NONE;
        }
        let cfg = cx.analyses.cfg(func);
        let domtree = cx.analyses.domtree(func);
        let uses = cx.analyses.uses(func);
        let inst_block = edit::inst_blocks(func);
        // Phase 1: choose loops and close them. Closing changes only instructions
        // and parameters, never the CFG, so the analyses stay valid for every loop.
        let mut chosen: Vec<(LoopId, u64)> = Vec::new();
        for id in nest.innermost_loops() {
            let l = nest.get(id);
            let Some(factor) = factor(func, &cfg, &nest, id) else {
                continue;
            };
            let in_loop = loop_utils::block_set(&l.blocks);
            if loop_utils::close_loop(
                func,
                &l.blocks,
                &in_loop,
                &cfg,
                &domtree,
                &uses,
                &inst_block,
            ) {
                chosen.push((id, factor));
            }
        }
        if chosen.is_empty() {
            return Changes::NONE;
        }
        // Phase 2: copy. Each loop's copies only change its own back edges.
        let mut layout = LayoutEdits::default();
        let mut position: SecondaryMap<Block, usize> = SecondaryMap::new();
        for (i, &b) in func.layout.iter().enumerate() {
            position[b] = i;
        }
        for &(id, factor) in &chosen {
            let l = nest.get(id);
            let last = *l
                .blocks
                .iter()
                .max_by_key(|&&b| position[b])
                .expect("a loop has blocks");
            let mut headers = vec![l.header];
            let mut latch_copies: Vec<Vec<Block>> = vec![l.latches.clone()];
            for _ in 1..factor {
                let cloned = loop_utils::clone_blocks(func, &l.blocks);
                headers.push(cloned.block(l.header));
                latch_copies.push(l.latches.iter().map(|&b| cloned.block(b)).collect());
                for &b in &cloned.new_blocks {
                    layout.insert_after(last, b);
                }
            }
            let k = headers.len();
            for j in 0..k {
                for &latch in &latch_copies[j] {
                    loop_utils::retarget(func, latch, headers[j], headers[(j + 1) % k]);
                }
            }
        }
        layout.apply(func);
        Changes::cfg(chosen.len())
    }
}

/// The unroll factor of an innermost loop, or `None` if it is not unrolled.
fn factor(func: &Function, cfg: &ControlFlowGraph, nest: &LoopNest, id: LoopId) -> Option<u64> {
    let l = nest.get(id);
    let mut size = 0;
    for &b in &l.blocks {
        for &inst in &func.blocks[b].insts {
            size += 1;
            if matches!(
                func.insts[inst].kind,
                InstKind::Call { .. }
                    | InstKind::CallIndirect { .. }
                    | InstKind::Syscall { .. }
                    | InstKind::StackAlloc { .. }
            ) {
                return None;
            }
        }
    }
    if let Some(n) = trip_count(func, cfg, nest, id) {
        if n >= 2 && n as usize * size <= MAX_FULL_SIZE {
            return Some(n);
        }
    }
    if size <= SMALL_BODY {
        Some(4)
    } else if size <= 2 * SMALL_BODY {
        Some(2)
    } else {
        None
    }
}

/// How many times the header runs, if the loop visibly runs a constant number of
/// times up to [`MAX_FULL_TRIPS`]: one exit, at the header or the only latch,
/// testing a counter with a constant start (from the only way in) and a constant
/// step against a constant.
fn trip_count(func: &Function, cfg: &ControlFlowGraph, nest: &LoopNest, id: LoopId) -> Option<u64> {
    let l = nest.get(id);
    let [latch] = l.latches[..] else {
        return None;
    };
    let in_loop = |b: Block| nest.contains(id, b);
    let mut exiting = l.blocks.iter().copied().filter(|&b| {
        func.terminator(b)
            .is_some_and(|t| func.insts[t].kind.successors().any(|s| !in_loop(s)))
    });
    let exit_block = exiting.next()?;
    if exiting.next().is_some() || (exit_block != l.header && exit_block != latch) {
        return None;
    }
    let InstKind::BrIf {
        cond, then_dest, ..
    } = &func.insts[func.terminator(exit_block)?].kind
    else {
        return None;
    };
    let exit_when = !in_loop(then_dest.block);
    let InstKind::Compare { op, args } = edit::def_kind(func, *cond)? else {
        return None;
    };
    // The counter: a header parameter, its start and step, and what the compare
    // sees (the parameter plus a constant).
    let (counter_side, bound) = match (func.as_const(args[0]), func.as_const(args[1])) {
        (None, Some(b)) => (0, b),
        (Some(b), None) => (1, b),
        _ => return None,
    };
    let (param, offset) = plus_constant(func, args[counter_side])?;
    let index = func.blocks[l.header]
        .params
        .iter()
        .position(|&p| p == param)?;
    let start = single_entry_arg(func, cfg, l.header, latch, index)?;
    let latch_term = func.terminator(latch)?;
    let back: Vec<Value> = func.insts[latch_term]
        .kind
        .block_calls()
        .iter()
        .filter(|c| c.block == l.header)
        .map(|c| c.args[index])
        .collect();
    let [next] = back[..] else {
        return None;
    };
    let (next_param, step) = plus_constant(func, next)?;
    if next_param != param {
        return None;
    }
    let ty = func.value_type(param);
    let mut value = start;
    for n in 1..=MAX_FULL_TRIPS {
        let seen = eval::binary(BinaryOp::Add, value, Imm::new(ty, offset)).ok()?;
        let operands = if counter_side == 0 {
            [seen, bound]
        } else {
            [bound, seen]
        };
        let taken = eval::compare(*op, operands[0], operands[1]).ok()?.bits() != 0;
        if taken == exit_when {
            return Some(n);
        }
        value = eval::binary(BinaryOp::Add, value, Imm::new(ty, step)).ok()?;
    }
    None
}

/// `v` as a header-parameter candidate plus a constant: `(v, 0)` or, for
/// `add x, c` / `sub x, c`, `(x, ±c)`.
fn plus_constant(func: &Function, v: Value) -> Option<(Value, u64)> {
    match edit::def_kind(func, v) {
        Some(InstKind::Binary {
            op: BinaryOp::Add,
            args: [x, y],
        }) => match (func.as_const(*x), func.as_const(*y)) {
            (None, Some(c)) => Some((*x, c.bits())),
            (Some(c), None) => Some((*y, c.bits())),
            _ => None,
        },
        Some(InstKind::Binary {
            op: BinaryOp::Sub,
            args: [x, y],
        }) => func.as_const(*y).map(|c| (*x, c.bits().wrapping_neg())),
        Some(_) => None,
        None => Some((v, 0)),
    }
}

/// The constant every branch into `header` from outside the loop passes as its
/// `index`-th parameter, if there is one such constant (the latch is the only
/// predecessor in the loop).
fn single_entry_arg(
    func: &Function,
    cfg: &ControlFlowGraph,
    header: Block,
    latch: Block,
    index: usize,
) -> Option<Imm> {
    let mut start = None;
    for &b in cfg.preds(header) {
        if b == latch {
            continue;
        }
        let t = func.terminator(b)?;
        for call in func.insts[t].kind.block_calls() {
            if call.block == header {
                let c = func.as_const(call.args[index])?;
                if start.is_some_and(|s| s != c) {
                    return None;
                }
                start = Some(c);
            }
        }
    }
    start
}
