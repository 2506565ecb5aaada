//! The control-flow graph of one function: successor and predecessor lists and a
//! reverse postorder of the blocks reachable from the entry.
//!
//! Successors come from each block's terminator in text order, one entry per edge
//! (a `br_if` with both arms to the same block yields two edges). Only blocks in the
//! layout take part. The lists are stored flat (one array of edges per direction,
//! indexed by block), so building a CFG allocates a handful of vectors, not one per
//! block — optimizers build many.

use crate::entities::Block;
use crate::function::Function;
use cranelift_entity::{EntityRef, SecondaryMap};

/// Predecessors, successors and reverse postorder of a function.
#[derive(Clone, Debug, Default)]
pub struct ControlFlowGraph {
    /// `succ_edges[succ_start[b]..succ_start[b + 1]]` are `b`'s successors.
    succ_start: Vec<u32>,
    succ_edges: Vec<Block>,
    pred_start: Vec<u32>,
    pred_edges: Vec<Block>,
    reachable: SecondaryMap<Block, bool>,
    rpo: Vec<Block>,
    rpo_index: SecondaryMap<Block, u32>,
}

impl ControlFlowGraph {
    /// Computes the CFG of `func`. Blocks without a terminator have no successors.
    pub fn new(func: &Function) -> ControlFlowGraph {
        let n = func.blocks.len();
        let mut cfg = ControlFlowGraph {
            succ_start: vec![0; n + 1],
            pred_start: vec![0; n + 1],
            ..ControlFlowGraph::default()
        };
        // The layout's blocks, each once (a malformed layout may list one twice).
        let mut seen = vec![false; n];
        let order: Vec<Block> = func
            .layout
            .iter()
            .copied()
            .filter(|b| {
                seen.get_mut(b.index())
                    .is_some_and(|s| !std::mem::replace(s, true))
            })
            .collect();
        // Count each block's successors and predecessors, then fill both flat
        // arrays in layout order.
        let mut pred_count = vec![0u32; n];
        for &block in &order {
            let mut count = 0;
            if let Some(term) = func.terminator(block) {
                for s in func.insts[term].kind.successors() {
                    count += 1;
                    if let Some(c) = pred_count.get_mut(s.index()) {
                        *c += 1;
                    }
                }
            }
            cfg.succ_start[block.index() + 1] = count;
        }
        for (b, &preds) in pred_count.iter().enumerate().take(n) {
            cfg.succ_start[b + 1] += cfg.succ_start[b];
            cfg.pred_start[b + 1] = cfg.pred_start[b] + preds;
        }
        cfg.succ_edges = vec![Block::new(0); cfg.succ_start[n] as usize];
        cfg.pred_edges = vec![Block::new(0); cfg.pred_start[n] as usize];
        // `pred_count` becomes the next free position of each predecessor list.
        pred_count.copy_from_slice(&cfg.pred_start[..n]);
        for &block in &order {
            let Some(term) = func.terminator(block) else {
                continue;
            };
            let first = cfg.succ_start[block.index()] as usize;
            for (at, s) in (first..).zip(func.insts[term].kind.successors()) {
                cfg.succ_edges[at] = s;
                if let Some(p) = pred_count.get_mut(s.index()) {
                    cfg.pred_edges[*p as usize] = block;
                    *p += 1;
                }
            }
        }
        cfg.compute_rpo(func);
        cfg
    }

    /// Iterative depth-first search from the entry; successors are visited in text
    /// order, so the reverse postorder is deterministic.
    fn compute_rpo(&mut self, func: &Function) {
        let Some(entry) = func.entry_block() else {
            return;
        };
        if entry.index() >= func.blocks.len() {
            return;
        }
        let n = func.blocks.len();
        let mut postorder = Vec::with_capacity(n);
        let mut visited = vec![false; n];
        let mut stack: Vec<(Block, usize)> = vec![(entry, 0)];
        visited[entry.index()] = true;
        while let Some(&mut (block, ref mut next)) = stack.last_mut() {
            if let Some(&succ) = self.succs(block).get(*next) {
                *next += 1;
                if let Some(seen) = visited.get_mut(succ.index()) {
                    if !*seen {
                        *seen = true;
                        stack.push((succ, 0));
                    }
                }
            } else {
                postorder.push(block);
                stack.pop();
            }
        }
        postorder.reverse();
        self.rpo_index.resize(n);
        self.reachable.resize(n);
        for (i, &b) in postorder.iter().enumerate() {
            self.rpo_index[b] = i as u32;
            self.reachable[b] = true;
        }
        self.rpo = postorder;
    }

    /// How many blocks the function had (every block entity, in the layout or not):
    /// the size of a map indexed by block.
    pub fn block_count(&self) -> usize {
        self.succ_start.len().saturating_sub(1)
    }

    /// Successors of `block`, one per outgoing edge, in text order.
    pub fn succs(&self, block: Block) -> &[Block] {
        let b = block.index();
        match (self.succ_start.get(b), self.succ_start.get(b + 1)) {
            (Some(&from), Some(&to)) => &self.succ_edges[from as usize..to as usize],
            _ => &[],
        }
    }

    /// Predecessors of `block`, one per incoming edge (reachable or not).
    pub fn preds(&self, block: Block) -> &[Block] {
        let b = block.index();
        match (self.pred_start.get(b), self.pred_start.get(b + 1)) {
            (Some(&from), Some(&to)) => &self.pred_edges[from as usize..to as usize],
            _ => &[],
        }
    }

    /// Whether `block` is reachable from the entry.
    pub fn is_reachable(&self, block: Block) -> bool {
        self.reachable[block]
    }

    /// Reachable blocks in reverse postorder (the entry first).
    pub fn rpo(&self) -> &[Block] {
        &self.rpo
    }

    /// Position of a reachable block in [`ControlFlowGraph::rpo`].
    pub fn rpo_index(&self, block: Block) -> Option<usize> {
        self.reachable[block].then(|| self.rpo_index[block] as usize)
    }
}
