//! Stage 8c, SSA destruction: the order in which the parallel copy of a `jump`
//! (`params := args`, after local allocation has coalesced what it could) is written.
//!
//! A copy `d := s` whose destination no other pending copy still reads is written
//! directly (`<s>; local.set d`), in argument order among those that are ready. When
//! every pending copy is blocked, they form cycles (or wait on one): the first pending
//! source is pushed and *held* on the operand stack, which unblocks its destination;
//! held values are set last, in reverse order. A swap thus costs no temporary
//! (`local.get b; local.get a; local.set b; local.set a`), and copies without a cycle
//! never go through the stack.
//!
//! Sources are evaluated in a different order than the arguments are written, which is
//! only allowed when at most one of them has side effects (or may trap); the caller
//! checks that and otherwise uses [`in_order`]. What each step emits is the emitter's
//! business ([`crate::emit`]); this module only orders them. Cost: O(n²) for n copies,
//! and at most [`MAX_SEQUENCED`] copies are sequenced (more are written [`in_order`]).

use smallvec::SmallVec;

/// More copies than this are written [`in_order`] (the sequencing is quadratic).
pub(crate) const MAX_SEQUENCED: usize = 32;

/// One copy of a parallel copy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Copy {
    /// The local written.
    pub dest: u32,
    /// The locals the source reads (its own local, or those its tree reads; usually
    /// one, kept inline).
    pub reads: SmallVec<[u32; 2]>,
}

/// One step of a sequenced parallel copy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    /// Evaluate the source of copy `i` onto the operand stack.
    Push(usize),
    /// `local.set` this local from the top of the stack.
    Set(u32),
}

/// Direct `local.set`s where no pending copy still reads the destination; cycles are
/// broken by holding a source on the operand stack.
pub(crate) fn sequence(copies: &[Copy]) -> Vec<Step> {
    let n = copies.len();
    if n > MAX_SEQUENCED {
        return in_order(copies);
    }
    let mut done = vec![false; n];
    let mut held = Vec::new();
    let mut steps = Vec::with_capacity(2 * n);
    let blocked = |i: usize, done: &[bool]| {
        (0..n).any(|j| j != i && !done[j] && copies[j].reads.contains(&copies[i].dest))
    };
    loop {
        let pending = (0..n).filter(|&i| !done[i]);
        let mut first = None;
        let mut ready = None;
        for i in pending {
            first.get_or_insert(i);
            if !blocked(i, &done) {
                ready = Some(i);
                break;
            }
        }
        match (ready, first) {
            (Some(i), _) => {
                steps.push(Step::Push(i));
                steps.push(Step::Set(copies[i].dest));
                done[i] = true;
            }
            (None, Some(i)) => {
                steps.push(Step::Push(i));
                held.push(i);
                done[i] = true;
            }
            (None, None) => break,
        }
    }
    steps.extend(held.iter().rev().map(|&i| Step::Set(copies[i].dest)));
    steps
}

/// All sources pushed in argument order, then the destinations set in reverse: correct
/// for any permutation, and evaluates the sources in order.
pub(crate) fn in_order(copies: &[Copy]) -> Vec<Step> {
    let mut steps: Vec<Step> = (0..copies.len()).map(Step::Push).collect();
    steps.extend(copies.iter().rev().map(|c| Step::Set(c.dest)));
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy(dest: u32, reads: &[u32]) -> Copy {
        Copy {
            dest,
            reads: reads.into(),
        }
    }

    /// Runs the steps on an array of locals (a source reads the sum of its locals).
    fn run(copies: &[Copy], steps: &[Step], locals: &mut [i64]) {
        let mut stack = Vec::new();
        for step in steps {
            match *step {
                Step::Push(i) => {
                    stack.push(copies[i].reads.iter().map(|&l| locals[l as usize]).sum())
                }
                Step::Set(l) => locals[l as usize] = stack.pop().unwrap(),
            }
        }
        assert!(stack.is_empty());
    }

    fn check(copies: &[Copy]) -> Vec<Step> {
        let steps = sequence(copies);
        let mut locals: Vec<i64> = (0..64).map(|i| 100 + i).collect();
        let before = locals.clone();
        run(copies, &steps, &mut locals);
        for c in copies {
            let expected: i64 = c.reads.iter().map(|&l| before[l as usize]).sum();
            assert_eq!(locals[c.dest as usize], expected, "{copies:?} → {steps:?}");
        }
        steps
    }

    #[test]
    fn chains_are_written_directly() {
        // a := b, b := c, c := 0: set a first, then b, then c.
        let steps = check(&[copy(0, &[1]), copy(1, &[2]), copy(2, &[])]);
        use Step::*;
        assert_eq!(
            steps,
            vec![Push(0), Set(0), Push(1), Set(1), Push(2), Set(2)]
        );
        // Reversed dependencies: c := b first.
        let steps = check(&[copy(2, &[1]), copy(1, &[0])]);
        assert_eq!(steps, vec![Push(0), Set(2), Push(1), Set(1)]);
    }

    #[test]
    fn cycles_hold_one_value_on_the_stack() {
        use Step::*;
        let swap = check(&[copy(0, &[1]), copy(1, &[0])]);
        assert_eq!(swap, vec![Push(0), Push(1), Set(1), Set(0)]);
        // A rotation plus a tail hanging off it, and a tree reading two locals.
        check(&[copy(0, &[1]), copy(1, &[2]), copy(2, &[0]), copy(3, &[0])]);
        check(&[copy(0, &[1, 2]), copy(1, &[0]), copy(2, &[2, 1])]);
        let many: Vec<Copy> = (0..40).map(|i| copy(i, &[(i + 1) % 40])).collect();
        check(&many);
    }
}
