//! Stage 4a, liveness: which values held in locals are live into and out of each
//! block, on the operand-stack schedule of [`crate::treeify`].
//!
//! Only values that need a local take part: not rematerialized, stackified or carried
//! on the stack, and used at least once. A use by a root instruction counts every local
//! its expression tree reads; block arguments are uses at the end of the predecessor
//! (the `jump`); block parameters are defined at the start of their block. A value
//! sunk into a later root's tree is still defined in its block, which is all that
//! matters here (where inside the block is local allocation's business).
//!
//! The computation follows the loop-forest algorithm for SSA (Boissinot et al., 2008)
//! without materializing per-block sets for values that only pass through loops:
//!
//! 1. *Partial liveness*, by path exploration on the forward edges only: from each
//!    block using a value, walk predecessors along non-back edges until the defining
//!    block, marking the value live in and out along the way. A loop header reached
//!    this way has the value live throughout its loop.
//! 2. *Whole loops*: such a value is then live into and out of every block of that
//!    loop (reducible CFGs, which the backend guarantees). Instead of copying it into
//!    every block, each value keeps its outermost such loops, and a query checks loop
//!    containment through [`crate::loops::LoopIntervals`].
//!
//! Cost: the partial sets are proportional to the forward paths from definitions to
//! uses; a loop nest 10,000 deep costs O(depth), not O(depth²). Queries take
//! O(log k) for a value live in k places. Local allocation asks the queries it needs
//! (this module does not list a block's full live-in set).

use crate::loops::Loops;
use crate::treeify::{reset_map, Access, Schedule};
use crate::values::Values;
use cranelift_entity::{EntityRef, SecondaryMap};
use lir::analysis::ControlFlowGraph;
use lir::{Block, Function, Value, ValueDef};

/// Where each local-held value is live, as partial sets plus whole loops.
pub(crate) struct Liveness<'a> {
    loops: &'a Loops,
    sets: LiveSets,
}

/// The sets of a [`Liveness`] (kept for the next function by [`LivenessScratch`]).
#[derive(Default)]
struct LiveSets {
    /// Blocks where the value is live-in / live-out by phase 1 (sorted per value).
    partial_in: PerValue<Block>,
    partial_out: PerValue<Block>,
    /// Values live-out of each block by phase 1 (unordered).
    out_by_block: BlockSets,
    /// Headers of the outermost loops each value is live throughout, by preorder.
    whole: PerValue<Block>,
    /// Values live throughout each loop, by header (a loop listed in `whole`).
    loop_values: BlockSets,
}

/// Liveness's buffers, kept from one function to the next ([`crate::workspace`]).
#[derive(Default)]
pub(crate) struct LivenessScratch {
    uses: Vec<(Value, Block)>,
    out_pairs: Vec<(Block, Value)>,
    loop_pairs: Vec<(Block, Value)>,
    in_stamp: SecondaryMap<Block, u32>,
    out_stamp: SecondaryMap<Block, u32>,
    ins: Vec<Block>,
    outs: Vec<Block>,
    loops_of_v: Vec<Block>,
    work: Vec<Block>,
    kept: Vec<Block>,
    fill: Vec<u32>,
    spare: LiveSets,
}

impl LivenessScratch {
    /// Keeps `live`'s sets for the next function's.
    pub(crate) fn recycle(&mut self, live: Liveness<'_>) {
        self.spare = live.sets;
    }
}

/// A sorted list per value, stored in one array (values filled in increasing order).
struct PerValue<T> {
    range: SecondaryMap<Value, (u32, u32)>,
    items: Vec<T>,
}

impl<T> Default for PerValue<T> {
    fn default() -> Self {
        PerValue {
            range: SecondaryMap::new(),
            items: Vec::new(),
        }
    }
}

impl<T: Copy> PerValue<T> {
    /// Empties the lists, sized for `num_values` values.
    fn reset(&mut self, num_values: usize) {
        reset_map(&mut self.range, num_values);
        self.items.clear();
    }

    /// Sets `v`'s list to `items` (each value at most once).
    fn set(&mut self, v: Value, items: &[T]) {
        let start = self.items.len() as u32;
        self.items.extend_from_slice(items);
        self.range[v] = (start, self.items.len() as u32);
    }

