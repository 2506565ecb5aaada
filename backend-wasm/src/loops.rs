//! Loop nesting of a reducible CFG: the innermost loop of every block and each loop's
//! enclosing loop, so that the structurizer can recognize loop exits.
//!
//! Headers are visited innermost first (in reverse of reverse postorder); each loop's
//! body is found by walking backwards from its back edges, jumping over inner loops
//! already found (the classic loop-nesting-forest construction). Cost:
//! O((blocks + edges) × nesting depth) in the worst case.

use cranelift_entity::SecondaryMap;
use lir::analysis::ControlFlowGraph;
use lir::Block;

pub(crate) struct Loops {
    /// Header of the innermost loop containing each block (a header is in its loop).
    innermost: SecondaryMap<Block, Option<Block>>,
    /// Header of the loop enclosing each loop, by header.
    parent: SecondaryMap<Block, Option<Block>>,
}

impl Loops {
    /// `is_backward(from, to)` tells back edges; `is_header` the loop headers.
    pub(crate) fn new(
        cfg: &ControlFlowGraph,
        is_header: impl Fn(Block) -> bool,
        is_backward: impl Fn(Block, Block) -> bool,
    ) -> Loops {
        let mut loops = Loops {
            innermost: SecondaryMap::new(),
            parent: SecondaryMap::new(),
        };
        let mut stack: Vec<Block> = Vec::new();
        for &h in cfg.rpo().iter().rev().filter(|&&h| is_header(h)) {
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
        loops
    }

    /// The outermost loop found so far that contains `b`.
    fn outermost(&self, b: Block) -> Option<Block> {
        let mut l = self.innermost[b]?;
        while let Some(p) = self.parent[l] {
            l = p;
        }
        Some(l)
    }

    /// Whether the loop headed by `header` contains `b`.
    fn contains(&self, header: Block, b: Block) -> bool {
        let mut l = self.innermost[b];
        while let Some(x) = l {
            if x == header {
                return true;
            }
            l = self.parent[x];
        }
        false
    }

    /// Whether the edge `from → to` leaves the innermost loop containing `from`.
    pub(crate) fn is_exit(&self, from: Block, to: Block) -> bool {
        self.innermost[from].is_some_and(|l| !self.contains(l, to))
    }
}
