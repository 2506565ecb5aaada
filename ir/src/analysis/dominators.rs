//! Dominator tree of the reachable blocks, by the iterative algorithm of Cooper,
//! Harvey and Kennedy ("A Simple, Fast Dominance Algorithm") over reverse postorder.
//!
//! The iteration runs on reverse-postorder numbers in one dense scratch array (no map
//! lookups, no `Option`s). Its first pass alone is exact when the graph is reducible,
//! which a walk over the retreating edges confirms; only irreducible graphs iterate
//! on (CHK's last pass, which only confirms, is skipped). The result is one record per block (immediate dominator,
//! preorder interval, children range) and one array of children, so building a tree
//! allocates three vectors. Unreachable blocks have no dominator and dominate nothing.

use super::cfg::ControlFlowGraph;
use crate::entities::Block;
use cranelift_entity::EntityRef;
use smallvec::SmallVec;

/// What the tree knows of one block.
#[derive(Clone, Copy, Debug)]
struct Node {
    /// The immediate dominator's index, or [`NONE`].
    idom: u32,
    /// Preorder entry number (0: unreachable) and the largest entry number in the
    /// block's subtree.
    pre: u32,
    post: u32,
    /// `children[child_from..child_to]` are the blocks it immediately dominates.
    child_from: u32,
    child_to: u32,
}

const NONE: u32 = u32::MAX;

const EMPTY: Node = Node {
    idom: NONE,
    pre: 0,
    post: 0,
    child_from: 0,
    child_to: 0,
};

/// Immediate dominators, children lists, and a preorder numbering for O(1)
/// dominance queries.
#[derive(Clone, Debug, Default)]
pub struct DominatorTree {
    /// Indexed by block (every block entity of the function).
    nodes: Vec<Node>,
    /// Children lists, each in reverse postorder, grouped by parent.
    children: Vec<Block>,
    root: Option<Block>,
}

impl DominatorTree {
    pub fn new(cfg: &ControlFlowGraph) -> DominatorTree {
        let rpo = cfg.rpo();
        let Some(&entry) = rpo.first() else {
            return DominatorTree::default();
        };
        let m = rpo.len();
        // Scratch, by reverse-postorder number: the immediate dominator's number
        // (`NONE` until processed), then each subtree's size, then a cursor.
        let mut scratch = vec![NONE; 3 * m];
        let (idom, rest) = scratch.split_at_mut(m);
        let (size, cursor) = rest.split_at_mut(m);
        idom[0] = 0;
        if !forward_pass(cfg, idom) {
            iterate(cfg, idom);
        }
        // Every reachable block but the entry has an immediate dominator earlier in
        // reverse postorder. Subtree sizes, children first (`size` then counts each
        // block's children in `cursor`).
        size.fill(1);
        cursor.fill(0);
        for i in (1..m).rev() {
            let p = idom[i] as usize;
            size[p] += size[i];
            cursor[p] += 1;
        }
        // Children ranges: each parent's children take the next `cursor[p]` slots.
        let mut nodes = vec![EMPTY; cfg.block_count()];
        let mut at = 0u32;
        for (i, &block) in rpo.iter().enumerate() {
            let node = &mut nodes[block.index()];
            node.child_from = at;
            node.child_to = at;
            at += cursor[i];
        }
        let mut children = vec![entry; m - 1];
        // Preorder numbers in the order the tree's depth-first walk visits children
        // (reverse postorder): a child starts where its earlier siblings' subtrees
        // end, and `cursor[p]` becomes the next free number under `p`.
        nodes[entry.index()].pre = 1;
        nodes[entry.index()].post = size[0];
        cursor[0] = 2;
        for (i, &block) in rpo.iter().enumerate().skip(1) {
            let p = idom[i] as usize;
            let parent = rpo[p];
            let pre = cursor[p];
            cursor[p] += size[i];
            cursor[i] = pre + 1;
            let parent_node = &mut nodes[parent.index()];
            children[parent_node.child_to as usize] = block;
            parent_node.child_to += 1;
            let node = &mut nodes[block.index()];
            node.idom = parent.index() as u32;
            node.pre = pre;
            node.post = pre + size[i] - 1;
        }
        DominatorTree {
            nodes,
            children,
            root: Some(entry),
        }
    }

    /// The immediate dominator (`None` for the entry and unreachable blocks).
    pub fn idom(&self, block: Block) -> Option<Block> {
        match self.nodes.get(block.index()) {
            Some(node) if node.idom != NONE => Some(Block::new(node.idom as usize)),
            _ => None,
        }
    }

    /// Blocks immediately dominated by `block`, in reverse postorder.
    pub fn children(&self, block: Block) -> &[Block] {
        match self.nodes.get(block.index()) {
            Some(node) => &self.children[node.child_from as usize..node.child_to as usize],
            None => &[],
        }
    }

    /// The entry block, if the function has blocks.
    pub fn root(&self) -> Option<Block> {
        self.root
    }

    /// Whether `block` is reachable (part of the tree).
    pub fn is_reachable(&self, block: Block) -> bool {
        self.nodes
            .get(block.index())
            .is_some_and(|node| node.pre != 0)
    }

    /// Whether `a` dominates `b` (every block dominates itself). False if either is
    /// unreachable.
    pub fn dominates(&self, a: Block, b: Block) -> bool {
        match (self.nodes.get(a.index()), self.nodes.get(b.index())) {
            (Some(a), Some(b)) => a.pre != 0 && b.pre != 0 && a.pre <= b.pre && b.post <= a.post,
            _ => false,
        }
    }
}