    fn of(&self, v: Value) -> &[T] {
        let (start, end) = self.range[v];
        &self.items[start as usize..end as usize]
    }
}

/// A list of values per block, stored in one array (built from `(block, value)`
/// pairs; each block's values keep the order of the pairs).
#[derive(Default)]
struct BlockSets {
    start: Vec<u32>,
    values: Vec<Value>,
}

impl BlockSets {
    /// Refills the sets from `pairs` (`fill` is scratch space).
    fn fill_from_pairs(
        &mut self,
        num_blocks: usize,
        pairs: &[(Block, Value)],
        fill: &mut Vec<u32>,
    ) {
        let BlockSets { start, values } = self;
        start.clear();
        start.resize(num_blocks + 1, 0);
        for &(b, _) in pairs {
            start[b.index() + 1] += 1;
        }
        for i in 0..num_blocks {
            start[i + 1] += start[i];
        }
        fill.clear();
        fill.extend_from_slice(&start[..num_blocks]);
        values.clear();
        values.resize(pairs.len(), Value::new(0));
        for &(b, v) in pairs {
            let slot = &mut fill[b.index()];
            values[*slot as usize] = v;
            *slot += 1;
        }
    }
}

impl std::ops::Index<Block> for BlockSets {
    type Output = [Value];

    fn index(&self, b: Block) -> &[Value] {
        match (self.start.get(b.index()), self.start.get(b.index() + 1)) {
            (Some(&s), Some(&e)) => &self.values[s as usize..e as usize],
            _ => &[],
        }
    }
}

/// Whether `v` lives in a local.
pub(crate) fn needs_local(values: &Values, schedule: &Schedule, v: Value) -> bool {
    values.remat[v].is_none()
        && !schedule.stackified[v]
        && !schedule.carried[v]
        && values.uses[v] > 0
}

/// The block where `v` is defined (function parameters: the entry block).
pub(crate) fn def_block(func: &Function, values: &Values, v: Value) -> Option<Block> {
    match func.value_def(v) {
        ValueDef::Param(_) => func.entry_block(),
        ValueDef::BlockParam(b, _) => Some(b),
        ValueDef::Result(inst, _) => values.block_of[inst],
        ValueDef::Slot(_) | ValueDef::Const(_) => None,
    }
}

impl<'a> Liveness<'a> {
    /// The liveness of `func`, whose CFG is `cfg` and loops `loops`.
    pub(crate) fn compute(
        func: &Function,
        cfg: &ControlFlowGraph,
        loops: &'a Loops,
        values: &Values,
        schedule: &Schedule,
        ws: &mut LivenessScratch,
    ) -> Liveness<'a> {
        let num_blocks = func.blocks.len();
        let num_values = func.values.len();
        let is_backward = |from: Block, to: Block| loops.is_backward(from, to);
        let intervals = loops.intervals();

        let LivenessScratch {
            uses,
            out_pairs,
            loop_pairs,
            in_stamp,
            out_stamp,
            ins,
            outs,
            loops_of_v,
            work,
            kept,
            fill,
            spare,
        } = ws;
        let mut sets = std::mem::take(spare);
        uses.clear();
        for &b in &func.layout {
            if !cfg.is_reachable(b) {
                continue;
            }
            for &root in &schedule.roots[b] {
                for &a in schedule.accesses_of(root) {
                    if let Access::Read(v) = a {
                        if def_block(func, values, v) != Some(b) {
                            uses.push((v, b));
                        }
                    }
                }
            }
        }
        uses.sort_unstable();
        uses.dedup();

