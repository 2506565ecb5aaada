//! Loop nesting of a reducible CFG: the innermost loop of every block and each loop's
//! enclosing loop, so that the structurizer can recognize loop exits, and a numbering
//! of the loop tree ([`LoopIntervals`]) that answers "is this block in that loop" in
//! O(1), for liveness. Built once per CFG ([`Loops::of_cfg`]) and shared by both.
//!
//! An edge is a back edge when it goes to a block not later in reverse postorder, and
//! a loop header is the target of a back edge.
//!
//! Headers are visited innermost first (in reverse of reverse postorder); each loop's
//! body is found by walking backwards from its back edges, jumping over inner loops
//! already found (the classic loop-nesting-forest construction). Cost:
//! O((blocks + edges) × nesting depth) in the worst case (not met by loop nests, whose
//! inner loops are found before their parents are set). Containment queries are O(1):
//! walking parent chains there made a 10,000-deep nest quadratic.

use crate::treeify::reset_map;
use cranelift_entity::SecondaryMap;
use lir::analysis::ControlFlowGraph;
use lir::Block;

pub(crate) struct Loops {
    /// Position of each block in reverse postorder (0 for unreachable blocks).
    rpo: SecondaryMap<Block, u32>,
    /// Whether each block heads a loop.
    header: SecondaryMap<Block, bool>,
    /// Header of the innermost loop containing each block (a header is in its loop).
    innermost: SecondaryMap<Block, Option<Block>>,
    /// Header of the loop enclosing each loop, by header.
    parent: SecondaryMap<Block, Option<Block>>,
    /// Numbering of the finished loop tree.
    intervals: LoopIntervals,
}

/// The loop forest's buffers, kept from one function to the next
/// ([`crate::workspace`]).
#[derive(Default)]
pub(crate) struct LoopsScratch {
    /// The loops of an earlier function, whose maps are reused.
    spare: Option<Loops>,
    stack: Vec<Block>,
    headers: Vec<Block>,
}

impl LoopsScratch {
    /// Keeps `loops`' maps for the next function's.
    pub(crate) fn recycle(&mut self, loops: Loops) {
        self.spare = Some(loops);
    }
}

impl Loops {
    /// The loops of `cfg`.
    #[cfg(test)]
    pub(crate) fn of_cfg(cfg: &ControlFlowGraph) -> Loops {
        Loops::compute(cfg, &mut LoopsScratch::default())
    }

    /// The loops of `cfg`, in the buffers of `ws`.
    pub(crate) fn compute(cfg: &ControlFlowGraph, ws: &mut LoopsScratch) -> Loops {
        let n = cfg.block_count();
        let mut loops = ws.spare.take().unwrap_or_else(|| Loops {
            rpo: SecondaryMap::new(),
            header: SecondaryMap::new(),
            innermost: SecondaryMap::new(),
            parent: SecondaryMap::new(),
            intervals: LoopIntervals::default(),
        });
        reset_map(&mut loops.rpo, n);
        reset_map(&mut loops.header, n);
        reset_map(&mut loops.innermost, n);
        reset_map(&mut loops.parent, n);
        for (i, &b) in cfg.rpo().iter().enumerate() {
            loops.rpo[b] = i as u32;
        }
        for &b in cfg.rpo() {
            for &s in cfg.succs(b) {
                if loops.rpo[s] <= loops.rpo[b] {
                    loops.header[s] = true;
                }
            }
        }
        loops.find(cfg, ws);
        loops
    }

    /// Whether `from → to` is a back edge (`to` is not later in reverse postorder).
    pub(crate) fn is_backward(&self, from: Block, to: Block) -> bool {
        self.rpo[to] <= self.rpo[from]
    }

    /// Whether `b` heads a loop.
    pub(crate) fn is_header(&self, b: Block) -> bool {
        self.header[b]
    }

