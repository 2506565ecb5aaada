//! Stage 8e (during and after emission): `local.set`s of zero that only restate a
//! local's initial value are deleted (Binaryen's redundant-set elimination does the
//! same for our output). WebAssembly zero-initializes every non-parameter local, so a
//! parallel copy of the constant `0` (`+0.0` for floats) into such a local is
//! redundant when nothing can have written the local before it runs.
//!
//! In structured control flow, code that runs before a point either comes before it
//! in the body or lies in a `loop` enclosing it (branches go forward to a `block`'s
//! end, or back to an enclosing `loop`). So a zero set is deleted when it is the
//! first write of its local in the body and, if it is inside a loop, the local's next
//! write comes after the end of the outermost enclosing loop.
//!
//! The emitter reports every write of a local ([`InitialZeros::write`]), each zero
//! set with its byte range ([`InitialZeros::zero_set`]) and each loop; [`apply`]
//! removes the deleted ranges from the finished body. It does not look at reads, nor
//! at values other than zero. Cost: linear in the writes plus one pass over the body.
//!
//! [`apply`]: InitialZeros::apply

use std::ops::Range;

/// The write history of a function's locals (see the module documentation).
#[derive(Default)]
pub(crate) struct InitialZeros {
    /// Per local: the body positions of its first two writes.
    writes: Vec<[Option<usize>; 2]>,
    /// Zero sets: local, byte range, and the outermost loop around them.
    zero_sets: Vec<(u32, Range<usize>, Option<usize>)>,
    /// The end positions of outermost loops (`usize::MAX` while open).
    loop_ends: Vec<usize>,
    depth: usize,
    /// Locals below this are parameters (their initial value is the argument).
    num_params: u32,
}

impl InitialZeros {
    pub(crate) fn new(num_params: u32) -> InitialZeros {
        InitialZeros {
            num_params,
            ..InitialZeros::default()
        }
    }

    /// `local` is written by an instruction at body position `pos`.
    pub(crate) fn write(&mut self, local: u32, pos: usize) {
        let l = local as usize;
        if self.writes.len() <= l {
            self.writes.resize(l + 1, [None; 2]);
        }
        match &mut self.writes[l] {
            [None, _] => self.writes[l][0] = Some(pos),
            [Some(_), second @ None] => *second = Some(pos),
            _ => {}
        }
    }

    /// The bytes `range` (a zero constant and `local.set local`) write zero to `local`.
    pub(crate) fn zero_set(&mut self, local: u32, range: Range<usize>) {
        self.write(local, range.start);
        if local >= self.num_params {
            let outer = (self.depth > 0).then(|| self.loop_ends.len() - 1);
            self.zero_sets.push((local, range, outer));
        }
    }

    pub(crate) fn enter_loop(&mut self) {
        if self.depth == 0 {
            self.loop_ends.push(usize::MAX);
        }
        self.depth += 1;
    }

    /// The loop entered last ends at body position `pos`.
    pub(crate) fn exit_loop(&mut self, pos: usize) {
        self.depth = self.depth.saturating_sub(1);
        if self.depth == 0 {
            if let Some(end) = self.loop_ends.last_mut() {
                *end = pos;
            }
        }
    }

    /// Removes the redundant zero sets from `body`; returns the removed byte ranges
    /// (positions before the removal, in order), so that positions recorded during
    /// emission can be moved ([`crate::locations`]).
    pub(crate) fn apply(&self, body: &mut Vec<u8>) -> Vec<Range<usize>> {
        let mut cut: Vec<Range<usize>> = Vec::new();
        for (local, range, outer) in &self.zero_sets {
            let [first, second] = self.writes[*local as usize];
            if first != Some(range.start) {
                continue;
            }
            let loop_end = outer.map_or(0, |o| self.loop_ends[o]);
            if second.is_none_or(|s| s >= loop_end) {
                cut.push(range.clone());
            }
        }
        if cut.is_empty() {
            return cut;
        }
        cut.sort_by_key(|r| r.start);
        let mut out = Vec::with_capacity(body.len());
        let mut at = 0;
        for range in &cut {
            out.extend_from_slice(&body[at..range.start]);
            at = range.end;
        }
        out.extend_from_slice(&body[at..]);
        *body = out;
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_first_writes_outside_rewriting_loops_go() {
        let mut z = InitialZeros::new(1);
        let mut body: Vec<u8> = (0..20).collect();
        z.zero_set(0, 0..2); // a parameter: kept
        z.zero_set(1, 2..4); // first write of 1: removed
        z.zero_set(1, 4..6); // second write: kept
        z.enter_loop();
        z.zero_set(2, 6..8); // first write of 2, but 2 is written again in the loop
        z.enter_loop();
        z.zero_set(3, 8..10); // first write of 3, next write after the loop: removed
        z.exit_loop(11);
        z.write(2, 12);
        z.exit_loop(13);
        z.write(3, 14);
        assert_eq!(z.apply(&mut body), [2..4, 8..10]);
        assert_eq!(
            body,
            [0, 1, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]
        );
    }
}