        sets.partial_in.reset(num_values);
        sets.partial_out.reset(num_values);
        sets.whole.reset(num_values);
        out_pairs.clear();
        loop_pairs.clear();
        // Stamps: `v.index() + 1` when `v` is already in the block's set.
        reset_map(in_stamp, num_blocks);
        reset_map(out_stamp, num_blocks);
        work.clear();
        let mut i = 0;
        while i < uses.len() {
            let v = uses[i].0;
            let stamp = v.as_u32() + 1;
            let def = def_block(func, values, v);
            while i < uses.len() && uses[i].0 == v {
                work.push(uses[i].1);
                i += 1;
            }
            ins.clear();
            outs.clear();
            loops_of_v.clear();
            while let Some(b) = work.pop() {
                if in_stamp[b] == stamp {
                    continue;
                }
                in_stamp[b] = stamp;
                ins.push(b);
                if loops.is_header(b) {
                    loops_of_v.push(b);
                }
                for &p in cfg.preds(b) {
                    if !cfg.is_reachable(p) || is_backward(p, b) {
                        continue;
                    }
                    if out_stamp[p] != stamp {
                        out_stamp[p] = stamp;
                        outs.push(p);
                    }
                    if Some(p) != def && in_stamp[p] != stamp {
                        work.push(p);
                    }
                }
            }
            ins.sort_unstable();
            outs.sort_unstable();
            sets.partial_in.set(v, ins);
            sets.partial_out.set(v, outs);
            out_pairs.extend(outs.iter().map(|&b| (b, v)));
            // Keep the outermost loops only: by preorder, a loop inside the last one
            // kept is covered by it.
            loops_of_v.sort_unstable_by_key(|&h| intervals.pre(h));
            kept.clear();
            for &h in loops_of_v.iter() {
                if kept.last().is_none_or(|&k| !intervals.contains_loop(k, h)) {
                    kept.push(h);
                }
            }
            loop_pairs.extend(kept.iter().map(|&h| (h, v)));
            sets.whole.set(v, kept);
        }
        sets.out_by_block
            .fill_from_pairs(num_blocks, out_pairs, fill);
        sets.loop_values
            .fill_from_pairs(num_blocks, loop_pairs, fill);
        Liveness { loops, sets }
    }

    /// Whether `v` is live on entry to `b`.
    pub(crate) fn is_live_in(&self, v: Value, b: Block) -> bool {
        self.sets.partial_in.of(v).binary_search(&b).is_ok() || self.live_through_loop(v, b)
    }

    /// Whether `v` is live at the end of `b`.
    pub(crate) fn is_live_out(&self, v: Value, b: Block) -> bool {
        self.sets.partial_out.of(v).binary_search(&b).is_ok() || self.live_through_loop(v, b)
    }

    /// Whether `b` lies in a loop that `v` is live throughout.
    fn live_through_loop(&self, v: Value, b: Block) -> bool {
        let loops = self.sets.whole.of(v);
        let Some(inner) = self.loops.innermost(b).filter(|_| !loops.is_empty()) else {
            return false;
        };
        // The candidate is the last loop numbered at most `inner`'s number.
        let p = self.loops.intervals().pre(inner);
        let k = loops.partition_point(|&h| self.loops.intervals().pre(h) <= p);
        k > 0 && self.loops.intervals().contains_loop(loops[k - 1], inner)
    }

    /// Calls `f` with every value live at the end of `b` that may not be live on entry
    /// to `c`, a block `b` dominates (possibly more than once; the caller checks with
    /// [`Liveness::is_live_in`]). Everything else live at the end of `b` is live into `c`.
    pub(crate) fn for_each_maybe_dying(&self, b: Block, c: Block, mut f: impl FnMut(Value)) {
        for &v in &self.sets.out_by_block[b] {
            f(v);
        }
        // Loops that contain `b` but not `c`: their values may die on the way.
        let target = self.loops.innermost(c);
        let mut l = self.loops.innermost(b);
        while let Some(h) = l {
            if target.is_some_and(|t| self.loops.intervals().contains_loop(h, t)) {
                break;
            }
            for &v in &self.sets.loop_values[h] {
                f(v);
            }
            l = self.loops.parent(h);
        }
    }
}

#[cfg(test)]
mod tests {
    //! The queries against textbook iterative dataflow liveness, on random modules and
    //! on loop nests.
    use super::*;
    use crate::{prepare, reducify};
    use lir::analysis::DominatorTree;
    use lir::layout::Layout;
    use lir::testing::{module_from_seed, GenConfig};
    use std::collections::HashSet;

