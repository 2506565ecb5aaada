//! Parallel moves: block arguments are assigned to a block's parameters all at once;
//! [`sequentialize`] orders them into one-at-a-time register copies.

use crate::interp::code::Reg;

/// Orders the parallel assignment `dst := src` (for every pair, all reads before any
/// write) into moves that can run one after the other, using `scratch` to break
/// cycles. Destinations are distinct (they are a block's parameters).
pub(super) fn sequentialize(moves: &[(Reg, Reg)], scratch: Reg) -> Vec<(Reg, Reg)> {
    let mut pending: Vec<(Reg, Reg)> = moves.iter().copied().filter(|&(d, s)| d != s).collect();
    let mut out = Vec::with_capacity(pending.len() + 1);
    while !pending.is_empty() {
        // A move whose destination no other pending move still reads can go now.
        let ready = (0..pending.len()).find(|&i| {
            let dst = pending[i].0;
            pending.iter().all(|&(_, s)| s != dst)
        });
        match ready {
            Some(i) => out.push(pending.remove(i)),
            None => {
                // Every destination is still read: a cycle. Save one destination's
                // current value in the scratch register and read it from there.
                let saved = pending[0].0;
                out.push((scratch, saved));
                for m in &mut pending {
                    if m.1 == saved {
                        m.1 = scratch;
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::sequentialize;

    /// Runs the moves on a register file and returns it.
    fn apply(moves: &[(u32, u32)], regs: &mut [u64]) {
        for &(d, s) in moves {
            regs[d as usize] = regs[s as usize];
        }
    }

    /// Checks that the sequential moves have the effect of the parallel assignment.
    fn check(parallel: &[(u32, u32)]) {
        let scratch = 9;
        let mut expected: Vec<u64> = (0..10).map(|r| 100 + r).collect();
        let before = expected.clone();
        for &(d, s) in parallel {
            expected[d as usize] = before[s as usize];
        }
        let mut regs = before.clone();
        apply(&sequentialize(parallel, scratch), &mut regs);
        assert_eq!(&regs[..9], &expected[..9], "moves {parallel:?}");
    }

    #[test]
    fn parallel_moves_become_sequential() {
        check(&[]);
        check(&[(0, 0), (1, 1)]);
        check(&[(0, 5), (1, 6)]);
        check(&[(0, 1), (1, 0)]); // swap
        check(&[(0, 1), (1, 2), (2, 0)]); // rotation
        check(&[(0, 1), (1, 0), (2, 3), (3, 2)]); // two cycles
        check(&[(0, 1), (1, 2), (2, 0), (3, 0), (4, 3)]); // a cycle with a tail
        check(&[(1, 0), (2, 0), (3, 0)]); // fan-out
        check(&[(0, 4), (4, 0), (5, 4)]);
    }
}
