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
//! A move is allowed only across instructions it commutes with: nothing in between
//! writes what it reads, or reads or writes what it writes; two instructions that may
//! trap are never swapped, nor a trapping one with one that has an effect; calls
//! commute only with pure instructions. Pure definitions move freely.
//!
//! Moves only ever go down, so roots keep their order; the output is the ordered
//! roots of each block plus the set of stackified values, and the emitter prints each
//! root's tree in operand order. Local allocation runs afterwards, on this schedule,
//! so moving a definition never clobbers a local it reads.
//!
//! Limits keep the cost linear: trees are at most [`MAX_TREE_DEPTH`] deep (which also
//! bounds the emitter's recursion) and an effectful definition is moved across at most
//! [`MAX_SCAN`] instructions.

use crate::values::Values;
use cranelift_entity::SecondaryMap;
use lir::{BinaryOp, Block, Function, Global, Inst, InstKind, Value, ValueDef};

/// Deepest expression tree built.
pub(crate) const MAX_TREE_DEPTH: usize = 64;
/// Most instructions an effectful definition is moved across.
const MAX_SCAN: usize = 256;

/// The operand-stack schedule of a function.
pub(crate) struct Schedule {
    /// Values computed onto the stack at their single use (they get no local).
    pub stackified: SecondaryMap<Value, bool>,
    /// The statements of each block in order, terminator last. Stackified, dead and
    /// rematerialized instructions are not roots.
    pub roots: SecondaryMap<Block, Vec<Inst>>,
}

impl Schedule {
    pub(crate) fn compute(func: &Function, values: &Values) -> Schedule {
        let mut schedule = Schedule {
            stackified: SecondaryMap::with_capacity(func.values.len()),
            roots: SecondaryMap::with_capacity(func.blocks.len()),
        };
        let mut scratch = BlockScratch::default();
        for &b in &func.layout {
            let roots = scratch.treeify_block(func, values, b, &mut schedule.stackified);
            schedule.roots[b] = roots;
        }
        schedule
    }

    /// Calls `f` on every value read from a local by `root`'s expression tree, in
    /// evaluation order (rematerialized values are not reported). `buffer` is scratch
    /// space, passed in so that callers can reuse it.
    pub(crate) fn for_each_local_use(
        &self,
        func: &Function,
        values: &Values,
        root: Inst,
        buffer: &mut Vec<Value>,
        mut f: impl FnMut(Value),
    ) {
        buffer.clear();
        values.for_each_operand(func, root, |v| buffer.push(v));
        buffer.reverse();
        while let Some(v) = buffer.pop() {
            if self.stackified[v] {
                if let ValueDef::Result(def, _) = func.value_def(v) {
                    let start = buffer.len();
                    values.for_each_operand(func, def, |x| buffer.push(x));
                    buffer[start..].reverse();
                }
            } else if values.remat[v].is_none() {
                f(v);
            }
        }
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
}

impl BlockScratch {
    fn treeify_block(
        &mut self,
        func: &Function,
        values: &Values,
        block: Block,
        stackified: &mut SecondaryMap<Value, bool>,
    ) -> Vec<Inst> {
        self.insts.clear();
        self.insts.extend(
            func.blocks[block]
                .insts
                .iter()
                .copied()
                .filter(|&i| !values.dead[i]),
        );
        let n = self.insts.len();
        self.effects.clear();
        self.effects
            .extend(self.insts.iter().map(|&i| Effects::of(&func.insts[i].kind)));
        self.moved.clear();
        self.moved.resize(n, false);
        self.next.clear();
        self.next.extend(0..=n);
        for (p, &inst) in self.insts.iter().enumerate() {
            self.pos[inst] = p as u32;
        }

        let mut roots = Vec::new();
        // Operands still to try, and per tree node where its operands start.
        let mut operands: Vec<Value> = Vec::new();
        let mut frames: Vec<(usize, usize)> = Vec::new();
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
        roots
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

/// What an instruction may observe or change, for reordering decisions.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub(crate) struct Effects {
    reads_memory: bool,
    writes_memory: bool,
    reads_global: Option<Global>,
    writes_global: Option<Global>,
    /// Moves the shadow-stack pointer (`stack.alloc`).
    stack: bool,
    traps: bool,
    /// Calls and control transfers: anything at all.
    any: bool,
}

impl Effects {
    pub(crate) fn of(kind: &InstKind) -> Effects {
        use InstKind::*;
        let mut e = Effects::default();
        match kind {
            Load { .. } => {
                e.reads_memory = true;
                e.traps = true;
            }
            Store { .. } | MemoryFill { .. } => {
                e.writes_memory = true;
                e.traps = true;
            }
            MemoryCopy { .. } => {
                e.reads_memory = true;
                e.writes_memory = true;
                e.traps = true;
            }
            MemorySize => e.reads_memory = true,
            MemoryGrow { .. } => {
                e.reads_memory = true;
                e.writes_memory = true;
            }
            GlobalGet { global } => e.reads_global = Some(*global),
            GlobalSet { global, .. } => e.writes_global = Some(*global),
            StackAlloc { .. } => {
                e.stack = true;
                e.traps = true;
            }
            Binary { op, .. } => {
                e.traps = matches!(
                    op,
                    BinaryOp::DivS | BinaryOp::DivU | BinaryOp::RemS | BinaryOp::RemU
                )
            }
            Convert { op, .. } => e.traps = op.can_trap(),
            Const(_)
            | Unary { .. }
            | Compare { .. }
            | Select { .. }
            | DataAddr { .. }
            | HeapBase
            | FuncAddr { .. } => {}
            Call { .. }
            | CallIndirect { .. }
            | Syscall { .. }
            | Jump { .. }
            | BrIf { .. }
            | Switch { .. }
            | Ret { .. }
            | Trap
            | ReturnCall { .. }
            | ReturnCallIndirect { .. } => e.any = true,
        }
        e
    }

