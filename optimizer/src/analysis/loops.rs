//! The loop nest: natural loops of the reachable CFG.
//!
//! A natural loop has a header that dominates every block of the loop and a back edge
//! from a block of the loop (a latch) to the header. Loops with the same header are
//! one loop. Cycles of an irreducible CFG have no such header and are not loops here,
//! so loop passes leave them alone.
//!
//! Each loop lists its blocks, so a nest of depth `d` lists `O(d)` entries per block.
//! To stay linear on pathological nests (thousands of loops deep), the nest records
//! loops innermost first until the lists hold [`MEMBERSHIP_BUDGET`] entries per block
//! of the function; the loops around those are left out (loop passes then leave them
//! alone, as they do irreducible cycles). Ordinary code is far below the budget.

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

/// How many loop memberships per block of the function the nest records at most
/// (plus a constant), before leaving outer loops out.
pub const MEMBERSHIP_BUDGET: usize = 16;

/// All natural loops of a function.
#[derive(Clone, Debug, Default)]
pub struct LoopNest {
    loops: PrimaryMap<LoopId, Loop>,
    /// The innermost loop of each block.
    innermost: SecondaryMap<Block, PackedOption<LoopId>>,
    /// Entry and exit numbers of each loop in a depth-first walk of the loop tree:
    /// `a` contains `b` when `a`'s interval contains `b`'s.
    interval: SecondaryMap<LoopId, (u32, u32)>,
}

impl LoopNest {
    pub fn new(func: &Function, cfg: &ControlFlowGraph, domtree: &DominatorTree) -> LoopNest {
        let mut budget = MEMBERSHIP_BUDGET * func.blocks.len() + 4096;
        // Headers in postorder, inner loops' headers before those of the loops around
        // them (which come first in reverse postorder), so that the budget leaves out
        // outer loops.
        let mut found: Vec<(Block, Vec<Block>, Vec<Block>)> = Vec::new();
        for &header in cfg.rpo().iter().rev() {
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
                if blocks.len() >= budget {
                    break;
                }
                member[b] = true;
                blocks.push(b);
                for &p in cfg.preds(b) {
                    if cfg.is_reachable(p) && !member[p] {
                        stack.push(p);
                    }
                }
            }
            if blocks.len() >= budget {
                break; // this loop and every later one are left out
            }
            budget -= blocks.len();
            blocks[1..].sort_by_key(|&b| cfg.rpo_index(b));
            let mut latches = latches;
            latches.dedup();
            found.push((header, blocks, latches));
        }
        found.reverse();
        let mut nest = LoopNest {
            innermost: lir::entities::dense_map(func.blocks.len()),
            ..LoopNest::default()
        };
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
        nest.number_loops();
        nest
    }

    /// Numbers the loop tree depth first, with an explicit stack.
    fn number_loops(&mut self) {
        let n = self.loops.len();
        self.interval = lir::entities::dense_map(n);
        let mut children: SecondaryMap<LoopId, Vec<LoopId>> = lir::entities::dense_map(n);
        let mut roots = Vec::new();
        for (id, l) in self.loops.iter() {
            match l.parent {
                Some(p) => children[p].push(id),
                None => roots.push(id),
            }
        }
        let mut counter = 0u32;
        let mut stack: Vec<(LoopId, usize)> = Vec::new();
        for root in roots {
            counter += 1;
            self.interval[root].0 = counter;
            stack.push((root, 0));
            while let Some(&mut (l, ref mut next)) = stack.last_mut() {
                if let Some(&child) = children[l].get(*next) {
                    *next += 1;
                    counter += 1;
                    self.interval[child].0 = counter;
                    stack.push((child, 0));
                } else {
                    self.interval[l].1 = counter;
                    stack.pop();
                }
            }
        }
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
        let Some(inner) = self.innermost(block) else {
            return false;
        };
        let (outer_in, outer_out) = self.interval[id];
        let (inner_in, _) = self.interval[inner];
        outer_in <= inner_in && inner_in <= outer_out
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

    /// `depth` loops nested in each other, each with a header, a body and an exit.
    fn nested(depth: usize) -> lir::Module {
        let mut text = String::from("func @f(%n: i32) {\nentry:\n    jump h0\n");
        for d in 0..depth {
            text += &format!("h{d}:\n    br_if %n, b{d}, x{d}\nb{d}:\n");
            if d + 1 < depth {
                text += &format!("    jump h{}\n", d + 1);
            } else {
                text += &format!("    jump h{d}\n");
            }
        }
        for d in (0..depth).rev() {
            let after = if d == 0 {
                "done".to_string()
            } else {
                format!("h{}", d - 1)
            };
            text += &format!("x{d}:\n    jump {after}\n");
        }
        text += "done:\n    ret\n}\n";
        lir::text::parse(&text).unwrap()
    }

    fn nest_of(module: &lir::Module) -> (LoopNest, &Function) {
        let func = module.funcs.values().next().unwrap();
        let cfg = ControlFlowGraph::new(func);
        let dom = DominatorTree::new(&cfg);
        (LoopNest::new(func, &cfg, &dom), func)
    }

    #[test]
    fn containment_matches_the_block_lists() {
        let module = nested(12);
        let (nest, func) = nest_of(&module);
        assert_eq!(nest.loops().count(), 12);
        for (id, l) in nest.loops() {
            for &b in &func.layout {
                assert_eq!(nest.contains(id, b), l.blocks.contains(&b), "{b} in {id}");
            }
        }
        let depths: Vec<u32> = nest.loops().map(|(_, l)| l.depth).collect();
        assert_eq!(depths, (1..=12).collect::<Vec<u32>>());
    }

    #[test]
    fn a_pathological_nest_keeps_its_inner_loops_within_the_budget() {
        let depth = 3000;
        let module = nested(depth);
        let (nest, func) = nest_of(&module);
        let listed: usize = nest.loops().map(|(_, l)| l.blocks.len()).sum();
        assert!(
            listed <= MEMBERSHIP_BUDGET * func.blocks.len() + 4096,
            "{listed}"
        );
        let kept = nest.loops().count();
        assert!(kept > 100 && kept < depth, "{kept} loops kept");
        // The innermost loop is kept, and every kept loop's inner loops are too.
        assert_eq!(nest.innermost_loops().len(), 1);
        for (id, l) in nest.loops() {
            if let Some(parent) = l.parent {
                assert!(nest.contains(parent, l.header));
                assert_eq!(nest.get(parent).depth + 1, l.depth, "{id}");
            }
        }
    }
}