    /// Fills `innermost`, `parent` and the intervals (`rpo` and `header` are set).
    fn find(&mut self, cfg: &ControlFlowGraph, ws: &mut LoopsScratch) {
        let n = cfg.block_count();
        let loops = self;
        let LoopsScratch { stack, headers, .. } = ws;
        stack.clear();
        headers.clear();
        let (rpo, header) = (&loops.rpo, &loops.header);
        let is_header = |b: Block| header[b];
        let is_backward = |f: Block, t: Block| rpo[t] <= rpo[f];
        for &h in cfg.rpo().iter().rev().filter(|&&h| is_header(h)) {
            headers.push(h);
            loops.innermost[h] = Some(h);
            stack.extend(cfg.preds(h).iter().filter(|&&p| is_backward(p, h)));
            while let Some(b) = stack.pop() {
                match loops.outermost(b) {
                    None => {
                        loops.innermost[b] = Some(h);
                        stack.extend(cfg.preds(b).iter().filter(|&&p| cfg.is_reachable(p)));
                    }
                    Some(top) if top == h => {}
                    Some(top) => {
                        // An inner loop: continue from its entries.
                        loops.parent[top] = Some(h);
                        stack.extend(cfg.preds(top).iter().filter(|&&p| !is_backward(p, top)));
                    }
                }
            }
        }
        let intervals = LoopIntervals::new(loops, headers, n);
        loops.intervals = intervals;
    }

    /// The outermost loop found so far that contains `b`.
    fn outermost(&self, b: Block) -> Option<Block> {
        let mut l = self.innermost[b]?;
        while let Some(p) = self.parent[l] {
            l = p;
        }
        Some(l)
    }

    /// Whether the loop headed by `header` contains `b` (O(1)).
    pub(crate) fn contains(&self, header: Block, b: Block) -> bool {
        self.innermost[b].is_some_and(|l| self.intervals.contains_loop(header, l))
    }

    /// The numbering of the loop tree.
    pub(crate) fn intervals(&self) -> &LoopIntervals {
        &self.intervals
    }

    /// Header of the innermost loop containing `b` (`b` itself for a header).
    pub(crate) fn innermost(&self, b: Block) -> Option<Block> {
        self.innermost[b]
    }

    /// Header of the loop enclosing the loop headed by `header`.
    pub(crate) fn parent(&self, header: Block) -> Option<Block> {
        self.parent[header]
    }

    /// Whether the edge `from → to` leaves the innermost loop containing `from`.
    pub(crate) fn is_exit(&self, from: Block, to: Block) -> bool {
        self.innermost[from].is_some_and(|l| !self.contains(l, to))
    }
}

/// Preorder numbers of the loop tree: a loop contains exactly the loops numbered from
/// its own number to its `last` (its descendants), so containment is two comparisons.
#[derive(Default)]
pub(crate) struct LoopIntervals {
    /// Preorder number of each loop, by header (0 for blocks that head no loop).
    pre: SecondaryMap<Block, u32>,
    /// Largest preorder number in each loop's subtree, by header.
    last: SecondaryMap<Block, u32>,
}

impl LoopIntervals {
    /// Numbers the loops of `loops`; `headers` lists every loop header (of a function
    /// with `num_blocks` blocks).
    fn new(loops: &Loops, headers: &[Block], num_blocks: usize) -> LoopIntervals {
        if headers.is_empty() {
            return LoopIntervals::default();
        }
        let mut children: SecondaryMap<Block, Vec<Block>> = lir::entities::dense_map(num_blocks);
        let mut roots = Vec::new();
        for &h in headers {
            match loops.parent(h) {
                Some(p) => children[p].push(h),
                None => roots.push(h),
            }
        }
        let mut intervals = LoopIntervals {
            pre: lir::entities::dense_map(num_blocks),
            last: lir::entities::dense_map(num_blocks),
        };
        let mut next = 1;
        // (header, whether its subtree is done)
        let mut stack: Vec<(Block, bool)> = roots.iter().rev().map(|&h| (h, false)).collect();
        while let Some((h, done)) = stack.pop() {
            if done {
                intervals.last[h] = next - 1;
                continue;
            }
            intervals.pre[h] = next;
            next += 1;
            stack.push((h, true));
            stack.extend(children[h].iter().rev().map(|&c| (c, false)));
        }
        intervals
    }

    /// Preorder number of the loop headed by `header`.
    pub(crate) fn pre(&self, header: Block) -> u32 {
        self.pre[header]
    }

    /// Whether the loop headed by `outer` contains the loop headed by `inner` (or is it).
    pub(crate) fn contains_loop(&self, outer: Block, inner: Block) -> bool {
        let p = self.pre[inner];
        self.pre[outer] <= p && p <= self.last[outer]
    }
}