    pub(crate) fn is_pure(&self) -> bool {
        *self == Effects::default()
    }

    fn writes(&self) -> bool {
        self.writes_memory || self.writes_global.is_some() || self.stack
    }

    /// Whether swapping two instructions with these effects could change behaviour.
    pub(crate) fn conflicts_with(&self, other: &Effects) -> bool {
        if self.is_pure() || other.is_pure() {
            return false;
        }
        if self.any || other.any {
            return true;
        }
        let global_clash = |a: &Effects, b: &Effects| {
            a.writes_global
                .is_some_and(|g| b.reads_global == Some(g) || b.writes_global == Some(g))
        };
        (self.traps && (other.traps || other.writes()))
            || (other.traps && self.writes())
            || (self.writes_memory && (other.reads_memory || other.writes_memory))
            || (other.writes_memory && self.reads_memory)
            || global_clash(self, other)
            || global_clash(other, self)
            || (self.stack && other.stack)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lir::{MemArg, MemWidth, Type};

    fn load() -> InstKind {
        InstKind::Load {
            ty: Type::I32,
            width: MemWidth::W32,
            signed: false,
            addr: Value::from_u32(0),
            mem: MemArg {
                offset: 0,
                align: None,
                volatile: false,
            },
        }
    }

    #[test]
    fn commutation_rules() {
        let l = Effects::of(&load());
        let g0 = Effects::of(&InstKind::GlobalGet {
            global: Global::from_u32(0),
        });
        let s1 = Effects::of(&InstKind::GlobalSet {
            global: Global::from_u32(1),
            value: Value::from_u32(0),
        });
        let s0 = Effects::of(&InstKind::GlobalSet {
            global: Global::from_u32(0),
            value: Value::from_u32(0),
        });
        let call = Effects::of(&InstKind::Call {
            func: lir::Func::from_u32(0),
            args: vec![],
        });
        let div = Effects::of(&InstKind::Binary {
            op: BinaryOp::DivS,
            args: [Value::from_u32(0); 2],
        });
        assert!(l.conflicts_with(&l), "two trapping loads keep their order");
        assert!(!g0.conflicts_with(&s1) && g0.conflicts_with(&s0));
        assert!(!l.conflicts_with(&g0) && l.conflicts_with(&s0));
        assert!(call.conflicts_with(&g0) && !call.conflicts_with(&Effects::default()));
        assert!(div.conflicts_with(&l) && !div.conflicts_with(&g0));
    }
}
