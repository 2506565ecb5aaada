//! The control-flow graph of one function: successor and predecessor lists and a
//! reverse postorder of the blocks reachable from the entry.
//!
//! Successors come from each block's terminator in text order, one entry per edge
//! (a `br_if` with both arms to the same block yields two edges). Only blocks in the
//! layout take part. Everything is stored flat: one record per block (its edge
//! ranges and reverse-postorder number) and one array of blocks holding every
//! successor list, then every predecessor list, then the reverse postorder — so
//! building a CFG allocates three vectors (the third for the depth-first search),
//! not one per block or per map; optimizers and the backend build many.

use crate::entities::Block;
use crate::function::Function;
use cranelift_entity::EntityRef;

/// What the CFG knows of one block.
#[derive(Clone, Copy, Debug)]
struct Node {
    /// `blocks[succ_from..succ_to]` are the block's successors.
    succ_from: u32,
    succ_to: u32,
    /// `blocks[pred_from..pred_to]` are its predecessors.
    pred_from: u32,
    pred_to: u32,
    /// Its position in the reverse postorder, or one of the states below.
    rpo: u32,
}

/// `Node::rpo` of a block that is not in the layout (and was not reached).
const UNLISTED: u32 = u32::MAX;
/// In the layout; successors recorded, predecessors not yet.
const LISTED: u32 = u32::MAX - 1;
/// In the layout, with its outgoing edges entered in the predecessor lists.
const FILLED: u32 = u32::MAX - 2;
/// Reached by the depth-first search, not numbered yet. Every `rpo` below this is a
/// reverse-postorder number.
const VISITED: u32 = u32::MAX - 3;

const EMPTY: Node = Node {
    succ_from: 0,
    succ_to: 0,
    pred_from: 0,
    pred_to: 0,
    rpo: UNLISTED,
};

/// Predecessors, successors and reverse postorder of a function.
#[derive(Clone, Debug, Default)]
pub struct ControlFlowGraph {
    /// Indexed by block: every block entity, in the layout or not.
    nodes: Vec<Node>,
    /// Successor lists, predecessor lists, then the reverse postorder
    /// (`blocks[rpo_from..]`).
    blocks: Vec<Block>,
    rpo_from: usize,
}

impl ControlFlowGraph {
    /// Computes the CFG of `func`. Blocks without a terminator have no successors.
    pub fn new(func: &Function) -> ControlFlowGraph {
        let n = func.blocks.len();
        let mut nodes = vec![EMPTY; n];
        let mut blocks: Vec<Block> = Vec::with_capacity(4 * func.layout.len() + 4);
        // The successors of the layout's blocks, each block once (a malformed layout
        // may list one twice), counting each block's predecessors in `pred_to`.
        for &block in &func.layout {
            let Some(node) = nodes.get_mut(block.index()) else {
                continue;
            };
            if node.rpo != UNLISTED {
                continue;
            }
            node.rpo = LISTED;
            let from = blocks.len() as u32;
            if let Some(term) = func.terminator(block) {
                // `push` each: `extend` through the iterator's size hint costs more
                // than the one or two edges of most blocks.
                for s in func.insts[term].kind.successors() {
                    blocks.push(s);
                }
            }
            let to = blocks.len() as u32;
            (node.succ_from, node.succ_to) = (from, to);
            for s in &blocks[from as usize..] {
                if let Some(target) = nodes.get_mut(s.index()) {
                    target.pred_to += 1;
                }
            }
        }
        // Predecessor ranges: `pred_from` is the start, `pred_to` the next free slot.
        let mut at = blocks.len() as u32;
        for node in &mut nodes {
            let count = node.pred_to;
            node.pred_from = at;
            node.pred_to = at;
            at += count;
        }
        blocks.resize(at as usize, Block::new(0));
        // Each layout block's edges in layout order, so that predecessor lists are in
        // the order of the predecessors in the layout.
        for &block in &func.layout {
            let b = block.index();
            match nodes.get(b) {
                Some(node) if node.rpo == LISTED => {}
                _ => continue,
            }
            nodes[b].rpo = FILLED;
            let (from, to) = (nodes[b].succ_from as usize, nodes[b].succ_to as usize);
            for e in from..to {
                if let Some(target) = nodes.get_mut(blocks[e].index()) {
                    let slot = target.pred_to as usize;
                    target.pred_to += 1;
                    blocks[slot] = block;
                }
            }
        }
        let mut cfg = ControlFlowGraph {
            nodes,
            rpo_from: blocks.len(),
            blocks,
        };
        cfg.compute_rpo(func);
        cfg
    }

    /// Iterative depth-first search from the entry; successors are visited in text
    /// order, so the reverse postorder is deterministic.
    fn compute_rpo(&mut self, func: &Function) {
        let Some(entry) = func.entry_block() else {
            return;
        };
        if entry.index() >= self.nodes.len() {
            return;
        }
        // (block, position of its next successor to visit in `blocks`).
        let mut stack: Vec<(Block, u32)> = Vec::with_capacity(self.nodes.len());
        self.nodes[entry.index()].rpo = VISITED;
        stack.push((entry, self.nodes[entry.index()].succ_from));
        while let Some(&mut (block, ref mut next)) = stack.last_mut() {
            if *next < self.nodes[block.index()].succ_to {
                let succ = self.blocks[*next as usize];
                *next += 1;
                if let Some(node) = self.nodes.get_mut(succ.index()) {
                    // No block is numbered before the search ends.
                    if node.rpo != VISITED {
                        node.rpo = VISITED;
                        stack.push((succ, node.succ_from));
                    }
                }
            } else {
                self.blocks.push(block); // postorder, reversed below
                stack.pop();
            }
        }
        let rpo = &mut self.blocks[self.rpo_from..];
        rpo.reverse();
        for (i, &b) in rpo.iter().enumerate() {
            self.nodes[b.index()].rpo = i as u32;
        }
    }

    /// How many blocks the function had (every block entity, in the layout or not):
    /// the size of a map indexed by block.
    pub fn block_count(&self) -> usize {
        self.nodes.len()
    }

    /// Successors of `block`, one per outgoing edge, in text order.
    pub fn succs(&self, block: Block) -> &[Block] {
        match self.nodes.get(block.index()) {
            Some(node) => &self.blocks[node.succ_from as usize..node.succ_to as usize],
            None => &[],
        }
    }

    /// Predecessors of `block`, one per incoming edge (reachable or not).
    pub fn preds(&self, block: Block) -> &[Block] {
        match self.nodes.get(block.index()) {
            Some(node) => &self.blocks[node.pred_from as usize..node.pred_to as usize],
            None => &[],
        }
    }

    /// Whether `block` is reachable from the entry.
    pub fn is_reachable(&self, block: Block) -> bool {
        self.rpo_number(block).is_some()
    }

    /// Reachable blocks in reverse postorder (the entry first).
    pub fn rpo(&self) -> &[Block] {
        &self.blocks[self.rpo_from..]
    }

    /// Position of a reachable block in [`ControlFlowGraph::rpo`].
    pub fn rpo_index(&self, block: Block) -> Option<usize> {
        self.rpo_number(block).map(|i| i as usize)
    }

    /// [`ControlFlowGraph::rpo_index`] as a `u32` (what dense per-block arrays store).
    pub fn rpo_number(&self, block: Block) -> Option<u32> {
        self.nodes
            .get(block.index())
            .map(|node| node.rpo)
            .filter(|&i| i < VISITED)
    }
}
