//! Parallel moves: block arguments are assigned to a block's parameters all at once;
//! [`sequentialize`] orders them into one-at-a-time register copies.

use crate::interp::code::Reg;
use rustc_hash::FxHashMap as HashMap;

/// Orders the parallel assignment `dst := src` (for every pair, all reads before any
/// write) into moves that can run one after the other, using `scratch` to break
/// cycles. Destinations are distinct (they are a block's parameters).
///
/// Linear in the number of moves: a move is ready once no pending move reads its
/// destination; emitting it may make the move that writes its source ready. When no
/// move is ready, the pending moves form disjoint cycles (each register written once
/// and read once among them): one destination is saved in `scratch`, its reader reads
/// it from there, and the cycle unwinds.
pub(super) fn sequentialize(moves: &[(Reg, Reg)], scratch: Reg) -> Vec<(Reg, Reg)> {
    let mut pending: Vec<(Reg, Reg)> = moves.iter().copied().filter(|&(d, s)| d != s).collect();
    let n = pending.len();
    // The pending moves reading each register, and the move writing it.
    let mut readers: HashMap<Reg, Vec<usize>> = HashMap::default();
    let mut unread: HashMap<Reg, usize> = HashMap::default();
    let mut writer: HashMap<Reg, usize> = HashMap::default();
    for (i, &(dst, src)) in pending.iter().enumerate() {
        readers.entry(src).or_default().push(i);
        *unread.entry(src).or_default() += 1;
        writer.insert(dst, i);
    }
    let reads = |unread: &HashMap<Reg, usize>, reg: Reg| unread.get(&reg).copied().unwrap_or(0);
    let mut done = vec![false; n];
    let mut ready: Vec<usize> = (0..n)
        .filter(|&i| reads(&unread, pending[i].0) == 0)
        .collect();
    let mut out = Vec::with_capacity(n + 1);
    let mut first_pending = 0;
    loop {
        while let Some(i) = ready.pop() {
            let (dst, src) = pending[i];
            out.push((dst, src));
            done[i] = true;
            let count = unread.entry(src).or_default();
            *count -= 1;
            if *count == 0 {
                if let Some(&w) = writer.get(&src) {
                    if !done[w] {
                        ready.push(w);
                    }
                }
            }
        }
        while first_pending < n && done[first_pending] {
            first_pending += 1;
        }
        if first_pending == n {
            return out;
        }
        // Only cycles are left: save one destination and read it from `scratch`.
        let k = first_pending;
        let saved = pending[k].0;
        out.push((scratch, saved));
        for &r in readers.get(&saved).map_or(&[][..], Vec::as_slice) {
            if !done[r] {
                pending[r].1 = scratch;
                *unread.entry(scratch).or_default() += 1;
            }
        }
        unread.insert(saved, 0);
        ready.push(k);
    }
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

    #[test]
    fn every_permutation_with_fan_out_is_sequentialized() {
        // Every assignment of 4 destinations from sources among 0..9 (scratch is 9):
        // permutations, cycles, tails and fan-outs of all shapes.
        for code in 0..9u32.pow(4) {
            let moves: Vec<(u32, u32)> = (0..4)
                .map(|d| (d * 2, (code / 9u32.pow(d)) % 9))
                .filter(|&(_, s)| s != 9)
                .collect();
            check(&moves);
        }
    }

    #[test]
    fn a_long_rotation_takes_one_scratch_move() {
        let n = 100_000u32;
        let rotation: Vec<(u32, u32)> = (0..n).map(|d| (d, (d + 1) % n)).collect();
        let moves = sequentialize(&rotation, n);
        assert_eq!(moves.len(), n as usize + 1);
        let mut regs: Vec<u64> = (0..=u64::from(n)).collect();
        apply(&moves, &mut regs);
        assert!((0..n).all(|d| regs[d as usize] == u64::from((d + 1) % n)));
    }
}
