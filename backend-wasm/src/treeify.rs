//! Stage 6 (run before local allocation), treeify: decides which values are computed
//! straight onto the wasm operand stack at their use instead of going through a local,
//! so that straight-line code comes out as expression trees (LLVM's RegStackify,
//! waffle's treeify).
//!
//! A value qualifies when it is the single result of an instruction in the same block
//! as its only use, and that instruction can be moved down to just before the use.
//! Each block is scanned backwards; for every statement ("root") the operands are taken
//! right to left, and an operand's definition is moved to the current insertion point
//! (just before the operands already placed), then its own operands are tried in turn.
//! A move is allowed only across instructions it commutes with ([`Effects`]): nothing
//! in between writes what it reads, or reads or writes what it writes; two
//! instructions that may trap are never swapped, nor a trapping one with one that has
//! an effect; calls commute only with pure instructions. Pure definitions move freely.
//!
//! Moves only ever go down, so roots keep their order; the output is the ordered
//! roots of each block plus the set of stackified values, and the emitter prints each
//! root's tree in operand order. Each block's schedule is then refined by
//! [`crate::sink`] (multi-use values computed at their first use, with `local.tee`)
//! and [`crate::carry`] (values left on the stack across statements); the
//! [`Schedule`] holds all three decisions. Local allocation runs afterwards, on this
//! schedule, so moving a definition never clobbers a local it reads.
//!
//! Limits keep the cost linear: trees are at most [`MAX_TREE_DEPTH`] deep (which also
//! bounds the emitter's recursion) and an effectful definition is moved across at most
//! [`MAX_SCAN`] instructions.

use crate::effects::Effects;
use crate::values::Values;
use cranelift_entity::SecondaryMap;
use lir::{Block, Function, Inst, Value, ValueDef};

/// Deepest expression tree built.
pub(crate) const MAX_TREE_DEPTH: usize = 64;
/// Most instructions an effectful definition is moved across.
const MAX_SCAN: usize = 256;

/// The operand-stack schedule of a function.
pub(crate) struct Schedule {
    /// Values computed onto the stack at their single use (they get no local).
    pub stackified: SecondaryMap<Value, bool>,
    /// The statements of each block in order, terminator last. Stackified, sunk, dead
    /// and rematerialized instructions are not roots.
    pub roots: Roots,
    /// Values sunk to their first use by [`crate::sink`]: the root whose tree computes
    /// them (written with `local.tee` at their first read in that tree).
    pub teed: SecondaryMap<Value, Option<Inst>>,
    /// Values left on the operand stack from their definition (a root) to their only
    /// use, the first thing a later root evaluates ([`crate::carry`]); no local.
    pub carried: SecondaryMap<Value, bool>,
    /// The local accesses of every root's tree, in evaluation order
    /// ([`Schedule::for_each_access`]), listed once for liveness and local allocation.
    accesses: Vec<Access>,
    access_range: SecondaryMap<Inst, (u32, u32)>,
}

/// The statements of each block, stored in one array.
pub(crate) struct Roots {
    insts: Vec<Inst>,
    range: SecondaryMap<Block, (u32, u32)>,
}

impl std::ops::Index<Block> for Roots {
    type Output = [Inst];

    fn index(&self, b: Block) -> &[Inst] {
        let (start, end) = self.range[b];
        &self.insts[start as usize..end as usize]
    }
}

/// A local access of a root's tree, in evaluation order (see
/// [`Schedule::for_each_access`]).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Access {
    /// The value is read from its local.
    Read(Value),
    /// The value is computed here and written to its local (`local.tee`).
    Def(Value),
}

/// Treeify's buffers, kept from one function to the next ([`crate::workspace`]).
#[derive(Default)]
pub(crate) struct TreeifyScratch {
    block: BlockScratch,
    sink: crate::sink::SinkScratch,
    carry: crate::carry::CarryScratch,
    roots: Vec<Inst>,
    buffer: Vec<(Value, bool)>,
    /// The schedule of an earlier function, whose maps are reused.
    spare: Option<Schedule>,
}

impl TreeifyScratch {
    /// Keeps `schedule`'s maps for the next function's.
    pub(crate) fn recycle(&mut self, schedule: Schedule) {
        self.spare = Some(schedule);
    }
}

/// `map` cleared and sized for `n` entries, keeping its allocation.
pub(crate) fn reset_map<K: cranelift_entity::EntityRef, V: Clone>(
    map: &mut SecondaryMap<K, V>,
    n: usize,
) {
    map.clear();
    map.resize(n);
}

