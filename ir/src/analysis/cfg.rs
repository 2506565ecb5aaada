//! The control-flow graph of one function: successor and predecessor lists and a
//! reverse postorder of the blocks reachable from the entry.
//!
//! Successors come from each block's terminator in text order, one entry per edge
//! (a `br_if` with both arms to the same block yields two edges). Only blocks in the
//! layout take part.

use crate::entities::Block;
use crate::function::Function;
use cranelift_entity::SecondaryMap;

/// Predecessors, successors and reverse postorder of a function.
#[derive(Clone, Debug, Default)]
pub struct ControlFlowGraph {
    succs: SecondaryMap<Block, Vec<Block>>,
    preds: SecondaryMap<Block, Vec<Block>>,
    reachable: SecondaryMap<Block, bool>,
    rpo: Vec<Block>,
    rpo_index: SecondaryMap<Block, u32>,
}

impl ControlFlowGraph {
    /// Computes the CFG of `func`. Blocks without a terminator have no successors.
    pub fn new(func: &Function) -> ControlFlowGraph {
        let mut cfg = ControlFlowGraph::default();
        for &block in &func.layout {
            let succs: Vec<Block> = match func.terminator(block) {
                Some(term) => func.insts[term].kind.successors().collect(),
                None => Vec::new(),
            };
            for &s in &succs {
                cfg.preds[s].push(block);
            }
            cfg.succs[block] = succs;
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
        let mut postorder = Vec::new();
        let mut visited: SecondaryMap<Block, bool> = SecondaryMap::new();
        let mut stack: Vec<(Block, usize)> = vec![(entry, 0)];
        visited[entry] = true;
        while let Some(&mut (block, ref mut next)) = stack.last_mut() {
            if let Some(&succ) = self.succs[block].get(*next) {
                *next += 1;
                if !visited[succ] {
                    visited[succ] = true;
                    stack.push((succ, 0));
                }
            } else {
                postorder.push(block);
                stack.pop();
            }
        }
        postorder.reverse();
        for (i, &b) in postorder.iter().enumerate() {
            self.rpo_index[b] = i as u32;
            self.reachable[b] = true;
        }
        self.rpo = postorder;
    }

    /// Successors of `block`, one per outgoing edge, in text order.
    pub fn succs(&self, block: Block) -> &[Block] {
        &self.succs[block]
    }

    /// Predecessors of `block`, one per incoming edge (reachable or not).
    pub fn preds(&self, block: Block) -> &[Block] {
        &self.preds[block]
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
