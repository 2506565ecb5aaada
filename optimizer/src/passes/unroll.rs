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
//! Only counted loops are unrolled: the only exit, at the header or the only latch,
//! compares a counter (a header parameter stepped by a constant) with a value from
//! outside the loop. The factor: when the loop visibly runs a small constant number
//! `n` of times (the counter also has a constant start and is compared with a
//! constant), `k = n` — the last copy's back edge is
//! then never taken, and `sccp` + `simplify-cfg` turn the copies into straight-line
//! code (full unrolling); otherwise 4 for bodies of at most 8 instructions and 2 up
//! to 16. Only the factor rests on that analysis, never correctness. Trip counts up to
//! 4,096 are found by stepping the counter; longer ones (a 64 KiB buffer walked byte
//! by byte) in closed form, for loops that stay while the counter is below a constant
//! bound with a small positive step.
//!
//! It does not unroll loops whose exit depends on the data they read (a scan for a
//! terminator: the copies would only save a back branch each), loops containing
//! loops, calls, system calls or `stack.alloc`,
//! larger bodies, loops whose values are used after them where no exit block can
//! carry them, or irreducible cycles; nor does it merge the copies' computations
//! (later passes may).

use crate::analysis::{LoopId, LoopNest};
use crate::edit;
use crate::loop_utils::{self, LayoutEdits};
use crate::pass::{Changes, FunctionContext, FunctionPass};
use cranelift_entity::{packed_option::PackedOption, SecondaryMap};
use lir::analysis::ControlFlowGraph;
use lir::interp::eval;
use lir::{BinaryOp, Block, CompareOp, Function, Imm, InstKind, Value, ValueDef};

pub struct Unroll;

/// Bodies (all blocks of the loop) of at most this many instructions are unrolled
/// by 4, and up to twice that by 2.
const SMALL_BODY: usize = 8;
/// Full unrolling: at most this many iterations and this many instructions in all.
const MAX_FULL_TRIPS: u64 = 8;
const MAX_FULL_SIZE: usize = 64;
/// Trip counts are computed by stepping the counter, up to this many rounds; a
/// partially unrolled loop with a known count keeps only the exit test of the copy
/// its last round runs in.
const MAX_KNOWN_TRIPS: u64 = 4096;

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
        let mut chosen: Vec<(LoopId, Plan)> = Vec::new();
        for id in nest.innermost_loops() {
            let l = nest.get(id);
            let Some(plan) = plan(func, &cfg, &nest, id, &inst_block) else {
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
                chosen.push((id, plan));
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
        for (id, plan) in &chosen {
            let (l, factor) = (nest.get(*id), plan.factor);
            let last = *l
                .blocks
                .iter()
                .max_by_key(|&&b| position[b])
                .expect("a loop has blocks");
            let mut headers = vec![l.header];
            let mut latch_copies: Vec<Vec<Block>> = vec![l.latches.clone()];
            let mut exit_tests = vec![plan.exit_block];
            for _ in 1..factor {
                let cloned = loop_utils::clone_blocks(func, &l.blocks);
                headers.push(cloned.block(l.header));
                exit_tests.push(cloned.block(plan.exit_block));
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
            if let Some(rounds) = plan.rounds {
                // Round r (from 0) runs in copy r % k and only round `rounds - 1`
                // leaves: the other copies' tests always stay in the loop.
                let leaving = ((rounds - 1) % factor) as usize;
                for (j, &test) in exit_tests.iter().enumerate() {
                    if j != leaving {
                        stay_in_loop(func, test, plan.stay_when);
                    }
                }
            }
        }
        layout.apply(func);
        Changes::cfg(chosen.len())
    }
}

/// How an innermost loop is unrolled.
struct Plan {
    factor: u64,
    /// The block whose `br_if` is the loop's only exit test.
    exit_block: Block,
    /// Whether the loop stays when that test's condition holds.
    stay_when: bool,
    /// How many rounds the loop runs, when that is a known constant.
    rounds: Option<u64>,
}

/// Replaces the condition of `block`'s exit test by the constant that keeps control
/// in the loop (`sccp` and `simplify-cfg` then drop the exit edge).
fn stay_in_loop(func: &mut Function, block: Block, stay_when: bool) {
    let Some(term) = func.terminator(block) else {
        return;
    };
    let ty = match &func.insts[term].kind {
        InstKind::BrIf { cond, .. } => func.value_type(*cond),
        _ => return,
    };
    let constant = func.const_value(Imm::new(ty, u64::from(stay_when)));
    if let InstKind::BrIf { cond, .. } = &mut func.insts[term].kind {
        *cond = constant;
    }
}

/// How an innermost loop is unrolled, or `None` if it is not.
fn plan(
    func: &Function,
    cfg: &ControlFlowGraph,
    nest: &LoopNest,
    id: LoopId,
    inst_block: &SecondaryMap<lir::Inst, PackedOption<Block>>,
) -> Option<Plan> {
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
    // Partial unrolling saves a back branch per round; a loop whose exit depends on
    // the data it reads (a scan for a terminator) gains too little for the code.
    let exit = counted_exit(func, nest, id, inst_block)?;
    let rounds = trip_count(func, cfg, l.header, &exit, MAX_KNOWN_TRIPS)
        .or_else(|| closed_form_trip_count(func, cfg, l.header, &exit));
    let factor = match rounds {
        Some(n) if (2..=MAX_FULL_TRIPS).contains(&n) && n as usize * size <= MAX_FULL_SIZE => n,
        _ if size <= SMALL_BODY => 4,
        _ if size <= 2 * SMALL_BODY => 2,
        _ => return None,
    };
    Some(Plan {
        factor,
        exit_block: exit.block,
        stay_when: !exit.exit_when,
        rounds,
    })
}

/// The exit of a counted loop: its only exit, at the header or the only latch, is a
/// `br_if` on a comparison of a counter (a header parameter, plus a constant, that
/// each round adds a constant to) with a value computed outside the loop.
struct CountedExit<'f> {
    op: &'f lir::CompareOp,
    /// Which operand of the comparison is the counter.
    counter_side: usize,
    /// The other operand.
    bound: Value,
    /// What the comparison adds to the counter.
    offset: u64,
    /// The counter's position among the header's parameters.
    index: usize,
    /// What each round adds to the counter.
    step: u64,
    /// Whether the loop exits when the comparison holds.
    exit_when: bool,
    latch: Block,
    /// The block that tests (the header or the latch).
    block: Block,
}