    /// Checks every query of every value against the fixpoint of
    /// `in(b) = uses(b) ∪ (out(b) − defs(b))`, `out(b) = ∪ in(successors)`.
    fn check_module(module: &lir::Module) {
        let layout = Layout::compute(module).expect("layout");
        // One workspace for all functions, as the pipeline does.
        let mut ws = crate::workspace::Workspace::default();
        for original in module.funcs.values().filter(|f| !f.is_import()) {
            let mut func = prepare::prepare(original).into_owned();
            let cfg = ControlFlowGraph::new(&func);
            if !reducify::is_reducible(&cfg, &DominatorTree::new(&cfg)) {
                reducify::reducify(&mut func, &mut ws.reducify);
            }
            let cfg = ControlFlowGraph::new(&func);
            let values = Values::compute(&func, &layout, &mut ws.values);
            let schedule = Schedule::compute(&func, &values, &mut ws.treeify);
            let loops = Loops::of_cfg(&cfg);
            let live = Liveness::compute(&func, &cfg, &loops, &values, &schedule, &mut ws.live);

            let blocks: Vec<Block> = cfg.rpo().to_vec();
            let mut uses: SecondaryMap<Block, HashSet<Value>> = SecondaryMap::new();
            let mut buffer = Vec::new();
            for &b in &blocks {
                for &root in &schedule.roots[b] {
                    schedule.for_each_local_use(&func, &values, root, &mut buffer, |v| {
                        if def_block(&func, &values, v) != Some(b) {
                            uses[b].insert(v);
                        }
                    });
                }
            }
            let defined_in = |v: Value, b: Block| def_block(&func, &values, v) == Some(b);
            let mut live_in: SecondaryMap<Block, HashSet<Value>> = SecondaryMap::new();
            let mut live_out: SecondaryMap<Block, HashSet<Value>> = SecondaryMap::new();
            let mut changed = true;
            while changed {
                changed = false;
                for &b in blocks.iter().rev() {
                    let out: HashSet<Value> = cfg
                        .succs(b)
                        .iter()
                        .flat_map(|&s| live_in[s].iter().copied())
                        .collect();
                    let mut inn: HashSet<Value> = uses[b].clone();
                    inn.extend(out.iter().copied().filter(|&v| !defined_in(v, b)));
                    if inn != live_in[b] || out != live_out[b] {
                        changed = true;
                        live_in[b] = inn;
                        live_out[b] = out;
                    }
                }
            }
            for &b in &blocks {
                for (v, _) in func.values.iter() {
                    let name = || format!("{} in @{}, {}", v, func.name, func.block_label(b));
                    assert_eq!(
                        live.is_live_in(v, b),
                        live_in[b].contains(&v),
                        "in: {}",
                        name()
                    );
                    assert_eq!(
                        live.is_live_out(v, b),
                        live_out[b].contains(&v),
                        "out: {}",
                        name()
                    );
                }
            }
            ws.live.recycle(live);
            ws.treeify.recycle(schedule);
            ws.values.recycle(values);
        }
    }

    #[test]
    fn agrees_with_dataflow_on_random_modules() {
        for seed in 0..150 {
            check_module(&module_from_seed(GenConfig::default(), seed));
        }
    }

    #[test]
    fn agrees_with_dataflow_on_nested_and_sequential_loops() {
        let module = lir::text::parse(
            r#"
            func @f(%n: i32, %m: i32) -> i32 {
            entry:
                jump h0(0, 0)
            h0(%i: i32, %acc: i32):
                %c0 = lt_s %i, %n
                br_if %c0, h1(0, %acc), after
            h1(%j: i32, %a1: i32):
                %c1 = lt_s %j, %m
                br_if %c1, h2(0, %a1), latch0
            h2(%k: i32, %a2: i32):
                %c2 = lt_s %k, %i
                br_if %c2, body, latch1
            body:
                %s = add %a2, %k
                %t = mul %s, %n
                %k1 = add %k, 1
                jump h2(%k1, %t)
            latch1:
                %j1 = add %j, 1
                jump h1(%j1, %a2)
            latch0:
                %i1 = add %i, 1
                jump h0(%i1, %a1)
            after:
                jump h3(%acc)
            h3(%x: i32):
                %y = sub %x, %m
                %z = gt_s %y, %n
                br_if %z, h3(%y), done
            done:
                %r = add %y, %i
                ret %r
            }
            "#,
        )
        .expect("parses");
        check_module(&module);
    }
}