impl Schedule {
    pub(crate) fn compute(func: &Function, values: &Values, ws: &mut TreeifyScratch) -> Schedule {
        let mut schedule = match ws.spare.take() {
            Some(mut s) => {
                reset_map(&mut s.stackified, func.values.len());
                reset_map(&mut s.teed, func.values.len());
                reset_map(&mut s.carried, func.values.len());
                s.roots.insts.clear();
                s.roots.insts.reserve(func.insts.len());
                reset_map(&mut s.roots.range, func.blocks.len());
                s.accesses.clear();
                reset_map(&mut s.access_range, func.insts.len());
                s
            }
            None => Schedule {
                stackified: lir::entities::dense_map(func.values.len()),
                roots: Roots {
                    insts: Vec::with_capacity(func.insts.len()),
                    range: lir::entities::dense_map(func.blocks.len()),
                },
                teed: lir::entities::dense_map(func.values.len()),
                carried: lir::entities::dense_map(func.values.len()),
                accesses: Vec::new(),
                access_range: lir::entities::dense_map(func.insts.len()),
            },
        };
        let TreeifyScratch {
            block: scratch,
            sink,
            carry,
            roots,
            buffer,
            spare: _,
        } = ws;
        reset_map(&mut scratch.pos, func.insts.len());
        carry.reset(func.insts.len());
        for &b in &func.layout {
            scratch.treeify_block(func, values, b, &mut schedule.stackified, roots);
            crate::sink::sink_block(
                func,
                values,
                roots,
                &mut schedule.stackified,
                &mut schedule.teed,
                sink,
            );
            crate::carry::carry_block(
                func,
                values,
                roots,
                (&schedule.stackified, &schedule.teed),
                &mut schedule.carried,
                carry,
            );
            let start = schedule.roots.insts.len() as u32;
            schedule.roots.insts.extend_from_slice(roots);
            schedule.roots.range[b] = (start, schedule.roots.insts.len() as u32);
        }
        schedule.list_accesses(func, values, buffer);
        schedule
    }

    /// Fills [`Schedule::accesses_of`] (once every root's tree is final).
    fn list_accesses(&mut self, func: &Function, values: &Values, buffer: &mut Vec<(Value, bool)>) {
        let mut accesses = std::mem::take(&mut self.accesses);
        accesses.clear();
        accesses.reserve(self.roots.insts.len() * 2);
        for &root in &self.roots.insts {
            let start = accesses.len() as u32;
            self.for_each_access(func, values, root, buffer, |a| accesses.push(a));
            self.access_range[root] = (start, accesses.len() as u32);
        }
        self.accesses = accesses;
    }

    /// The local accesses of `root`'s tree in evaluation order, as
    /// [`Schedule::for_each_access`] reports them (empty for an instruction that is
    /// not a root).
    pub(crate) fn accesses_of(&self, root: Inst) -> &[Access] {
        let (start, end) = self.access_range[root];
        &self.accesses[start as usize..end as usize]
    }

    /// Calls `f` on every value read from a local by `root`'s expression tree, in
    /// evaluation order (rematerialized values are not reported). `buffer` is scratch
    /// space, passed in so that callers can reuse it.
    pub(crate) fn for_each_local_use(
        &self,
        func: &Function,
        values: &Values,
        root: Inst,
        buffer: &mut Vec<(Value, bool)>,
        mut f: impl FnMut(Value),
    ) {
        self.for_each_access(func, values, root, buffer, |a| {
            if let Access::Read(v) = a {
                f(v)
            }
        })
    }

    /// Calls `f` on every local access of `root`'s expression tree in evaluation order:
    /// reads, and the definitions of values sunk into it (a sunk value is defined at
    /// its first occurrence in the tree of the root holding it, after that tree's
    /// operands; later occurrences read it). Rematerialized values are not reported.
    pub(crate) fn for_each_access(
        &self,
        func: &Function,
        values: &Values,
        root: Inst,
        buffer: &mut Vec<(Value, bool)>,
        mut f: impl FnMut(Access),
    ) {
        // Entries: (value, false) = an operand to visit; (value, true) = the point
        // where a sunk value's definition completes. Only the first occurrence of a
        // value sunk into this root is its definition (recorded in `defined`).
        let mut defined: Vec<Value> = Vec::new();
        buffer.clear();
        let push_operands = |buffer: &mut Vec<(Value, bool)>, inst: Inst| {
            let start = buffer.len();
            values.for_each_operand(func, inst, |x| buffer.push((x, false)));
            buffer[start..].reverse();
        };
        push_operands(buffer, root);
        while let Some((v, done)) = buffer.pop() {
            if done {
                f(Access::Def(v));
                continue;
            }
            let def = match func.value_def(v) {
                ValueDef::Result(def, _) => Some(def),
                _ => None,
            };
            if let (true, Some(def)) = (self.stackified[v], def) {
                push_operands(buffer, def);
            } else if let (Some(r), Some(def)) = (self.teed[v], def) {
                if r == root && !defined.contains(&v) {
                    defined.push(v);
                    buffer.push((v, true));
                    push_operands(buffer, def);
                } else {
                    f(Access::Read(v));
                }
            } else if values.remat[v].is_none() && !self.carried[v] {
                f(Access::Read(v));
            }
        }
    }
}

