//! The loop nest: natural loops of the reachable CFG.
//!
//! A natural loop has a header that dominates every block of the loop and a back edge
//! from a block of the loop (a latch) to the header. Loops with the same header are
//! one loop. Cycles of an irreducible CFG have no such header and are not loops here,
//! so loop passes leave them alone.

use cranelift_entity::packed_option::PackedOption;
use cranelift_entity::{entity_impl, PrimaryMap, SecondaryMap};
use lir::analysis::{ControlFlowGraph, DominatorTree};
use lir::{Block, Function};

/// A loop of a [`LoopNest`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LoopId(u32);
entity_impl!(LoopId, "loop");

/// One natural loop.
#[derive(Clone, Debug)]
pub struct Loop {
    pub header: Block,
    /// The blocks of the loop (nested loops' blocks included), header first, then in
    /// reverse postorder.
    pub blocks: Vec<Block>,
    /// Blocks of the loop with an edge back to the header.
    pub latches: Vec<Block>,
    /// The innermost loop containing this one.
    pub parent: Option<LoopId>,
    /// 1 for outermost loops.
    pub depth: u32,
}

/// All natural loops of a function.
#[derive(Clone, Debug, Default)]
pub struct LoopNest {
    loops: PrimaryMap<LoopId, Loop>,
    /// The innermost loop of each block.
    innermost: SecondaryMap<Block, PackedOption<LoopId>>,
}

impl LoopNest {
    pub fn new(func: &Function, cfg: &ControlFlowGraph, domtree: &DominatorTree) -> LoopNest {
        let _ = func;
        // Headers in reverse postorder: outer loops' headers come before inner ones'.
        let mut found: Vec<(Block, Vec<Block>, Vec<Block>)> = Vec::new();
        for &header in cfg.rpo() {
            let latches: Vec<Block> = cfg
                .preds(header)
                .iter()
                .copied()
                .filter(|&p| cfg.is_reachable(p) && domtree.dominates(header, p))
                .collect();
            if latches.is_empty() {
                continue;
            }
            // The body: everything that reaches a latch without passing the header.
            let mut member: SecondaryMap<Block, bool> = SecondaryMap::new();
            member[header] = true;
            let mut stack: Vec<Block> = latches.clone();
            let mut blocks = vec![header];
            while let Some(b) = stack.pop() {
                if member[b] {
                    continue;
                }
                member[b] = true;
                blocks.push(b);
                for &p in cfg.preds(b) {
                    if cfg.is_reachable(p) && !member[p] {
                        stack.push(p);
                    }
                }
            }
            blocks[1..].sort_by_key(|&b| cfg.rpo_index(b));
            let mut latches = latches;
            latches.dedup();
            found.push((header, blocks, latches));
        }
        let mut nest = LoopNest::default();
        // Outer loops first (their headers come first in reverse postorder), so a
        // later loop's innermost enclosing loop is the last one assigned to its header.
        for (header, blocks, latches) in found {
            let parent = nest.innermost[header].expand();
            let depth = parent.map_or(1, |p| nest.loops[p].depth + 1);
            let id = nest.loops.push(Loop {
                header,
                blocks: blocks.clone(),
                latches,
                parent,
                depth,
            });
            for b in blocks {
                nest.innermost[b] = id.into();
            }
        }
        nest
    }

    /// Every loop, outer loops before the loops they contain.
    pub fn loops(&self) -> impl Iterator<Item = (LoopId, &Loop)> {
        self.loops.iter()
    }

    /// Loops with no loop inside them.
    pub fn innermost_loops(&self) -> Vec<LoopId> {
        let mut has_child: SecondaryMap<LoopId, bool> = SecondaryMap::new();
        for l in self.loops.values() {
            if let Some(p) = l.parent {
                has_child[p] = true;
            }
        }
        self.loops.keys().filter(|&l| !has_child[l]).collect()
    }

    pub fn get(&self, id: LoopId) -> &Loop {
        &self.loops[id]
    }

    pub fn is_empty(&self) -> bool {
        self.loops.is_empty()
    }

    /// The innermost loop containing `block`.
    pub fn innermost(&self, block: Block) -> Option<LoopId> {
        self.innermost[block].expand()
    }

    /// How many loops contain `block` (0 outside loops).
    pub fn depth(&self, block: Block) -> u32 {
        self.innermost(block).map_or(0, |l| self.loops[l].depth)
    }

    /// Whether `block` is in `id` (or a loop nested in it).
    pub fn contains(&self, id: LoopId, block: Block) -> bool {
        let mut current = self.innermost(block);
        while let Some(l) = current {
            if l == id {
                return true;
            }
            current = self.loops[l].parent;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_loops_and_an_irreducible_cycle() {
        let module = lir::text::parse(
            "func @f(%n: i32) {
            entry:
                jump outer(0)
            outer(%i: i32):
                jump inner(0)
            inner(%j: i32):
                %j2 = add %j, 1
                %more = lt_u %j2, %n
                br_if %more, inner(%j2), next
            next:
                %i2 = add %i, 1
                %again = lt_u %i2, %n
                br_if %again, outer(%i2), irreducible
            irreducible:
                br_if %n, a, b
            a:
                br_if %n, b, done
            b:
                jump a
            done:
                ret
            }",
        )
        .unwrap();
        let func = module.funcs.values().next().unwrap();
        let cfg = ControlFlowGraph::new(func);
        let dom = DominatorTree::new(&cfg);
        let nest = LoopNest::new(func, &cfg, &dom);
        let block = |name: &str| {
            func.layout
                .iter()
                .copied()
                .find(|&b| func.blocks[b].name.as_deref() == Some(name))
                .unwrap()
        };
        let loops: Vec<&Loop> = nest.loops().map(|(_, l)| l).collect();
        assert_eq!(loops.len(), 2, "{loops:?}");
        assert_eq!(loops[0].header, block("outer"));
        assert_eq!(loops[1].header, block("inner"));
        assert_eq!(loops[1].depth, 2);
        assert_eq!(nest.depth(block("next")), 1);
        assert_eq!(nest.depth(block("inner")), 2);
        assert_eq!(
            nest.depth(block("a")),
            0,
            "irreducible cycles are not loops"
        );
        let outer = nest.innermost(block("next")).unwrap();
        assert!(nest.contains(outer, block("inner")));
        assert_eq!(nest.innermost_loops().len(), 1);
    }
}
