//! The branches into each block, stored flat: one array of branch instructions
//! grouped by target block, so building the lists allocates two vectors, not one per
//! block.

use cranelift_entity::EntityRef;
use lir::{Block, Inst, InstKind};

/// The branch instructions that go to each block, in the order they were added.
#[derive(Clone, Debug, Default)]
pub struct Incoming {
    /// `branches[start[b]..start[b + 1]]` branch to block `b`.
    start: Vec<u32>,
    branches: Vec<Inst>,
}

/// Adds to `edges` one `(target, inst)` per block `kind` may branch to (a `br_if`
/// with both arms to one block adds it once).
pub fn push_edges(edges: &mut Vec<(Block, Inst)>, inst: Inst, kind: &InstKind) {
    let first = edges.len();
    for target in kind.successors() {
        if !edges[first..].iter().any(|&(b, _)| b == target) {
            edges.push((target, inst));
        }
    }
}

impl Incoming {
    /// Groups `edges` by target (blocks below `blocks`), keeping their order.
    pub fn new(blocks: usize, edges: &[(Block, Inst)]) -> Incoming {
        let mut start = vec![0u32; blocks + 1];
        for &(b, _) in edges {
            start[b.index() + 1] += 1;
        }
        for b in 0..blocks {
            start[b + 1] += start[b];
        }
        let mut fill = start.clone();
        let mut branches = vec![Inst::new(0); edges.len()];
        for &(b, inst) in edges {
            let at = &mut fill[b.index()];
            branches[*at as usize] = inst;
            *at += 1;
        }
        Incoming { start, branches }
    }

    /// The branches to `block`.
    pub fn of(&self, block: Block) -> &[Inst] {
        let b = block.index();
        match (self.start.get(b), self.start.get(b + 1)) {
            (Some(&from), Some(&to)) => &self.branches[from as usize..to as usize],
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_by_target_in_order() {
        let b = Block::new;
        let i = Inst::new;
        let edges = [(b(2), i(0)), (b(0), i(1)), (b(2), i(3)), (b(0), i(4))];
        let incoming = Incoming::new(3, &edges);
        assert_eq!(incoming.of(b(0)), &[i(1), i(4)]);
        assert_eq!(incoming.of(b(1)), &[] as &[Inst]);
        assert_eq!(incoming.of(b(2)), &[i(0), i(3)]);
        assert_eq!(incoming.of(b(7)), &[] as &[Inst]);
    }
}