fn counted_exit<'f>(
    func: &'f Function,
    nest: &LoopNest,
    id: LoopId,
    inst_block: &SecondaryMap<lir::Inst, PackedOption<Block>>,
) -> Option<CountedExit<'f>> {
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
    let invariant = |v: Value| match func.values[v].def {
        ValueDef::Result(inst, _) => inst_block[inst].expand().is_some_and(|b| !in_loop(b)),
        ValueDef::BlockParam(b, _) => !in_loop(b),
        ValueDef::Param(_) | ValueDef::Slot(_) | ValueDef::Const(_) => true,
    };
    let (counter_side, bound) = if invariant(args[1]) {
        (0, args[1])
    } else if invariant(args[0]) {
        (1, args[0])
    } else {
        return None;
    };
    let (param, offset) = plus_constant(func, args[counter_side])?;
    let index = func.blocks[l.header]
        .params
        .iter()
        .position(|&p| p == param)?;
    let latch_term = func.terminator(latch)?;
    let mut back = func.insts[latch_term]
        .kind
        .block_calls()
        .into_iter()
        .filter(|c| c.block == l.header)
        .map(|c| c.args[index]);
    let next = back.next()?;
    if back.next().is_some() {
        return None;
    }
    let (next_param, step) = plus_constant(func, next)?;
    if next_param != param {
        return None;
    }
    Some(CountedExit {
        op,
        counter_side,
        bound,
        offset,
        index,
        step,
        exit_when,
        latch,
        block: exit_block,
    })
}

/// How many rounds the counted loop runs (its exit test runs once per round and
/// leaves in the last), if that is a constant up to `limit`: its counter has a
/// constant start (from the only way in) and is compared with a constant.
fn trip_count(
    func: &Function,
    cfg: &ControlFlowGraph,
    header: Block,
    exit: &CountedExit,
    limit: u64,
) -> Option<u64> {
    let bound = func.as_const(exit.bound)?;
    let start = single_entry_arg(func, cfg, header, exit.latch, exit.index)?;
    let ty = func.value_type(func.blocks[header].params[exit.index]);
    let mut value = start;
    for n in 1..=limit {
        let seen = eval::binary(BinaryOp::Add, value, Imm::new(ty, exit.offset)).ok()?;
        let operands = if exit.counter_side == 0 {
            [seen, bound]
        } else {
            [bound, seen]
        };
        let taken = eval::compare(*exit.op, operands[0], operands[1])
            .ok()?
            .bits()
            != 0;
        if taken == exit.exit_when {
            return Some(n);
        }
        value = eval::binary(BinaryOp::Add, value, Imm::new(ty, exit.step)).ok()?;
    }
    None
}

/// The rounds of a counted loop too long to step through ([`trip_count`]), in closed
/// form, for the usual shape: a constant start and bound, a loop that stays while the
/// tested value `v = counter + offset` is below the bound (`lt`/`le`, signed or
/// unsigned, after mirroring and negating the comparison), and a positive step. The
/// tested values then grow without wrapping until the first that is not below the
/// bound (checked: that value must fit the type), so the rounds are counted exactly.
fn closed_form_trip_count(
    func: &Function,
    cfg: &ControlFlowGraph,
    header: Block,
    exit: &CountedExit,
) -> Option<u64> {
    use CompareOp::*;
    let bound = func.as_const(exit.bound)?;
    let start = single_entry_arg(func, cfg, header, exit.latch, exit.index)?;
    let ty = func.value_type(func.blocks[header].params[exit.index]);
    let op = if exit.counter_side == 0 {
        *exit.op
    } else {
        exit.op.swapped()
    };
    let stays = if exit.exit_when { op.inverse(ty)? } else { op };
    let (signed, inclusive) = match stays {
        LtS => (true, false),
        LtU => (false, false),
        LeS => (true, true),
        LeU => (false, true),
        _ => return None,
    };
    let bits = ty.bits();
    let mask = if bits == 32 { 0xffff_ffff } else { u64::MAX };
    let step = exit.step & mask;
    if step == 0 || step > 1 << 16 {
        return None;
    }
    // Values as mathematical integers of the comparison's signedness.
    let value = |raw: u64| -> i128 {
        let raw = raw & mask;
        if signed && raw >> (bits - 1) & 1 == 1 {
            raw as i128 - (1i128 << bits)
        } else {
            raw as i128
        }
    };
    let max = if signed {
        (1i128 << (bits - 1)) - 1
    } else {
        (1i128 << bits) - 1
    };
    let first = value(start.bits().wrapping_add(exit.offset));
    let bound = value(bound.bits());
    // Rounds before the first that leaves (the test of round r sees first + r*step).
    let staying = if inclusive {
        if first > bound {
            0
        } else {
            (bound - first) / step as i128 + 1
        }
    } else if first >= bound {
        0
    } else {
        (bound - first + step as i128 - 1) / step as i128
    };
    // The leaving value must not have wrapped on the way.
    if first + staying * step as i128 > max {
        return None;
    }
    u64::try_from(staying + 1).ok()
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