impl Schedule {
    /// Whether evaluating `v` (its stackified tree, or a read) has no effect and cannot
    /// trap, so it may be reordered with anything or skipped. A value sunk into the
    /// tree is an effect (its `local.tee`).
    pub(crate) fn tree_is_pure(&self, func: &Function, values: &Values, v: Value) -> bool {
        if !self.stackified[v] {
            return true;
        }
        let mut stack = vec![v];
        while let Some(x) = stack.pop() {
            if self.teed[x].is_some() && x != v {
                return false;
            }
            if !self.stackified[x] {
                continue;
            }
            let ValueDef::Result(def, _) = func.value_def(x) else {
                continue;
            };
            if !Effects::of_inst(func, values, def).is_pure() {
                return false;
            }
            values.for_each_operand(func, def, |o| stack.push(o));
        }
        true
    }
}

/// Buffers reused across blocks.
#[derive(Default)]
struct BlockScratch {
    insts: Vec<Inst>,
    effects: Vec<Effects>,
    moved: Vec<bool>,
    /// Union-find "next position that may be unmoved" links.
    next: Vec<usize>,
    pos: SecondaryMap<Inst, u32>,
    operands: Vec<Value>,
    frames: Vec<(usize, usize)>,
}

impl BlockScratch {
    fn treeify_block(
        &mut self,
        func: &Function,
        values: &Values,
        block: Block,
        stackified: &mut SecondaryMap<Value, bool>,
        roots: &mut Vec<Inst>,
    ) {
        self.insts.clear();
        self.insts.extend(
            func.blocks[block]
                .insts
                .iter()
                .copied()
                .filter(|&i| !values.dead[i]),
        );
        let n = self.insts.len();
        roots.clear();
        if n <= 1 {
            // A lone statement: nothing to move (operands come from other blocks).
            roots.extend_from_slice(&self.insts);
            return;
        }
        self.effects.clear();
        self.effects.extend(
            self.insts
                .iter()
                .map(|&i| Effects::of_inst(func, values, i)),
        );
        self.moved.clear();
        self.moved.resize(n, false);
        self.next.clear();
        self.next.extend(0..=n);
        for (p, &inst) in self.insts.iter().enumerate() {
            self.pos[inst] = p as u32;
        }

        // Operands still to try, and per tree node where its operands start.
        let mut operands = std::mem::take(&mut self.operands);
        let mut frames = std::mem::take(&mut self.frames);
        operands.clear();
        frames.clear();
        for root_pos in (0..n).rev() {
            if self.moved[root_pos] {
                continue;
            }
            roots.push(self.insts[root_pos]);
            frames.push((0, 0));
            values.for_each_operand(func, self.insts[root_pos], |v| operands.push(v));
            while let Some(&(start, depth)) = frames.last() {
                if operands.len() == start {
                    frames.pop();
                    continue;
                }
                let Some(v) = operands.pop() else { break };
                if depth >= MAX_TREE_DEPTH {
                    continue;
                }
                let Some(def_pos) = self.candidate(func, values, block, v) else {
                    continue;
                };
                // In SSA a definition always comes first; a malformed module could
                // otherwise make a tree contain itself.
                if def_pos >= root_pos {
                    continue;
                }
                if !self.can_move(def_pos, root_pos) {
                    continue;
                }
                self.moved[def_pos] = true;
                self.next[def_pos] = def_pos + 1;
                stackified[v] = true;
                frames.push((operands.len(), depth + 1));
                values.for_each_operand(func, self.insts[def_pos], |x| operands.push(x));
            }
        }
        roots.reverse();
        self.operands = operands;
        self.frames = frames;
    }

    /// The position of `v`'s definition if `v` may be stackified at all.
    fn candidate(&self, func: &Function, values: &Values, block: Block, v: Value) -> Option<usize> {
        if values.remat[v].is_some() || values.uses[v] != 1 {
            return None;
        }
        let ValueDef::Result(def, 0) = func.value_def(v) else {
            return None;
        };
        if func.insts[def].results.len() != 1
            || values.block_of[def] != Some(block)
            || values.dead[def]
        {
            return None;
        }
        let p = self.pos[def] as usize;
        (self.insts.get(p) == Some(&def) && !self.moved[p]).then_some(p)
    }

    /// Whether the instruction at `from` commutes with every unmoved instruction
    /// between it and `root`.
    fn can_move(&mut self, from: usize, root: usize) -> bool {
        let effects = self.effects[from];
        if effects.is_pure() {
            return true;
        }
        let mut scanned = 0;
        let mut j = self.find_unmoved(from + 1);
        while j < root {
            if effects.conflicts_with(&self.effects[j]) {
                return false;
            }
            scanned += 1;
            if scanned > MAX_SCAN {
                return false;
            }
            j = self.find_unmoved(j + 1);
        }
        true
    }

    /// The first unmoved position at or after `p` (path-halving union-find).
    fn find_unmoved(&mut self, mut p: usize) -> usize {
        while p < self.moved.len() && self.moved[p] {
            let up = self.next[p];
            if up < self.next.len() {
                self.next[p] = self.next[up];
            }
            p = up;
        }
        p
    }
}
