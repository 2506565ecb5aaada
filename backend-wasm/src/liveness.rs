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
//! The computation is SSA path exploration (Boissinot et al.): from each block using a
//! value, walk predecessors backwards until the defining block, marking the value live
//! in and out along the way. Cost: proportional to the total size of the live ranges,
//! with no per-block bit vectors.

use crate::treeify::Schedule;
use crate::values::Values;
use cranelift_entity::EntityRef;
use cranelift_entity::SecondaryMap;
use lir::analysis::ControlFlowGraph;
use lir::{Block, Function, Value, ValueDef};

/// Live-in and live-out sets of every block (unordered, without duplicates).
pub(crate) struct Liveness {
    pub live_in: BlockSets,
    pub live_out: BlockSets,
}

/// A list of values per block, stored in one array (built from `(block, value)`
/// pairs; each block's values keep the order of the pairs).
pub(crate) struct BlockSets {
    start: Vec<u32>,
    values: Vec<Value>,
}

impl BlockSets {
    fn from_pairs(num_blocks: usize, pairs: &[(Block, Value)]) -> BlockSets {
        let mut start = vec![0u32; num_blocks + 1];
        for &(b, _) in pairs {
            start[b.index() + 1] += 1;
        }
        for i in 0..num_blocks {
            start[i + 1] += start[i];
        }
        let mut fill: Vec<u32> = start[..num_blocks].to_vec();
        let mut values = vec![Value::new(0); pairs.len()];
        for &(b, v) in pairs {
            let slot = &mut fill[b.index()];
            values[*slot as usize] = v;
            *slot += 1;
        }
        BlockSets { start, values }
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

impl Liveness {
    pub(crate) fn compute(
        func: &Function,
        cfg: &ControlFlowGraph,
        values: &Values,
        schedule: &Schedule,
    ) -> Liveness {
        let mut uses: Vec<(Value, Block)> = Vec::new();
        let mut buffer = Vec::new();
        for &b in &func.layout {
            for &root in &schedule.roots[b] {
                schedule.for_each_local_use(func, values, root, &mut buffer, |v| {
                    if def_block(func, values, v) != Some(b) {
                        uses.push((v, b));
                    }
                });
            }
        }
        uses.sort_unstable();
        uses.dedup();

        let mut live_in: Vec<(Block, Value)> = Vec::new();
        let mut live_out: Vec<(Block, Value)> = Vec::new();
        // Stamps: `v.index() + 1` when `v` is already in the block's set.
        let mut in_stamp: SecondaryMap<Block, u32> = lir::entities::dense_map(func.blocks.len());
        let mut out_stamp: SecondaryMap<Block, u32> = lir::entities::dense_map(func.blocks.len());
        let mut work: Vec<Block> = Vec::new();
        let mut i = 0;
        while i < uses.len() {
            let v = uses[i].0;
            let stamp = v.as_u32() + 1;
            let def = def_block(func, values, v);
            while i < uses.len() && uses[i].0 == v {
                work.push(uses[i].1);
                i += 1;
            }
            while let Some(b) = work.pop() {
                if in_stamp[b] == stamp {
                    continue;
                }
                in_stamp[b] = stamp;
                live_in.push((b, v));
                for &p in cfg.preds(b) {
                    if !cfg.is_reachable(p) {
                        continue;
                    }
                    if out_stamp[p] != stamp {
                        out_stamp[p] = stamp;
                        live_out.push((p, v));
                    }
                    if Some(p) != def && in_stamp[p] != stamp {
                        work.push(p);
                    }
                }
            }
        }
        Liveness {
            live_in: BlockSets::from_pairs(func.blocks.len(), &live_in),
            live_out: BlockSets::from_pairs(func.blocks.len(), &live_out),
        }
    }
}
