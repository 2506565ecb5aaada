//! Dominator tree of the reachable blocks, by the iterative algorithm of Cooper,
//! Harvey and Kennedy ("A Simple, Fast Dominance Algorithm") over reverse postorder.
//!
//! Unreachable blocks have no dominator and dominate nothing.

use super::cfg::ControlFlowGraph;
use crate::entities::Block;
use cranelift_entity::{EntityRef, SecondaryMap};

/// Immediate dominators, children lists, and a preorder numbering for O(1)
/// dominance queries.
#[derive(Clone, Debug, Default)]
pub struct DominatorTree {
    idom: SecondaryMap<Block, Option<Block>>,
    /// `children[child_start[b]..child_start[b + 1]]` are the blocks `b` immediately
    /// dominates, in reverse postorder (flat, as the CFG stores its edges).
    child_start: Vec<u32>,
    children: Vec<Block>,
    /// Preorder entry and exit numbers in the dominator tree.
    pre: SecondaryMap<Block, u32>,
    post: SecondaryMap<Block, u32>,
    root: Option<Block>,
}

impl DominatorTree {
    pub fn new(cfg: &ControlFlowGraph) -> DominatorTree {
        let mut tree = DominatorTree::default();
        let rpo = cfg.rpo();
        let Some(&entry) = rpo.first() else {
            return tree;
        };
        let n = cfg.block_count();
        tree.idom.resize(n);
        tree.pre.resize(n);
        tree.post.resize(n);
        tree.root = Some(entry);
        tree.idom[entry] = Some(entry);
        let mut changed = true;
        while changed {
            changed = false;
            for &block in &rpo[1..] {
                let mut new_idom: Option<Block> = None;
                for &pred in cfg.preds(block) {
                    if tree.idom[pred].is_none() {
                        continue; // unreachable or not processed yet
                    }
                    new_idom = Some(match new_idom {
                        None => pred,
                        Some(current) => tree.intersect(cfg, pred, current),
                    });
                }
                if new_idom.is_some() && tree.idom[block] != new_idom {
                    tree.idom[block] = new_idom;
                    changed = true;
                }
            }
        }
        tree.idom[entry] = None;
        // Children lists: count, prefix sums, then fill in reverse postorder.
        let mut start = vec![0u32; n + 1];
        for &block in &rpo[1..] {
            if let Some(parent) = tree.idom[block] {
                start[parent.index() + 1] += 1;
            }
        }
        for b in 0..n {
            start[b + 1] += start[b];
        }
        let mut next = start[..n].to_vec();
        tree.children = vec![entry; start[n] as usize];
        for &block in &rpo[1..] {
            if let Some(parent) = tree.idom[block] {
                let at = &mut next[parent.index()];
                tree.children[*at as usize] = block;
                *at += 1;
            }
        }
        tree.child_start = start;
        tree.number(entry);
        tree
    }

    fn intersect(&self, cfg: &ControlFlowGraph, mut a: Block, mut b: Block) -> Block {
        let index = |x: Block| cfg.rpo_index(x).unwrap_or(usize::MAX);
        while a != b {
            while index(a) > index(b) {
                a = self.idom[a].expect("processed block has an idom");
            }
            while index(b) > index(a) {
                b = self.idom[b].expect("processed block has an idom");
            }
        }
        a
    }

    /// Assigns preorder entry/exit numbers with an explicit stack (no recursion).
    fn number(&mut self, root: Block) {
        let mut counter = 1u32;
        let mut stack = vec![(root, 0usize)];
        self.pre[root] = counter;
        while let Some(&mut (block, ref mut next)) = stack.last_mut() {
            if let Some(&child) = self.children(block).get(*next) {
                *next += 1;
                counter += 1;
                self.pre[child] = counter;
                stack.push((child, 0));
            } else {
                self.post[block] = counter;
                stack.pop();
            }
        }
    }

    /// The immediate dominator (`None` for the entry and unreachable blocks).
    pub fn idom(&self, block: Block) -> Option<Block> {
        self.idom[block]
    }

    /// Blocks immediately dominated by `block`, in reverse postorder.
    pub fn children(&self, block: Block) -> &[Block] {
        let b = block.index();
        match (self.child_start.get(b), self.child_start.get(b + 1)) {
            (Some(&from), Some(&to)) => &self.children[from as usize..to as usize],
            _ => &[],
        }
    }

    /// The entry block, if the function has blocks.
    pub fn root(&self) -> Option<Block> {
        self.root
    }

    /// Whether `block` is reachable (part of the tree).
    pub fn is_reachable(&self, block: Block) -> bool {
        self.pre[block] != 0
    }

    /// Whether `a` dominates `b` (every block dominates itself). False if either is
    /// unreachable.
    pub fn dominates(&self, a: Block, b: Block) -> bool {
        self.is_reachable(a)
            && self.is_reachable(b)
            && self.pre[a] <= self.pre[b]
            && self.post[b] <= self.post[a]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inst::{BlockCall, InstKind};
    use crate::{Function, Imm, Signature};

    /// Builds a function whose blocks jump as `edges` says (block i → targets);
    /// blocks with two targets use `br_if` on a constant.
    fn function_with_edges(edges: &[&[usize]]) -> (Function, Vec<Block>) {
        let mut f = Function::new("f", Signature::default());
        let blocks: Vec<Block> = edges.iter().map(|_| f.create_block()).collect();
        let cond = f.const_value(Imm::i32(1));
        for (i, targets) in edges.iter().enumerate() {
            let kind = match targets {
                [] => InstKind::Ret { values: vec![] },
                [t] => InstKind::Jump {
                    dest: BlockCall::new(blocks[*t], vec![]),
                },
                [t, e] => InstKind::BrIf {
                    cond,
                    then_dest: BlockCall::new(blocks[*t], vec![]),
                    else_dest: BlockCall::new(blocks[*e], vec![]),
                },
                _ => unreachable!(),
            };
            f.append_inst(blocks[i], kind, &[]);
        }
        (f, blocks)
    }

    #[test]
    fn diamond_and_loop() {
        // 0 -> 1, 2; 1 -> 3; 2 -> 3; 3 -> 1 (back edge), 4; 5 unreachable
        let (f, b) = function_with_edges(&[&[1, 2], &[3], &[3], &[1, 4], &[], &[4]]);
        let cfg = ControlFlowGraph::new(&f);
        let dom = DominatorTree::new(&cfg);
        assert_eq!(dom.idom(b[1]), Some(b[0]));
        assert_eq!(dom.idom(b[3]), Some(b[0]));
        assert_eq!(dom.idom(b[4]), Some(b[3]));
        assert!(dom.dominates(b[0], b[4]));
        assert!(!dom.dominates(b[1], b[3]));
        assert!(!cfg.is_reachable(b[5]));
        assert!(!dom.dominates(b[5], b[4]));
        assert_eq!(cfg.rpo()[0], b[0]);
        assert_eq!(cfg.preds(b[4]), &[b[3], b[5]]);
    }
}