/// The first pass in reverse postorder, over the forward edges only (a retreating
/// edge comes from a block not processed yet): exact dominators of the acyclic graph
/// without retreating edges. Those are the dominators of the whole graph when every
/// retreating edge goes to a block that dominates its source (a reducible graph: a
/// path through such an edge revisits its target, so cutting the cycle out leaves a
/// path through fewer blocks). Returns whether that holds; if not, the caller goes on
/// iterating from here.
fn forward_pass(cfg: &ControlFlowGraph, idom: &mut [u32]) -> bool {
    let rpo = cfg.rpo();
    // (source, target) of each retreating edge, by number.
    let mut retreating: SmallVec<[(u32, u32); 16]> = SmallVec::new();
    for (i, &block) in rpo.iter().enumerate().skip(1) {
        let mut new_idom = NONE;
        for &pred in cfg.preds(block) {
            let Some(p) = cfg.rpo_number(pred) else {
                continue; // unreachable
            };
            if p as usize >= i {
                retreating.push((p, i as u32));
                continue;
            }
            new_idom = if new_idom == NONE {
                p
            } else {
                intersect(idom, p, new_idom)
            };
        }
        idom[i] = new_idom;
    }
    // Edges into the entry need no check: it dominates every block.
    retreating.iter().all(|&(p, h)| {
        let mut x = p;
        while x > h {
            x = idom[x as usize];
        }
        x == h
    })
}

/// Cooper, Harvey and Kennedy's iteration until nothing changes (`idom` holds every
/// reachable block's approximation; a block whose predecessors are all unprocessed
/// keeps its value).
fn iterate(cfg: &ControlFlowGraph, idom: &mut [u32]) {
    let rpo = cfg.rpo();
    let mut changed = true;
    while changed {
        changed = false;
        for (i, &block) in rpo.iter().enumerate().skip(1) {
            let mut new_idom = NONE;
            for &pred in cfg.preds(block) {
                let Some(p) = cfg.rpo_number(pred) else {
                    continue; // unreachable
                };
                if idom[p as usize] == NONE {
                    continue; // not processed yet
                }
                new_idom = if new_idom == NONE {
                    p
                } else {
                    intersect(idom, p, new_idom)
                };
            }
            if new_idom != NONE && idom[i] != new_idom {
                idom[i] = new_idom;
                changed = true;
            }
        }
    }
}

/// The nearest common dominator of two processed blocks, by reverse-postorder number:
/// climb from the later one until the two meet (the entry, number 0, dominates all).
fn intersect(idom: &[u32], mut a: u32, mut b: u32) -> u32 {
    while a != b {
        while a > b {
            a = idom[a as usize];
        }
        while b > a {
            b = idom[b as usize];
        }
    }
    a
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

    /// Blocks reachable from `from` in `edges` without passing through `avoid`.
    fn reachable_avoiding(edges: &[&[usize]], from: usize, avoid: Option<usize>) -> Vec<bool> {
        let mut seen = vec![false; edges.len()];
        let mut stack = vec![from];
        while let Some(b) = stack.pop() {
            if Some(b) == avoid || std::mem::replace(&mut seen[b], true) {
                continue;
            }
            stack.extend(edges[b].iter().copied());
        }
        seen
    }

    /// Checks `dom` of `edges` against the definition of dominance (a block dominates
    /// those that become unreachable without it), the immediate dominators and the
    /// children lists.
    fn check_against_definition(edges: &[&[usize]]) {
        let (f, b) = function_with_edges(edges);
        let dom = DominatorTree::new(&ControlFlowGraph::new(&f));
        let reachable = reachable_avoiding(edges, 0, None);
        for x in 0..edges.len() {
            let without_x = reachable_avoiding(edges, 0, Some(x));
            for y in 0..edges.len() {
                let expected = reachable[x] && reachable[y] && (x == y || !without_x[y]);
                assert_eq!(
                    dom.dominates(b[x], b[y]),
                    expected,
                    "{edges:?}: {x} dom {y}"
                );
            }
            // The immediate dominator strictly dominates and is dominated by every
            // other strict dominator; the children lists are its inverse.
            match dom.idom(b[x]) {
                Some(parent) => {
                    assert!(dom.dominates(parent, b[x]) && parent != b[x]);
                    for z in 0..edges.len() {
                        if z != x && dom.dominates(b[z], b[x]) {
                            assert!(dom.dominates(b[z], parent), "{edges:?}: idom of {x}");
                        }
                    }
                    assert!(dom.children(parent).contains(&b[x]));
                }
                None => assert!(x == 0 || !reachable[x], "{edges:?}: {x} has no idom"),
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2000))]

        /// Random graphs of up to 12 blocks, reducible or not (the first pass's
        /// shortcut and the iteration both), agree with the definition.
        #[test]
        fn random_graphs_match_the_definition(
            succs in proptest::collection::vec(
                proptest::collection::vec(0usize..12, 0..=2), 1..=12)
        ) {
            let n = succs.len();
            let edges: Vec<Vec<usize>> =
                succs.iter().map(|s| s.iter().map(|&t| t % n).collect()).collect();
            let edges: Vec<&[usize]> = edges.iter().map(Vec::as_slice).collect();
            check_against_definition(&edges);
        }
    }

    #[test]
    fn matches_the_definition_on_irreducible_graphs() {
        // Irreducible loops (two entries), a self loop, a loop into the entry and an
        // unreachable block branching into reachable ones.
        let graphs: [&[&[usize]]; 4] = [
            &[&[1, 2], &[2], &[1, 3], &[]],
            &[&[1, 2], &[3], &[3, 4], &[2, 1], &[4, 5], &[]],
            &[&[1], &[1, 2], &[0, 3], &[]],
            &[&[1, 2], &[3], &[3], &[], &[1, 2]],
        ];
        for edges in graphs {
            check_against_definition(edges);
        }
    }
}
